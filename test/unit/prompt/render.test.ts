import { describe, expect, it } from 'vitest';
import { parsePromptFile, renderPromptFile } from '../../../src/core/prompt';
import { example } from './helpers';

const parse = (text: string, fileName = 'a.prompt') => parsePromptFile(text, { fileName });

describe('renderPromptFile: .prompt through dotprompt', () => {
  it('merges input.default under the given input', async () => {
    const file = parse('---\ninput:\n  default:\n    name: friend\n    tone: warm\n---\n{{role "system"}}Be {{tone}}.\n{{role "user"}}Hi, I am {{name}}.');
    const result = await renderPromptFile(file, { input: { name: 'Ada' } });
    expect(result.error).toBeUndefined();
    expect(result.messages).toEqual([
      { role: 'system', text: 'Be warm.\n' },
      { role: 'user', text: 'Hi, I am Ada.' },
    ]);
  });

  it('renders a body without markers as one user message', async () => {
    const result = await renderPromptFile(parse('Summarize: {{text}}'), { input: { text: 'abc' } });
    expect(result.messages).toEqual([{ role: 'user', text: 'Summarize: abc' }]);
  });

  it('does not HTML-escape (Dotprompt compiles with noEscape)', async () => {
    const result = await renderPromptFile(parse('{{x}}'), { input: { x: '<b>&' } });
    expect(result.messages[0]!.text).toBe('<b>&');
  });

  it('includes partials (with their own frontmatter stripped), recursively', async () => {
    const partials: Record<string, string> = { facts: '---\ndescription: x\n---\nFacts for {{name}}. {{> more}}', more: 'More.' };
    const result = await renderPromptFile(parse('{{role "system"}}{{> facts}}'), { input: { name: 'Ada' }, loadPartial: (n) => partials[n] });
    expect(result.messages).toEqual([{ role: 'system', text: 'Facts for Ada. More.' }]);
    expect(result.missingPartials).toEqual([]);
  });

  it('reports missing partials and renders them as empty', async () => {
    const result = await renderPromptFile(parse('A{{> nowhere}}B'), { loadPartial: () => undefined });
    expect(result.messages).toEqual([{ role: 'user', text: 'AB' }]);
    expect(result.missingPartials).toEqual(['nowhere']);
  });

  it('does not leak partials between renders (Dotprompt shares one Handlebars instance)', async () => {
    await renderPromptFile(parse('{{> shared}}'), { loadPartial: () => 'first' });
    const second = await renderPromptFile(parse('[{{> shared}}]'), { loadPartial: () => undefined });
    expect(second.messages[0]!.text).toBe('[]');
    const [a, b] = await Promise.all([
      renderPromptFile(parse('{{> p}}'), { loadPartial: () => 'A' }),
      renderPromptFile(parse('{{> p}}'), { loadPartial: () => 'B' }),
    ]);
    expect([a.messages[0]!.text, b.messages[0]!.text]).toEqual(['A', 'B']);
  });

  it('the render budget times the template itself, not other tasks that run while the runtime awaits its metadata', async () => {
    const file = parse('---\ninput:\n  default:\n    items: [a, b, c]\n---\n{{role "user"}}{{#each items}}- {{this}}\n{{/each}}{{> part}}', 'budget.prompt');
    const budget = { maxOutputChars: 1_000_000, maxMs: 20, maxTags: 1_000, maxNesting: 50 };
    await renderPromptFile(file, { budget, loadPartial: () => 'end' }); // compiled once, as in the editor
    // Other work in the same microtask queue (another file's count, say): 60 steps of 10 ms interleave with the render's awaits.
    let steps = 0;
    const busy = (): void => {
      const until = Date.now() + 10;
      while (Date.now() < until) { /* another task's work */ }
      if (++steps < 60) queueMicrotask(busy);
    };
    const rendering = renderPromptFile(file, { budget, loadPartial: () => 'end' });
    queueMicrotask(busy);
    const result = await rendering;
    expect(result.error).toBeUndefined();
    expect(result.messages).toEqual([{ role: 'user', text: '- a\n- b\n- c\nend' }]);
  });

  it('returns an error instead of throwing on a broken template', async () => {
    const result = await renderPromptFile(parse('{{#if x}}never closed'));
    expect(result.messages).toEqual([]);
    expect(result.error?.message).toMatch(/Parse error|Expecting/);
    const unknownHelper = await renderPromptFile(parse('{{shout name}}'));
    expect(unknownHelper.error?.message).toMatch(/unknown helper shout/);
  });

  it('renders a schema with a named type without failing (schemas are not needed to render)', async () => {
    const result = await renderPromptFile(parse('---\ninput:\n  schema:\n    c: Customer\n---\nHi {{c.name}}'), { input: { c: { name: 'Z' } } });
    expect(result.messages).toEqual([{ role: 'user', text: 'Hi Z' }]);
  });

  it('renders the support example with defaults and the partial', async () => {
    const file = parse(example('support-agent.prompt'), 'support-agent.prompt');
    const result = await renderPromptFile(file, { loadPartial: (n) => (n === 'company-facts' ? example('_company-facts.prompt') : undefined) });
    expect(result.error).toBeUndefined();
    expect(result.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(result.messages[0]!.text).toContain('Lumen Home, Inc. was founded in 2016');
    expect(result.messages[0]!.text).toContain('Use the customer\'s first name, there,');
    expect(result.messages[0]!.text).not.toContain('{{');
    expect(result.messages[1]!.text).toContain('stopped connecting to Wi-Fi');
    const premium = await renderPromptFile(file, { input: { plan: 'premium', order_id: 'LH-1' }, loadPartial: () => '' });
    expect(premium.messages[0]!.text).toContain('555-0199');
    expect(premium.messages[0]!.text).toContain('https://lumenhome.example/orders/LH-1');
  });
});

describe('renderPromptFile: .prompty and text', () => {
  it('splits prompty role lines and substitutes {{var}} with defaults', async () => {
    const file = parse(example('legacy-triage.prompty'), 'legacy-triage.prompty');
    const result = await renderPromptFile(file, { input: { subject: 'Sparks!' } });
    expect(result.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(result.messages[1]!.text).toContain('Subject: Sparks!');
    expect(result.messages[1]!.text).toContain('Plan: plus');
  });

  it('treats prompty text before the first role line as system, and keeps assistant', async () => {
    const file = parse('---\nname: x\n---\nBe brief.\nuser:\nHi {{ who }}\nassistant:\nHello!', 'x.prompty');
    const result = await renderPromptFile(file, { input: { who: 'Bo' } });
    expect(result.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Hi Bo' },
      { role: 'assistant', text: 'Hello!' },
    ]);
  });

  it('renders .md as one system message, verbatim', async () => {
    const text = example('release-notes-writer.md');
    const result = await renderPromptFile(parse(text, 'release-notes-writer.md'));
    expect(result.messages).toEqual([{ role: 'system', text }]);
  });
});

describe('declared custom helpers', () => {
  it('render as stand-ins (first argument; a block its content) and do not leak into the next render', async () => {
    const file = parsePromptFile('Hi {{shout name}}! {{#boxed}}inside {{name}}{{/boxed}}', { fileName: 'h.prompt' });
    const withHelpers = await renderPromptFile(file, { input: { name: 'Ada' }, helpers: ['shout', 'boxed', 'json'] });
    expect(withHelpers.error).toBeUndefined();
    expect(withHelpers.messages[0]?.text).toBe('Hi Ada! inside Ada');
    const without = await renderPromptFile(file, { input: { name: 'Ada' } });
    expect(without.error?.message).toMatch(/shout/);
    // A declared name the runtime already has keeps the runtime's meaning.
    const json = await renderPromptFile(parsePromptFile('{{json data}}', { fileName: 'j.prompt' }), { input: { data: { a: 1 } }, helpers: ['json'] });
    expect(json.messages[0]?.text).toBe('{"a":1}');
  });
});
