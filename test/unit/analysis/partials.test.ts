import { describe, expect, it } from 'vitest';
import { analyzePrompt, loadPartials, memoryWorkspace } from '../../../src/core/analysis';
import { parsePromptFile } from '../../../src/core/prompt';
import { deps } from './helpers';

const prompt = (body: string): string => `---\nmodel: openai/gpt-4o\n---\n${body}`;

describe('loadPartials', () => {
  it('loads sibling _name.prompt files, nested ones too, relative to the root prompt', async () => {
    const ws = memoryWorkspace({
      '/p/_outer.prompt': 'Outer [{{> inner}}] [{{> shared/deep}}]',
      '/p/_inner.prompt': '---\ndescription: a partial with frontmatter\n---\nInner text',
      '/p/shared/_deep.prompt': 'Deep {{> inner}}',
    });
    const file = parsePromptFile(prompt('{{role "system"}}\nStart {{> outer}} end'), { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, ws);
    expect([...result.sources.keys()].sort()).toEqual(['inner', 'outer', 'shared/deep']);
    expect(result.paths.get('shared/deep')).toBe('/p/shared/_deep.prompt');
    expect(result.missing).toEqual([]);
    expect(result.cycles).toEqual([]);

    const analysis = await analyzePrompt({ fileName: '/p/main.prompt', text: file.text, workspace: ws, defaultTargets: [], deps: deps() });
    expect(analysis.renderError).toBeUndefined();
    expect(analysis.messages[0]?.text.trim()).toBe('Start Outer [Inner text] [Deep Inner text] end');
  });

  it('looks in the extra partial folders after the prompt\'s own, in order; the own folder wins', async () => {
    const ws = memoryWorkspace({
      '/app/shared/_tone.prompt': 'Shared tone',
      '/app/other/_tone.prompt': 'Other tone',
      '/app/other/_sig.prompt': 'Other sig',
      '/app/prompts/_sig.prompt': 'Own sig',
    });
    const text = prompt('{{role "system"}}\n{{> tone}} / {{> sig}}');
    const file = parsePromptFile(text, { fileName: '/app/prompts/main.prompt' });
    const result = await loadPartials(file, ws, { partialDirs: ['/app/shared', '/app/other'] });
    expect(result.paths.get('tone')).toBe('/app/shared/_tone.prompt');
    expect(result.paths.get('sig')).toBe('/app/prompts/_sig.prompt');
    const analysis = await analyzePrompt({ fileName: '/app/prompts/main.prompt', text, workspace: ws, defaultTargets: [], deps: deps(), partialDirs: ['/app/shared'] });
    expect(analysis.messages[0]?.text.trim()).toBe('Shared tone / Own sig');
    expect((await loadPartials(file, ws)).missing.map((m) => m.name)).toEqual(['tone']);
  });

  it('reports missing partials (with where they were looked for and who includes them); they render as empty', async () => {
    const ws = memoryWorkspace({ '/p/_outer.prompt': 'Outer {{> gone}}' });
    const text = prompt('{{role "system"}}\nA {{> outer}} B {{> nowhere}} C');
    const file = parsePromptFile(text, { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, ws);
    expect(result.missing).toEqual([
      { name: 'nowhere', path: '/p/_nowhere.prompt', includedFrom: undefined },
      { name: 'gone', path: '/p/_gone.prompt', includedFrom: 'outer' },
    ]);
    const analysis = await analyzePrompt({ fileName: '/p/main.prompt', text, workspace: ws, defaultTargets: ['openai/gpt-4o'], deps: deps() });
    expect([...analysis.missingPartials].sort()).toEqual(['gone', 'nowhere']);
    expect(analysis.messages[0]?.text.trim()).toBe('A Outer  B  C');
  });

  it('detects cycles without looping, and a cycle that never ends is a render error, not a throw', async () => {
    const ws = memoryWorkspace({
      '/p/_a.prompt': 'A {{> b}}',
      '/p/_b.prompt': 'B {{> a}}',
      '/p/_self.prompt': 'S {{> self}}',
    });
    const text = prompt('{{role "system"}}\n{{> a}} {{> self}}');
    const file = parsePromptFile(text, { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, ws);
    expect(result.cycles).toEqual([['a', 'b', 'a'], ['self', 'self']]);
    expect(result.sources.size).toBe(3);

    const analysis = await analyzePrompt({ fileName: '/p/main.prompt', text, workspace: ws, defaultTargets: ['openai/gpt-4o'], deps: deps() });
    expect(analysis.renderError?.message).toBeTruthy();
    expect(analysis.countedFrom).toBe('template');
    expect(analysis.budgetDiagnostics).toEqual([]);
    expect(analysis.report.models[0]?.renderedTokens).toBeGreaterThan(0);
  });

  it('a recursive partial that terminates renders fine', async () => {
    const ws = memoryWorkspace({ '/p/_tree.prompt': '{{name}}({{#each children}}{{> tree}}{{/each}})' });
    const text = prompt('{{role "system"}}\n{{#with root}}{{> tree}}{{/with}}');
    const analysis = await analyzePrompt({
      fileName: '/p/main.prompt', text, workspace: ws, defaultTargets: ['openai/gpt-4o'], deps: deps(),
      input: { kind: 'json', value: { root: { name: 'a', children: [{ name: 'b', children: [] }, { name: 'c', children: [] }] } } },
    });
    expect(analysis.partials.cycles).toEqual([['tree', 'tree']]);
    expect(analysis.renderError).toBeUndefined();
    expect(analysis.messages[0]?.text.trim()).toBe('a(b()c())');
  });

  it('stops at the depth limit and reports what it did not load', async () => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) files[`/p/_p${i}.prompt`] = `${i}{{> p${i + 1}}}`;
    const file = parsePromptFile(prompt('{{> p1}}'), { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, memoryWorkspace(files), { maxDepth: 3 });
    expect([...result.sources.keys()]).toEqual(['p1', 'p2', 'p3']);
    expect(result.tooDeep).toEqual(['p4']);
    const full = await loadPartials(file, memoryWorkspace(files));
    expect(full.missing.map((m) => m.name)).toEqual(['p6']);
  });

  it('ignores inline partials and non-Dotprompt files', async () => {
    const file = parsePromptFile(prompt('{{#*inline "local"}}x{{/inline}}{{> local}}'), { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, memoryWorkspace({}));
    expect(result.missing).toEqual([]);
    const text = parsePromptFile('{{> not-a-partial}}', { fileName: '/p/notes.md' });
    expect((await loadPartials(text, memoryWorkspace({}))).missing).toEqual([]);
  });

  it('treats a workspace that throws as missing files', async () => {
    const file = parsePromptFile(prompt('{{> x}}'), { fileName: '/p/main.prompt' });
    const result = await loadPartials(file, { readText: () => Promise.reject(new Error('EACCES')) });
    expect(result.missing.map((m) => m.name)).toEqual(['x']);
  });
});
