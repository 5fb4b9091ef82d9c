import { describe, expect, it } from 'vitest';
import { checkPromptFile, parsePromptFile, type CheckEnvironment } from '../../../src/core/prompt';
import type { PromptDiagnostic } from '../../../src/core/diagnostics';
import type { TextEdit } from '../../../src/core/text';
import { example, rangeOf } from './helpers';

function check(text: string, env: CheckEnvironment = {}, fileName = 'a.prompt'): PromptDiagnostic[] {
  return checkPromptFile(parsePromptFile(text, { fileName }), env);
}

function only(diags: PromptDiagnostic[], code: string): PromptDiagnostic[] {
  return diags.filter((d) => d.code === code);
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

const KNOWN = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'];
const modelEnv: CheckEnvironment = { knownModel: (id) => KNOWN.includes(id), modelIds: () => KNOWN };

describe('checkPromptFile', () => {
  it('reports nothing on the examples (with a full environment)', () => {
    const env: CheckEnvironment = {
      knownModel: () => true,
      partialExists: (n) => n === 'company-facts',
      loadPartial: (n) => (n === 'company-facts' ? example('_company-facts.prompt') : undefined),
      sampleFile: (p) => (p === 'support-agent.samples.jsonl' ? { exists: true, text: example(p) } : { exists: false }),
    };
    for (const name of ['support-agent.prompt', 'support-agent.claude.prompt', 'summarizer.prompt', '_company-facts.prompt', 'legacy-triage.prompty', 'release-notes-writer.md']) {
      const diags = check(example(name), env, name);
      expect(diags, name).toEqual([]);
    }
  });

  it('yaml-syntax: error at the YAML problem', () => {
    const text = '---\nmodel: openai/gpt-4o\nconfig: [1, 2\n---\nHi';
    const [d] = only(check(text), 'yaml-syntax');
    expect(d).toMatchObject({ severity: 'error', source: 'promptscope' });
    expect(d!.range.start).toBeGreaterThanOrEqual(text.indexOf('config'));
    expect(d!.range.end).toBeLessThanOrEqual(text.lastIndexOf('---'));
  });

  it('yaml-syntax: duplicate keys', () => {
    const text = '---\nmodel: openai/gpt-4o\nmodel: openai/gpt-4o-mini\n---\nHi';
    const [d] = only(check(text), 'yaml-syntax');
    expect(d!.message).toMatch(/unique|duplicate/i);
    expect(d!.range.start).toBe(text.indexOf('model', 5));
  });

  it('frontmatter-unclosed: error on the opening line', () => {
    const text = '---\nmodel: openai/gpt-4o\nHello';
    const [d] = only(check(text), 'frontmatter-unclosed');
    expect(d!.range).toEqual({ start: 0, end: 3 });
  });

  it('unknown-key: warning with a did-you-mean fix that renames the key', () => {
    const text = '---\nmodle: openai/gpt-4o\ntarget:\n  - openai/gpt-4o\nfoo: 1\nmyapp.owner: team\n---\nHi';
    const diags = only(check(text), 'unknown-key');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, 'modle'), rangeOf(text, 'target'), rangeOf(text, 'foo')]);
    expect(diags[0]!.message).toContain('Did you mean `model`?');
    expect(applyEdits(text, diags[0]!.fixes![0]!.edits)).toContain('\nmodel: openai/gpt-4o');
    expect(diags[1]!.fixes![0]!.edits[0]!.newText).toBe('targets');
    expect(diags[2]!.fixes).toBeUndefined();
  });

  it('unknown-key: prompty files use the Prompty key set', () => {
    const diags = check('---\nname: x\ninputs: []\nmodle: {}\n---\nuser:\nhi', {}, 'x.prompty');
    expect(only(diags, 'unknown-key').map((d) => d.message)).toEqual(['Unknown frontmatter key `modle`. Did you mean `model`?']);
  });

  it('unknown-model: warning on the model value and each target, with a replacement fix', () => {
    const text = '---\nmodel: openai/gpt-4o-mimi\ntargets:\n  - anthropic/claude-sonet-4-5\n  - openai/gpt-4o\n---\nHi';
    const diags = only(check(text, modelEnv), 'unknown-model');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, 'openai/gpt-4o-mimi'), rangeOf(text, 'anthropic/claude-sonet-4-5')]);
    expect(diags[0]!.severity).toBe('warning');
    expect(diags[0]!.fixes![0]!.edits[0]!.newText).toBe('openai/gpt-4o-mini');
    expect(diags[1]!.fixes![0]!.edits[0]!.newText).toBe('anthropic/claude-sonnet-4-5');
    expect(only(check(text), 'unknown-model')).toEqual([]);
  });

  it('invalid-model-id: ids without a provider; the fix names only providers the catalog knows the model under', () => {
    const env: CheckEnvironment = {
      ...modelEnv,
      idsForModelName: (m) => (m === 'gemini-9-flash' ? ['google/gemini-9-flash'] : m === 'mystery' ? [] : ['x/never']),
    };
    const text = '---\nmodel: gemini-9-flash\n---\nHi';
    const [d] = only(check(text, env), 'invalid-model-id');
    expect(d!.range).toEqual(rangeOf(text, 'gemini-9-flash'));
    expect(d!.message).toBe('`gemini-9-flash` is not a model id: write `provider/model`, e.g. `google/gemini-9-flash`.');
    expect(d!.fixes?.map((f) => f.title)).toEqual(['Replace with `google/gemini-9-flash`']);
    expect(d!.message).not.toContain('openai/gemini');

    const [unknown] = only(check('---\nmodel: mystery\n---\nHi', env), 'invalid-model-id');
    expect(unknown!.fixes).toBeUndefined();
    expect(unknown!.message).not.toContain('openai/mystery');
  });

  it('a bare id the catalog knows is what Genkit resolves through its default plugin: no finding', () => {
    const env: CheckEnvironment = { knownModel: (id) => id === 'gemini-2.5-flash' || id === 'googleai/gemini-2.5-flash', modelIds: () => [] };
    expect(check('---\nmodel: gemini-2.5-flash\n---\nHi', env)).toEqual([]);
    expect(check('---\nmodel: googleai/gemini-2.5-flash\n---\nHi', env)).toEqual([]);
  });

  it('invalid-value: budget, targets, temperature', () => {
    const text = '---\nbudget: lots\ntargets: openai/gpt-4o\nconfig:\n  temperature: 7\n  maxOutputTokens: -1\n---\nHi';
    const diags = only(check(text), 'invalid-value');
    expect(diags.map((d) => text.slice(d.range.start, d.range.end))).toEqual(['lots', 'openai/gpt-4o', '7', '-1']);
  });

  it('undeclared-variable: warning on the variable name, fix adds it to the Picoschema', () => {
    const text = '---\ninput:\n  schema:\n    name: string\n---\nHi {{name}}, about {{topic.title}} and {{topic}}.';
    const diags = only(check(text), 'undeclared-variable');
    expect(diags).toHaveLength(1);
    expect(diags[0]!.range).toEqual(rangeOf(text, 'topic'));
    expect(diags[0]!.severity).toBe('warning');
    const fixed = applyEdits(text, diags[0]!.fixes![0]!.edits);
    expect(fixed).toBe('---\ninput:\n  schema:\n    name: string\n    topic: string\n---\nHi {{name}}, about {{topic.title}} and {{topic}}.');
    expect(only(check(fixed), 'undeclared-variable')).toEqual([]);
  });

  it('undeclared-variable: the fix lands after a nested last field, and in JSON Schema properties', () => {
    const nested = '---\ninput:\n  schema:\n    customer(object):\n      email: string\n# trailing comment\n---\n{{customer.email}} {{topic}}';
    const [d] = only(check(nested), 'undeclared-variable');
    const fixed = applyEdits(nested, d!.fixes![0]!.edits);
    expect(parsePromptFile(fixed, { fileName: 'a.prompt' }).inputFields.map((f) => f.path)).toEqual(['customer', 'customer.email', 'topic']);
    const json = '---\ninput:\n  schema:\n    type: object\n    properties:\n      a:\n        type: string\n---\n{{a}} {{b}}';
    const [j] = only(check(json), 'undeclared-variable');
    const fixedJson = applyEdits(json, j!.fixes![0]!.edits);
    expect(parsePromptFile(fixedJson, { fileName: 'a.prompt' }).inputFields.map((f) => [f.name, f.type])).toEqual([['a', 'string'], ['b', 'string']]);
  });

  it('undeclared-variable: the fix creates input.schema when missing (CRLF kept)', () => {
    const withInput = '---\r\nmodel: openai/gpt-4o\r\ninput:\r\n  default:\r\n    a: 1\r\n---\r\n{{a}} {{b}}';
    const [d] = only(check(withInput), 'undeclared-variable');
    const fixed = applyEdits(withInput, d!.fixes![0]!.edits);
    expect(fixed).toContain('input:\r\n  default:\r\n    a: 1\r\n  schema:\r\n    b: string\r\n---');
    expect(parsePromptFile(fixed, { fileName: 'a.prompt' }).inputFields.map((f) => f.name)).toEqual(['b']);

    const noInput = '---\nmodel: openai/gpt-4o\n---\n{{b}}';
    const [d2] = only(check(noInput), 'undeclared-variable');
    expect(d2!.severity).toBe('info');
    expect(applyEdits(noInput, d2!.fixes![0]!.edits)).toBe('---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    b: string\n---\n{{b}}');

    const noFrontmatter = 'Hello {{b}}';
    const [d3] = only(check(noFrontmatter), 'undeclared-variable');
    const fixed3 = applyEdits(noFrontmatter, d3!.fixes![0]!.edits);
    expect(parsePromptFile(fixed3, { fileName: 'a.prompt' }).inputFields.map((f) => f.name)).toEqual(['b']);
  });

  it('undeclared-variable: respects each/with scopes, block params, @root and ../', () => {
    const text = '---\ninput:\n  schema:\n    items(array): {id: string}\n    title: string\n---\n{{#each items as |it|}}{{it.id}} {{id}} {{@index}} {{../title}} {{@root.title}}{{/each}}{{#with items}}{{length}}{{/with}}{{this}}';
    expect(only(check(text), 'undeclared-variable')).toEqual([]);
    const outside = only(check('---\ninput:\n  schema:\n    a: string\n---\n{{#if a}}{{b}}{{/if}}{{#each a}}{{../c}}{{/each}}'), 'undeclared-variable');
    expect(outside.map((d) => d.message.split('`')[1])).toEqual(['b', 'c']);
  });

  it('undeclared-variable: prompty inputs, jinja loops and filters', () => {
    const text = '---\ninputs:\n  - name: items\n    kind: array\n---\nuser:\n{% for x in items %}{{ x.name | upper }}{% endfor %} {{ missing }}';
    const diags = only(check(text, {}, 'a.prompty'), 'undeclared-variable');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, 'missing')]);
    expect(diags[0]!.message).toContain('`inputs`');
  });

  it('unused-input: info on the schema key; skipped when partials could use it', () => {
    const text = '---\ninput:\n  schema:\n    used: string\n    spare?: string\n---\n{{used}}';
    const diags = only(check(text), 'unused-input');
    expect(diags.map((d) => [d.severity, d.range])).toEqual([['info', rangeOf(text, 'spare?')]]);
    const withPartial = text + '{{> p}}';
    expect(only(check(withPartial), 'unused-input')).toEqual([]);
    expect(only(check(withPartial, { loadPartial: () => '{{spare}}' }), 'unused-input')).toEqual([]);
    expect(only(check(withPartial, { loadPartial: () => 'nothing' }), 'unused-input')).toHaveLength(1);
  });

  it('missing-partial: error on the name with a create-file fix', () => {
    const text = 'A {{> company-facts}} {{> shared/footer}} {{#*inline "local"}}x{{/inline}}{{> local}}';
    const diags = only(check(text, { partialExists: () => false }), 'missing-partial');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, 'company-facts'), rangeOf(text, 'shared/footer')]);
    expect(diags[0]!.severity).toBe('error');
    expect(diags[0]!.fixes![0]!.createFile!.relativePath).toBe('_company-facts.prompt');
    expect(diags[1]!.fixes![0]!.createFile!.relativePath).toBe('shared/_footer.prompt');
    expect(only(check(text), 'missing-partial')).toEqual([]);
  });

  it('unclosed-block / unmatched-close / mismatched-close / stray-else with exact ranges', () => {
    const text = '{{#if a}}x{{/each}}\n{{/unless}}\n{{else}}\n{{#each b}}y';
    const diags = check(text);
    expect(only(diags, 'mismatched-close').map((d) => d.range)).toEqual([rangeOf(text, '{{/each}}')]);
    expect(only(diags, 'mismatched-close')[0]!.fixes![0]!.edits[0]).toEqual({ range: rangeOf(text, 'each'), newText: 'if' });
    expect(only(diags, 'unmatched-close').map((d) => d.range)).toEqual([rangeOf(text, '{{/unless}}')]);
    expect(only(diags, 'stray-else').map((d) => d.range)).toEqual([rangeOf(text, '{{else}}')]);
    expect(only(diags, 'unclosed-block').map((d) => d.range)).toEqual([rangeOf(text, '{{#each b}}')]);
    expect(applyEdits(text, only(diags, 'unclosed-block')[0]!.fixes![0]!.edits).endsWith('y\n{{/each}}\n')).toBe(true);
    // Structural problems are reported once, not again as a Handlebars parse error.
    expect(only(diags, 'template-syntax')).toEqual([]);
  });

  it('unclosed inner block when an outer close arrives', () => {
    const text = '{{#if a}}{{#each b}}x{{/if}}';
    const diags = check(text).filter((d) => d.severity === 'error');
    expect(diags.map((d) => d.code)).toEqual(['unclosed-block']);
    expect(diags[0]!.range).toEqual(rangeOf(text, '{{#each b}}'));
  });

  it('unterminated-expression and unterminated-comment', () => {
    const text = 'Hi {{name\nthere {{!-- never closed';
    const diags = check(text);
    expect(only(diags, 'unterminated-expression').map((d) => d.range)).toEqual([rangeOf(text, '{{name')]);
    expect(only(diags, 'unterminated-comment').map((d) => d.range)).toEqual([rangeOf(text, '{{!-- never closed')]);
  });

  it('template-syntax: Handlebars parse errors mapped to the file offset', () => {
    const text = '---\nmodel: openai/gpt-4o\n---\nline one\nline two {{a b=}}\n';
    const [d] = only(check(text), 'template-syntax');
    expect(d!.severity).toBe('error');
    expect(d!.range.start).toBe(text.indexOf('}}', text.indexOf('b=')));
    expect(d!.message).toMatch(/expected/);
  });

  it('template-syntax: CRLF and BOM do not shift the location', () => {
    const text = '\uFEFF---\r\nmodel: openai/gpt-4o\r\n---\r\nx\r\n{{{a}}\r\n';
    const [d] = only(check(text), 'template-syntax');
    expect(d!.range.start).toBe(text.indexOf('}}', text.indexOf('{{{a')));
  });

  it('unknown-helper: a warning with a suggestion and a "declare this helper" fix; declared helpers pass', () => {
    const text = '{{jsn data}} {{#iff a}}x{{/iff}} {{#items}}{{/items}} {{uppercase name}}';
    const diags = only(check(text), 'unknown-helper');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, 'jsn'), rangeOf(text, 'iff'), rangeOf(text, 'uppercase')]);
    expect(diags.every((d) => d.severity === 'warning')).toBe(true);
    expect(diags[2]!.fixes).toEqual([{ title: 'Declare `uppercase` as a custom helper', edits: [], declareHelper: 'uppercase' }]);
    expect(diags[2]!.message).toContain('declare it in `promptscope.helpers` (CLI: `--helper uppercase`)');
    expect(diags[0]!.fixes![0]!.edits[0]!.newText).toBe('json');
    expect(diags[1]!.fixes![0]!.edits[0]!.newText).toBe('if');
    expect(only(check(text, { extraHelpers: ['jsn', 'iff', 'uppercase'] }), 'unknown-helper')).toEqual([]);
  });

  it('unknown-role: assistant → model, upper case', () => {
    const text = '{{role "assistant"}}a{{role "System"}}b{{role "model"}}c';
    const diags = only(check(text), 'unknown-role');
    expect(diags.map((d) => d.range)).toEqual([rangeOf(text, '"assistant"'), rangeOf(text, '"System"')]);
    expect(diags.map((d) => d.fixes![0]!.edits[0]!.newText)).toEqual(['"model"', '"system"']);
  });

  it('samples-missing and samples-invalid (per-line JSON errors with line numbers)', () => {
    const text = '---\nsamples: cases.jsonl\n---\nHi';
    const missing = only(check(text, { sampleFile: () => ({ exists: false }) }), 'samples-missing');
    expect(missing.map((d) => d.range)).toEqual([rangeOf(text, 'cases.jsonl')]);
    const bad = ['{"input": {"a": 1}}', '{oops', '', '{"assert": [{"type": "contians", "value": "x"}]}', '[1]', '{"assert": [{"type": "regex", "value": "("}]}'].join('\n');
    const invalid = only(check(text, { sampleFile: () => ({ exists: true, text: bad }) }), 'samples-invalid');
    expect(invalid.map((d) => d.message.split(':').slice(0, 2).join(':'))).toEqual(['cases.jsonl:2', 'cases.jsonl:4', 'cases.jsonl:5', 'cases.jsonl:6']);
    expect(invalid.every((d) => d.range.start === rangeOf(text, 'cases.jsonl').start)).toBe(true);
  });

  it('empty-prompt: info on an empty body, not for partials', () => {
    expect(only(check('---\nmodel: openai/gpt-4o\n---\n'), 'empty-prompt')).toHaveLength(1);
    expect(only(check('', {}, '_p.prompt'), 'empty-prompt')).toEqual([]);
  });

  it('text files get no diagnostics', () => {
    expect(check('{{#if}} broken {{', {}, 'x.md')).toEqual([]);
  });

  it('diagnostics are sorted and carry stable fields', () => {
    const diags = check('---\nfoo: 1\n---\n{{#if a}}', modelEnv);
    for (const d of diags) {
      expect(d.source).toBe('promptscope');
      expect(typeof d.code).toBe('string');
    }
    expect(diags.map((d) => d.range.start)).toEqual([...diags.map((d) => d.range.start)].sort((a, b) => a - b));
  });
});
