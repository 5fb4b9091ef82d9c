import type { EvalFingerprint } from '../variants/staleness';
import type { Interval } from './stats';

export const EVAL_REPORT_VERSION = 1;

/** One side of a migration: a variant of a logical prompt on a model. */
export interface EvalSide {
  /** `base` or the variant name (`claude`); a model given alone runs the base file. */
  readonly variant: string;
  readonly promptPath: string;
  readonly model: string;
}

export interface SideStats extends EvalSide {
  /** Inputs with a complete result (every repeat finished). */
  readonly inputs: number;
  /** Inputs that passed on every repeat. */
  readonly passed: number;
  readonly passRate: number;
  /** 95% Wilson interval of passRate over the inputs. */
  readonly interval: Interval;
  /** Calls made (inputs × repeat), and how many failed with an error (not an assertion). */
  readonly calls: number;
  readonly errors: number;
  /** Share of single calls that passed (differs from passRate only with repeats). */
  readonly callPassRate: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly ttftP50Ms: number | null;
  readonly meanInputTokens: number | null;
  readonly meanOutputTokens: number | null;
  /** Mean $ per call from provider usage × catalog prices; null when the model has no price. */
  readonly costPerCallUsd: number | null;
  readonly costPer1000CallsUsd: number | null;
  /** At `callsPerMonth`, when given. */
  readonly costPerMonthUsd: number | null;
  readonly totalCostUsd: number | null;
  /** Inputs whose repeats disagreed (0 < passes < repeats). */
  readonly flakyInputs: number;
  /** Mean pass^k over inputs (k = repeat); equals passRate's estimate when repeat is 1. */
  readonly passHatK: number | null;
}

export interface InputOutcome {
  /** The sample id. */
  readonly sample: string;
  readonly baselinePasses: number;
  readonly candidatePasses: number;
  readonly tries: number;
  readonly baselinePass: boolean;
  readonly candidatePass: boolean;
  /** First repeat's output per side (what regressions show and diff). */
  readonly baselineOutput: string;
  readonly candidateOutput: string;
  /** Failing assertion reasons or the error, first failing repeat. */
  readonly baselineReasons: readonly string[];
  readonly candidateReasons: readonly string[];
  readonly preference?: JudgePreference;
}

export interface JudgePreference {
  readonly winner: 'baseline' | 'candidate' | 'tie' | 'unknown';
  readonly reason: string;
}

export interface PreferenceSummary {
  readonly judgeModel: string;
  readonly baseline: number;
  readonly candidate: number;
  readonly ties: number;
  readonly unknown: number;
}

export interface RolloutStep {
  readonly percent: number;
  /** Calls per day at this share, when callsPerMonth is known. */
  readonly callsPerDay: number | null;
  readonly watch: readonly string[];
  readonly rollbackIf: readonly string[];
}

export interface RolloutPlan {
  readonly gate: { readonly passed: boolean; readonly summary: string };
  readonly shadow: { readonly summary: string; readonly watch: readonly string[]; readonly rollbackIf: readonly string[] };
  readonly steps: readonly RolloutStep[];
}

export interface EvalComparisonWithPrevious {
  readonly previousCreatedAt: string;
  /** Why the previous evaluation no longer matches (prompt changed, …); empty when the same inputs. */
  readonly changed: readonly string[];
  readonly candidatePassRateDelta: number;
  readonly regressionsDelta: number;
  /** Regressions that are new since the previous evaluation, and ones that are gone. */
  readonly newRegressions: readonly string[];
  readonly fixedRegressions: readonly string[];
  readonly costPerCallDeltaUsd: number | null;
}

export interface EvalReport {
  readonly version: typeof EVAL_REPORT_VERSION;
  readonly createdAt: string;
  /** The logical prompt (base file path). */
  readonly promptPath: string;
  readonly samplesPath?: string;
  readonly repeat: number;
  readonly callsPerMonth?: number;
  readonly fingerprint: EvalFingerprint;
  readonly baseline: SideStats;
  readonly candidate: SideStats;
  /** Sample ids the baseline passes and the candidate fails. */
  readonly regressions: readonly string[];
  readonly improvements: readonly string[];
  /** Inputs left out because a repeat was cancelled or never ran. */
  readonly incomplete: readonly string[];
  readonly mcnemar: { readonly b: number; readonly c: number; readonly p: number };
  readonly outcomes: readonly InputOutcome[];
  readonly preference?: PreferenceSummary;
  readonly verdict: string;
  readonly rollout: RolloutPlan;
  readonly previous?: EvalComparisonWithPrevious;
  /** The run files each side was saved in (relative to the runs folder). */
  readonly runFiles?: { readonly baseline?: string; readonly candidate?: string };
}
