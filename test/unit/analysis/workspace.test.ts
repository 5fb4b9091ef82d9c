import { describe, expect, it } from 'vitest';
import { dirnameOf, isAbsolutePath, joinPath, memoryWorkspace, normalizePath, partialPathFor, resolveFromPrompt } from '../../../src/core/analysis';

describe('path helpers', () => {
  it('take the folder of POSIX, Windows and bare paths', () => {
    expect(dirnameOf('/work/prompts/a.prompt')).toBe('/work/prompts');
    expect(dirnameOf('/a.prompt')).toBe('/');
    expect(dirnameOf('a.prompt')).toBe('');
    expect(dirnameOf('C:\\prompts\\a.prompt')).toBe('C:\\prompts');
    expect(dirnameOf('C:\\a.prompt')).toBe('C:\\');
  });

  it('join relative paths to the prompt folder, resolving . and ..', () => {
    expect(resolveFromPrompt('/work/prompts/a.prompt', 'cases.jsonl')).toBe('/work/prompts/cases.jsonl');
    expect(resolveFromPrompt('/work/prompts/a.prompt', './data/../cases.jsonl')).toBe('/work/prompts/cases.jsonl');
    expect(resolveFromPrompt('/work/prompts/a.prompt', '../shared/cases.jsonl')).toBe('/work/shared/cases.jsonl');
    expect(resolveFromPrompt('prompts/a.prompt', '../../x.jsonl')).toBe('../x.jsonl');
    expect(resolveFromPrompt('a.prompt', 'x.jsonl')).toBe('x.jsonl');
    expect(resolveFromPrompt('/work/a.prompt', '/abs/x.jsonl')).toBe('/abs/x.jsonl');
  });

  it('keep the style of Windows paths', () => {
    expect(resolveFromPrompt('C:\\prompts\\a.prompt', 'cases.jsonl')).toBe('C:\\prompts\\cases.jsonl');
    expect(partialPathFor('C:\\prompts\\a.prompt', 'facts')).toBe('C:\\prompts\\_facts.prompt');
    expect(normalizePath('C:\\a\\..\\b')).toBe('C:\\b');
    expect(isAbsolutePath('C:/x')).toBe(true);
    expect(isAbsolutePath('x/y')).toBe(false);
  });

  it('map partial names to _name.prompt files next to the prompt', () => {
    expect(partialPathFor('/p/support.prompt', 'company-facts')).toBe('/p/_company-facts.prompt');
    expect(partialPathFor('/p/support.prompt', 'shared/facts')).toBe('/p/shared/_facts.prompt');
  });

  it('joinPath with an empty folder keeps the relative path', () => {
    expect(joinPath('', './a/b')).toBe('a/b');
  });

  it('memoryWorkspace finds files by normalized path', async () => {
    const ws = memoryWorkspace({ '/p/a.txt': 'A' });
    expect(await ws.readText('/p/./a.txt')).toBe('A');
    expect(await ws.readText('/p/b.txt')).toBeUndefined();
  });
});
