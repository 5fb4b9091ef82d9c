// Helpers that act on the VS Code workbench the way a person does: keyboard and clicks.
import type { Frame, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface E2EContext {
  readonly page: Page;
  readonly url: string;
  /** Root of the repository (screenshots go to test-results/e2e; `npm run screenshots` copies the README's to docs/images). */
  readonly root: string;
  /** The folder code-server opened (a throwaway copy of examples/): tests may add files to it. */
  readonly workspace: string;
  /** The user settings point the OpenAI and Anthropic base URLs at a fake provider on this port (start it with startFakeProvider({ port })). */
  readonly fakeProviderPort?: number;
}

export interface E2ETest {
  readonly name: string;
  run(ctx: E2EContext): Promise<void>;
}

const mod = 'Control';

/**
 * A screenshot in test-results/e2e. `forDocs` marks the ones the README shows: they are also
 * written as test-results/e2e/docs/<name>.png, which `npm run screenshots` copies to docs/images
 * (tests never write tracked files, so `npm test` leaves the working tree clean).
 */
export async function screenshot(ctx: E2EContext, name: string, { forDocs = false } = {}): Promise<void> {
  const artifacts = join(ctx.root, 'test-results', 'e2e');
  mkdirSync(artifacts, { recursive: true });
  await ctx.page.screenshot({ path: join(artifacts, `${name}.png`) });
  if (forDocs) {
    mkdirSync(join(artifacts, 'docs'), { recursive: true });
    await ctx.page.screenshot({ path: join(artifacts, 'docs', `${name}.png`) });
  }
}

/** Quick Open (Ctrl+P) a file by name, then wait until its editor is the active one. Retries: a busy machine lags. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  const activeTab = page.locator(`.tab.active[data-resource-name="${fileName}"]`).first();
  const exact = new RegExp(`^\\s*${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press(`${mod}+P`);
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(fileName);
    try {
      // The list re-renders as results arrive: wait until the top row is this file, then accept it.
      await page.locator('.quick-input-list .monaco-list-row').first().locator('.label-name', { hasText: exact }).waitFor({ timeout: 15_000 });
      await page.waitForTimeout(200);
      await page.keyboard.press('Enter');
      await activeTab.waitFor({ timeout: 15_000 });
      await page.locator('.monaco-editor .view-lines').first().waitFor();
      return;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
}

/** Opens the command palette with `query` typed and returns the visible entries' labels. */
export async function paletteEntries(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${query}`);
  await page.waitForTimeout(500);
  const labels = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
  return labels.map((l) => l.trim());
}

export async function runCommand(page: Page, title: string): Promise<void> {
  // The palette fills asynchronously (commands of extensions still activating): retry a few times.
  for (let attempt = 0; attempt < 3; attempt++) {
    const labels = await paletteEntries(page, title);
    if (labels.some((l) => l.includes(title.replace(/^.*?: /, '')))) {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
      return;
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1000);
  }
  throw new Error(`"${title}" is not in the command palette`);
}

export async function closeQuickInput(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

export async function statusBarTexts(page: Page): Promise<string[]> {
  return (await page.locator('.statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/** Webviews are nested iframes: find the inner frame whose document contains `selector`. */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview frame with ${selector}`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Waits until the active editor is syntax-highlighted (tokens other than the default colour). */
export async function waitForHighlighting(page: Page): Promise<void> {
  await page.locator('.editor-instance .view-lines span[class*="mtk"]:not(.mtk1)').first().waitFor({ timeout: 20_000 });
}
