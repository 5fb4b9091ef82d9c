#!/usr/bin/env node
// Bundles and runs the response-cache (traffic) benchmark: node bench/traffic.bench.mjs [--inputs 100000] [--seed 11]
import { bundleAndRun } from '../scripts/lib/bundle.mjs';

await bundleAndRun('bench/traffic.bench.ts');
