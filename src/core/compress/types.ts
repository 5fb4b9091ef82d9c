import type { Severity } from '../diagnostics';
import type { TextEdit, TextRange } from '../text';

export type CountTokens = (text: string) => number;

/** What a rule is about; lets users switch whole families off and the docs group them. */
export type RuleCategory =
  | 'filler'
  | 'wordiness'
  | 'emphasis'
  | 'markup'
  | 'redundancy'
  | 'structure'
  | 'format';

export interface RuleExample {
  readonly before: string;
  /** For rules with a fix: the exact text after applying this rule's fixes. For report-only rules: the suggested manual rewrite. */
  readonly after: string;
  /** false when the rule only reports this example (a hint without a fix). Defaults to true. */
  readonly autoFix?: boolean;
  /** Engine options the example needs (e.g. a small section budget so a short example shows the finding). */
  readonly options?: Partial<ResolvedOptions>;
}

/**
 * How a rule reacts to a negation next to its match; a guarded match becomes a hint without a fix.
 * `adjacent`: a bare "not" right after the match or any negation right before it ("you should not" must never
 * become "not"). `strict`: any negation word right after or before ("always make sure you don't" ≠ "always don't").
 * `clause`: any negation earlier in the same clause ("don't be very long" ≠ "don't be long").
 * `none`: the replacement keeps the grammatical head, so a neighbouring negation is harmless.
 */
export type NegationGuard = 'adjacent' | 'strict' | 'clause' | 'none';

/**
 * How much trust a fix needs. `safe`: meaning, emphasis and grammar provably unchanged — the only tier that
 * "Apply All Safe" and `audit --fix` apply. `review`: offered with its saving, applied one by one after reading
 * (emphasis, hedges, restructuring, wording with more than one reading). `hint`: explained, never edited.
 */
export type Tier = 'safe' | 'review' | 'hint';

/** What a grammatical guard sees: the match and the words around it. */
export interface GuardInput {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Lowercased word just before the match on its line ('' at a line start). */
  readonly wordBefore: string;
  /** Lowercased word just after the match on its line. */
  readonly wordAfter: string;
  readonly ctx: RuleContext;
}

/**
 * A condition under which a rule's edit would be wrong. `drop`: no finding (the edit would be ungrammatical
 * or change meaning); `review`: still offered, never in bulk (the edit is right only in some readings).
 */
export interface GrammarGuard {
  readonly name: string;
  /** Why the edit would be wrong, shown in the message when the guard downgrades to review. */
  readonly reason: string;
  readonly onBlock: 'drop' | 'review';
  blocks(input: GuardInput): boolean;
}

interface RuleBase {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: 'info' | 'hint';
  /** The highest tier the rule's fixes may have; a single match can still be downgraded by a guard. */
  readonly tier: Tier;
  readonly examples: readonly RuleExample[];
  readonly negationGuard?: NegationGuard;
  /** Conditions under which the rule must not fire or must not be applied in bulk. */
  readonly guards?: readonly GrammarGuard[];
}

/** One row of a declarative phrase table. */
export interface PhraseEntry {
  /** Regex source, case-insensitive; a literal space matches any run of whitespace. `$1`… in `replace` refer to its own groups. */
  readonly match: string;
  /** Replacement text; '' removes the phrase (and tidies the surrounding whitespace and capitalisation). */
  readonly replace: string;
  /** Overrides the rule's tier for this row (only ever to a lower one). */
  readonly tier?: Tier;
  /** Guards for this row, checked after the rule's own. */
  readonly guards?: readonly GrammarGuard[];
  /** Only where a sentence or list item starts. */
  readonly atSentenceStart?: boolean;
}

export interface PhraseRule extends RuleBase {
  readonly kind: 'phrase';
  readonly phrases: readonly PhraseEntry[];
  /** Only match where a sentence or list item starts. */
  readonly sentenceStartOnly?: boolean;
}

/** What a matcher proposes for one regex match; the engine does the safety checks and the token maths. */
export interface Candidate {
  readonly start: number;
  readonly end: number;
  /** Replacement for [start, end); '' removes it. Ignored when `edits` is given. */
  readonly replacement?: string;
  /** Pre-built edits (local offsets) for rules that cannot express their fix as one replacement, e.g. JSON compaction. */
  readonly edits?: readonly TextEdit[];
  /** Per-match tier (never above the rule's). */
  readonly tier?: Tier;
  /** Guards for this match, checked after the rule's own. */
  readonly guards?: readonly GrammarGuard[];
  /** Report only: no fix. */
  readonly reportOnly?: boolean;
  /** Why the finding has no fix or is not safe; appended to the message. */
  readonly note?: string;
  readonly message?: string;
}

export interface RuleContext {
  readonly text: string;
  readonly countTokens: CountTokens;
  /** Local (baseOffset-free) protected ranges, sorted and merged. */
  isProtected(start: number, end: number): boolean;
  /** Fenced code blocks (local), which only whitespace-preserving rules may edit inside. */
  readonly fencedBlocks: readonly TextRange[];
  readonly options: ResolvedOptions;
  /** Prose sentences (outside fenced code), in order. */
  readonly sentences: readonly TextRange[];
  sentenceAt(offset: number): TextRange | undefined;
  /** Lowercased ASCII words of the text. */
  readonly words: ReadonlySet<string>;
}

export interface MatcherRule extends RuleBase {
  readonly kind: 'matcher';
  /** Global regex; the engine resets `lastIndex` and runs it over the whole text. */
  readonly pattern: RegExp;
  match(m: RegExpExecArray, ctx: RuleContext): Candidate | null;
  /** The rule only runs when the text contains one of these lowercase words (a set lookup, no scan). */
  readonly triggerWords?: readonly string[];
}

/** A finding produced by a whole-prompt analysis, in local offsets. */
export interface LocalFinding {
  readonly range: TextRange;
  readonly message: string;
  readonly tokensSaved: number;
  readonly edits?: readonly TextEdit[];
  readonly tier?: Tier;
  readonly relatedRanges?: readonly TextRange[];
  readonly fixTitle?: string;
}

export interface StructureRule extends RuleBase {
  readonly kind: 'structure';
  analyze(ctx: RuleContext): LocalFinding[];
}

export type CompressionRule = PhraseRule | MatcherRule | StructureRule;

export type RuleSetting = boolean | 'off' | Severity;

export interface CompressionOptions {
  /** Ranges (whole-file offsets, like every TextRange) that no fix may touch; merged with `protectedRangesOf(text)`. */
  readonly protectedRanges: readonly TextRange[];
  readonly countTokens: CountTokens;
  /** Per rule id: false/'off' disables, true keeps the default severity, a severity overrides it. */
  readonly enabledRules?: Readonly<Record<string, RuleSetting>>;
  /** Offset of `text` inside the whole file; added to every returned range. */
  readonly baseOffset?: number;
  /** A section longer than this many tokens is reported (default 800). */
  readonly longSectionTokens?: number;
  /** Jaccard similarity from which two sentences count as near-duplicates (default 0.75). */
  readonly nearDuplicateThreshold?: number;
  /** How often one concept may be stated before it is reported (default 3). */
  readonly conceptRepeatThreshold?: number;
  /** Same-shape examples from which the prompt is told to keep 1–2 (default 3). */
  readonly exampleRepeatThreshold?: number;
}

export interface ResolvedOptions {
  readonly longSectionTokens: number;
  readonly nearDuplicateThreshold: number;
  readonly conceptRepeatThreshold: number;
  readonly exampleRepeatThreshold: number;
}

export interface CompressionFinding {
  readonly ruleId: string;
  /** Whole-file offsets. */
  readonly range: TextRange;
  readonly severity: Severity;
  readonly message: string;
  /** Tokens saved by the fix, counted on the affected sentence(s) before/after; for report-only findings an estimate. */
  readonly tokensSaved: number;
  /** The fix's edits (whole-file offsets); absent when the finding is report-only. */
  readonly edits?: readonly TextEdit[];
  readonly fixTitle?: string;
  /** `hint` when there are no edits; `safe` only when the edits may be applied without review. */
  readonly tier: Tier;
  /** Shorthand for `tier === 'safe'`. */
  readonly safe: boolean;
  /** Other places the finding refers to (the earlier duplicate, every mention of a concept, each example). */
  readonly relatedRanges?: readonly TextRange[];
}
