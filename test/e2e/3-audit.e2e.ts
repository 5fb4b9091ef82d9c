import { assert, findWebviewFrame, runCommand, screenshot, type E2ETest } from './workbench';

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
];
