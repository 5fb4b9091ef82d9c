import { assert, closeQuickInput, openFile, runCommand, screenshot, type E2ETest } from './workbench';

export const tests: E2ETest[] = [
  {
    name: 'CodeLens shows tokens and cost per target at the top of a prompt',
    async run(ctx) {
      await openFile(ctx.page, 'support-agent.prompt');
      const lens = ctx.page.locator('.contentWidgets .codelens-decoration, .codelens-decoration').filter({ hasText: 'gpt-4o' }).first();
      await lens.waitFor({ timeout: 30_000 });
      const text = await ctx.page.locator('.codelens-decoration').first().innerText();
      assert(/gpt-4o [\d,]+ tok · \$[\d.]+\/call/.test(text), `lens text shows tokens and cost; saw "${text}"`);
      assert(/claude-sonnet-4-5 ≈[\d,]+ tok/.test(text), `Claude is marked as an estimate; saw "${text}"`);
      await screenshot(ctx, 'codelens', { forDocs: true });
    },
  },
  {
    name: 'clicking a lens opens the count details with actions',
    async run(ctx) {
      await ctx.page.locator('.codelens-decoration a', { hasText: /^gpt-4o / }).first().click();
      const input = ctx.page.locator('.quick-input-widget');
      await input.waitFor({ state: 'visible' });
      const rows = (await ctx.page.locator('.quick-input-list .monaco-list-row').allInnerTexts()).join('\n');
      assert(/method: tiktoken:o200k_base/.test(rows), `details name the method; saw ${rows}`);
      assert(/Switch input/.test(rows), 'actions are offered');
      await screenshot(ctx, 'count-details', { forDocs: true });
      await closeQuickInput(ctx.page);
    },
  },
  {
    name: 'the status bar shows the tokens of the file',
    async run(ctx) {
      const item = ctx.page.locator('.statusbar-item', { hasText: / tok$/ }).first();
      await item.waitFor({ timeout: 15_000 });
      assert(/[\d,]+ tok/.test(await item.innerText()), 'a token count in the status bar');
    },
  },
  {
    name: 'compression suggestions appear in the Problems panel with their savings',
    async run(ctx) {
      await runCommand(ctx.page, 'View: Focus Problems');
      const row = ctx.page.locator('.markers-panel .monaco-tl-row', { hasText: /\/1k calls\)/ }).first();
      await row.waitFor({ timeout: 20_000 });
      await screenshot(ctx, 'compression-problems', { forDocs: true });
      await ctx.page.keyboard.press('Control+J');
    },
  },
  {
    name: 'the rendered preview opens beside the prompt',
    async run(ctx) {
      await openFile(ctx.page, 'support-agent.prompt');
      await runCommand(ctx.page, 'Promptscope: Preview Rendered Prompt');
      await ctx.page.locator('.tab', { hasText: 'support-agent.prompt.rendered.md' }).first().waitFor({ timeout: 20_000 });
      await ctx.page.locator('.view-lines', { hasText: 'rendered with default input' }).first().waitFor({ timeout: 20_000 });
      await screenshot(ctx, 'rendered-preview', { forDocs: true });
    },
  },
];
