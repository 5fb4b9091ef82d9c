/**
 * Meaning-bearing words that a compression must keep. Every fix is checked against these counts before it
 * is offered; a fix that changes them is downgraded to a report-only hint.
 */
const NEGATION = /\b(?:not|no|never|none|nothing|nobody|nowhere|neither|nor|cannot|unable)\b|n['’]t\b/gi;
const LIMITER = /\b(?:only|except|unless|solely|exclusively|until|but)\b/gi;
const OBLIGATION = /\b(?:must|always|never|shall|required|mandatory)\b/gi;
const MUST = /\bmust\b/gi;
const CONDITION = /\b(?:if|when|whenever|unless)\b/gi;
const NEGATION_WORD = /^(?:not|no|never|none|nothing|nobody|neither|nor|cannot|without|unable)$|n['’]t$/;

function count(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
}

export function countNegations(s: string): number {
  return count(NEGATION, s);
}

export function isNegationWord(word: string): boolean {
  return NEGATION_WORD.test(word);
}

export function hasNegation(s: string): boolean {
  NEGATION.lastIndex = 0;
  return NEGATION.test(s);
}

/**
 * Why replacing `before` with `after` would change the instruction, or undefined when it keeps it:
 * negations and limiters must be kept exactly; obligation may only be dropped when "always"/"never"
 * still carries it ("You must always make sure that you" → "Always"); conditions may not disappear.
 */
export function meaningChange(before: string, after: string, options: { allowDroppingConditions?: boolean } = {}): string | undefined {
  if (countNegations(before) !== countNegations(after)) return 'it would change a negation';
  if (count(LIMITER, before) !== count(LIMITER, after)) return 'it would change a limiting word (only/except/unless)';
  const obligationBefore = count(OBLIGATION, before);
  const obligationAfter = count(OBLIGATION, after);
  if (obligationBefore > 0 && obligationAfter === 0) return 'it would drop an obligation (must/always/never)';
  if (count(MUST, before) > count(MUST, after) && !/\b(?:always|never)\b/i.test(after)) return 'it would drop "must"';
  if (!options.allowDroppingConditions && count(CONDITION, after) < count(CONDITION, before)) return 'it would drop a condition';
  return undefined;
}
