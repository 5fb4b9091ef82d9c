import { assert, openFile, runCommand, screenshot, type E2ETest } from './workbench';

/** The first lens's token count for gpt-4o ("gpt-4o 1,234 tok · $…"). */
async function lensTokens(ctx: Parameters<E2ETest['run']>[0]): Promise<number> {
  const lens = ctx.page.locator('.codelens-decoration a', { hasText: /^gpt-4o [\d,]+ tok/ }).first();
  await lens.waitFor({ timeout: 30_000 });
  const text = await lens.innerText();
  return Number(/gpt-4o ([\d,]+) tok/.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
}

export const tests: E2ETest[] = [
  {
    name: 'Apply All Safe Compressions applies the safe edits at once, says so, and the lens drops',
    async run(ctx) {
      await runCommand(ctx.page, 'View: Close All Editors');
      await openFile(ctx.page, 'support-agent.prompt');
      const before = await lensTokens(ctx);
      assert(Number.isFinite(before) && before > 0, `a token lens before; saw ${before}`);

      await runCommand(ctx.page, 'Promptscope: Apply All Safe Compressions');
      // No refactor preview with unchecked edits: a non-modal message says what was applied.
      const toast = ctx.page.locator('.notifications-toasts .notification-toast', { hasText: /applied \d+ safe compression/ }).first();
      await toast.waitFor({ timeout: 20_000 });
      assert(await ctx.page.locator('.refactor-preview, .bulk-edit-panel').count() === 0, 'no refactor preview opened');
      await screenshot(ctx, 'apply-all-safe');

      let after = before;
      for (let i = 0; i < 40 && after >= before; i++) {
        await ctx.page.waitForTimeout(500);
        after = await lensTokens(ctx);
      }
      assert(after < before, `the lens drops after applying; ${before} → ${after}`);

      // One undo restores the file (and the lens).
      await ctx.page.locator('.monaco-editor .view-lines').first().click();
      await ctx.page.keyboard.press('Control+Z');
      let restored = after;
      for (let i = 0; i < 40 && restored !== before; i++) {
        await ctx.page.waitForTimeout(500);
        restored = await lensTokens(ctx);
      }
      assert(restored === before, `one undo restores the tokens; ${after} → ${restored} (expected ${before})`);
      await runCommand(ctx.page, 'View: Close All Editors');
    },
  },
];
