import { pick } from '../../support/seededRandom';

/**
 * Text built from fragments that stress the chunk rules: newlines before spaces, slashes and
 * punctuation, CRLF, NEL, non-breaking spaces, non-Latin letters, digits, contractions, emoji.
 */
const FRAGMENTS = [
  'word', 'Word', 'WORD', 'the', ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\n ', ' \n', '\u0085', '\u00a0',
  '/', '//', '.\n/', '.', ',', '!?', '...', '"', "'s", "'ll", "don't", '123', '4567', '3.14',
  '-', '- ', '* ', '# ', '```', '{', '}', '[', ']', ':', ';', '(x)', '<|endoftext|>', '{{name}}',
  'é', 'e\u0301', 'ß', 'Привет', 'мир', '日本語', 'テキスト', '中文', 'عربي', '👍', '🧑‍💻',
  'https://example.com/a/b', 'camelCase', 'snake_case', 'ALLCAPS', 'x'.repeat(40),
];

export function randomText(random: () => number, fragments: number): string {
  let text = '';
  for (let i = 0; i < fragments; i++) {
    const fragment = pick(random, FRAGMENTS);
    // Long runs of plain words exercise the in-line cuts of long lines.
    text += random() < 0.3 ? fragment + ' ' + pick(random, ['alpha', 'beta', 'gamma', 'delta']) : fragment;
  }
  return text;
}

export function randomProse(random: () => number, words: number): string {
  const vocabulary = ['the', 'customer', 'agent', 'should', 'never', 'refund', 'policy', 'order', 'Always', 'answer', 'briefly', 'and', 'politely', 'ticket', 'escalate', 'when', 'unsure'];
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(random, vocabulary));
  return out.join(' ');
}
