import { describe, expect, it } from 'vitest';
import { applySafeFixes, findCompressions, protectedRangesOf } from '../../../src/core/compress';
import { countTokens } from './helpers';

/** Every fix (any tier) applied: literal text must survive even the review tier. */
function everyFix(text: string): string {
  const findings = findCompressions(text, { protectedRanges: [], countTokens });
  return applySafeFixes(text, findings.map((f) => ({ ...f, safe: Boolean(f.edits), tier: f.edits ? 'safe' : 'hint' }))).text;
}

const covered = (text: string, part: string): boolean => {
  const at = text.indexOf(part);
  expect(at, part).toBeGreaterThanOrEqual(0);
  return protectedRangesOf(text).some((r) => r.start <= at && r.end >= at + part.length);
};

describe('literal text is never edited', () => {
  const cases: Record<string, { text: string; literal: string }> = {
    'transcript line': { text: 'Reply like this.\nUser: Please translate this in order to help me.\nAssistant: Sure.', literal: 'User: Please translate this in order to help me.' },
    'bold speaker label': { text: '**Human:** Please make sure to reply in order to help.', literal: '**Human:** Please make sure to reply in order to help.' },
    'Q/A turns': { text: 'Q: Is it very important to note that the sky is blue?\nA: Please note that it is.', literal: 'Please note that it is.' },
    'speaker-prefixed dialogue': { text: 'Maria: Please note that the order is late.\nTom: In order to help, I will check.\nMaria: Thanks so much.', literal: 'Tom: In order to help, I will check.' },
    'single-quoted span': { text: "Reply with 'Please note that we are closed' when asked.", literal: "'Please note that we are closed'" },
    'curly single quotes': { text: 'Say ‘please make sure to wait’ to them.', literal: '‘please make sure to wait’' },
    'example tag': { text: '<example>\nPlease note that the store is closed in order to restock.\n</example>\nBe brief.', literal: 'Please note that the store is closed in order to restock.' },
    'document tag': { text: '<document>It is very important that you read this in order to pass.</document>', literal: 'It is very important that you read this in order to pass.' },
    'Examples heading': { text: '## Examples\nPlease make sure to use the form in order to apply.\n\n## Rules\nBe brief.', literal: 'Please make sure to use the form in order to apply.' },
    'Example label': { text: 'Example: Please note that the refund is due in order to close.\nBe brief.', literal: 'Please note that the refund is due in order to close.' },
    'inline for example': { text: 'Be polite, for example please note that the order is late.', literal: 'please note that the order is late' },
    'unfenced JSON tool definition': { text: 'Tools:\n{\n  "name": "lookup",\n  "description": "Please make sure to pass the id in order to look up the order."\n}', literal: 'Please make sure to pass the id in order to look up the order.' },
    'function signature': { text: 'namespace functions {\n// Please make sure to pass the id in order to look it up.\ntype lookup = (_: { id: string }) => any;\n}', literal: '// Please make sure to pass the id in order to look it up.' },
    'YAML block': { text: 'Config:\ntool:\n  description: please note that it runs in order to sync\n  name: sync\n', literal: 'please note that it runs in order to sync' },
    'block quote': { text: 'The user wrote:\n> Please make sure to call me in order to confirm.\nReply kindly.', literal: '> Please make sure to call me in order to confirm.' },
    'multi-line transcript turn': { text: 'USER: find the files\n\nA: I will help. Steps:\n1. First, let us use the glob tool in order to find them.\n\nUSER: thanks', literal: '1. First, let us use the glob tool in order to find them.' },
    'marked example': { text: '--- START OF EXAMPLE ---\nPlease make sure to run it in order to check.\n--- END OF EXAMPLE ---\nBe brief.', literal: 'Please make sure to run it in order to check.' },
    'indented help output': { text: 'Options:\n--update    Update patterns.\n            please run --fix in order to reset', literal: 'please run --fix in order to reset' },
    'caps EXAMPLE section with an end marker': { text: 'EXAMPLE ESSAYS\n\nOf course, we try in order to learn.\n\nEND EXAMPLE ESSAYS\n\nWrite an essay.', literal: 'Of course, we try in order to learn.' },
    'bare speaker label turn': { text: 'SYSTEM\nHelp the user.\n\n- Note that it is common for cables to come loose.\n\nUSER\nMy internet is down.', literal: '- Note that it is common for cables to come loose.' },
    'timestamped transcript': { text: 'Chapters from this:\n[02:17:55.040 --> 02:18:00.720] much. Thank you, guys. Thank you.', literal: 'Thank you, guys. Thank you.' },
    'statutory definition': { text: '- Definition of novelty: it is known if made public by means of a written description.', literal: 'by means of a written description' },
    'reference text with citation markers': { text: '# Rules\nBe brief in order to help.\n\n# FALLACIES\nHere is a list from an encyclopedia.\nBase rate – judging without taking into account the prior.[2]\nSurvivorship bias – a small number of successes are promoted.\nLudic fallacy – failing to take into account random events.[43]\nAd hoc – an excuse made up in order to save a theory.[7][8]\n', literal: 'Survivorship bias – a small number of successes are promoted.' },
    'START … END delimited material': { text: 'Improve the prompt.\n\nSTART PROMPT WRITING KNOWLEDGE\nIn order to get good answers, give details.\nEND PROMPT WRITING KNOWLEDGE\n\nBe brief.', literal: 'In order to get good answers, give details.' },
    'reference section': { text: '# Identity\nYou map systems.\n\n# Understanding Systems Foundational Concept\nWe study parts, but in order to gain understanding we must do both.\n\n# Your Task\nQuery the input in order to list parts.', literal: 'We study parts, but in order to gain understanding we must do both.' },
    'fenced code comment': { text: '```js\n// Please make sure to call init in order to start\n```', literal: '// Please make sure to call init in order to start' },
    'inline code': { text: 'Run `please make sure to` now.', literal: '`please make sure to`' },
    'double quotes': { text: 'Say "in order to" and “please note that” verbatim.', literal: '“please note that”' },
  };
  for (const [name, { text, literal }] of Object.entries(cases)) {
    it(name, () => {
      expect(covered(text, literal)).toBe(true);
      expect(everyFix(text)).toContain(literal);
    });
  }

  it('still edits the instructions around the literal text', () => {
    const text = 'In order to help, reply kindly.\nUser: Please translate this in order to help me.\nMake use of the glossary.';
    const out = applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text;
    expect(out).toBe('To help, reply kindly.\nUser: Please translate this in order to help me.\nUse the glossary.');
  });

  it('keeps the task section after a reference section editable', () => {
    const text = '# Background Concept\nWe study parts in order to see wholes.\n\n# Your Task\nQuery the input in order to list parts.';
    expect(applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text).toBe('# Background Concept\nWe study parts in order to see wholes.\n\n# Your Task\nQuery the input to list parts.');
  });

  it('keeps the instructions outside a cited section editable', () => {
    const text = '# Rules\nQuery the index in order to help.\n\n# FALLACIES\nBase rate – x.[2]\nLudic – y.[43]\nAd hoc – z.[7]\n';
    expect(applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text).toContain('Query the index to help.');
  });

  it('does not treat apostrophes or ordinary labels as literal', () => {
    const text = "Don't worry, it's fine. Note that the users' files are big.\nTone: friendly.";
    expect(covered(text, "it's fine")).toBe(false);
    expect(covered(text, 'Note that the')).toBe(false);
    expect(covered(text, 'Tone: friendly.')).toBe(false);
  });
});
