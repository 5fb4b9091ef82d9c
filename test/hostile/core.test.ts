import { describe, expect, it } from 'vitest';
import { promptFileMatcher } from '../../src/core/analysis';
import { formatUsd, parsePriceOverrides } from '../../src/core/pricing';
import { parsePromptFile, promptyToPrompt, renderPromptFile } from '../../src/core/prompt';
import { chunkBoundaries, MAX_PIECE_CHARS, TokenService } from '../../src/core/tokens';

/** Cheap in-process checks of the core pieces behind the hostile classes (the CLI tests run them bounded). */
describe('hostile: core units', () => {
  it('8. long pieces are cut for counting and the count says ≈; ordinary text stays exact', () => {
    const info = { forcedCuts: 0 };
    const ends = chunkBoundaries('x'.repeat(MAX_PIECE_CHARS * 3 + 5), info);
    expect(info.forcedCuts).toBe(3);
    expect(ends.at(-1)).toBe(MAX_PIECE_CHARS * 3 + 5);
    const tokens = new TokenService({ encodeCount: (_e, text) => Math.ceil(text.length / 8) });
    expect(tokens.countText('x'.repeat(5000), 'openai/gpt-4o').exact).toBe(false);
    expect(tokens.countText('An ordinary sentence, with words.', 'openai/gpt-4o').exact).toBe(true);
    // An encoder failure (tiktoken's WASM trap) estimates that chunk instead of throwing.
    const failing = new TokenService({ encodeCount: () => { throw new Error('unreachable'); } });
    const counted = failing.countMessages([{ role: 'user', text: 'abc def' }], 'openai/gpt-4o');
    expect(counted.exact).toBe(false);
    expect(counted.total).toBeGreaterThan(0);
  });

  it('14/17. price overrides: no prototype keys, implausible prices rejected with the reason', () => {
    const { overrides, problems } = parsePriceOverrides(JSON.parse('{"__proto__": {"input": 1, "output": 2}, "a/b": {"input": 1e-120, "output": 1}, "c/d": {"input": 1, "output": 2, "maxOutput": -5}}') as unknown);
    expect(Object.getPrototypeOf(overrides)).toBeNull();
    expect(Object.keys(overrides).sort()).toEqual(['__proto__', 'c/d']);
    expect(problems.join('\n')).toMatch(/a\/b: "input" and "output" must be 0 or between/);
    expect(problems.join('\n')).toMatch(/c\/d: "maxOutput" must be a positive whole number/);
    expect(formatUsd(1e-120)).toBe('<$0.00000001');
    expect(formatUsd(-1e-300)).toBe('-<$0.00000001');
  });

  it('14. Prompty option and kind names like constructor or toString are not table hits', () => {
    const converted = promptyToPrompt('---\nname: t\nmodel:\n  id: gpt-4o\n  provider: openai\n  options:\n    constructor: 5\n    toString: 2\ninputs:\n  q:\n    type: constructor\n---\nsystem:\nHi {{q}}\n');
    expect(converted.text).not.toMatch(/function|native code/);
    expect(converted.text).toContain('constructor');
  });

  it('17. a negative or fractional maxOutputTokens is not used as a limit', () => {
    expect(parsePromptFile('---\nconfig:\n  maxOutputTokens: -5\n---\nHi', { fileName: 'a.prompt' }).config.maxOutputTokens).toBeUndefined();
    expect(parsePromptFile('---\nconfig:\n  maxOutputTokens: 2.5\n---\nHi', { fileName: 'a.prompt' }).config.maxOutputTokens).toBeUndefined();
    expect(parsePromptFile('---\nconfig:\n  maxOutputTokens: 300\n---\nHi', { fileName: 'a.prompt' }).config.maxOutputTokens).toBe(300);
  });

  it('6. the render budget stops a blow-up and leaves the shared Handlebars helpers as they were', async () => {
    const list = JSON.stringify(Array.from({ length: 300 }, (_, i) => i));
    const file = parsePromptFile(`---\ninput:\n  default:\n    a: ${list}\n---\n{{#each a}}{{#each ../a}}{{#each ../../a}}xx{{/each}}{{/each}}{{/each}}`, { fileName: 'a.prompt' });
    const stopped = await renderPromptFile(file, { budget: { maxOutputChars: 100_000, maxMs: 1_000, maxTags: 100, maxNesting: 10 } });
    expect(stopped.error?.budgetExceeded).toBe(true);
    expect(stopped.error?.message).toMatch(/^render stopped at 0\.1 MB \/ \d+ ms \(render budget 0\.1 MB \/ 1000 ms\)/);
    const small = parsePromptFile('---\ninput:\n  default:\n    a: [1, 2]\n---\n{{#each a}}<{{this}}>{{/each}}', { fileName: 'b.prompt' });
    const rendered = await renderPromptFile(small);
    expect(rendered.error).toBeUndefined();
    expect(rendered.messages[0]?.text).toBe('<1><2>');
    const deep = parsePromptFile(`${'{{#if a}}'.repeat(300)}x${'{{/if}}'.repeat(300)}`, { fileName: 'c.prompt' });
    expect((await renderPromptFile(deep)).error?.message).toMatch(/blocks nested 300 deep \(limit 200\)/);
  });

  it('11. include globs: picomatch, no backtracking, name-only globs match the file name', () => {
    const path = `${Array.from({ length: 30 }, (_, i) => String(i)).join('/')}/x.prompt`;
    expect(promptFileMatcher({ include: [`${'**/'.repeat(15)}*.nomatch`] })(path)).toBe(false);
    expect(promptFileMatcher({ include: ['*.prompt'] })(path)).toBe(true);
    expect(promptFileMatcher()('a/README.md')).toBe(true);
    expect(promptFileMatcher()('a/data.json')).toBe(false);
    expect(promptFileMatcher({ alsoInclude: ['**/*.markdown'] })('a/b.markdown')).toBe(true);
  });
});

describe('hostile: the editor encode budget', () => {
  it('8. with a per-task budget a long text is estimated (≈, "counting continues") and converges over later tasks', async () => {
    let encoded = 0;
    const slow = (_e: string, text: string): number => {
      const until = performance.now() + 2;
      while (performance.now() < until) { /* a slow encoder: 2 ms a chunk */ }
      encoded++;
      return Math.ceil(text.length / 3);
    };
    const service = new TokenService({ encodeTimeBudgetMs: 10, encodeCount: slow });
    const text = Array.from({ length: 60 }, (_, i) => `line ${i} ${'word '.repeat(40)}`).join('\n');
    const first = service.countMessages([{ role: 'user', text }], 'openai/gpt-4o');
    expect(first.exact).toBe(false);
    expect(first.note).toContain('counting continues');
    expect(encoded).toBeLessThan(20);
    let last = first;
    for (let task = 0; task < 100 && last.note?.includes('counting continues'); task++) {
      await new Promise((r) => setTimeout(r, 1));
      last = service.countMessages([{ role: 'user', text }], 'openai/gpt-4o');
    }
    expect(last.exact).toBe(true);
    const unbudgeted = new TokenService({ encodeCount: (_e, t) => Math.ceil(t.length / 3) });
    expect(last.total).toBe(unbudgeted.countMessages([{ role: 'user', text }], 'openai/gpt-4o').total);
  });
});
