import { describe, expect, it } from 'vitest';
import { cleanModelOutput, findSubsequenceViolation, repairToSubsequence } from '../../../src/core/compress/llm';
import { isSubsequence, wordsOf } from '../../../src/core/compress/preservation';

describe('cleanModelOutput', () => {
  const original = 'Please answer briefly.\nCite sources.';

  it('strips fences, preambles and wrapper tags', () => {
    expect(cleanModelOutput('```\nanswer briefly.\nCite sources.\n```', original)).toBe('answer briefly.\nCite sources.');
    expect(cleanModelOutput('```markdown\nanswer briefly.\n```\n', original)).toBe('answer briefly.');
    expect(cleanModelOutput('Here is the compressed prompt:\n\nanswer briefly.', original)).toBe('answer briefly.');
    expect(cleanModelOutput('Compressed prompt:\n```text\nanswer briefly.\n```', original)).toBe('answer briefly.');
    expect(cleanModelOutput('Sure! Here it is:\n```\nanswer briefly.\n```\nLet me know if you want more.', original)).toBe('answer briefly.');
    expect(cleanModelOutput('<prompt_to_compress>\nanswer briefly.\n</prompt_to_compress>', original)).toBe('answer briefly.');
    expect(cleanModelOutput('<compressed_prompt>answer briefly.</compressed_prompt>', original)).toBe('answer briefly.');
  });

  it('keeps fences, tags and heading lines that belong to the prompt itself', () => {
    const fencedOriginal = '```\ncode\n```';
    expect(cleanModelOutput('```\ncode\n```', fencedOriginal)).toBe('```\ncode\n```');
    const withCode = 'Run this:\n```sh\nmake\n```\nThen stop.';
    expect(cleanModelOutput('Run:\n```sh\nmake\n```\nThen stop.', withCode)).toBe('Run:\n```sh\nmake\n```\nThen stop.');
    expect(cleanModelOutput('```\nRun:\n```sh\nmake\n```\nstop.\n```', withCode)).toBe('Run:\n```sh\nmake\n```\nstop.');
    expect(cleanModelOutput('<prompt>\nBe kind.\n</prompt>', '<prompt>\nPlease be kind.\n</prompt>')).toBe('<prompt>\nBe kind.\n</prompt>');
    expect(cleanModelOutput('Output format:\n- JSON', 'Output format:\n- JSON only, please')).toBe('Output format:\n- JSON');
  });
});

describe('subsequence check and repair', () => {
  it('finds the first word that breaks the subsequence, ignoring case and punctuation', () => {
    const original = 'You are a helpful, friendly assistant. Answer in English.';
    expect(findSubsequenceViolation(original, 'you helpful assistant answer English')).toBeUndefined();
    expect(findSubsequenceViolation(original, 'You are a kind assistant.')).toEqual({ wordIndex: 3, word: 'kind', offset: 10 });
    expect(findSubsequenceViolation(original, 'Answer — You are')).toEqual({ wordIndex: 1, word: 'You', offset: 9 });
  });

  it('agrees with isSubsequence', () => {
    const original = 'a b c d e f';
    for (const candidate of ['a c e', 'b a', 'f', 'a a', 'a b c d e f', 'g', '']) {
      expect(findSubsequenceViolation(original, candidate) === undefined).toBe(isSubsequence(wordsOf(original), wordsOf(candidate)));
    }
  });

  it('repairs to the longest common subsequence, rendered from the original layout', () => {
    const original = '# Rules\n\n- Please be brief.\n  - Never guess.\n- Cite {{source}}.\n';
    const repair = repairToSubsequence(original, 'guess never. be brief. Cite {{source}}.');
    expect(repair).toBeDefined();
    // "be brief. Cite {{source}}." is the longest run the reply shares with the original in order.
    expect(repair?.text).toBe('\n- be brief.\n- Cite {{source}}.\n');
    expect(repair?.droppedWords).toEqual(['guess', 'never.']);
    expect(repair?.keptWordCount).toBe(4);
    const indented = repairToSubsequence('- Be brief.\n  - Never guess.', 'brief. Never guess');
    expect(indented?.text).toBe('- brief.\n  - Never guess.');
    expect(isSubsequence(wordsOf(original), wordsOf(repair?.text ?? ''))).toBe(true);
  });
});
