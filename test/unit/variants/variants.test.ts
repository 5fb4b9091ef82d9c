import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  fallbackReadiness,
  fallbackReadinessText,
  fallbackStatus,
  groupLogicalPrompts,
  logicalPromptOf,
  productionEdit,
  readProductionVariant,
  relativeAge,
  setFrontmatterKey,
  sharedNames,
  staleReasons,
  suggestVariantName,
  textHash,
  variantPath,
} from '../../../src/core/variants';

describe('logical prompts', () => {
  it('groups base + variants per folder, skips partials and other files, across roots', () => {
    const groups = groupLogicalPrompts([
      '/a/prompts/support-agent.prompt',
      '/a/prompts/support-agent.claude.prompt',
      '/a/prompts/support-agent.gpt5.prompt',
      '/a/prompts/_facts.prompt',
      '/a/prompts/_facts.v2.prompt',
      '/a/prompts/notes.md',
      '/a/prompts/faq.prompty',
      '/b/support-agent.prompt',
      '/b/orphan.mini.prompt',
    ]);
    expect(groups.map((g) => g.key)).toEqual(['/a/prompts/support-agent', '/b/orphan', '/b/support-agent']);
    const agent = groups[0]!;
    expect(agent.base?.path).toBe('/a/prompts/support-agent.prompt');
    expect(agent.variants.map((v) => v.variant)).toEqual(['claude', 'gpt5']);
    expect(groups[1]!.base).toBeUndefined();
    expect(groups[1]!.variants[0]!.variant).toBe('mini');
    expect(logicalPromptOf(groups, '/a/prompts/support-agent.gpt5.prompt')?.key).toBe('/a/prompts/support-agent');
    expect(variantPath(agent, 'mini')).toBe('/a/prompts/support-agent.mini.prompt');
    expect(variantPath({ folder: 'C:\\p', name: 'x' }, undefined)).toBe('C:\\p\\x.prompt');
  });

  it('keeps the same name in two roots apart and reports it as shared', () => {
    const groups = groupLogicalPrompts([
      '/ws/team-a/triage.prompt',
      '/ws/team-a/triage.claude.prompt',
      '/ws/team-b/triage.prompt',
      '/ws/team-b/triage.gemini.prompt',
      '/ws/team-b/summary.prompt',
    ]);
    expect(groups.map((g) => [g.key, g.variants.map((v) => v.variant)])).toEqual([
      ['/ws/team-a/triage', ['claude']],
      ['/ws/team-b/summary', []],
      ['/ws/team-b/triage', ['gemini']],
    ]);
    expect(logicalPromptOf(groups, '/ws/team-b/triage.prompt')?.variants.map((v) => v.path)).toEqual(['/ws/team-b/triage.gemini.prompt']);
    expect(variantPath(groups[2]!, 'claude')).toBe('/ws/team-b/triage.claude.prompt');
    expect([...sharedNames(groups)]).toEqual(['triage']);
    expect(sharedNames(groups.slice(0, 2)).size).toBe(0);
  });
});

describe('production marker', () => {
  const base = '---\nmodel: openai/gpt-4o # main\nconfig:\n  temperature: 0.2\n---\n{{role "system"}}\nHi\n';

  it('defaults to the base file and round-trips through edits', () => {
    expect(readProductionVariant(base)).toBeUndefined();
    const promoted = applyEdits(base, [productionEdit(base, 'claude')]);
    expect(promoted).toBe('---\nmodel: openai/gpt-4o # main\nconfig:\n  temperature: 0.2\nproduction: claude\n---\n{{role "system"}}\nHi\n');
    expect(readProductionVariant(promoted)).toBe('claude');
    const moved = applyEdits(promoted, [productionEdit(promoted, 'gpt5')]);
    expect(readProductionVariant(moved)).toBe('gpt5');
    expect(applyEdits(moved, [productionEdit(moved, undefined)])).toBe(base);
    expect(readProductionVariant('---\nproduction: base\n---\nx')).toBeUndefined();
  });

  it('replaces a block entry in the middle, keeps CRLF, and creates frontmatter when missing', () => {
    const crlf = base.replace(/\n/g, '\r\n');
    const edited = applyEdits(crlf, [setFrontmatterKey(crlf, 'config', { maxOutputTokens: 100 })]);
    expect(edited).toBe('---\r\nmodel: openai/gpt-4o # main\r\nconfig:\r\n  maxOutputTokens: 100\r\n---\r\n{{role "system"}}\r\nHi\r\n');
    expect(applyEdits('Hello', [setFrontmatterKey('Hello', 'model', 'openai/o3', ['note'])])).toBe('---\n# note\nmodel: openai/o3\n---\nHello');
  });
});

describe('fallback and names', () => {
  it('flags a single provider', () => {
    expect(fallbackStatus([{ variant: undefined, model: 'openai/gpt-4o' }, { variant: 'mini', model: 'openai/gpt-4o-mini' }, { variant: 'x', model: undefined }])).toEqual({ providers: ['openai'], singleProvider: true, provider: 'openai' });
    expect(fallbackStatus([{ variant: undefined, model: 'openai/gpt-4o' }, { variant: 'c', model: 'anthropic/claude-sonnet-4-5' }]).singleProvider).toBe(false);
    expect(suggestVariantName('anthropic/claude-sonnet-4.5', ['claude-sonnet-4-5'])).toBe('claude-sonnet-4-5-2');
  });

  it('calls a fallback ready only when a variant on another provider was evaluated against production, current and without regressions', () => {
    const rows = [{ label: 'base', model: 'openai/gpt-4o' }, { label: 'mini', model: 'openai/gpt-4o-mini' }, { label: 'claude', model: 'anthropic/claude-sonnet-4-5' }, { label: 'gem', model: 'google/gemini-2.5-flash' }];
    const text = (evals: Record<string, { baseline: string; regressions: number; stale: boolean }>, production = 'base'): string | undefined => {
      const r = fallbackReadiness(rows, production, (label) => evals[label]);
      return r && fallbackReadinessText(r);
    };
    expect(text({})).toBe('fallback claude (anthropic): not evaluated');
    expect(text({ claude: { baseline: 'mini', regressions: 0, stale: false } })).toBe('fallback claude (anthropic): not evaluated against production');
    expect(text({ claude: { baseline: 'base', regressions: 0, stale: true } })).toBe('fallback claude (anthropic): eval stale');
    expect(text({ claude: { baseline: 'base', regressions: 2, stale: false }, gem: { baseline: 'base', regressions: 1, stale: false } })).toBe('fallback gem (google): 1 regression');
    expect(text({ claude: { baseline: 'base', regressions: 2, stale: false }, gem: { baseline: 'base', regressions: 0, stale: false } })).toBe('fallback ready: gem (google)');
    // Variants on production's own provider are no fallback, whatever their evaluation says.
    expect(text({ mini: { baseline: 'base', regressions: 0, stale: false } })).toBe('fallback claude (anthropic): not evaluated');
    expect(fallbackReadiness(rows.slice(0, 2), 'base', () => undefined)).toBeUndefined();
    // Production on Anthropic: the OpenAI variants are its fallbacks.
    expect(text({ base: { baseline: 'claude', regressions: 0, stale: false } }, 'claude')).toBe('fallback ready: base (openai)');
  });
});

describe('staleness', () => {
  it('names what changed', () => {
    const fp = { baseline: { promptHash: textHash('a'), model: 'openai/gpt-4o' }, candidate: { promptHash: textHash('b'), model: 'openai/gpt-4o-mini' }, samplesHash: textHash('s') };
    expect(staleReasons(fp, fp)).toEqual([]);
    expect(staleReasons(fp, { ...fp, candidate: { ...fp.candidate, promptHash: textHash('b2') } })).toEqual(['candidate prompt changed']);
    expect(textHash('a')).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb');
    expect(relativeAge(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-03T01:00:00Z'))).toBe('2 days ago');
  });
});
