/**
 * The decisions of "Compress with Model…" that must hold whatever the UI does, kept free of the
 * VS Code API so tests can call them directly: whether anything may be sent, which span is
 * compressed, and whether an accept may go ahead.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Why nothing may be sent, or undefined when requests are allowed. In an untrusted workspace no
 * prompt text may leave the machine.
 */
export function untrustedRefusal(isTrusted: boolean): string | undefined {
  return isTrusted
    ? undefined
    : 'Promptscope: this workspace is not trusted, so nothing is sent to a model. Trust the workspace (Manage Workspace Trust) to use "Compress with Model…".';
}

/**
 * The span to compress: the selection intersected with the prompt body (never the frontmatter),
 * or the whole body when the selection is empty or absent. Undefined when the selection lies
 * entirely outside the body or the span holds only whitespace.
 */
export function compressionSpan(text: string, body: Span, selection?: Span): Span | undefined {
  let span: Span = body;
  if (selection && selection.end > selection.start) {
    const start = Math.max(selection.start, body.start);
    const end = Math.min(selection.end, body.end);
    if (end <= start) return undefined;
    span = { start, end };
  }
  return text.slice(span.start, span.end).trim().length > 0 ? span : undefined;
}

/** Asked before accepting a compression whose report blocks; true to accept anyway. */
export type ConfirmAccept = (reasons: readonly string[]) => boolean | PromiseLike<boolean>;

/**
 * Whether an accept goes ahead. Not blocking: yes, without asking. Blocking: only when `confirm`
 * (a modal dialog in the UI) explicitly says yes, so a blocking report never allows a one-click
 * accept.
 */
export async function decideAccept(report: { readonly blocking: boolean; readonly blockingReasons: readonly string[] }, confirm: ConfirmAccept): Promise<boolean> {
  if (!report.blocking) return true;
  return (await confirm(report.blockingReasons)) === true;
}

/** The document text with `span` replaced: what the compressed side of the diff shows. */
export function replaceSpan(text: string, span: Span, replacement: string): string {
  return text.slice(0, span.start) + replacement + text.slice(span.end);
}

export const OPEN_REPORT = 'Open Report';
export const ACCEPT_ANYWAY = 'Accept anyway';
/** Reasons shown in the dialog itself; the report has all of them. */
const DIALOG_REASONS = 3;
const DIALOG_REASON_CHARS = 100;

/**
 * The confirmation before accepting a lossy compression: a count and the first few reasons, short enough
 * for any window (a 37-line modal did not fit), and "Open Report" as the first — default, Enter — button,
 * so Enter never accepts a loss.
 */
export function lossyAcceptDialog(reasons: readonly string[]): { message: string; detail: string; buttons: readonly string[] } {
  const shown = reasons.slice(0, DIALOG_REASONS).map((r) => `• ${r.length > DIALOG_REASON_CHARS ? `${r.slice(0, DIALOG_REASON_CHARS - 1)}…` : r}`);
  const more = reasons.length - shown.length;
  const detail = [
    `The preservation report found ${reasons.length} problem${reasons.length === 1 ? '' : 's'}:`,
    ...shown,
    ...(more > 0 ? [`… and ${more} more in the report.`] : []),
    '',
    'Accepting removes the highlighted items from the prompt (Undo restores them).',
  ].join('\n');
  return { message: 'Accept a compression that lost something?', detail, buttons: [OPEN_REPORT, ACCEPT_ANYWAY] };
}

/**
 * Why a typed model name cannot be used, or undefined when the endpoint serves it (or did not list its models,
 * in which case the name is passed on). Close names are suggested: "gpt4o" → "gpt-4o".
 */
export function notServed(provider: string, model: string, served: readonly string[]): string | undefined {
  if (served.length === 0 || served.includes(model)) return undefined;
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const near = served.filter((m) => squash(m).includes(squash(model)) || squash(model).includes(squash(m))).slice(0, 3);
  return `"${provider}" does not serve a model named "${model}".${near.length ? ` Did you mean ${near.map((m) => `"${m}"`).join(', ')}?` : ''}`;
}
