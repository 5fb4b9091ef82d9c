export * from './discovery';
export * from './frontmatterEdit';
export * from './production';
export * from './fallback';
export * from './staleness';
