#!/usr/bin/env node
// Bundles and runs bench/prompt.bench.ts (parse + diagnose latency).
import { bundleAndRun } from '../scripts/lib/bundle.mjs';

await bundleAndRun('bench/prompt.bench.ts');
