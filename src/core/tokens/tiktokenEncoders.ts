import type { Tiktoken } from 'tiktoken';
import type { EncodingName } from './encodings';

type TiktokenModule = typeof import('tiktoken');

let tiktokenModule: TiktokenModule | undefined;
const encoders = new Map<EncodingName, Tiktoken>();

/**
 * Loads tiktoken on first use, not at import: instantiating its 5.6 MB WASM takes a few hundred
 * ms, which must not land on extension activation. `require` (not `import()`) keeps counting
 * synchronous; esbuild bundles the call and vitest provides `require`.
 */
function loadTiktoken(): TiktokenModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy synchronous load, see above
  tiktokenModule ??= require('tiktoken') as TiktokenModule;
  return tiktokenModule;
}

/**
 * The encoder for `encoding`, built once and kept for the process lifetime: tiktoken encoders
 * live in WASM memory and are only released by `free()`, which we never call because every
 * later count would need them again.
 */
export function getEncoder(encoding: EncodingName): Tiktoken {
  let encoder = encoders.get(encoding);
  if (!encoder) {
    encoder = loadTiktoken().get_encoding(encoding);
    encoders.set(encoding, encoder);
  }
  return encoder;
}

/**
 * Token count of plain text. `encode_ordinary` treats `<|endoftext|>` and friends as text,
 * which is what a prompt file containing them would send.
 */
export function countWithTiktoken(encoding: EncodingName, text: string): number {
  if (text.length === 0) return 0;
  return getEncoder(encoding).encode_ordinary(text).length;
}

/** Which encoders are loaded (for diagnostics and tests). */
export function loadedEncodings(): EncodingName[] {
  return [...encoders.keys()];
}
