import { describe, expect, it } from 'vitest';
import { checkPromptFile, parsePromptFile } from '../../../src/core/prompt';
import { rangeOf } from './helpers';

const BROKEN = [
  '---',
  'model: googleai/gemini-2.5-flash',
  'targets:',
  '  - openai/gpt-4o',
  'config: [1, 2',
  'input:',
  '  schema:',
  '    customer: string',
  '    order?: object',
  '  default:',
  '    tone: warm',
  '---',
  '{{role "system"}}',
  'Be {{tone}} with {{customer}} about {{order.id}} and {{custmer}}.',
].join('\n');

describe('broken YAML recovery', () => {
  it('recovers model, targets and the declared input keys while the YAML does not parse', () => {
    const file = parsePromptFile(BROKEN, { fileName: 'b.prompt' });
    expect(file.frontmatter?.data).toBeUndefined();
    expect(file.frontmatterRecovered).toBe(true);
    expect(file.model).toBe('googleai/gemini-2.5-flash');
    expect(file.targets).toEqual(['googleai/gemini-2.5-flash', 'openai/gpt-4o']);
    expect(file.inputFields.map((f) => [f.name, f.optional, f.type])).toEqual([['customer', false, 'string'], ['order', true, 'object'], ['tone', true, 'any']]);
    expect(file.inputFields[0]?.keyRange).toEqual(rangeOf(BROKEN, 'customer'));
    expect(file.hasInputSchema).toBe(true);
  });

  it('variable checks keep working: only the typo is reported, with "did you mean" and no claim that nothing is declared', () => {
    const diags = checkPromptFile(parsePromptFile(BROKEN, { fileName: 'b.prompt' }), {});
    expect(diags.find((d) => d.code === 'yaml-syntax')).toBeDefined();
    const undeclared = diags.filter((d) => d.code === 'undeclared-variable');
    expect(undeclared).toHaveLength(1);
    expect(undeclared[0]?.message).toBe('`custmer` is used but not declared in `input.schema`. Did you mean `customer`?');
    expect(undeclared[0]?.severity).toBe('warning');
    expect(undeclared[0]?.fixes?.map((f) => f.title)).toEqual(['Change to `customer`']);
    expect(diags.some((d) => d.message.includes('declares no inputs'))).toBe(false);
  });

  it('flow-style targets and quoted values are read too; valid YAML is not "recovered"', () => {
    const flow = parsePromptFile('---\nmodel: "openai/gpt-4o"\ntargets: [anthropic/claude-sonnet-4-5, \'googleai/gemini-2.5-pro\']\nbudget: [\n---\nHi', { fileName: 'f.prompt' });
    expect(flow.targets).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5', 'googleai/gemini-2.5-pro']);
    const ok = parsePromptFile('---\nmodel: openai/gpt-4o\n---\nHi', { fileName: 'o.prompt' });
    expect(ok.frontmatterRecovered).toBeUndefined();
  });

  it('did you mean also works on valid files, and the rename fix edits every use', () => {
    const text = '---\ninput:\n  schema:\n    question: string\n---\n{{qestion}} and again {{qestion}}';
    const [d] = checkPromptFile(parsePromptFile(text, { fileName: 'q.prompt' }), {}).filter((x) => x.code === 'undeclared-variable');
    expect(d?.message).toContain('Did you mean `question`?');
    expect(d?.fixes?.[0]?.edits).toHaveLength(2);
    expect(d?.fixes?.[1]?.title).toMatch(/schema/i);
  });
});
