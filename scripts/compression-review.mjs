#!/usr/bin/env node
// Blind review of the safe tier: bundles scripts/lib/compressionReview.ts with esbuild and writes every safe
// compression edit of a corpus as JSONL (id, file, sentence before/after, context; no rule names or tiers):
//   node scripts/compression-review.mjs <corpus dir> <out.jsonl> [--key <key.jsonl>]
// The key file (id → rule) is for the author, never for the reviewer. See docs/compression-review.md.
import { join } from 'node:path';
import { bundleAndRun, root } from './lib/bundle.mjs';

await bundleAndRun('scripts/lib/compressionReview.ts', { outDir: join(root, '.cache', 'compression-review'), cwd: process.cwd() });
