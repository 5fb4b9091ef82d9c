import { describe, expect, it } from 'vitest';
import { analyzePrompt, memoryWorkspace } from '../../../src/core/analysis';
import { PriceCatalog } from '../../../src/core/pricing';
import { checkPromptFile, parsePromptFile, renderPromptFile } from '../../../src/core/prompt';
import type { TextEdit } from '../../../src/core/text';
import { TokenService } from '../../../src/core/tokens';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

const GOOGLE_STYLE = [
  '---',
  'model: googleai/gemini-2.5-flash',
  'input:',
  '  schema:',
  '    name: string',
  '---',
  '{{#role "system"}}',
  'You are a friendly assistant for a bicycle repair shop. Answer in two sentences at most.',
  '{{/role}}',
  '{{#role "user"}}',
  'Hello, my name is {{name}}. My brakes squeak when it rains.',
  '{{/role}}',
  '',
].join('\n');

const deps = { tokens: new TokenService(), catalog: new PriceCatalog() };

describe('content the runtime drops', () => {
  it('block-form role renders to nothing: a warning on each tag, and the fix makes the text reach the messages', async () => {
    const file = parsePromptFile(GOOGLE_STYLE, { fileName: 'g.prompt' });
    expect((await renderPromptFile(file, { input: { name: 'Ada' } })).messages).toEqual([]);
    const diags = checkPromptFile(file, {}).filter((d) => d.code === 'dropped-by-runtime');
    expect(diags.map((d) => GOOGLE_STYLE.slice(d.range.start, d.range.end))).toEqual(['{{#role "system"}}', '{{#role "user"}}']);
    expect(diags[0]?.message).toContain('Write the marker `{{role "system"}}` before the text instead.');
    expect(diags[0]?.fixes?.map((f) => f.title)).toEqual(['Convert to the marker `{{role "system"}}`', 'Convert all 2 block-form markers to marker form']);

    const fixed = applyEdits(GOOGLE_STYLE, diags[0]?.fixes?.[1]?.edits ?? []);
    expect(fixed).toBe(GOOGLE_STYLE.replace('{{#role "system"}}', '{{role "system"}}').replace('{{#role "user"}}', '{{role "user"}}').replace(/\{\{\/role\}\}\n/g, ''));
    const fixedFile = parsePromptFile(fixed, { fileName: 'g.prompt' });
    expect(checkPromptFile(fixedFile, {}).filter((d) => d.code === 'dropped-by-runtime')).toEqual([]);
    const messages = (await renderPromptFile(fixedFile, { input: { name: 'Ada' } })).messages;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]?.text).toContain('my name is Ada');
  });

  it('history and section closed like blocks are named too; the single fix keeps the text after the marker', () => {
    const text = '---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\nRules.\n{{#section "notes"}}\nKeep it short. {{/section}}\n';
    const [d] = checkPromptFile(parsePromptFile(text, { fileName: 's.prompt' }), {}).filter((x) => x.code === 'dropped-by-runtime');
    expect(d?.message).toMatch(/block-form `\{\{#section\}\}…\{\{\/section\}\}`/);
    expect(applyEdits(text, d?.fixes?.[0]?.edits ?? [])).toBe('---\nmodel: openai/gpt-4o\n---\n{{role "system"}}\nRules.\n{{section "notes"}}\nKeep it short. \n');
  });

  it('analysis warns when rendering drops most of the template text, naming the known cause', async () => {
    const analysis = await analyzePrompt({ fileName: '/p/g.prompt', text: GOOGLE_STYLE, workspace: memoryWorkspace({}), defaultTargets: [], deps });
    const [d] = analysis.renderDiagnostics;
    expect(d).toMatchObject({ code: 'content-dropped', severity: 'warning' });
    expect(d?.message).toMatch(/^Rendering drops most of the template text: only 0% of it reaches the messages with this input\. Cause: block-form `\{\{#role\}\}…\{\{\/role\}\}` \(line 7, 10\)/);
  });

  it('an unknown cause (a false condition) is reported without blaming a construct; a normal prompt gets nothing', async () => {
    const text = `---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    vip?: boolean\n---\n{{#if vip}}\n${'Offer the premium upgrade path and describe every benefit in detail. '.repeat(3)}\n{{/if}}\nHi.\n`;
    const analysis = await analyzePrompt({ fileName: '/p/c.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps });
    expect(analysis.renderDiagnostics[0]?.message).toContain('Check the conditions (`{{#if}}`) and loops');
    const withVip = await analyzePrompt({ fileName: '/p/c.prompt', text, workspace: memoryWorkspace({}), defaultTargets: [], deps, input: { kind: 'json', value: { vip: true } } });
    expect(withVip.renderDiagnostics).toEqual([]);
  });
});
