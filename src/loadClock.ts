/** Set by the first line of dist/extension.js (a banner in scripts/build.mjs); absent in tests. */
declare const PROMPTSCOPE_BUNDLE_START: number | undefined;

/**
 * When the bundle started evaluating. Activation logs the time from here to `activate`: parsing
 * and evaluating every module, one uninterrupted task on the extension host before any monitor of
 * ours can run.
 */
export const bundleStartedAt: number = typeof PROMPTSCOPE_BUNDLE_START === 'number' ? PROMPTSCOPE_BUNDLE_START : performance.now();
