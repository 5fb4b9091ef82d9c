import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline } from '../../../src/webview/markdownParse';

describe('the compare panel Markdown parser', () => {
  it('keeps HTML a model writes as plain text (it is never parsed as markup)', () => {
    const source = '<img src=x onerror="alert(1)"> and <script>alert(2)</script>';
    expect(parseBlocks(source)).toEqual([{ kind: 'paragraph', text: source }]);
    expect(parseInline(source)).toEqual([{ kind: 'text', text: source }]);
  });

  it('splits headings, lists, fenced code, quotes and rules', () => {
    const blocks = parseBlocks(['# Title', '', 'Intro line', 'second line', '', '- one', '- two', '  continued', '1. first', '```ts', 'const a = "<b>";', '```', '> quoted', '---'].join('\n'));
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'Intro line\nsecond line' },
      { kind: 'list', ordered: false, items: ['one', 'two continued'] },
      { kind: 'list', ordered: true, items: ['first'] },
      { kind: 'code', text: 'const a = "<b>";', lang: 'ts' },
      { kind: 'quote', text: 'quoted' },
      { kind: 'rule' },
    ]);
  });

  it('renders a still-streaming code fence as code (no closing fence yet)', () => {
    expect(parseBlocks('```json\n{"a": 1')).toEqual([{ kind: 'code', text: '{"a": 1', lang: 'json' }]);
  });

  it('finds inline code, emphasis and links; a link keeps its target only as data', () => {
    expect(parseInline('Use `npm ci`, **not** *npm i*; see [docs](javascript:alert(1)).')).toEqual([
      { kind: 'text', text: 'Use ' },
      { kind: 'code', text: 'npm ci' },
      { kind: 'text', text: ', ' },
      { kind: 'strong', text: 'not' },
      { kind: 'text', text: ' ' },
      { kind: 'em', text: 'npm i' },
      { kind: 'text', text: '; see ' },
      { kind: 'link', text: 'docs', href: 'javascript:alert(1' },
      { kind: 'text', text: ').' },
    ]);
  });
});
