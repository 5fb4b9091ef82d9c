import { describe, expect, it } from 'vitest';
import { analyzePrompt, memoryWorkspace } from '../../../src/core/analysis';
import { parsePromptFile } from '../../../src/core/prompt';
import { PriceCatalog } from '../../../src/core/pricing';
import { TokenService } from '../../../src/core/tokens';

const deps = { tokens: new TokenService(), catalog: new PriceCatalog() };
const text = '---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\nBe brief.\n';

describe('analyzePrompt with a pre-parsed file', () => {
  it('reuses the parse of the same text', async () => {
    const parsed = parsePromptFile(text, { fileName: '/p/a.prompt' });
    const a = await analyzePrompt({ fileName: '/p/a.prompt', text, parsed, workspace: memoryWorkspace({}), defaultTargets: [], deps });
    expect(a.file).toBe(parsed);
  });

  it('parses again when the parse is of other text', async () => {
    const stale = parsePromptFile('---\nmodel: openai/gpt-4o\n---\nOld.\n', { fileName: '/p/a.prompt' });
    const a = await analyzePrompt({ fileName: '/p/a.prompt', text, parsed: stale, workspace: memoryWorkspace({}), defaultTargets: [], deps });
    expect(a.file).not.toBe(stale);
    expect(a.file.text).toBe(text);
    expect(a.messages.map((m) => m.text.trim())).toEqual(['Be brief.']);
  });
});
