import { clauseStart, isSentenceStart, lineStartNear as lineStartOf } from './segment';
import { isNegationWord } from './guards';
import type { GrammarGuard, Tier } from './types';

/**
 * Grammatical guards shared by the rules. Each one names a shape of sentence in which a rule's edit would be
 * ungrammatical, change meaning or weaken emphasis (the defect classes of the blind review), so the rule either
 * does not fire there (`drop`) or offers the edit for review only.
 */

const TIER_ORDER: Record<Tier, number> = { safe: 0, review: 1, hint: 2 };

/** The less trusted of two tiers. */
export function lowerTier(a: Tier, b: Tier | undefined): Tier {
  return b !== undefined && TIER_ORDER[b] > TIER_ORDER[a] ? b : a;
}

const MODALS = new Set(['do', 'does', 'did', 'to', 'will', 'would', 'shall', 'should', 'must', 'may', 'might', 'can', 'could', 'not', 'never', "don't", "doesn't", "didn't", 'don’t', 'doesn’t', 'didn’t']);

/** "You DO have the ability to" / "to have the ability to" / "will have the ability to": "can" cannot follow. */
export const notAfterAuxiliary: GrammarGuard = {
  name: 'not after an auxiliary, "to" or a negation',
  reason: '"can" cannot follow an auxiliary, "to" or a negation',
  onBlock: 'drop',
  blocks: ({ wordBefore }) => MODALS.has(wordBefore),
};

const CLAUSE_LINKS = new Set(['which', 'that', 'who', 'whom', 'whose', 'where', 'when', 'and', 'or', 'but', 'so', 'because', 'if', 'unless', 'once', 'while', 'whenever', 'since', 'as', 'than', 'what', 'how', 'why', 'until', 'before', 'after']);

/**
 * A match starting with "you" must start its sentence or follow an introductory phrase and a comma ("If asked,
 * you should …"); inside a relative or coordinated clause ("requests, which you must answer") it is the subject.
 */
export const atSentenceStart: GrammarGuard = {
  name: 'only where a sentence, list item or main clause starts',
  reason: 'inside a clause "you …" is the subject; removing it leaves the verb without one',
  onBlock: 'drop',
  blocks: ({ text, start, wordBefore }) => {
    if (isSentenceStart(text, start)) return false;
    const before = text.slice(Math.max(lineStartOf(text, start), start - 4), start);
    return !/[,;]\s*$/.test(before) || CLAUSE_LINKS.has(wordBefore);
  },
};

const IRREGULAR_PAST = new Set(
  ('ran did had was were made got went saw took wrote gave found told said knew thought brought bought caught taught ' +
    'sent built spent left kept felt meant paid sold stood understood began drank drove ate fell forgot chose spoke ' +
    'broke woke wore won sang swam threw grew drew flew hid rode rose shook stole struck tore froze led lost held heard ' +
    'slept swept wept dealt fed fought sought became came overcame undertook mistook forgave rang ' +
    'been done gone seen taken written given known shown chosen spoken broken eaten fallen forgotten driven ' +
    'already previously just also still').split(' '),
);

/** "make sure you ran the tests" is a check, not an instruction: only a base-form verb may follow. */
export const baseVerbFollows: GrammarGuard = {
  name: 'only before a base-form verb',
  reason: 'a past-tense verb follows: removing "make sure" turns a check into a claim',
  onBlock: 'drop',
  blocks: ({ wordAfter }) => wordAfter === '' || /(?:ed|[^s]s)$/.test(wordAfter) || IRREGULAR_PAST.has(wordAfter),
};

const INFINITIVE_HEADS = new Set(
  ('possible necessary needed required ready enough easy hard difficult able likely unlikely free willing happy ' +
    'time way need right chance opportunity attempt effort ability permission decision plan reason tendency order ' +
    'first last only next one something anything nothing everything somewhere allowed permitted supposed used meant ' +
    'short long brief clear simple safe important helpful useful good best better quick fast slow careful').split(' '),
);
const ADJECTIVE_SUFFIX = /(?:ible|able|ful|ous|ive|ary|ent|ant|ic|ical|less|ish)$/;

/** "short where possible in order to save time" → "possible to save time" re-attaches the infinitive. */
export const noInfinitiveHeadBefore: GrammarGuard = {
  name: 'not after an adjective or a noun that takes an infinitive',
  reason: 'the shortened infinitive would attach to the word before it',
  onBlock: 'review',
  blocks: ({ text, start, wordBefore }) => {
    if (wordBefore === '' || /[,;:(]\s*$/.test(text.slice(Math.max(lineStartOf(text, start), start - 3), start))) return false;
    // "questions to ask in order to address" → "to ask to address": two infinitives in a row read as one chain.
    if (/\bto\s+[\p{L}'’-]+\s*$/u.test(text.slice(Math.max(0, start - 30), start))) return true;
    // Participles and gerunds act as adjectives too ("misleading in order to make" → "misleading to make").
    return INFINITIVE_HEADS.has(wordBefore) || ADJECTIVE_SUFFIX.test(wordBefore) || /(?:ing|ed|en)$/.test(wordBefore);
  },
};

const RULE_NOUN = /^\s+(?:(?:the|our|your|their|these|this|those|all|any|applicable|relevant|company|local|current|following|above|provided|given)\s+)*(?:polic|rule|guideline|instruction|term|law|regulation|standard|procedure|requirement|specification|spec\b|schema|format|template|style|process|protocol|agreement|contract|criteri|principle|convention|best practice)/i;

/** "in accordance with" → "per" only before a document or rule noun and not after a verb or a negation. */
export const ruleNounFollows: GrammarGuard = {
  name: 'only before a rule or document noun, not after a negation or a verb of manner',
  reason: '"per" reads as "for each" or breaks the verb phrase here',
  onBlock: 'review',
  blocks: ({ text, end, wordBefore }) =>
    !RULE_NOUN.test(text.slice(end, end + 80)) || isNegationWord(wordBefore) || /^(?:behave|act|acts|acting|behaves|behaving|be|is|are|was|were|being)$/.test(wordBefore),
};

const DETERMINER = /^(?:the|a|an|this|that|these|those|your|our|their|its|his|her|my|you|we|they|it|there|all|some|each|every|any|most|many|no|none|only|if|when|while|not|both|neither|either|one|two|three)$/;

/**
 * "Note that limits apply" → "Limits apply" is fine, "Note that search results …" → "Search results …" reads as
 * an imperative. Only delete before a determiner, a pronoun, a name, a placeholder, a number or a plural noun.
 */
export const determinerFollows: GrammarGuard = {
  name: 'only before a determiner, a pronoun, a name or a plural noun',
  reason: 'the next word could read as a verb once the opener is gone',
  onBlock: 'review',
  blocks: ({ text, end }) => {
    const next = /^\s*([\p{L}\p{N}{"`$'’-]+)/u.exec(text.slice(end, end + 60))?.[1] ?? '';
    if (next === '' ) return true;
    if (/^[\p{Lu}0-9{"`$]/u.test(next)) return false;
    if (DETERMINER.test(next)) return false;
    // A plural noun is never a base-form verb ("refunds take 5 days"); "ss" words are not plurals.
    const nextAfter = /^\s*[\p{L}'’-]+\s+([\p{L}]+)/u.exec(text.slice(end, end + 80))?.[1] ?? '';
    return !(/[^s]s$/.test(next) && nextAfter !== '' && !/^(?:and|or|of|the|a|an)$/.test(nextAfter));
  },
};

const VERB_SLOT_BEFORE = new Set(['', 'to', 'please', 'and', 'or', 'then', 'you', 'we', 'i', 'they', 'should', 'must', 'can', 'could', 'will', 'would', 'may', 'might', 'shall', 'also', 'always', 'first', 'finally']);

/** A nominalisation becomes a verb only where a base-form verb stands ("… and provide a summary of" keeps one verb). */
export const inVerbSlot: GrammarGuard = {
  name: 'only where a base-form verb stands',
  reason: 'the phrase is not in a verb position here',
  onBlock: 'review',
  blocks: ({ text, start, wordBefore }) => !isSentenceStart(text, start) && !VERB_SLOT_BEFORE.has(wordBefore),
};

/** Inside a clause that began earlier the phrase may be governed by a verb ("Start with regard to …"). */
export const notClauseInitial: GrammarGuard = {
  name: 'not at the start of a sentence or clause',
  reason: 'as a sentence opener the one-word form reads differently',
  onBlock: 'review',
  blocks: ({ text, start, ctx }) => {
    const sentence = ctx.sentenceAt(start);
    return clauseStart(text, start, sentence?.start ?? lineStartOf(text, start)) >= start - 1 || isSentenceStart(text, start);
  },
};

/** "make a decision tree" is a noun compound: the verb must not be followed by more of the noun phrase. */
export const phraseEndsHere: GrammarGuard = {
  name: 'only when the noun phrase ends with the match',
  reason: 'the noun continues after the match',
  onBlock: 'drop',
  blocks: ({ wordAfter, text, end }) =>
    /^[ \t]+[a-z]/.test(text.slice(end, end + 2)) && !/^(?:about|on|based|whether|if|when|before|after|and|or|for|with|in|to|quickly|now|yet|first|that|which|here|there)$/.test(wordAfter),
};

/** "make sure you ACTUALLY make the call": the opener is part of an emphatic sentence; leave that to the author. */
export const noCapitalEmphasisNearby: GrammarGuard = {
  name: 'not next to words in capitals',
  reason: 'the sentence is emphatic (words in capitals)',
  onBlock: 'review',
  blocks: ({ text, start, end }) => {
    const around = text.slice(Math.max(lineStartOf(text, start), start - 60), Math.min(text.length, end + 60));
    const caps = around.match(/\b[A-Z]{3,}\b/g) ?? [];
    const letters = around.replace(/[^A-Za-z]/g, '');
    // An all-caps sentence is a style, not emphasis on one word.
    return caps.length > 0 && letters !== letters.toUpperCase();
  },
};

/** "I want you to extract …, and I want you to output …": dropping only the first framing breaks the parallel. */
export const noParallelFraming: GrammarGuard = {
  name: 'not when the same framing repeats later in the sentence',
  reason: 'a parallel "I want you to" follows; removing only the first mixes an imperative with a statement',
  onBlock: 'review',
  blocks: ({ text, end, ctx }) => {
    const sentence = ctx.sentenceAt(end);
    const stop = Math.min(sentence ? sentence.end : text.length, end + 2_000);
    return /\bi (?:want|need|would like) you to\b|\bi['’]d like you to\b/i.test(text.slice(end, stop));
  },
};
