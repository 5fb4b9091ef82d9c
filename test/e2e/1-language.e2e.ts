import { assert, closeQuickInput, openFile, paletteEntries, screenshot, statusBarTexts, waitForHighlighting, type E2ETest } from './workbench';

export const tests: E2ETest[] = [
  {
    name: 'a .prompt file opens in the Dotprompt language mode',
    async run(ctx) {
      await openFile(ctx.page, 'support-agent.prompt');
      await ctx.page.locator('.statusbar-item[id="status.editor.mode"]').filter({ hasText: 'Dotprompt' }).waitFor({ timeout: 20_000 });
      const items = await statusBarTexts(ctx.page);
      assert(items.some((t) => t === 'Dotprompt'), `status bar shows the language mode; saw ${items.join(' | ')}`);
      await waitForHighlighting(ctx.page);
      await screenshot(ctx, 'prompt-file', { forDocs: true });
    },
  },
  {
    name: 'a .prompty file opens in the Prompty language mode',
    async run(ctx) {
      await openFile(ctx.page, 'legacy-triage.prompty');
      await ctx.page.locator('.statusbar-item[id="status.editor.mode"]').filter({ hasText: 'Prompty' }).waitFor({ timeout: 20_000 });
      await waitForHighlighting(ctx.page);
      // The role line stands out from the prose around it.
      const roleClass = await ctx.page.locator('.view-line span span', { hasText: /^system$/ }).first().getAttribute('class');
      assert(roleClass && !/\bmtk1\b/.test(roleClass), `"system:" is highlighted; class ${roleClass}`);
      await ctx.page.waitForTimeout(500);
      await screenshot(ctx, 'prompty-file', { forDocs: true });
    },
  },
  {
    name: "the extension's commands are in the command palette",
    async run(ctx) {
      const entries = await paletteEntries(ctx.page, 'Promptscope:');
      await screenshot(ctx, 'command-palette');
      await closeQuickInput(ctx.page);
      // The list is virtualised: only the first rows (alphabetical) are rendered.
      for (const command of ['Promptscope: Compare Models…', 'Promptscope: Compress with Model…', 'Promptscope: Apply All Safe Compressions']) {
        assert(entries.some((e) => e.includes(command)), `palette lists ${command}; saw ${entries.join(' | ')}`);
      }
      const showLog = await paletteEntries(ctx.page, 'Promptscope: Show Log');
      await closeQuickInput(ctx.page);
      assert(showLog.some((e) => e.includes('Promptscope: Show Log')), `palette finds Show Log; saw ${showLog.join(' | ')}`);
    },
  },
];
