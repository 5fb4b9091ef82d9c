import { describe, expect, it } from 'vitest';
import { parsePromptFile, promptNameParts, findExpressionAt, documentOutline } from '../../../src/core/prompt';
import { example, rangeOf, slice } from './helpers';

const BASIC = [
  '---',
  'model: openai/gpt-4o',
  'targets:',
  '  - anthropic/claude-sonnet-4-5',
  '  - openai/gpt-4o',
  'budget: 1200',
  'samples: cases.jsonl',
  'config:',
  '  temperature: 0.2',
  '  maxOutputTokens: 300',
  'input:',
  '  schema:',
  '    name: string, the customer name',
  '    plan?(enum, tier): [free, pro]',
  '    customer(object):',
  '      email: string',
  '    orders(array):',
  '      id: string',
  '  default:',
  '    name: friend',
  '---',
  '{{role "system"}}',
  'You help {{name}}.',
  '{{#if plan}}Plan: {{plan}}{{/if}}',
  '{{> facts}}',
  '{{!-- a note --}}',
  '{{role "user"}}',
  '{{customer.email}}',
  '',
].join('\n');

describe('parsePromptFile: .prompt', () => {
  const file = parsePromptFile(BASIC, { fileName: 'dir/agent.prompt' });

  it('finds the frontmatter, its YAML and key ranges exactly', () => {
    const fm = file.frontmatter!;
    expect(fm.range.start).toBe(0);
    expect(BASIC.slice(fm.range.end - 4, fm.range.end)).toBe('---\n');
    expect(slice(BASIC, fm.yamlRange).startsWith('model:')).toBe(true);
    expect(slice(BASIC, fm.yamlRange).endsWith('name: friend')).toBe(true);
    expect(fm.closed).toBe(true);
    expect(fm.errors).toEqual([]);
    expect(fm.keys.map((k) => k.key)).toEqual(['model', 'targets', 'budget', 'samples', 'config', 'input']);
    const model = fm.keys[0]!;
    expect(model.keyRange).toEqual(rangeOf(BASIC, 'model'));
    expect(model.valueRange).toEqual(rangeOf(BASIC, 'openai/gpt-4o'));
    expect(file.bodyRange.start).toBe(fm.range.end);
  });

  it('reads model, targets (model first, deduped), budget, samples, config', () => {
    expect(file.model).toBe('openai/gpt-4o');
    expect(file.targets).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']);
    expect(file.budget).toBe(1200);
    expect(file.samples).toBe('cases.jsonl');
    expect(file.config.temperature).toBe(0.2);
    expect(file.config.maxOutputTokens).toBe(300);
  });

  it('flattens the Picoschema input with types, descriptions, defaults and key ranges', () => {
    const byPath = Object.fromEntries(file.inputFields.map((f) => [f.path, f]));
    expect(Object.keys(byPath)).toEqual(['name', 'plan', 'customer', 'customer.email', 'orders', 'orders[].id']);
    expect(byPath.name).toMatchObject({ type: 'string', description: 'the customer name', optional: false, default: 'friend', depth: 0 });
    expect(byPath.plan).toMatchObject({ type: 'enum', description: 'tier', optional: true });
    expect(byPath['customer.email']).toMatchObject({ type: 'string', depth: 1 });
    expect(byPath.orders!.type).toBe('array');
    expect(slice(BASIC, byPath.name!.keyRange!)).toBe('name');
    expect(file.inputDefaults).toEqual({ name: 'friend' });
    expect(file.hasInputSchema).toBe(true);
  });

  it('splits role sections at {{role}} markers with exact ranges', () => {
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user']);
    const [system, user] = file.sections;
    expect(system!.markerRange).toEqual(rangeOf(BASIC, '{{role "system"}}'));
    expect(system!.headerLine).toBe(21);
    expect(system!.contentRange.start).toBe(rangeOf(BASIC, '{{role "system"}}').end);
    expect(system!.contentRange.end).toBe(rangeOf(BASIC, '{{role "user"}}').start);
    expect(user!.contentRange.end).toBe(BASIC.length);
    expect(system!.implicit).toBe(false);
  });

  it('lists expressions by kind with ranges', () => {
    const kinds = file.expressions.map((e) => `${e.kind}:${e.name}`);
    expect(kinds).toEqual([
      'role:role', 'variable:name', 'blockOpen:if', 'variable:plan', 'blockClose:if', 'partial:facts', 'comment:', 'role:role', 'variable:customer.email',
    ]);
    const partial = file.expressions.find((e) => e.kind === 'partial')!;
    expect(partial.range).toEqual(rangeOf(BASIC, '{{> facts}}'));
    expect(slice(BASIC, partial.nameRange)).toBe('facts');
    expect(file.expressions.find((e) => e.kind === 'comment')!.text).toBe('a note');
    expect(file.blocks).toHaveLength(1);
    expect(file.blocks[0]!.range).toEqual(rangeOf(BASIC, '{{#if plan}}Plan: {{plan}}{{/if}}'));
    expect(file.structureProblems).toEqual([]);
  });

  it('finds the expression at an offset', () => {
    const at = rangeOf(BASIC, '{{plan}}').start + 3;
    expect(findExpressionAt(file, at)?.name).toBe('plan');
    expect(findExpressionAt(file, rangeOf(BASIC, 'You help').start)).toBeUndefined();
  });
});

describe('parsePromptFile: edge cases', () => {
  it('without markers the body is one implicit user section (as Dotprompt renders it)', () => {
    const text = '---\nmodel: openai/gpt-4o\n---\nSummarize {{text}}.\n';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.sections).toHaveLength(1);
    expect(file.sections[0]).toMatchObject({ role: 'user', implicit: true, markerRange: undefined, headerLine: 3 });
    expect(file.sections[0]!.contentRange).toEqual({ start: text.indexOf('Summarize'), end: text.length });
  });

  it('text before the first marker becomes an implicit user section; comments alone do not', () => {
    const a = parsePromptFile('Intro\n{{role "system"}}\nSys', { fileName: 'a.prompt' });
    expect(a.sections.map((s) => [s.role, s.implicit])).toEqual([['user', true], ['system', false]]);
    const b = parsePromptFile('{{!-- header --}}\n{{role "system"}}\nSys', { fileName: 'a.prompt' });
    expect(b.sections.map((s) => s.role)).toEqual(['system']);
  });

  it('{{history}} starts a model section', () => {
    const file = parsePromptFile('{{role "system"}}S\n{{history}}\nafter', { fileName: 'a.prompt' });
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'model']);
  });

  it('tolerates CRLF with exact offsets', () => {
    const text = '---\r\nmodel: openai/gpt-4o\r\n---\r\n{{role "system"}}\r\nHi {{name}}\r\n';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.frontmatter!.keys[0]!.valueRange).toEqual(rangeOf(text, 'openai/gpt-4o'));
    expect(slice(text, file.frontmatter!.yamlRange)).toBe('model: openai/gpt-4o');
    expect(file.bodyRange.start).toBe(text.indexOf('{{role'));
    expect(file.sections[0]!.markerRange).toEqual(rangeOf(text, '{{role "system"}}'));
    expect(file.sections[0]!.headerLine).toBe(3);
    expect(file.expressions[1]!.range).toEqual(rangeOf(text, '{{name}}'));
  });

  it('tolerates a BOM: offsets stay in the original text', () => {
    const text = '\uFEFF---\nmodel: openai/gpt-4o\n---\nHello {{name}}';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.bomLength).toBe(1);
    expect(file.frontmatter!.range.start).toBe(1);
    expect(file.model).toBe('openai/gpt-4o');
    expect(file.expressions[0]!.range).toEqual(rangeOf(text, '{{name}}'));
  });

  it('handles an empty file', () => {
    const file = parsePromptFile('', { fileName: 'a.prompt' });
    expect(file.frontmatter).toBeUndefined();
    expect(file.sections).toEqual([]);
    expect(file.expressions).toEqual([]);
    expect(file.targets).toEqual([]);
  });

  it('handles frontmatter only (with and without a final newline)', () => {
    for (const text of ['---\nmodel: openai/gpt-4o\n---\n', '---\nmodel: openai/gpt-4o\n---']) {
      const file = parsePromptFile(text, { fileName: 'a.prompt' });
      expect(file.frontmatter!.closed).toBe(true);
      expect(file.model).toBe('openai/gpt-4o');
      expect(file.bodyRange).toEqual({ start: text.length, end: text.length });
      expect(file.sections).toEqual([]);
    }
  });

  it('handles no frontmatter', () => {
    const text = 'Just {{text}}';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.frontmatter).toBeUndefined();
    expect(file.bodyRange).toEqual({ start: 0, end: text.length });
    expect(file.model).toBeUndefined();
  });

  it('records an unclosed frontmatter', () => {
    const file = parsePromptFile('---\nmodel: x\nHello', { fileName: 'a.prompt' });
    expect(file.frontmatter!.closed).toBe(false);
  });

  it('records YAML errors with ranges and no data', () => {
    const text = '---\nmodel: [oops\n---\nHi';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.frontmatter!.data).toBeUndefined();
    expect(file.frontmatter!.errors.length).toBeGreaterThan(0);
    for (const e of file.frontmatter!.errors) {
      expect(e.range.start).toBeGreaterThanOrEqual(file.frontmatter!.yamlRange.start);
      expect(e.range.end).toBeLessThanOrEqual(file.frontmatter!.yamlRange.end);
    }
  });

  it('reads JSON Schema input with required fields', () => {
    const text = '---\ninput:\n  schema:\n    type: object\n    properties:\n      q: {type: string, description: question}\n      n: {type: integer, default: 3}\n    required: [q]\n---\n{{q}} {{n}}';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.inputFields.map((f) => [f.name, f.type, f.optional])).toEqual([['q', 'string', false], ['n', 'integer', true]]);
    expect(file.inputFields[1]!.default).toBe(3);
  });

  it('classifies the handlebars tag kinds', () => {
    const text = '{{{raw}}} {{&amp}} {{json data indent=2}} {{#each items as |item i|}}{{item.name}}{{else}}none{{/each}} {{^empty}}x{{/empty}} {{#> layout}}b{{/layout}} {{! short }} \\{{escaped}} {{media url=img}}';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.expressions.map((e) => `${e.kind}:${e.name}`)).toEqual([
      'variable:raw', 'variable:amp', 'helper:json', 'blockOpen:each', 'variable:item.name', 'else:else', 'blockClose:each',
      'blockOpen:empty', 'blockClose:empty', 'partialBlockOpen:layout', 'blockClose:layout', 'comment:', 'helper:media',
    ]);
    const each = file.expressions[3]!;
    expect(each.blockParams).toEqual(['item', 'i']);
    expect(file.expressions[12]!.paths.map((p) => p.path)).toEqual(['img']);
    expect(file.expressions[2]!.paths.map((p) => p.path)).toEqual(['data']);
  });

  it('records unterminated tags and unbalanced blocks without throwing', () => {
    const text = 'a {{name\nb {{#if x}}c {{/each}} {{#with y}}';
    const file = parsePromptFile(text, { fileName: 'a.prompt' });
    expect(file.structureProblems.map((p) => p.code)).toEqual(['unterminated-expression', 'mismatched-close', 'unclosed-block']);
    expect(file.structureProblems[0]!.range).toEqual(rangeOf(text, '{{name'));
    expect(file.structureProblems[1]!.range).toEqual(rangeOf(text, '{{/each}}'));
    expect(file.structureProblems[2]!.range).toEqual(rangeOf(text, '{{#with y}}'));
  });
});

describe('parsePromptFile: names and kinds', () => {
  it('derives base name, variant and partial name', () => {
    expect(promptNameParts('x/support-agent.claude.prompt')).toEqual({ baseName: 'support-agent', variant: 'claude', partialName: undefined });
    expect(promptNameParts('C:\\p\\_company-facts.prompt')).toEqual({ baseName: 'company-facts', variant: undefined, partialName: 'company-facts' });
    expect(promptNameParts('legacy.prompty')).toEqual({ baseName: 'legacy', variant: undefined, partialName: undefined });
  });

  it('treats .md and .txt as one system message without template parsing', () => {
    const text = '# Title\n\nDo {{not}} parse.\n';
    const file = parsePromptFile(text, { fileName: 'notes.md' });
    expect(file.kind).toBe('text');
    expect(file.sections).toEqual([{ role: 'system', markerRange: undefined, contentRange: { start: 0, end: text.length }, headerLine: 0, implicit: true }]);
    expect(file.expressions).toEqual([]);
    expect(parsePromptFile('x', { fileName: 'a.txt' }).kind).toBe('text');
  });
});

describe('examples', () => {
  it('parses support-agent.prompt', () => {
    const text = example('support-agent.prompt');
    const file = parsePromptFile(text, { fileName: 'support-agent.prompt' });
    expect(file.targets).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user']);
    expect(file.samples).toBe('support-agent.samples.jsonl');
    expect(file.config.maxOutputTokens).toBe(700);
    expect(file.inputFields.map((f) => f.name)).toEqual(['customer_name', 'plan', 'channel', 'order_id', 'language', 'message']);
    expect(file.structureProblems).toEqual([]);
  });

  it('builds an outline: frontmatter keys, sections, headings, partials, blocks, examples', () => {
    const text = example('support-agent.prompt');
    const file = parsePromptFile(text, { fileName: 'support-agent.prompt' });
    const outline = documentOutline(file);
    expect(outline.map((s) => `${s.kind}:${s.name}`)).toEqual(['frontmatter:frontmatter', 'section:system', 'section:user']);
    expect(outline[0]!.children.map((c) => c.name)).toContain('targets');
    const system = outline[1]!;
    const names = system.children.map((c) => `${c.kind}:${c.name}`);
    expect(names).toContain('heading:Policies');
    expect(names).toContain('examples:Examples');
    expect(names).toContain('partial:> company-facts');
    expect(names).toContain('block:#if order_id');
    for (const c of system.children) {
      expect(c.range.start).toBeGreaterThanOrEqual(system.range.start);
      expect(c.range.end).toBeLessThanOrEqual(system.range.end);
      expect(c.selectionRange.start).toBeGreaterThanOrEqual(c.range.start);
    }
    const policies = system.children.find((c) => c.name === 'Policies')!;
    expect(text.slice(policies.range.start, policies.range.end)).toContain('Price matching');
    expect(text.slice(policies.range.start, policies.range.end)).not.toContain('## Troubleshooting');
  });

  it('marks <example> tags in the outline', () => {
    const file = parsePromptFile(example('support-agent.claude.prompt'), { fileName: 'support-agent.claude.prompt' });
    expect(file.variant).toBe('claude');
    const system = documentOutline(file).find((s) => s.name === 'system')!;
    expect(system.children.some((c) => c.kind === 'examples' && c.name === '<example>')).toBe(true);
  });
});
