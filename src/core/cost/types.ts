/**
 * The cost report's plain JSON shapes (no imports): the audit report embeds them and the
 * webview reads them.
 */

export interface CostCurveSeries {
  /** `total` (every prompt on its primary target), `total-with-levers`, or a model id. */
  readonly id: string;
  readonly label: string;
  /** USD per month at each `users` point. */
  readonly monthlyCost: readonly number[];
  /** Users from which the series costs more than the band's low / high end; null when never (within 10⁹ users). */
  readonly crossesLowAtUsers: number | null;
  readonly crossesHighAtUsers: number | null;
}

export interface CostCurve {
  readonly users: readonly number[];
  readonly callsPerUser: number;
  readonly band: { readonly lowUsd: number; readonly highUsd: number };
  readonly series: readonly CostCurveSeries[];
}

export interface ObservedOutput {
  readonly modelId: string;
  /** Replies counted (done, usage reported, not served from the response cache). */
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** p99 + 20% (OUTPUT_LIMIT_MARGIN), rounded up to a multiple of 16. */
  readonly suggestedMaxOutputTokens: number;
}
