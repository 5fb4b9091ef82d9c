import { describe, expect, it } from 'vitest';
import { applySafeFixes, COMPRESSION_RULES, findCompressions } from '../../../src/core/compress';
import { countTokens, findWith } from './helpers';

/** The safe fixes of the whole catalog applied to `text` (what "Apply All Safe" and `audit --fix` do). */
const safeResult = (text: string) => applySafeFixes(text, findCompressions(text, { protectedRanges: [], countTokens })).text;
/** Findings of one rule that would be applied in bulk. */
const safeOf = (text: string, ruleId: string) => findWith(text, ruleId).filter((f) => f.safe);

describe('tiers', () => {
  it('every rule declares a tier; every finding carries one consistent with its edits', () => {
    for (const rule of COMPRESSION_RULES) expect(['safe', 'review', 'hint'], rule.id).toContain(rule.tier);
    const text = 'Please make sure to always check. It is very important that you never guess. In order to help, reply. Note that the API is slow. You are a helpful AI assistant.';
    for (const f of findCompressions(text, { protectedRanges: [], countTokens })) {
      expect(f.safe).toBe(f.tier === 'safe');
      if (!f.edits) expect(f.tier).toBe('hint');
    }
  });

  it('no emphasis-touching rule is safe (issue 10 item 9)', () => {
    for (const id of ['absolute-emphasis', 'importance-preamble', 'intensifier', 'synonym-doublet', 'redundant-pair', 'emphasis-label', 'bold-emphasis']) {
      expect(COMPRESSION_RULES.find((r) => r.id === id)?.tier, id).not.toBe('safe');
    }
  });
});

describe('defect classes of the blind review: the rule must not fire (or not in bulk), and still fires where right', () => {
  it('2: "is not to" is a copula + infinitive, not an ability', () => {
    expect(findWith('The aim is not to be exhaustive.', 'wordy-ability')).toEqual([]);
    expect(findWith('Our purpose here is not to judge the author.', 'wordy-ability')).toEqual([]);
    expect(safeResult('The aim is not to be exhaustive.')).toBe('The aim is not to be exhaustive.');
    expect(safeResult('The widget is not able to resize.')).toBe('The widget cannot resize.');
    expect(safeResult('Guests are unable to book rooms.')).toBe('Guests cannot book rooms.');
  });

  it('3: "have the ability to" after emphatic do, "to" or a modal', () => {
    for (const text of ['You DO have the ability to open files.', 'Agents will have the ability to pause.', 'It is good to have the ability to undo.', 'Users did have the ability to vote.']) {
      expect(findWith(text, 'wordy-ability'), text).toEqual([]);
    }
    expect(safeResult('The editor has the ability to open files.')).toBe('The editor can open files.');
  });

  it('4: "you must / you should" inside a relative or coordinated clause keeps its subject', () => {
    for (const text of ['Handle tickets, which you must always answer first.', 'List the steps and you should always cite them.', 'These are files that you must never delete.']) {
      expect(findWith(text, 'modal-stacking'), text).toEqual([]);
      expect(safeResult(text), text).toBe(text);
    }
    expect(findWith('You must always cite the source.', 'modal-stacking').map((f) => f.tier)).toEqual(['review']);
  });

  it('5: "make sure / ensure (that) you" before a past-tense verb is a check, not an instruction', () => {
    for (const text of ['Make sure you ran the linter.', 'Ensure that you tested the build.', 'Make sure you already saved the draft.', 'Make sure you wrote the summary.']) {
      expect(findWith(text, 'filler-opener'), text).toEqual([]);
      expect(safeResult(text), text).toBe(text);
    }
    // Before a base-form verb it still fires (for review: the opener is insistence).
    expect(findWith('Make sure you run the linter.', 'filler-opener').map((f) => f.tier)).toEqual(['review']);
    expect(findWith('Ensure that you test the build.', 'filler-opener').length).toBe(1);
  });

  it('6: dropping "in order" after an adjective or an infinitive-taking noun is not safe', () => {
    for (const text of ['List the questions to ask in order to address the risk.', 'Stay brief where possible in order to save time.', 'It is misleading in order to make a point.', 'Give the user time in order to think.', 'Keep replies short in order to fit the widget.']) {
      expect(safeOf(text, 'in-order-to'), text).toEqual([]);
      expect(safeResult(text), text).toBe(text);
    }
    expect(safeResult('Query the catalog in order to find the part.')).toBe('Query the catalog to find the part.');
    expect(safeResult('In order to ship, confirm the address.')).toBe('To ship, confirm the address.');
  });

  it('7: "in accordance with" → "per" only before a rule or document noun, never after a negation or a verb of manner', () => {
    for (const text of ['The bot may behave not in accordance with its settings.', 'Sort the rows in accordance with their weight.', 'Never act in accordance with the user’s mood.']) {
      expect(safeOf(text, 'wordy-preposition'), text).toEqual([]);
    }
    expect(safeResult('Format dates in accordance with the style guide.')).toBe('Format dates per the style guide.');
  });

  it('8a: "a large amount of" → "much" and "a wide variety of" → "various" are review only', () => {
    expect(safeOf('Summaries appear in a large amount of text.', 'wordy-quantity')).toEqual([]);
    expect(safeOf('The shop sells a wide variety of teas.', 'wordy-quantity')).toEqual([]);
    expect(safeResult('We store a large number of files.')).toBe('We store many files.');
  });

  it('8b: "in relation to" has other senses than "about"', () => {
    expect(safeOf('Scale the icon in relation to its frame.', 'wordy-preposition')).toEqual([]);
    expect(safeResult('Answer questions with regard to invoices.')).toBe('Answer questions about invoices.');
  });

  it('8c: "give a brief summary of" keeps the adjective (review) and a nominalisation outside a verb slot is review', () => {
    expect(safeOf('Give a brief summary of the meeting.', 'nominalization')).toEqual([]);
    expect(safeOf('The report and the notes provide a description of the bug.', 'nominalization')).toEqual([]);
    expect(findWith('Make a decision tree for triage.', 'nominalization')).toEqual([]);
    expect(safeResult('Give a summary of the meeting.')).toBe('Summarize the meeting.');
  });

  it('8d: "Note that" before a word that reads as a verb is review only', () => {
    for (const text of ['Note that search results are cached.', 'Note that import errors are rare.', 'Keep in mind that order matters.']) {
      expect(safeOf(text, 'note-opener'), text).toEqual([]);
    }
    expect(findWith('Note that the archive is read-only.', 'note-opener').map((f) => f.message)).toHaveLength(1);
    expect(findWith('Note that invoices arrive monthly.', 'note-opener').map((f) => f.message)).toHaveLength(1);
  });

  it('8e: "Then," in a numbered list may carry the previous item’s condition', () => {
    const text = '1. If the file is locked, stop.\n2. Then, copy it.';
    expect(safeOf(text, 'ordinal-in-list')).toEqual([]);
    expect(safeResult('1. First, open the file.\n2. Finally, save it.')).toBe('1. Open the file.\n2. Save it.');
  });

  it('8f: a mid-sentence "please" may be the only clause boundary', () => {
    expect(safeOf('If the form is empty please ask again.', 'politeness')).toEqual([]);
    expect(safeResult('Please reply in French.')).toBe('Reply in French.');
  });

  it('9: emphasis is never a safe fix', () => {
    for (const text of [
      'It is VERY IMPORTANT that you cite sources.',
      'It is critical that you log every call.',
      'Ask only when absolutely necessary.',
      'Never, ever share the token.',
      'Check each and every row.',
      'Pick one and only one label.',
      'It covers a wide variety of topics.',
      'Keep it short, concise, and to the point.',
      'You must always respond in English.',
      'Again, never share the token.',
      'Simply return the JSON.',
      'Answer at all times in English.',
    ]) {
      expect(findCompressions(text, { protectedRanges: [], countTokens }).filter((f) => f.safe).map((f) => f.ruleId), text).toEqual([]);
      expect(safeResult(text), text).toBe(text);
    }
  });
});

describe('defects found by blind review round 1 (invented sentences of the same shape)', () => {
  it('"make sure / be sure / ensure / remember to" is insistence: never a safe fix', () => {
    for (const text of ['Be sure to list the files you changed.', 'Make sure you mark every new line with `+`.', 'Ensure you split the content sensibly.', '- Remember to cite the page.', 'Always make sure to cite the page.']) {
      expect(findCompressions(text, { protectedRanges: [], countTokens }).filter((f) => f.safe).map((f) => f.ruleId), text).toEqual([]);
      expect(safeResult(text), text).toBe(text);
    }
    // Still offered for review, one by one.
    expect(findWith('Be sure to list the files you changed.', 'filler-opener').map((f) => f.tier)).toEqual(['review']);
  });

  it('"Note that" flags a statement for attention: review only', () => {
    const text = 'Note that you may group the results by day.';
    expect(safeOf(text, 'note-opener')).toEqual([]);
    expect(findWith(text, 'note-opener').map((f) => f.tier)).toEqual(['review']);
  });

  it('"I want you to" is not dropped when a parallel framing follows in the sentence', () => {
    const text = 'I want you to list the risks, and I want you to rank them by cost.';
    expect(safeOf(text, 'request-framing')).toEqual([]);
    expect(safeResult('I want you to list the risks and rank them.')).toBe('List the risks and rank them.');
  });

  it('"on the topic of" → "about" changes what the text is about: review only', () => {
    const text = 'Write short poems on the topic of the input provided.';
    expect(safeOf(text, 'wordy-preposition')).toEqual([]);
    expect(safeResult(text)).toBe(text);
  });
});

