export * from './discovery';
export * from './frontmatterEdit';
export * from './production';
export * from './fallback';
export * from './staleness';
export * from './overview';
export * from './configTranslation';
