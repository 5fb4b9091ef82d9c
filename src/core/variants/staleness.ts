import { createHash } from 'node:crypto';

/** sha256 of a text, hex; what evaluations record so a later change is recognisable. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What an evaluation was run on: each side's prompt text and model, and the samples. */
export interface EvalFingerprint {
  readonly baseline: { readonly promptHash: string; readonly model: string };
  readonly candidate: { readonly promptHash: string; readonly model: string };
  readonly samplesHash: string;
}

export type StaleReason = 'baseline prompt changed' | 'candidate prompt changed' | 'samples changed' | 'baseline model changed' | 'candidate model changed';

/** Why an evaluation no longer describes the files as they are now; empty when it is current. */
export function staleReasons(recorded: EvalFingerprint, current: EvalFingerprint): StaleReason[] {
  const reasons: StaleReason[] = [];
  if (recorded.baseline.promptHash !== current.baseline.promptHash) reasons.push('baseline prompt changed');
  if (recorded.candidate.promptHash !== current.candidate.promptHash) reasons.push('candidate prompt changed');
  if (recorded.samplesHash !== current.samplesHash) reasons.push('samples changed');
  if (recorded.baseline.model !== current.baseline.model) reasons.push('baseline model changed');
  if (recorded.candidate.model !== current.candidate.model) reasons.push('candidate model changed');
  return reasons;
}

/** "3 minutes ago", "2 days ago": for lenses and the tree. */
export function relativeAge(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute']];
  for (const [size, unit] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}
