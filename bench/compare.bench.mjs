#!/usr/bin/env node
// `promptscope compare` against a floor and promptfoo, all in one run (ratios, not absolute times):
//   node bench/compare.bench.mjs [--inputs 100] [--rounds 5] [--latency-ms 50] [--no-promptfoo]
// 100 inputs × 3 models on the fake provider (one OpenAI-compatible endpoint, 50 ms to first token),
// concurrency 4, cache off. Each contender is a whole process timed by /usr/bin/time (wall, peak RSS, CPU):
//   floor      a bare loop over the official openai SDK with 4 requests in flight (bench/compare.floor.ts)
//   promptscope the bundled CLI: promptscope compare … --concurrency 4 --no-cache (writes its run file)
//   promptfoo  0.123.1 `promptfoo eval -j 4 --no-cache` on the same inputs and server; it needs
//              Node ≥ 22.22, so it and the npm package node@22 are installed on demand into
//              .cache/promptfoo (gitignored). If that fails the bench says so and reports the floor only.
// Goals (issue 8): promptscope ≤ 1.10× the floor's wall time, ≤ 150 MiB peak RSS.
import * as esbuild from 'esbuild';
import { nodeBundleOptions } from '../scripts/lib/bundle.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, '.cache', 'bench');
const workDir = join(outDir, 'compare-workspace');
const promptfooDir = join(root, '.cache', 'promptfoo');
const require = createRequire(import.meta.url);
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const INPUTS = option('--inputs', 100);
const ROUNDS = option('--rounds', 5);
const LATENCY_MS = option('--latency-ms', 50);
const CONCURRENCY = 4;
const MODELS = ['fake-gpt', 'fake-gpt-mini', 'fake-json'];
const GOAL_WALL_RATIO = 1.1;
const GOAL_RSS_MIB = 150;
const KEY = 'sk-bench-not-a-real-key-000000';

mkdirSync(outDir, { recursive: true });
rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });

// ---------------------------------------------------------------------------------------------
// Bundles: the CLI exactly as dist/cli.js is built (minified like the .vsix), the floor, the fake server.
const node = nodeBundleOptions;
await Promise.all([
  esbuild.build({ ...node, minify: true, entryPoints: ['src/cli/main.ts'], outfile: join(outDir, 'compare-cli.cjs') }),
  esbuild.build({ ...node, minify: true, entryPoints: ['bench/compare.floor.ts'], outfile: join(outDir, 'compare-floor.cjs') }),
  esbuild.build({ ...node, entryPoints: ['test/fake-provider/cli.ts'], outfile: join(outDir, 'fake-provider.cjs') }),
]);
copyFileSync(join(dirname(require.resolve('tiktoken')), 'tiktoken_bg.wasm'), join(outDir, 'tiktoken_bg.wasm'));

// ---------------------------------------------------------------------------------------------
// The workload: one prompt, INPUTS samples (each with one assertion, so assertions are evaluated).
const TOPICS = ['tides', 'bridges', 'volcanoes', 'bees', 'glaciers', 'printing', 'radar', 'lighthouses', 'compilers', 'maps'];
writeFileSync(
  join(workDir, 'bench.prompt'),
  '---\nconfig:\n  maxOutputTokens: 200\ninput:\n  schema:\n    question: string\n---\n{{role "system"}}You are terse.{{role "user"}}{{question}}\n',
);
const questions = Array.from({ length: INPUTS }, (_, i) => `Question ${i + 1}: explain ${TOPICS[i % TOPICS.length]} to a curious ${8 + (i % 9)}-year-old in two sentences.`);
writeFileSync(join(workDir, 'samples.jsonl'), `${questions.map((question, i) => JSON.stringify({ id: `q${i + 1}`, input: { question }, assert: [{ type: 'icontains', value: 'you said' }] })).join('\n')}\n`);

// ---------------------------------------------------------------------------------------------
// The fake provider in its own process (its CPU and memory are nobody's).
const server = spawn(process.execPath, [join(outDir, 'fake-provider.cjs'), '--ttft-ms', String(LATENCY_MS), '--chunk-ms', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const serverURL = await new Promise((resolve, reject) => {
  let buffer = '';
  server.stdout.on('data', (d) => {
    buffer += d;
    const line = buffer.split('\n')[0];
    if (buffer.includes('\n')) resolve(line.trim());
  });
  server.once('exit', (code) => reject(new Error(`fake provider exited (${code})`)));
});
const stopServer = () => server.kill('SIGTERM');
process.on('exit', stopServer);

// ---------------------------------------------------------------------------------------------
// promptfoo, installed on demand.
function ensurePromptfoo() {
  const main = join(promptfooDir, 'node_modules', 'promptfoo', 'dist', 'src', 'main.js');
  const node22 = join(promptfooDir, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(main) || !existsSync(node22)) {
    console.log('installing promptfoo@0.123.1 and node@22 into .cache/promptfoo (once)…');
    mkdirSync(promptfooDir, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', promptfooDir, '--no-audit', '--no-fund', '--loglevel=error', 'promptfoo@0.123.1', 'node@22'], { stdio: 'inherit' });
    if (r.status !== 0) return { error: `npm install failed (exit ${r.status})` };
  }
  if (!existsSync(main)) return { error: `promptfoo's entry point is not at ${main}` };
  if (!existsSync(node22)) return { error: 'the node@22 package did not provide bin/node' };
  const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { main, node22, version };
}

function writePromptfooConfig() {
  const prompt = JSON.stringify([
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: '{{question}}' },
  ]);
  const lines = [
    'description: promptscope compare bench',
    'prompts:',
    `  - ${JSON.stringify(prompt)}`,
    'providers:',
    ...MODELS.flatMap((m) => [`  - id: openai:chat:${m}`, '    config:', `      apiBaseUrl: ${serverURL}/v1`, '      max_tokens: 200']),
    'defaultTest:',
    '  assert:',
    '    - type: icontains',
    '      value: you said',
    `tests: file://${join(workDir, 'promptfoo-tests.jsonl')}`,
  ];
  writeFileSync(join(workDir, 'promptfooconfig.yaml'), `${lines.join('\n')}\n`);
  writeFileSync(join(workDir, 'promptfoo-tests.jsonl'), `${questions.map((question) => JSON.stringify({ vars: { question } })).join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Timing: /usr/bin/time gives the whole process's wall time, peak RSS and CPU.
const pin = cpus().length > 2 && spawnSync('taskset', ['--version']).status === 0;
function timed(command, args, env) {
  const stats = join(outDir, 'compare-time.txt');
  const full = ['-f', '%e %M %U %S', '-o', stats, command, ...args];
  const r = pin ? spawnSync('taskset', ['-c', '0,1', '/usr/bin/time', ...full], { cwd: workDir, env, encoding: 'utf8', maxBuffer: 1 << 28 }) : spawnSync('/usr/bin/time', full, { cwd: workDir, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, rssKiB, user, sys] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, wallS: wall, rssMiB: rssKiB / 1024, cpuS: user + sys };
}

const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${serverURL}/v1`, XDG_CACHE_HOME: join(workDir, 'xdg-cache') };
const contenders = [
  {
    name: 'floor (openai SDK loop)',
    run: () => timed(process.execPath, [join(outDir, 'compare-floor.cjs'), '--base-url', `${serverURL}/v1`, '--samples', 'samples.jsonl', '--concurrency', String(CONCURRENCY), ...MODELS.flatMap((m) => ['--model', m])], baseEnv),
    check: (r) => r.stdout.includes(`${INPUTS * MODELS.length} replies`),
  },
  {
    name: 'promptscope compare',
    run: () =>
      timed(process.execPath, [join(outDir, 'compare-cli.cjs'), 'compare', 'bench.prompt', ...MODELS.flatMap((m) => ['--model', `openai/${m}`]), '--samples', 'samples.jsonl', '--concurrency', String(CONCURRENCY), '--no-cache', '--json'], baseEnv),
    check: (r) => {
      try {
        const report = JSON.parse(r.stdout);
        return report.cells.length === INPUTS * MODELS.length && report.cells.every((c) => c.status === 'done');
      } catch {
        return false;
      }
    },
  },
];
const promptfoo = argv.includes('--no-promptfoo') ? { error: 'skipped (--no-promptfoo)' } : ensurePromptfoo();
if (!promptfoo.error) {
  writePromptfooConfig();
  const configDir = join(workDir, 'promptfoo-home');
  contenders.push({
    name: `promptfoo 0.123.1 (node ${promptfoo.version})`,
    run: () =>
      timed(promptfoo.node22, [promptfoo.main, 'eval', '-c', 'promptfooconfig.yaml', '-j', String(CONCURRENCY), '--no-cache', '--no-table', '--no-write', '--no-progress-bar', '-o', join(workDir, 'promptfoo-out.json')], {
        ...baseEnv,
        PROMPTFOO_CONFIG_DIR: configDir,
        PROMPTFOO_DISABLE_TELEMETRY: '1',
        PROMPTFOO_DISABLE_UPDATE: '1',
        PROMPTFOO_DISABLE_SHARING: '1',
        PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: '1',
        OPENAI_API_KEY: KEY,
      }),
    check: (r) => {
      try {
        const out = JSON.parse(readFileSync(join(workDir, 'promptfoo-out.json'), 'utf8'));
        const results = out.results?.results ?? [];
        return results.length === INPUTS * MODELS.length && results.every((x) => !x.error);
      } catch {
        return r.code === 0;
      }
    },
  });
}

// ---------------------------------------------------------------------------------------------
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = new Map(contenders.map((c) => [c.name, []]));
console.log(`compare bench: ${INPUTS} inputs × ${MODELS.length} models, fake provider ${LATENCY_MS} ms to first token, concurrency ${CONCURRENCY}, cache off, ${ROUNDS} rounds${pin ? ', pinned to 2 cores' : ''}`);
let broken = false;
for (let round = 1; round <= ROUNDS; round++) {
  for (const c of contenders) {
    const r = c.run();
    const ok = c.check(r);
    if (!ok) {
      broken = true;
      console.log(`  ${c.name}: round ${round} did not complete the work (exit ${r.code}): ${(r.stderr || r.stdout).slice(0, 400)}`);
    }
    samples.get(c.name).push(r);
  }
}
stopServer();

const summary = contenders.map((c) => {
  const runs = samples.get(c.name);
  return { name: c.name, wall: median(runs.map((r) => r.wallS)), rss: median(runs.map((r) => r.rssMiB)), cpu: median(runs.map((r) => r.cpuS)), walls: runs.map((r) => r.wallS) };
});
const floor = summary[0];
console.log('');
console.log('| contender | wall (median) | × floor wall | peak RSS | CPU | runs |');
console.log('|---|---|---|---|---|---|');
for (const s of summary) {
  console.log(`| ${s.name} | ${s.wall.toFixed(2)} s | ${(s.wall / floor.wall).toFixed(2)}× | ${s.rss.toFixed(0)} MiB | ${s.cpu.toFixed(2)} s (${(s.cpu / floor.cpu).toFixed(1)}× floor) | ${s.walls.map((w) => w.toFixed(2)).join(', ')} |`);
}
if (promptfoo.error) console.log(`\npromptfoo not measured: ${promptfoo.error}. Ratios against the floor only.`);
const ours = summary[1];
const wallOk = ours.wall <= floor.wall * GOAL_WALL_RATIO;
const rssOk = ours.rss <= GOAL_RSS_MIB;
console.log(`\npromptscope compare: ${(ours.wall / floor.wall).toFixed(2)}× the floor's wall (goal ≤ ${GOAL_WALL_RATIO}×: ${wallOk ? 'met' : 'MISSED'}), ${ours.rss.toFixed(0)} MiB peak RSS (goal ≤ ${GOAL_RSS_MIB} MiB: ${rssOk ? 'met' : 'MISSED'})`);
const pf = summary[2];
if (pf) console.log(`promptfoo: ${(pf.wall / floor.wall).toFixed(2)}× the floor's wall, ${pf.rss.toFixed(0)} MiB; promptscope is ${(pf.wall / ours.wall).toFixed(2)}× faster and uses ${(pf.rss / ours.rss).toFixed(1)}× less memory`);
if (broken || !wallOk || !rssOk) process.exitCode = 1;
