// Replaced at build time by esbuild's define where available; the CLI and extension both read it.
declare const PROMPTSCOPE_VERSION: string | undefined;

export const promptscopeVersion: string = typeof PROMPTSCOPE_VERSION === 'string' ? PROMPTSCOPE_VERSION : '0.0.0-dev';
