#!/usr/bin/env node
// Bundles and runs the compression safety-net benchmark: node bench/compression-safety.bench.mjs
import { bundleAndRun } from '../scripts/lib/bundle.mjs';

await bundleAndRun('bench/compression-safety.bench.ts', { pinTwoCores: true });
