import { describe, expect, it } from 'vitest';
import { formatPromptText, parsePromptFile, renderPromptFile, tidyTag } from '../../../src/core/prompt';
import { pick, seededRandom } from '../../support/seededRandom';
import { example } from './helpers';

const EXAMPLES = ['support-agent.prompt', 'support-agent.claude.prompt', '_company-facts.prompt', 'summarizer.prompt'];
const PARTIAL = example('_company-facts.prompt');

async function rendered(text: string): Promise<unknown> {
  const file = parsePromptFile(text, { fileName: 'f.prompt' });
  const result = await renderPromptFile(file, { input: { x: 1, name: 'Ada', customer: { name: 'Bo' } }, loadPartial: (n) => (n === 'company-facts' ? PARTIAL : undefined) });
  return { messages: result.messages, error: result.error?.message ?? null };
}

const MESSY = [
  '---',
  '# who answers',
  'model:   openai/gpt-4o   # the main target',
  'targets: [ anthropic/claude-sonnet-4-5 ,  googleai/gemini-2.5-flash ]',
  'input:',
  '    schema:',
  '        name: string',
  '    default:',
  '        name: "friend"',
  '---',
  '',
  '',
  '{{ role   "system" }}',
  'You help {{  name }} with {{#if  x }}one{{ else }}two{{/ if}}.   ',
  '{{>   company-facts }}',
  '{{!-- a comment   with  spaces --}}',
  '{{role "user"}}',
  'Say "{{ name }}"  twice.',
  '',
  '',
].join('\n');

describe('formatPromptText', () => {
  it('normalises the frontmatter keeping comments and key order, tidies tags, trims the body edges', () => {
    const out = formatPromptText(MESSY);
    expect(out).toBe([
      '---',
      '# who answers',
      'model: openai/gpt-4o # the main target',
      'targets: [anthropic/claude-sonnet-4-5, googleai/gemini-2.5-flash]',
      'input:',
      '  schema:',
      '    name: string',
      '  default:',
      '    name: "friend"',
      '---',
      '{{role "system"}}',
      'You help {{name}} with {{#if x}}one{{else}}two{{/if}}.   ',
      '{{> company-facts}}',
      '{{!-- a comment   with  spaces --}}',
      '{{role "user"}}',
      'Say "{{name}}"  twice.',
      '',
    ].join('\n'));
  });

  it('never changes the rendered output, and is idempotent, on the examples and the messy file', async () => {
    for (const text of [...EXAMPLES.map((n) => example(n)), MESSY, MESSY.replace(/\n/g, '\r\n')]) {
      const once = formatPromptText(text);
      expect(formatPromptText(once)).toBe(once);
      expect(await rendered(once)).toEqual(await rendered(text));
    }
  });

  it('leaves broken YAML, unclosed frontmatter, broken templates and body text alone', () => {
    const brokenYaml = '---\nmodel: [openai/gpt-4o\n---\n{{ name }}\n';
    expect(formatPromptText(brokenYaml)).toBe('---\nmodel: [openai/gpt-4o\n---\n{{name}}\n');
    expect(formatPromptText('---\nmodel: x\n{{ name }}')).toBe('---\nmodel: x\n{{ name }}');
    expect(formatPromptText('Hello {{#if x}} {{ name }}')).toBe('Hello {{#if x}} {{ name }}');
    expect(formatPromptText('No frontmatter:   \n\n{{ name }}  \n\n')).toBe('No frontmatter:   \n\n{{name}}  \n\n');
  });

  it('tidyTag keeps quoted strings, tildes and partial spacing', () => {
    expect(tidyTag('{{~#  each  items   as |item| ~}}')).toBe('{{~#each items as |item|~}}');
    expect(tidyTag('{{ media url="a  b" }}')).toBe('{{media url="a  b"}}');
    expect(tidyTag('{{{  raw  }}}')).toBe('{{{raw}}}');
    expect(tidyTag('{{#>  layout }}')).toBe('{{#> layout}}');
  });
});

// Seeded corpus in the style of fuzz.test.ts: whitespace inside tags, syntax junk, YAML junk.
const SPACES = [' ', '  ', '\t', ' \n '];
const JUNK = ['{{', '}}', '{{#if x}}', '{{/if}}', '"', "'", '~', '---\n', '\r\n', ': :', '[', '# c\n', '  - a\n'];

function mutate(text: string, r: () => number): string {
  let out = text;
  const steps = 1 + Math.floor(r() * 4);
  for (let s = 0; s < steps; s++) {
    const p = Math.floor(r() * (out.length + 1));
    const kind = r();
    if (kind < 0.5) {
      // Extra whitespace just inside a tag.
      const open = out.indexOf('{{', p);
      if (open >= 0) out = out.slice(0, open + 2) + pick(r, SPACES) + out.slice(open + 2);
    } else if (kind < 0.8) out = out.slice(0, p) + pick(r, JUNK) + out.slice(p);
    else out = out.slice(0, p) + out.slice(Math.min(out.length, p + Math.floor(r() * 40)));
  }
  return out;
}

describe('fmt fuzz: rendering unchanged, idempotent', () => {
  it('holds over 400 seeded mutations of the examples', async () => {
    const r = seededRandom(0xf0);
    const failures: string[] = [];
    let changed = 0;
    for (let i = 0; i < 400; i++) {
      const text = mutate(example(pick(r, EXAMPLES)), r);
      const once = formatPromptText(text);
      if (once !== text) changed++;
      if (formatPromptText(once) !== once) failures.push(`#${i} not idempotent`);
      if (JSON.stringify(await rendered(once)) !== JSON.stringify(await rendered(text))) failures.push(`#${i} render changed:\n${JSON.stringify(text)}`);
    }
    expect(failures).toEqual([]);
    // The corpus must exercise the formatter, not only files it leaves alone.
    expect(changed).toBeGreaterThan(100);
  }, 120_000);
});
