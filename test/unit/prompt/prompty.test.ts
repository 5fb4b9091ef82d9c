import { describe, expect, it } from 'vitest';
import { parsePromptFile, parsePrompty, promptToPrompty, promptyToPrompt, renderPromptFile } from '../../../src/core/prompt';
import { example, rangeOf } from './helpers';

const V1 = [
  '---',
  'name: qa',
  'description: Answers questions',
  'version: 1.0',
  'authors:',
  '  - sam',
  'model:',
  '  api: chat',
  '  configuration:',
  '    type: azure_openai',
  '    azure_deployment: gpt-4o',
  '    azure_endpoint: https://x.openai.azure.com',
  '  parameters:',
  '    max_tokens: 256',
  '    temperature: 0.1',
  '    frequency_penalty: 0.5',
  'sample:',
  '  question: What is Lumen?',
  'inputs:',
  '  question:',
  '    type: string',
  '    description: The question',
  '  context:',
  '    type: string',
  '    default: none',
  '---',
  'system:',
  'Answer using {{context}}.',
  '{% if context %}Use it.{% endif %}',
  '{# internal #}',
  'user:',
  '{{question | trim}}',
  '',
].join('\n');

describe('parsePrompty', () => {
  it('reads a v2 file: model id/provider/options, inputs list with ranges and defaults', () => {
    const text = example('legacy-triage.prompty');
    const file = parsePrompty(text, 'legacy-triage.prompty');
    expect(file.kind).toBe('prompty');
    expect(file.promptyVersion).toBe(2);
    expect(file.model).toBe('openai/gpt-4o-mini');
    expect(file.targets).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o']);
    expect(file.config).toMatchObject({ temperature: 0, maxOutputTokens: 150 });
    expect(file.inputFields.map((f) => [f.name, f.type])).toEqual([['subject', 'string'], ['body', 'string'], ['plan', 'string']]);
    expect(file.inputFields[0]!.keyRange).toEqual(rangeOf(text, 'subject'));
    expect(file.inputDefaults.plan).toBe('plus');
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user']);
    expect(file.sections[0]!.markerRange).toEqual(rangeOf(text, 'system:'));
    expect(file.expressions.filter((e) => e.kind === 'variable').map((e) => e.name)).toEqual(['plan', 'subject', 'body']);
  });

  it('reads a v1 file: configuration/parameters, inputs map, sample values as fallback defaults', () => {
    const file = parsePrompty(V1);
    expect(file.promptyVersion).toBe(1);
    expect(file.model).toBe('azure/gpt-4o');
    expect(file.config).toMatchObject({ temperature: 0.1, maxOutputTokens: 256 });
    expect(file.inputFields.map((f) => f.name)).toEqual(['question', 'context']);
    expect(file.inputDefaults).toEqual({ context: 'none', question: 'What is Lumen?' });
    expect(file.expressions.map((e) => `${e.kind}:${e.name}`)).toEqual(['variable:context', 'statement:if', 'statement:endif', 'comment:', 'variable:question']);
  });

  it('recognises role line variants (case, leading #, attributes)', () => {
    const file = parsePrompty('---\nname: x\n---\n# System:\na\nUSER[name="bo"]:\nb\n  assistant :\nc');
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user', 'assistant']);
  });
});

describe('promptyToPrompt', () => {
  it('converts v2: model, options, inputs, role lines, variables', async () => {
    const { text, unmapped } = promptyToPrompt(example('legacy-triage.prompty'));
    const file = parsePromptFile(text, { fileName: 'legacy-triage.prompt' });
    expect(file.model).toBe('openai/gpt-4o-mini');
    expect(file.config).toMatchObject({ temperature: 0, maxOutputTokens: 150 });
    expect(file.inputFields.map((f) => [f.name, f.type, f.optional, f.description])).toEqual([
      ['subject', 'string', true, 'The email subject line'],
      ['body', 'string', true, 'The email body'],
      ['plan', 'string', true, "The customer's plan"],
    ]);
    expect(file.inputDefaults.plan).toBe('plus');
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user']);
    expect(file.targets).toEqual(['openai/gpt-4o-mini', 'openai/gpt-4o']);
    expect(file.frontmatter!.data!['prompty.template']).toEqual({ format: 'jinja2', parser: 'prompty' });
    expect(unmapped).toEqual([]);
    const rendered = await renderPromptFile(file, { input: { subject: 'S' } });
    const original = await renderPromptFile(parsePrompty(example('legacy-triage.prompty')), { input: { subject: 'S' } });
    expect(rendered.messages.map((m) => m.text.trim())).toEqual(original.messages.map((m) => m.text.trim()));
  });

  it('converts v1 and reports (and keeps) what has no exact equivalent', () => {
    const { text, unmapped } = promptyToPrompt(V1);
    const file = parsePromptFile(text, { fileName: 'qa.prompt' });
    expect(file.model).toBe('azure/gpt-4o');
    expect(file.config).toMatchObject({ temperature: 0.1, maxOutputTokens: 256 });
    expect(file.frontmatter!.data!.metadata).toEqual({ authors: ['sam'] });
    expect(text).toContain('{{#if context}}Use it.{{/if}}');
    expect(text).toContain('{{!-- internal --}}');
    expect(text).toContain('{{!-- prompty: {{question | trim}} --}}');
    expect(unmapped.join('\n')).toMatch(/connection/);
    expect(unmapped.join('\n')).toMatch(/frequency_penalty/);
    expect(unmapped.join('\n')).toMatch(/sample/);
    expect(unmapped.join('\n')).toMatch(/question \| trim/);
    const data = file.frontmatter!.data!;
    expect(data['prompty.connection']).toEqual({ azure_endpoint: 'https://x.openai.azure.com' });
    expect(data['prompty.options']).toEqual({ frequency_penalty: 0.5 });
    expect(data['prompty.sample']).toEqual({ question: 'What is Lumen?' });
    expect(file.structureProblems).toEqual([]);
  });

  it('adds a system marker for a body without role lines (Prompty default), maps assistant to model', () => {
    const { text } = promptyToPrompt('---\nname: x\n---\nBe brief.\nassistant:\nOk.');
    expect(parsePromptFile(text, { fileName: 'x.prompt' }).sections.map((s) => s.role)).toEqual(['system', 'model']);
  });

  it('never drops an invalid frontmatter', () => {
    const { text, unmapped } = promptyToPrompt('---\nname: [x\n---\nuser:\nhi');
    expect(text).toContain('name: [x');
    expect(unmapped[0]).toMatch(/invalid YAML/);
  });
});

describe('promptToPrompty', () => {
  it('converts the summarizer: model/options, inputs, role markers, variables', () => {
    const { text, unmapped } = promptToPrompty(example('summarizer.prompt'));
    const file = parsePrompty(text);
    expect(file.promptyVersion).toBe(2);
    expect(file.model).toBe('openai/gpt-4o-mini');
    expect(file.config).toMatchObject({ temperature: 0.2, maxOutputTokens: 200 });
    expect(file.inputFields.map((f) => [f.name, f.type, f.optional])).toEqual([['text', 'string', false], ['sentences', 'integer', true]]);
    expect(file.sections.map((s) => s.role)).toEqual(['system', 'user']);
    expect(text).toContain('{{sentences}} sentences');
    expect(unmapped).toEqual([]);
  });

  it('maps if/unless/each-as blocks to Jinja2 and keeps the rest in comments', () => {
    const src = '---\nmodel: openai/gpt-4o\nvariant: short\noutput:\n  format: json\n---\n{{role "system"}}\n{{#if a}}A{{else}}B{{/if}}{{#unless c}}C{{/unless}}{{#each xs as |x|}}{{x.id}}{{/each}}{{json d}}{{> p}}\n{{role "model"}}\nok';
    const { text, unmapped } = promptToPrompty(src);
    expect(text).toContain('{% if a %}A{% else %}B{% endif %}{% if not c %}C{% endif %}{% for x in xs %}{{x.id}}{% endfor %}{# dotprompt: {{json d}} #}{# dotprompt: {{> p}} #}');
    expect(text).toContain('assistant:\nok');
    expect(unmapped.join('\n')).toMatch(/variant/);
    expect(unmapped.join('\n')).toMatch(/output/);
    expect(unmapped.join('\n')).toMatch(/json d/);
    expect(parsePrompty(text).frontmatter!.data!.metadata).toMatchObject({ dotprompt: { variant: 'short', output: { format: 'json' } } });
  });

  it('round trips the support agent: prompt → prompty → prompt keeps the metadata and renders the same', async () => {
    const original = example('support-agent.prompt');
    const there = promptToPrompty(original);
    expect(there.unmapped.length).toBeGreaterThan(0);
    const back = promptyToPrompt(there.text);
    const a = parsePromptFile(original, { fileName: 'a.prompt' });
    const b = parsePromptFile(back.text, { fileName: 'b.prompt' });
    expect(b.model).toBe(a.model);
    expect(b.targets).toEqual(a.targets);
    expect(b.budget).toBe(a.budget);
    expect(b.samples).toBe(a.samples);
    expect(b.config.maxOutputTokens).toBe(a.config.maxOutputTokens);
    expect(b.inputFields.map((f) => [f.name, f.type])).toEqual(a.inputFields.map((f) => [f.name, f.type]));
    expect(b.inputDefaults).toEqual(a.inputDefaults);
    const load = (n: string) => (n === 'company-facts' ? example('_company-facts.prompt') : undefined);
    for (const input of [{}, { plan: 'premium', order_id: 'LH-9' }]) {
      const ra = await renderPromptFile(a, { input, loadPartial: load });
      const rb = await renderPromptFile(b, { input, loadPartial: load });
      expect(rb.messages.map((m) => [m.role, m.text.trim()])).toEqual(ra.messages.map((m) => [m.role, m.text.trim()]));
    }
  });

  it('round trips prompty → prompt → prompty (v2 example)', () => {
    const original = example('legacy-triage.prompty');
    const back = promptToPrompty(promptyToPrompt(original).text);
    const a = parsePrompty(original);
    const b = parsePrompty(back.text);
    expect(b.model).toBe(a.model);
    expect(b.config).toEqual(a.config);
    expect(b.inputFields.map((f) => [f.name, f.type, f.default])).toEqual(a.inputFields.map((f) => [f.name, f.type, f.default]));
    expect(b.frontmatter!.data!.template).toEqual(a.frontmatter!.data!.template);
    expect(b.frontmatter!.data!.metadata).toEqual(a.frontmatter!.data!.metadata);
    const body = (f: typeof a) => f.sections.map((s) => [s.role, f.text.slice(s.contentRange.start, s.contentRange.end).trim()]);
    expect(body(b)).toEqual(body(a));
    expect(back.unmapped).toEqual([]);
  });
});
