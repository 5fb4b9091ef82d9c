import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../../..');
const readJson = (p: string): unknown => JSON.parse(readFileSync(join(ROOT, p), 'utf8')) as unknown;

/** Every regex in a grammar; Oniguruma-only anchors are mapped so JS can at least compile them. */
function regexes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
      else regexes(v, out);
    }
  }
  return out;
}

const toJs = (re: string): RegExp => new RegExp(re.replace(/\\G/g, '').replace(/\\A/g, '^'), 'm');

describe('TextMate grammars', () => {
  for (const [file, scope] of [['syntaxes/prompt.tmLanguage.json', 'source.prompt'], ['syntaxes/prompty.tmLanguage.json', 'source.prompty']] as const) {
    it(`${file} is valid JSON with compilable patterns and resolvable includes`, () => {
      const grammar = readJson(file) as { scopeName: string; repository: Record<string, unknown> };
      expect(grammar.scopeName).toBe(scope);
      const all = regexes(grammar);
      expect(all.length).toBeGreaterThan(10);
      for (const re of all) expect(() => toJs(re), re).not.toThrow();
      const includes = JSON.stringify(grammar).match(/"include":\s*"#([\w-]+)"/g) ?? [];
      for (const inc of includes) expect(grammar.repository).toHaveProperty((/#([\w-]+)/.exec(inc) as RegExpExecArray)[1] as string);
    });
  }

  it('highlights role markers, partials and comments in .prompt', () => {
    const grammar = readJson('syntaxes/prompt.tmLanguage.json') as { repository: Record<string, { match?: string; begin?: string }> };
    const role = toJs(grammar.repository['role-marker']!.match!).exec('{{role "system"}}');
    expect(role?.[2]).toBe('role');
    expect(role?.[4]).toBe('system');
    expect(toJs(grammar.repository.partial!.begin!).exec('{{> company-facts}}')?.[3]).toBe('company-facts');
    expect(toJs(grammar.repository['comment-block']!.begin!).test('{{!-- x --}}')).toBe(true);
    expect(toJs(grammar.repository['block-open']!.begin!).exec('{{#each items}}')?.[3]).toBe('each');
    expect(JSON.stringify(grammar)).toContain('"source.yaml"');
  });

  it('highlights role lines in .prompty', () => {
    const grammar = readJson('syntaxes/prompty.tmLanguage.json') as { repository: Record<string, { match?: string }> };
    const re = toJs(grammar.repository['role-line']!.match!);
    expect(re.exec('system:')?.[2]).toBe('system');
    expect(re.exec('  Assistant :')?.[2]).toBe('Assistant');
    expect(re.test('system: do this')).toBe(false);
    expect(JSON.stringify(grammar)).toContain('"text.html.markdown"');
  });

  it('language configurations and snippets are valid', () => {
    for (const f of ['language-configuration.prompt.json', 'language-configuration.prompty.json']) {
      const conf = readJson(f) as { comments: { blockComment: string[] }; autoClosingPairs: { open: string; close: string }[] };
      expect(conf.comments.blockComment).toHaveLength(2);
      expect(conf.autoClosingPairs).toContainEqual({ open: '{{', close: '}}' });
    }
    const snippets = readJson('snippets/prompt.json') as Record<string, { prefix: string[]; body: string[] }>;
    expect(Object.keys(snippets).length).toBeGreaterThanOrEqual(8);
    for (const s of Object.values(snippets)) expect(s.body.length).toBeGreaterThan(0);
  });
});

describe('frontmatter JSON schema', () => {
  it('declares every key the checker knows for .prompt files', async () => {
    const { DOTPROMPT_KEYS, PROMPTSCOPE_KEYS } = await import('../../../src/core/prompt');
    const schema = readJson('schemas/prompt-frontmatter.schema.json') as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual([...DOTPROMPT_KEYS, ...PROMPTSCOPE_KEYS].map((k) => k.key).sort());
  });
});
