import { assert, closeQuickInput, openFile, runCommand, screenshot, type E2ETest } from './workbench';

export const tests: E2ETest[] = [
  {
    name: 'CodeLens shows tokens and cost per target at the top of a prompt',
    async run(ctx) {
      await openFile(ctx.page, 'support-agent.prompt');
      // The first lenses of a window may be `≈` while the tokenizer loads (it starts once they are
      // shown); they turn exact by themselves.
      const exact = ctx.page.locator('.codelens-decoration').filter({ hasText: /gpt-4o [\d,]+ tok/ }).first();
      await exact.waitFor({ timeout: 30_000 });
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
  {
    name: 'the top CodeLens row fits a 900 px editor with three targets',
    async run(ctx) {
      const { page } = ctx;
      const viewport = page.viewportSize();
      assert(viewport, 'the page has a viewport');
      await openFile(page, 'support-agent.prompt');
      const editor = page.locator('.editor-group-container.active .monaco-editor').first();
      const lens = page.locator('.editor-group-container.active .codelens-decoration').filter({ hasText: 'gpt-4o-mini' }).first();
      await lens.waitFor({ timeout: 30_000 });
      // Narrow the window until the editor (gutter and minimap included) is 900 px wide.
      const wide = await editor.boundingBox();
      assert(wide, 'the editor has a box');
      try {
        // The editor may share the window with the side bar or another editor group (an earlier test opens
        // the preview beside it), so a change of the window reaches it only in part: correct step by step.
        let width = viewport.width;
        let current = wide;
        let share = 1;
        for (let step = 0; step < 5 && Math.abs(current.width - 900) > 10; step++) {
          const next = Math.round(width - (current.width - 900) / share);
          await page.setViewportSize({ width: next, height: viewport.height });
          await page.waitForTimeout(500);
          const resized = await editor.boundingBox();
          assert(resized, 'the editor has a box');
          if (next !== width && resized.width !== current.width) share = Math.max(0.2, (resized.width - current.width) / (next - width));
          width = next;
          current = resized;
        }
        await page.waitForTimeout(500);
        const box = await editor.boundingBox();
        assert(box && Math.abs(box.width - 900) <= 10, `the editor is ~900 px wide; it is ${box?.width}`);
        // The visible text area ends where the minimap (or the vertical scrollbar) starts.
        const minimap = await page.locator('.editor-group-container.active .monaco-editor .minimap').first().boundingBox().catch(() => null);
        const scrollbar = await page.locator('.editor-group-container.active .monaco-editor .scrollbar.vertical').first().boundingBox().catch(() => null);
        const visibleRight = Math.min(box.x + box.width, ...(minimap && minimap.width > 0 ? [minimap.x] : []), ...(scrollbar && scrollbar.width > 0 ? [scrollbar.x] : []));
        // The top row: the lens line above line 1, each lens a link in it.
        const row = await lens.evaluate((el) => [...el.querySelectorAll('a')].map((a) => {
          const r = a.getBoundingClientRect();
          return { text: a.textContent ?? '', left: Math.round(r.left), right: Math.round(r.right) };
        }));
        const titles = row.map((r) => r.text).join(' | ');
        assert(row.length === 4, `input + three targets in the top row; saw ${titles}`);
        assert(/^gpt-4o [\d,]+ tok · \$[\d.]+\/call/.test(row[1]?.text ?? ''), `the primary target in full; saw ${titles}`);
        assert(/claude-sonnet-4-5 ≈[\d,]+ tok/.test(titles) && /gpt-4o-mini [\d,]+ tok/.test(titles), `every target is shown; saw ${titles}`);
        const last = row[row.length - 1];
        assert(last && last.right <= visibleRight, `the last lens ends at ${last?.right} px, within the visible editor (ends at ${Math.round(visibleRight)} px, editor starts at ${Math.round(box.x)}); lenses: ${JSON.stringify(row)}`);
        await screenshot(ctx, 'codelens-900px');
      } finally {
        await page.setViewportSize(viewport);
      }
    },
  },
];
