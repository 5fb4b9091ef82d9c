import { assert, findWebviewFrame, openFile, runCommand, screenshot, type E2ETest } from './workbench';

export const tests: E2ETest[] = [
  {
    name: 'Prompt Audit opens a report with totals, a sortable table and a chart',
    async run(ctx) {
      await runCommand(ctx.page, 'View: Close All Editors');
      await runCommand(ctx.page, 'Promptscope: Prompt Audit');
      const frame = await findWebviewFrame(ctx.page, 'table#audit-table', 60_000);
      const rows = await frame.locator('table#audit-table tr[data-path]').count();
      assert(rows >= 4, `a row per example prompt; saw ${rows}`);
      assert(await frame.locator('canvas#audit-chart').count() === 1, 'a chart');
      const totals = await frame.locator('#audit-totals').innerText();
      assert(/\$/.test(totals), `totals show monthly cost; saw ${totals}`);
      await ctx.page.waitForTimeout(800); // chart animation
      await screenshot(ctx, 'audit-report', { forDocs: true });
    },
  },
  {
    name: 'the audit table sorts by keyboard and keeps its order when the panel comes back',
    async run(ctx) {
      const frame = await findWebviewFrame(ctx.page, 'table#audit-table');
      const promptHeader = frame.locator('button.sort[data-key="prompt"]');
      await promptHeader.focus();
      await ctx.page.keyboard.press('Enter');
      const sortOf = async () => (await findWebviewFrame(ctx.page, 'table#audit-table')).locator('th:has(button.sort[data-key="prompt"])').getAttribute('aria-sort');
      assert(await sortOf() === 'ascending', 'Enter on a header sorts by it');
      const firstPath = async () => (await findWebviewFrame(ctx.page, 'table#audit-table')).locator('tr[data-path]').first().getAttribute('data-path');
      const before = await firstPath();
      // Hide the panel behind an editor, then bring it back: the webview is rebuilt from its saved state.
      await openFile(ctx.page, 'summarizer.prompt');
      await ctx.page.locator('.tab', { hasText: 'Prompt Audit' }).first().click();
      await findWebviewFrame(ctx.page, 'table#audit-table');
      assert(await sortOf() === 'ascending', 'the sort survives hiding the panel');
      assert(await firstPath() === before, 'same first row');
    },
  },
];
