#!/usr/bin/env node
// Bundles and runs the audit benchmark: node bench/audit.bench.mjs [--prompts 1000] [--seed 7]
import { bundleAndRun } from '../scripts/lib/bundle.mjs';

await bundleAndRun('bench/audit.bench.ts', { pinTwoCores: true });
