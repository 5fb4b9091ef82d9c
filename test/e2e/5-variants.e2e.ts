import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { nodeWorkspace } from '../../src/cli/nodeWorkspace';
import { createProvider, providerConfig, resolveModelTarget } from '../../src/core/providers';
import { PriceCatalog } from '../../src/core/pricing';
import { EVALS_FOLDER, evalReportBaseName, evalReportToMarkdown, evaluateMigration, serializeEvalReport } from '../../src/core/eval';
import { startFakeProvider } from '../fake-provider/server';
import { BASE, PRICES, REGRESSIONS, SAMPLES, UPPER } from '../unit/eval/fixtures';
import { assert, findWebviewFrame, openFile, runCommand, screenshot, type E2EContext, type E2ETest } from './workbench';

/**
 * Puts a logical prompt with a candidate variant into the workspace and evaluates the migration
 * with the same core the editor runs, against the fake provider (the browser cannot reach a real
 * one): the tree and the report panel then show a real evaluation.
 */
async function seedEvaluation(ctx: E2EContext): Promise<void> {
  const files = { 'mig.prompt': BASE.replace('support.samples.jsonl', 'mig.samples.jsonl'), 'mig.upper.prompt': UPPER.replace('support.samples.jsonl', 'mig.samples.jsonl'), 'mig.samples.jsonl': `${SAMPLES}\n` };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ctx.workspace, name), text);
  const fake = await startFakeProvider();
  try {
    const catalog = new PriceCatalog({ overrides: PRICES });
    const { report, routing } = await evaluateMigration(
      { promptPath: join(ctx.workspace, 'mig.prompt'), folderFiles: ['mig.prompt', 'mig.upper.prompt'].map((f) => join(ctx.workspace, f)), candidate: 'upper', callsPerMonth: 250_000, useCache: false },
      {
        workspace: nodeWorkspace(ctx.workspace),
        displayPath: (p) => relative(ctx.workspace, p).split('\\').join('/'),
        resolveTarget: (id) => resolveModelTarget(id, { endpoints: [], baseURL: (p) => (p === 'openai' ? fake.openaiBaseURL : undefined) }),
        createProvider: (target, overrides) => createProvider({ ...providerConfig(target, 'sk-e2e-fake-key-0000000000'), ...overrides }),
        prices: (id) => catalog.lookupModel(id),
      },
    );
    assert(JSON.stringify(report.regressions) === JSON.stringify(REGRESSIONS), `the known regressions; got ${report.regressions.join(', ')}`);
    const dir = join(ctx.workspace, EVALS_FOLDER);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${evalReportBaseName(report)}.json`), serializeEvalReport(report, routing));
    writeFileSync(join(dir, `${evalReportBaseName(report)}.md`), evalReportToMarkdown(report, routing));
  } finally {
    await fake.close();
  }
}

export const tests: E2ETest[] = [
  {
    name: 'variants: the Prompt Variants view lists logical prompts with each variant\'s model, tokens, cost and last evaluation',
    async run(ctx) {
      await seedEvaluation(ctx);
      await runCommand(ctx.page, 'View: Close All Editors');
      await runCommand(ctx.page, 'Promptscope: Focus on Prompt Variants View');
      const rows = ctx.page.locator('.pane-body .monaco-list-row');
      await rows.filter({ hasText: 'support-agent' }).first().waitFor({ timeout: 30_000 });
      await rows.filter({ hasText: 'claude-sonnet-4-5' }).first().waitFor({ timeout: 30_000 });
      const evaluated = rows.filter({ hasText: 'evaluated' }).first();
      await evaluated.waitFor({ timeout: 30_000 });
      const text = await evaluated.innerText();
      assert(/fake-upper/.test(text) && /3 regressions/.test(text), `the upper variant shows its model and its last evaluation; saw ${text}`);
      const fallback = await rows.filter({ hasText: 'no fallback if openai is down' }).count();
      assert(fallback >= 1, 'the single-provider prompt is flagged');
      await ctx.page.waitForTimeout(500);
      await screenshot(ctx, 'variants-tree');
    },
  },
  {
    name: 'variants: the migration report shows the verdict, both sides, the regressions with a diff, a chart and the rollout plan',
    async run(ctx) {
      await runCommand(ctx.page, 'Promptscope: Open Migration Evaluation…');
      const pick = ctx.page.locator('.quick-input-list .monaco-list-row', { hasText: 'base → upper' }).first();
      await pick.waitFor({ timeout: 20_000 });
      await pick.click();
      const frame = await findWebviewFrame(ctx.page, '.verdict', 60_000);
      const verdict = await frame.locator('.verdict-line').innerText();
      assert(/3 regressions, 1 improvement \(p = 0\.63\)/.test(verdict), `the verdict line; saw ${verdict}`);
      assert(await frame.locator('canvas#eval-chart').count() === 1, 'a chart');
      const regressions = await frame.locator('#eval-regressions details').count();
      assert(regressions === 3, `three regressions listed; saw ${regressions}`);
      await frame.locator('#eval-regressions details summary').first().click();
      await frame.locator('#eval-regressions details[open] pre.diff').first().waitFor({ timeout: 10_000 });
      assert((await frame.locator('ol.rollout li').count()) >= 6, 'gate, shadow and four rollout steps');
      const routing = await frame.locator('section[aria-label="Routing"] tbody tr').allInnerTexts();
      assert(routing.some((r) => /Each input to its cheapest passing model/.test(r)) && routing.some((r) => /fake-upper/.test(r)), `the routing table; saw ${routing.join(' | ')}`);
      await frame.locator('h1').first().scrollIntoViewIfNeeded();
      await ctx.page.waitForTimeout(800); // chart animation
      await screenshot(ctx, 'eval-report');
    },
  },
  {
    name: 'variants: the migration report keeps its content when hidden and shown, and after a window reload',
    async run(ctx) {
      const verdictOf = async (): Promise<string> => (await findWebviewFrame(ctx.page, '.verdict-line', 60_000)).locator('.verdict-line').innerText();
      const before = await verdictOf();
      // Hidden behind an editor in the same group (the webview is discarded), then shown again.
      await openFile(ctx.page, 'mig.prompt');
      await ctx.page.locator('.tab', { hasText: 'Migration Evaluation' }).first().click();
      const shown = await findWebviewFrame(ctx.page, '#eval-regressions details', 30_000);
      assert((await shown.locator('.verdict-line').innerText()) === before, 'the same verdict after hide/show');
      assert((await shown.locator('#eval-regressions details').count()) === 3, 'the three regressions after hide/show');
      assert((await shown.locator('#eval-regressions details[open]').count()) === 1, 'the regression opened in the previous test stays open');
      // Wait for the new document, not just any: the old page still shows the report until it unloads.
      const reloaded = ctx.page.waitForEvent('load', { timeout: 90_000 });
      await runCommand(ctx.page, 'Developer: Reload Window');
      await reloaded;
      await ctx.page.locator('.monaco-workbench').first().waitFor({ timeout: 60_000 });
      const restored = await findWebviewFrame(ctx.page, '#eval-regressions details', 90_000);
      assert((await restored.locator('.verdict-line').innerText()) === before, 'the same verdict after a reload');
      assert((await restored.locator('#eval-regressions details').count()) === 3, 'the three regressions after a reload');
      assert((await restored.locator('section[aria-label="Routing"] tbody tr').count()) > 0, 'the routing table after a reload');
      assert((await restored.locator('#eval-regressions details[open] pre.diff').count()) === 1, 'the open regression is still open');
      // The restored panel is live, not a picture: its host answers (the outputs open in a diff editor).
      await restored.locator('#eval-regressions details[open] button', { hasText: 'Open in diff editor' }).first().click();
      await ctx.page.locator('.tab', { hasText: '↔' }).first().waitFor({ timeout: 20_000 });
    },
  },
];
