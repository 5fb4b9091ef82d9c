// Entry of the extension-host suite. Two callers: @vscode/test-electron (extensionTestsPath,
// calls run() and fails on rejection) and the code-server harness (passes a results file).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface Failure { title: string; error: string }
interface Results { passed: number; failed: number; pending: number; failures: Failure[]; tests: string[]; done: boolean }

/**
 * Tests whose title carries a pass tag run only in that pass, and only they run there:
 * "[untrusted] …" in the restricted-mode pass (PROMPTSCOPE_TEST_UNTRUSTED), "[multi-root] …" in the
 * pass that opens a two-folder .code-workspace (PROMPTSCOPE_TEST_MULTIROOT). The normal pass runs
 * every untagged test. PROMPTSCOPE_TEST_GREP narrows any pass (a grep naming the pass's tag keeps it whole).
 */
const PASS_TAGS = ['untrusted', 'multi-root'] as const;

function suiteGrep(): RegExp {
  const grep = process.env.PROMPTSCOPE_TEST_GREP;
  const wanted = grep ? grep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '';
  const tagged = (tag: string): string => `\\[${tag}\\]`;
  const pass = process.env.PROMPTSCOPE_TEST_UNTRUSTED ? 'untrusted' : process.env.PROMPTSCOPE_TEST_MULTIROOT ? 'multi-root' : undefined;
  if (pass) return new RegExp(`^(?=.*${tagged(pass)})${grep?.toLowerCase().includes(pass) ? '' : `(?=.*${wanted})`}`);
  return new RegExp(`^${PASS_TAGS.map((tag) => `(?!.*${tagged(tag)})`).join('')}(?=.*${wanted})`);
}

export function run(options: { resultsFile?: string } = {}): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: suiteGrep() });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const results: Results = { passed: 0, failed: 0, pending: 0, failures: [], tests: [], done: false };
  const flush = () => { if (options.resultsFile) writeFileSync(options.resultsFile, JSON.stringify(results, null, 2)); };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      results.done = true;
      flush();
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => { results.passed++; results.tests.push(`✓ ${test.fullTitle()}`); flush(); });
    runner.on('pending', (test) => { results.pending++; results.tests.push(`- ${test.fullTitle()}`); });
    runner.on('fail', (test, err: Error) => {
      results.failed++;
      results.tests.push(`✗ ${test.fullTitle()}`);
      results.failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
      flush();
    });
  });
}
