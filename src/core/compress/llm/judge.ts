import type { ChatProvider, TokenUsage } from '../../providers';
import { contentWords } from '../segment';
import type { Constraint } from './constraints';
import { LlmCompressError } from './errors';
import { buildJudgeMessages } from './prompts';

export type JudgedStatus = 'kept' | 'weakened' | 'missing' | 'contradicted';
/** 'unjudged': the judge gave no usable verdict; we never guess one. */
export type ConstraintStatus = JudgedStatus | 'unjudged';

/** What survives of a constraint's words in the compressed text, checked without any model. */
export interface MechanicalCheck {
  /** 'absent': none of its content words survive; 'partial': some do; 'present': all do. */
  readonly verdict: 'present' | 'partial' | 'absent';
  /** Content words (lowercased, lightly stemmed) found / not found in the compressed text. */
  readonly keptWords: string[];
  readonly lostWords: string[];
  /** Trigger phrases (must, never, at most, …) of the constraint that no longer occur anywhere. */
  readonly lostTriggers: string[];
}

export interface JudgedConstraint {
  readonly constraint: Constraint;
  readonly status: ConstraintStatus;
  /** The judge's evidence; with a disagreement note appended when the mechanical check disagrees. */
  readonly evidence?: string;
  /** Why the constraint is 'unjudged'. */
  readonly reason?: string;
  readonly mechanical: MechanicalCheck;
  /** Set when the judge says 'kept' but none of the constraint's content words survive. */
  readonly disagreement?: string;
}

export interface JudgeConstraintsOptions {
  readonly provider: ChatProvider;
  /** The judge model (the provider's own name). Required: there is no default judge. */
  readonly model: string;
  readonly original: string;
  readonly compressed: string;
  readonly constraints: readonly Constraint[];
  readonly signal?: AbortSignal;
  /** Default: 256 plus 150 per constraint, at most 8192. */
  readonly maxOutputTokens?: number;
}

export interface JudgeConstraintsResult {
  /** One entry per constraint, in the order given. */
  readonly judged: JudgedConstraint[];
  /** Zeros when no call was made (no constraints). */
  readonly usage: TokenUsage;
  readonly latencyMs: number;
  /** The model that answered; undefined when no call was made. */
  readonly model?: string;
  /** Why the reply could not be used at all (then every constraint is 'unjudged'). */
  readonly parseError?: string;
  /** The judge's raw reply, for a log. */
  readonly rawReply?: string;
}

/**
 * Asks the judge model whether each constraint of the original survives in the compressed text,
 * as strict JSON. The reply is parsed leniently (code fences, prose around the JSON, ids as
 * strings, status synonyms); anything that still cannot be read becomes 'unjudged' with a reason.
 * The judge has the last word on the status; a mechanical word check is attached to every verdict
 * and a disagreement ('kept' while no content word survives) is noted in the evidence.
 * Provider failures (including cancellation) are thrown as ProviderError.
 */
export async function judgeConstraints(options: JudgeConstraintsOptions): Promise<JudgeConstraintsResult> {
  const { provider, model, original, compressed, constraints, signal } = options;
  if (!model.trim()) throw new LlmCompressError('invalid-request', 'Choose a judge model; there is no default judge.');
  const mechanical = constraints.map((c) => mechanicalCheck(c, compressed));
  if (constraints.length === 0) return { judged: [], usage: { inputTokens: 0, outputTokens: 0 }, latencyMs: 0 };

  const result = await provider.complete({
    model,
    messages: buildJudgeMessages(original, compressed, constraints),
    maxOutputTokens: options.maxOutputTokens ?? Math.min(8192, 256 + 150 * constraints.length),
    temperature: 0,
    ...(signal ? { signal } : {}),
  });
  const truncated = result.stopReason === 'length' || result.stopReason === 'max_tokens';
  const parsed = parseJudgeReply(result.text);
  const base = { usage: result.usage, latencyMs: result.latencyMs, model: result.model, rawReply: result.text };

  if ('error' in parsed) {
    const parseError = `${truncated ? 'The judge reply was cut off at the output limit' : 'The judge reply was not valid JSON'} (${parsed.error}).`;
    return {
      ...base,
      parseError,
      judged: constraints.map((constraint, i) => ({ constraint, status: 'unjudged', reason: parseError, mechanical: mechanical[i] as MechanicalCheck })),
    };
  }

  const judged = constraints.map((constraint, i): JudgedConstraint => {
    const check = mechanical[i] as MechanicalCheck;
    const verdict = parsed.verdicts.get(constraint.id);
    if (!verdict) return { constraint, status: 'unjudged', reason: 'The judge gave no verdict for this constraint.', mechanical: check };
    if (!verdict.status) {
      return { constraint, status: 'unjudged', reason: `The judge answered "${verdict.rawStatus}", which is not kept, weakened, missing or contradicted.`, mechanical: check };
    }
    if (verdict.status === 'kept' && check.verdict === 'absent') {
      const disagreement = `The judge says kept, but none of the constraint's key words (${check.lostWords.join(', ')}) appear in the compressed text.`;
      const evidence = verdict.evidence ? `${verdict.evidence} — ${disagreement}` : disagreement;
      return { constraint, status: 'kept', evidence, mechanical: check, disagreement };
    }
    return { constraint, status: verdict.status, ...(verdict.evidence ? { evidence: verdict.evidence } : {}), mechanical: check };
  });
  return { ...base, judged };
}

/** Which of the constraint's words and trigger phrases still occur in `compressed`. */
export function mechanicalCheck(constraint: Constraint, compressed: string): MechanicalCheck {
  const present = new Set(contentWords(compressed));
  const words = [...new Set(contentWords(constraint.text))];
  const triggerWords = new Set(constraint.triggers.flatMap((t) => contentWords(t)));
  const content = words.filter((w) => !triggerWords.has(w));
  const keptWords = content.filter((w) => present.has(w));
  const lostWords = content.filter((w) => !present.has(w));
  const lower = compressed.toLowerCase().replace(/’/g, "'");
  const lostTriggers = [...new Set(constraint.triggers)].filter((t) => !new RegExp(`\\b${t.replace(/ /g, '\\s+')}\\b`, 'i').test(lower));
  const verdict = content.length === 0 ? (lostTriggers.length === 0 ? 'present' : 'absent') : keptWords.length === 0 ? 'absent' : lostWords.length === 0 ? 'present' : 'partial';
  return { verdict, keptWords, lostWords, lostTriggers };
}

// ------------------------------------------------------------------------------- parsing

export interface ParsedVerdict {
  /** Undefined when the judge used a word we do not recognise (see rawStatus). */
  readonly status?: JudgedStatus;
  readonly rawStatus: string;
  readonly evidence?: string;
}

const STATUS_SYNONYMS: Record<string, JudgedStatus> = {
  kept: 'kept', keep: 'kept', preserved: 'kept', present: 'kept', retained: 'kept', intact: 'kept', ok: 'kept', yes: 'kept',
  weakened: 'weakened', weaker: 'weakened', softened: 'weakened', partial: 'weakened', partially_kept: 'weakened', changed: 'weakened',
  missing: 'missing', removed: 'missing', dropped: 'missing', absent: 'missing', lost: 'missing', omitted: 'missing', deleted: 'missing',
  contradicted: 'contradicted', contradiction: 'contradicted', contradicts: 'contradicted', inverted: 'contradicted', reversed: 'contradicted', negated: 'contradicted', opposite: 'contradicted',
};

export function normaliseStatus(raw: string): JudgedStatus | undefined {
  return STATUS_SYNONYMS[raw.trim().toLowerCase().replace(/[\s-]+/g, '_')];
}

/** JSON texts worth trying, most specific first: fenced blocks, the whole reply, the outermost {…} and […]. */
function jsonCandidates(reply: string): string[] {
  const candidates: string[] = [];
  for (const m of reply.matchAll(/```[\w-]*[ \t]*\n?([\s\S]*?)```/g)) candidates.push((m[1] ?? '').trim());
  candidates.push(reply.trim());
  const firstBrace = reply.indexOf('{');
  const lastBrace = reply.lastIndexOf('}');
  if (firstBrace >= 0 && lastBrace > firstBrace) candidates.push(reply.slice(firstBrace, lastBrace + 1));
  const firstBracket = reply.indexOf('[');
  const lastBracket = reply.lastIndexOf(']');
  if (firstBracket >= 0 && lastBracket > firstBracket) candidates.push(reply.slice(firstBracket, lastBracket + 1));
  return candidates.filter((c) => c.length > 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function verdictList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return undefined;
  for (const key of ['verdicts', 'results', 'constraints', 'judgements', 'judgments']) {
    if (Array.isArray(value[key])) return value[key] as unknown[];
  }
  // { "1": "kept", "2": { "status": "missing" } }
  const entries = Object.entries(value).filter(([k]) => /^\d+$/.test(k));
  if (entries.length > 0) return entries.map(([id, v]) => (isRecord(v) ? { id, ...v } : { id, status: v }));
  return undefined;
}

/** Reads the judge's reply into verdicts by constraint id, or says why it cannot. */
export function parseJudgeReply(reply: string): { verdicts: Map<number, ParsedVerdict> } | { error: string } {
  if (!reply.trim()) return { error: 'the reply was empty' };
  for (const candidate of jsonCandidates(reply)) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      continue;
    }
    const list = verdictList(value);
    if (!list) continue;
    const verdicts = new Map<number, ParsedVerdict>();
    for (const item of list) {
      if (!isRecord(item)) continue;
      const id = Number(item.id ?? item.constraint_id ?? item.constraintId);
      if (!Number.isInteger(id)) continue;
      const rawStatus = typeof item.status === 'string' ? item.status : typeof item.verdict === 'string' ? item.verdict : String(item.status ?? '');
      const evidence = typeof item.evidence === 'string' ? item.evidence : typeof item.reason === 'string' ? item.reason : undefined;
      const status = normaliseStatus(rawStatus);
      if (!verdicts.has(id)) verdicts.set(id, { ...(status ? { status } : {}), rawStatus, ...(evidence ? { evidence } : {}) });
    }
    if (verdicts.size > 0) return { verdicts };
  }
  const excerpt = reply.trim().replace(/\s+/g, ' ').slice(0, 80);
  return { error: `no verdict list found in: "${excerpt}${reply.trim().length > 80 ? '…' : ''}"` };
}
