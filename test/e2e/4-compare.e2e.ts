import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeProvider, type FakeProvider } from '../fake-provider/server';
import { assert, findWebviewFrame, openFile, runCommand, screenshot, type E2EContext, type E2ETest } from './workbench';

const PROMPT = [
  '---',
  'model: openai/gpt-4o-mini',
  'targets: [openai/gpt-4.1-mini, anthropic/claude-3-5-haiku]',
  'config:',
  '  maxOutputTokens: 200',
  'input:',
  '  default:',
  '    question: How do I reset my hub?',
  'samples: compare-demo.samples.jsonl',
  '---',
  '{{role "system"}}',
  'You are a support assistant. Answer in one short paragraph.',
  '{{role "user"}}',
  '{{question}}',
  '',
].join('\n');

// The fake models quote the first six words of the question: "contains" on those passes, the
// others fail, so the panel shows both kinds of badges.
const SAMPLES = [
  { id: 'reset', input: { question: 'How do I reset my hub?' }, assert: [{ type: 'icontains', value: 'reset' }] },
  { id: 'wifi', input: { question: 'The hub does not see my Wi-Fi' }, assert: [{ type: 'icontains', value: 'wi-fi' }, { type: 'max-length', value: 400 }] },
  { id: 'refund', input: { question: 'When will my refund arrive?' }, assert: [{ type: 'contains', value: '5–7 business days' }] },
  { id: 'json', input: { question: '<img src=x onerror=alert(1)> Reply with JSON only' }, assert: [{ type: 'is-json' }] },
  { id: 'warranty', input: { question: 'How long is the warranty?' }, assert: [{ type: 'icontains', value: 'warranty' }] },
].map((s) => JSON.stringify(s)).join('\n') + '\n';

let fake: FakeProvider | undefined;

async function setApiKey(page: Page, provider: string, key: string): Promise<void> {
  await runCommand(page, 'Promptscope: Set API Key…');
  // The provider pick itself (not the closing command palette) must be showing before typing,
  // and the filtered list must lead with this provider before Enter.
  await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Set API key for' }).waitFor({ timeout: 10_000 });
  const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await page.locator('.quick-input-widget input').fill(provider);
  await rows.first().filter({ hasText: provider }).waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 10_000 });
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

async function counts(frame: Frame): Promise<{ done: number; failed: number; live: number; all: number }> {
  return {
    done: await frame.locator('.cell.status-done').count(),
    failed: await frame.locator('.cell.status-failed').count(),
    live: await frame.locator('.cell.status-running, .cell.status-queued').count(),
    all: await frame.locator('.cell[data-cell-id]').count(),
  };
}

function requireSetup(ctx: E2EContext): { workspace: string; port: number } {
  assert(ctx.workspace && ctx.fakeProviderPort, 'the e2e runner passes the workspace and the fake provider port');
  return { workspace: ctx.workspace, port: ctx.fakeProviderPort };
}

/** Each spec starts its own fake provider and always closes it (an open server would keep the runner alive). */
async function withFake(ctx: E2EContext, body: (setup: { workspace: string }) => Promise<void>): Promise<void> {
  const { workspace, port } = requireSetup(ctx);
  fake = await startFakeProvider({ port });
  try {
    await body({ workspace });
  } finally {
    await fake.close();
    fake = undefined;
  }
}

export const tests: E2ETest[] = [
  {
    name: 'Compare Models streams three models with assertion badges into the panel',
    run: (ctx) => withFake(ctx, async ({ workspace }) => {
      fake?.setLatency({ ttftMs: 150, chunkMs: 60 });
      writeFileSync(join(workspace, 'compare-demo.prompt'), PROMPT);
      writeFileSync(join(workspace, 'compare-demo.samples.jsonl'), SAMPLES);
      await setApiKey(ctx.page, 'OpenAI', 'sk-e2e-openai-SECRET-1234');
      await setApiKey(ctx.page, 'Anthropic', 'sk-ant-e2e-SECRET-5678');

      await runCommand(ctx.page, 'View: Close All Editors');
      await openFile(ctx.page, 'compare-demo.prompt');
      await runCommand(ctx.page, 'Promptscope: Compare Models…');
      // Targets: the frontmatter's three models are ticked; accept them.
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'choose the models' }).waitFor({ timeout: 15_000 });
      const ticked = await ctx.page.locator('.quick-input-list .monaco-list-row input[type="checkbox"]:checked, .quick-input-list .monaco-list-row .monaco-custom-toggle.checked').count();
      assert(ticked === 3, `the three frontmatter models are preselected; saw ${ticked}`);
      await ctx.page.keyboard.press('Enter');
      // Inputs: all samples.
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'choose the inputs' }).waitFor({ timeout: 15_000 });
      await ctx.page.locator('.quick-input-widget input').fill('All samples');
      await ctx.page.waitForTimeout(300);
      await ctx.page.keyboard.press('Enter');

      const frame = await findWebviewFrame(ctx.page, '#compare-grid', 60_000);
      // Streaming: a cell shows part of its output while it is still running.
      let sawStreaming = false;
      for (let i = 0; i < 100 && !sawStreaming; i++) {
        sawStreaming = (await frame.locator('.cell.status-running pre.output-stream').allTextContents()).some((t) => t.length > 0);
        if (!sawStreaming) await ctx.page.waitForTimeout(100);
      }
      assert(sawStreaming, 'a running cell showed partial output');
      const deadline = Date.now() + 90_000;
      let c = await counts(frame);
      while (c.done < 15 && Date.now() < deadline) {
        await ctx.page.waitForTimeout(250);
        c = await counts(frame);
      }
      assert(c.all === 15 && c.done === 15, `15 cells done; saw ${JSON.stringify(c)}`);
      const passBadges = await frame.locator('vscode-badge.assertion.pass').count();
      const failBadges = await frame.locator('vscode-badge.assertion.fail').count();
      assert(passBadges > 0 && failBadges > 0, `pass and fail badges; saw ${passBadges} pass, ${failBadges} fail`);
      assert(await frame.locator('.fail-reasons li').count() > 0, 'failing assertions say why');
      const summary = await frame.locator('[role="columnheader"].model-header .summary').first().innerText();
      assert(/pass \d+%/.test(summary) && /p50/.test(summary), `a column summary; saw ${summary}`);
      assert(await frame.locator('canvas#compare-chart').count() === 1, 'a chart');
      await frame.locator('#compare-progress-text', { hasText: 'saved as' }).waitFor({ timeout: 15_000 });

      // Keyboard: arrow keys move between cells.
      const first = frame.locator('.cell[data-cell-id]').first();
      await first.focus();
      const before = await frame.locator('.cell:focus').getAttribute('data-cell-id');
      await ctx.page.keyboard.press('ArrowRight');
      const after = await frame.locator('.cell:focus').getAttribute('data-cell-id');
      assert(before && after && before !== after, `ArrowRight moves focus (${before} → ${after})`);

      // No key in the webview DOM.
      const dom = await frame.content();
      assert(!dom.includes('SECRET'), 'no key in the webview DOM');
      // A model that echoes HTML gets text, not markup.
      assert(await frame.locator('.cell .output img').count() === 0, 'no <img> from a model output');
      assert((await frame.locator('.cell .output').allInnerTexts()).some((t) => t.includes('<img src=x')), 'the HTML shows as text');

      // The panel alone in the editor area, for the README image.
      await runCommand(ctx.page, 'View: Close Editors in Other Groups');
      await ctx.page.waitForTimeout(800); // layout + chart animation
      await screenshot(ctx, 'compare-panel', { forDocs: true });
    }),
  },
  {
    name: 'the comparison panel comes back with its saved run after a window reload',
    run: (ctx) => withFake(ctx, async () => {
      const frame = await findWebviewFrame(ctx.page, '#compare-grid');
      const firstOutput = await frame.locator('.cell.status-done .output').first().innerText();
      const requestsBefore = fake?.requests.length ?? 0;
      await runCommand(ctx.page, 'Developer: Reload Window');
      await ctx.page.waitForTimeout(2000);
      await ctx.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const restored = await findWebviewFrame(ctx.page, '#compare-grid', 60_000);
      const c = await counts(restored);
      assert(c.all === 15 && c.done === 15, `the 15 finished cells are back; saw ${JSON.stringify(c)}`);
      const again = await restored.locator('.cell.status-done .output').first().innerText();
      assert(again === firstOutput, 'same outputs');
      assert(await restored.locator('vscode-badge.assertion').count() > 0, 'badges restored');
      assert((fake?.requests.length ?? 0) === requestsBefore, 'restoring sends no request');
    }),
  },
  {
    name: 'the comparison panel stays responsive while 300 cells stream',
    run: (ctx) => withFake(ctx, async ({ workspace }) => {
      fake?.setLatency({ ttftMs: 30, chunkMs: 15 });
      const prompt = PROMPT.replace('model: openai/gpt-4o-mini', 'model: openai/fake-gpt').replace(/targets: .*/, 'targets: [openai/fake-gpt-mini, anthropic/fake-claude]').replace('compare-demo.samples', 'compare-300.samples');
      const samples = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: `q${i + 1}`, input: { question: `Question number ${i + 1}: how do I pair device ${i % 7}?` }, assert: [{ type: 'icontains', value: 'question' }] })).join('\n') + '\n';
      writeFileSync(join(workspace, 'compare-300.prompt'), prompt);
      writeFileSync(join(workspace, 'compare-300.samples.jsonl'), samples);
      await runCommand(ctx.page, 'View: Close All Editors');
      await openFile(ctx.page, 'compare-300.prompt');
      await runCommand(ctx.page, 'Promptscope: Compare Models…');
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'choose the models' }).waitFor({ timeout: 15_000 });
      await ctx.page.keyboard.press('Enter');
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'choose the inputs' }).waitFor({ timeout: 15_000 });
      await ctx.page.locator('.quick-input-widget input').fill('All samples');
      await ctx.page.waitForTimeout(300);
      await ctx.page.keyboard.press('Enter');
      const frame = await findWebviewFrame(ctx.page, '#compare-grid', 60_000);
      // Long tasks in the webview (buffered: the first render counts too).
      // (A string: this file is type-checked without the DOM library.)
      await frame.evaluate(`window.longTasks = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`);
      const deadline = Date.now() + 180_000;
      let c = await counts(frame);
      while (c.done < 300 && Date.now() < deadline) {
        await ctx.page.waitForTimeout(500);
        c = await counts(frame);
      }
      assert(c.all === 300 && c.done === 300, `300 cells done; saw ${JSON.stringify(c)}`);
      const longTasks = (await frame.evaluate('window.longTasks')) as number[];
      const max = Math.max(0, ...longTasks);
      console.log(`    [measure] 300 cells: ${longTasks.length} long task(s) over 50 ms in the webview, longest ${Math.round(max)} ms`);
      // The budget is 50 ms; on a shared CI core only a freeze (a quarter second) fails the test.
      assert(max < 250, `no freeze: the longest task took ${Math.round(max)} ms`);
      await runCommand(ctx.page, 'View: Close All Editors');
    }),
  },
  {
    name: 'Compare Variants puts each variant on its own model in the panel, and the panel comes back after a reload',
    run: (ctx) => withFake(ctx, async ({ workspace }) => {
      await setApiKey(ctx.page, 'OpenAI', 'sk-e2e-openai-SECRET-1234');
      await setApiKey(ctx.page, 'Anthropic', 'sk-ant-e2e-SECRET-5678');
      const base = PROMPT.replace(/targets: .*\n/, '').replace('compare-demo.samples', 'variants-demo.samples');
      writeFileSync(join(workspace, 'variants-demo.prompt'), base);
      writeFileSync(join(workspace, 'variants-demo.claude.prompt'), base.replace('model: openai/gpt-4o-mini', 'model: anthropic/claude-3-5-haiku').replace('You are a support assistant.', '<role>You are a support assistant.</role>'));
      writeFileSync(join(workspace, 'variants-demo.samples.jsonl'), SAMPLES);
      await runCommand(ctx.page, 'View: Close All Editors');
      await openFile(ctx.page, 'variants-demo.claude.prompt');
      await runCommand(ctx.page, 'Promptscope: Compare Variants');
      const frame = await findWebviewFrame(ctx.page, '#compare-grid', 60_000);
      const deadline = Date.now() + 90_000;
      let c = await counts(frame);
      while (c.done < 10 && Date.now() < deadline) {
        await ctx.page.waitForTimeout(250);
        c = await counts(frame);
      }
      assert(c.all === 10 && c.done === 10, `2 variants × 5 samples done; saw ${JSON.stringify(c)}, ${fake?.requests.length ?? 0} request(s) at the fake provider`);
      const headers = async (f: Frame): Promise<string[]> => (await f.locator('[role="columnheader"].model-header').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      const shown = await headers(frame);
      assert(shown.length === 2 && /^variants-demo openai\/gpt-4o-mini/.test(shown[0] ?? '') && /^variants-demo\.claude anthropic\/claude-3-5-haiku/.test(shown[1] ?? ''), `headers name the variant and its model; saw ${JSON.stringify(shown)}`);
      await frame.locator('#compare-progress-text', { hasText: 'saved as' }).waitFor({ timeout: 15_000 });
      await runCommand(ctx.page, 'View: Close Editors in Other Groups');
      await ctx.page.waitForTimeout(800);
      await screenshot(ctx, 'compare-variants');

      const requestsBefore = fake?.requests.length ?? 0;
      await runCommand(ctx.page, 'Developer: Reload Window');
      await ctx.page.waitForTimeout(2000);
      await ctx.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      const restored = await findWebviewFrame(ctx.page, '#compare-grid', 60_000);
      const again = await counts(restored);
      assert(again.all === 10 && again.done === 10, `the 10 finished cells are back; saw ${JSON.stringify(again)}`);
      assert(JSON.stringify(await headers(restored)) === JSON.stringify(shown), 'the variant headers are back');
      assert((fake?.requests.length ?? 0) === requestsBefore, 'restoring sends no request');
      await runCommand(ctx.page, 'View: Close All Editors');
    }),
  },
];
