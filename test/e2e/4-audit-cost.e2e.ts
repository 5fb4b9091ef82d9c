import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { assert, findWebviewFrame, runCommand, screenshot, type E2ETest } from './workbench';

/** Opens (or re-runs) the audit and returns its webview frame. */
async function auditFrame(ctx: Parameters<E2ETest['run']>[0]) {
  await runCommand(ctx.page, 'View: Close All Editors');
  await runCommand(ctx.page, 'Promptscope: Prompt Audit');
  return findWebviewFrame(ctx.page, '#audit-curve-chart', 60_000);
}

export const tests: E2ETest[] = [
  {
    name: 'audit cost levers: caching column, lever totals and the cost curve with the self-hosting band',
    async run(ctx) {
      const frame = await auditFrame(ctx);
      const header = await frame.locator('#audit-table thead').innerText();
      assert(header.includes('Cacheable'), `a Cacheable column; saw ${header}`);
      const levers = await frame.locator('#audit-levers').innerText();
      assert(/Prompt caching[\s\S]*\$[\d,.]+\/mo/.test(levers) && levers.includes('Compression'), `caching next to compression savings; saw ${levers}`);
      const curve = await frame.locator('#audit-curve-table').innerText();
      assert(curve.includes('Reaches $5,000.00') && curve.includes('Reaches $20,000.00'), `the band's crossings; saw ${curve}`);
      assert(/All prompts \(list price\)/.test(curve), 'a workspace total series');
      const section = frame.locator('#audit-curve');
      await section.scrollIntoViewIfNeeded();
      await ctx.page.waitForTimeout(800); // chart animation
      const dir = join(ctx.root, 'test-results', 'e2e');
      mkdirSync(dir, { recursive: true });
      await section.screenshot({ path: join(dir, 'audit-cost-curve.png') });
      // The README shows the curve (copied to docs/images by `npm run screenshots`).
      mkdirSync(join(dir, 'docs'), { recursive: true });
      await section.screenshot({ path: join(dir, 'docs', 'audit-cost-curve.png') });
      await screenshot(ctx, 'audit-cost-curve-page');
    },
  },
  {
    name: 'audit findings by rule are in the panel; the table fits; clicking a row (not only its name) opens the file at its line',
    async run(ctx) {
      const frame = await findWebviewFrame(ctx.page, '#audit-rules', 30_000);
      const rules = await frame.locator('#audit-rules button.rule').count();
      assert(rules > 0, 'rule buttons in "Findings by rule"');
      await frame.locator('#audit-table').scrollIntoViewIfNeeded();
      await screenshot(ctx, 'audit-table');
      // Click the tokens cell of the support agent's row: a plain cell, no button.
      const row = frame.locator('tr[data-path$="support-agent.prompt"]').first();
      await row.locator('td.num').first().click();
      await ctx.page.locator('.tab.active[data-resource-name="support-agent.prompt"]').first().waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'the audit panel keeps its report after a window reload',
    async run(ctx) {
      const frame = await auditFrame(ctx);
      const before = await frame.locator('table#audit-table tr[data-path]').count();
      assert(before >= 4, `rows before the reload: ${before}`);
      // Wait for the new document, not just any: the old page still shows the report until it unloads.
      const reloaded = ctx.page.waitForEvent('load', { timeout: 90_000 });
      await runCommand(ctx.page, 'Developer: Reload Window');
      await reloaded;
      await ctx.page.locator('.monaco-workbench').first().waitFor({ timeout: 60_000 });
      const restored = await findWebviewFrame(ctx.page, 'table#audit-table tr[data-path]', 90_000);
      const after = await restored.locator('table#audit-table tr[data-path]').count();
      assert(after === before, `the restored panel shows the same ${before} rows; saw ${after}`);
      assert(await restored.locator('#audit-curve-chart').count() === 1, 'the cost curve is back too');
    },
  },
];
