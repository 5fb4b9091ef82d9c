// Made on first use: the first Intl.NumberFormat of a process loads ICU data (~10 ms), which
// would otherwise be part of the extension's load before activation.
let tokenFormat: Intl.NumberFormat | undefined;
let dollarsFormat: Intl.NumberFormat | undefined;

/**
 * `$4.80`, `$1,234.50`, and two significant digits below a dollar so per-call costs stay
 * readable: `$0.48`, `$0.0048`, `$0.000012` (trailing zeros past the cents dropped: `$0.007`).
 */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) return '$?';
  const sign = amount < 0 ? '-' : '';
  const value = Math.abs(amount);
  if (value === 0) return '$0.00';
  // Below a millionth of a cent nothing useful is left to show (and toFixed allows ≤ 100 digits).
  if (value < 1e-8) return `${sign}<$0.00000001`;
  if (value >= 0.995) return `${sign}$${(dollarsFormat ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })).format(value)}`;
  const decimals = Math.max(2, 1 - Math.floor(Math.log10(value)));
  let digits = value.toFixed(decimals);
  // Rounding can leave trailing zeros (0.050, 0.0070); keep at least cents.
  while (digits.endsWith('0') && digits.length - digits.indexOf('.') - 1 > 2) digits = digits.slice(0, -1);
  return `${sign}$${digits}`;
}

/** `1,931`. */
export function formatTokenCount(tokens: number): string {
  return (tokenFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })).format(tokens);
}

/** `1.5%`; tiny shares show as `<0.1%` rather than a misleading `0.0%`. */
export function formatPercent(percent: number): string {
  if (percent === 0) return '0%';
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}

/** The "≈" that marks estimated numbers everywhere. */
export function approxPrefix(exact: boolean): string {
  return exact ? '' : '≈';
}

export interface CountSummaryParts {
  readonly label: string;
  readonly tokens: number;
  readonly exact: boolean;
  readonly costPerCall?: number;
  readonly costPerThousandCalls?: number;
  readonly contextPercent?: number;
  /** True when no catalog layer knows the model: the line says so instead of leaving cost out silently. */
  readonly noPrice?: boolean;
}

/**
 * One line for a CodeLens or the CLI: `gpt-4o 1,931 tok · $0.0048/call · $4.83/1k · 1.5% ctx`;
 * estimates read `claude-sonnet-4-5 ≈2,317 tok · ≈$0.0070/call · …`; unknown models end in `no price`.
 */
export function formatCountSummary(parts: CountSummaryParts): string {
  const approx = approxPrefix(parts.exact);
  const pieces = [`${parts.label} ${approx}${formatTokenCount(parts.tokens)} tok`];
  if (parts.costPerCall !== undefined) pieces.push(`${approx}${formatUsd(parts.costPerCall)}/call`);
  if (parts.costPerThousandCalls !== undefined) pieces.push(`${approx}${formatUsd(parts.costPerThousandCalls)}/1k`);
  if (parts.contextPercent !== undefined) pieces.push(`${formatPercent(parts.contextPercent)} ctx`);
  if (parts.noPrice) pieces.push('no price');
  return pieces.join(' · ');
}
