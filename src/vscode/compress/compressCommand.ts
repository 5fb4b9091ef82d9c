import * as vscode from 'vscode';
import { FAMILY_GUIDANCE, isCancellation, LlmCompressError, runCompressFlow, type AdjustTarget } from '../../core/compress/llm';
import { createProvider, ProviderError } from '../../core/providers';
import { analyzeSavings, headlineTokens, savingsCountLabel, type PromptTokenSavings } from '../../core/analysis';
import { DEFAULT_RENDER_BUDGET } from '../../core/prompt';
import type { Config } from '../config';
import type { Services } from '../services';
import { Utils } from '../language/uriUtils';
import { COMPRESSED_SCHEME, type CompressionSessions, type CompressionSession, type TokenSaving } from './compressionSession';
import { ACCEPT_ANYWAY, compressionSpan, decideAccept, lossyAcceptDialog, OPEN_REPORT, replaceSpan, untrustedRefusal, type ConfirmAccept, type Span } from './guards';
import { confirmJudgeModel, pickMode, pickModel, rememberedJudgeModel } from './models';
import { providerConfig, resolveModelTarget, type ModelTarget } from '../../core/providers/targets';
import { diffTitle, savingLabel } from './reportView';

/** Arguments of `promptscope.compressWithModel`; all optional (automation and tests). */
export interface CompressArgs {
  readonly uri?: vscode.Uri | string;
  /** The selection to compress (intersected with the body); the whole body when absent or empty. */
  readonly range?: vscode.Range;
  /** `provider/model`, e.g. `openai/gpt-4o-mini`. */
  readonly model?: string;
  readonly mode?: 'extractive' | 'rewrite';
  /** Used for this run only; the remembered judge (promptscope.chooseJudgeModel) is not changed. */
  readonly judgeModel?: string;
  /** Aborts like the notification's Cancel button (tests pass a pre-aborted or later-aborted signal). */
  readonly signal?: AbortSignal;
  /** Open the report in the markdown preview beside the diff (default false: the diff gets the full width; the notification offers the report). */
  readonly showReport?: boolean;
  /**
   * "Adjust for Model…" (promptscope.variants.adjustForModel): rewrite for this family's prompting guidance
   * instead of shortening; `mode` is then always 'rewrite'. The diff, report and guarded accept are the same.
   */
  readonly adjustFor?: AdjustTarget;
}

/** What the command returns; undefined when cancelled or refused. */
export interface CompressCommandResult {
  readonly sessionId: number;
  readonly blocking: boolean;
  readonly blockingReasons: string[];
  /** The compressed text of the span (what accept puts in place of the original span). */
  readonly compressed: string;
  /** The report's summary lines. */
  readonly summary: string[];
  /** The compressed span, as offsets into the document text. */
  readonly span: Span;
  readonly title: string;
  readonly savings: readonly TokenSaving[];
  /** What `savings` count: `rendered with default input` (the lens's number), `template text` or `text`. */
  readonly savingsCounted: string;
  readonly constraints: { text: string; status: string }[];
  readonly missing: Record<string, string[]>;
  readonly originalUri: string;
  readonly compressedUri: string;
  readonly reportUri: string;
}

/** Arguments of accept / discard: the resource URI from an editor title menu, or options. */
export type SessionArg = vscode.Uri | { readonly session?: number; readonly uri?: vscode.Uri | string; readonly confirm?: boolean | 'enter' | ConfirmAccept } | undefined;

/** The compressions in flight, so `promptscope.cancelCompression` (and tests) can abort them. */
const running = new Set<AbortController>();

export function cancelRunningCompressions(): number {
  const n = running.size;
  for (const c of running) c.abort();
  return n;
}

function normaliseArgs(arg: unknown): CompressArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg === 'object' && arg !== null) return arg as CompressArgs;
  return {};
}

function toUri(value: vscode.Uri | string): vscode.Uri {
  return typeof value === 'string' ? vscode.Uri.parse(value) : value;
}

/** A Range, or its JSON shape (`{ start: { line, character }, end: … }`) when it crossed a serialising boundary. */
function toRange(r: vscode.Range): vscode.Range {
  if (r instanceof vscode.Range) return r;
  const { start, end } = r as { start: vscode.Position; end: vscode.Position };
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

async function showError(services: Services, message: string, setKeyFor?: string): Promise<void> {
  const buttons = setKeyFor ? ['Set API Key…', 'Show Log'] : ['Show Log'];
  const choice = await vscode.window.showErrorMessage(`Promptscope: ${message}`, ...buttons);
  if (choice === 'Show Log') services.log.show(true);
  if (choice === 'Set API Key…' && setKeyFor) await vscode.commands.executeCommand('promptscope.setApiKey', setKeyFor);
}

/**
 * The key for a target. OpenAI and Anthropic need one (missing: a message with "Set API Key…",
 * and null); an OpenAI-compatible endpoint may work without (local servers such as Ollama).
 */
async function keyFor(services: Services, target: ModelTarget, role: string): Promise<string | undefined | null> {
  const key = await services.keys.get(target.providerName);
  if (key) return key;
  if (target.kind === 'openai-compatible') return undefined;
  void showError(services, `No API key for "${target.providerName}", needed for the ${role} model ${target.id}. Keys are kept in VS Code's SecretStorage.`, target.providerName);
  return null;
}

/** The span's own tokens (not rendered) per target: for a document that is not a prompt (`text`), or when the rendered count failed (`template text`). */
function countTextSavings(services: Services, targets: readonly string[], before: string, after: string): TokenSaving[] {
  const savings: TokenSaving[] = [];
  for (const modelId of targets) {
    try {
      const b = services.engine.tokens.countText(before, modelId);
      const a = services.engine.tokens.countText(after, modelId);
      savings.push({ modelId, before: b.tokens, after: a.tokens, exact: b.exact && a.exact });
    } catch (e) {
      services.log.warn(`Could not count tokens for ${modelId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return savings;
}

interface Prepared {
  readonly doc: vscode.TextDocument;
  readonly span: Span;
  readonly targets: readonly string[];
}

/** The document and span to compress, or undefined after telling the user why not. */
async function prepare(services: Services, args: CompressArgs): Promise<Prepared | undefined> {
  const editor = vscode.window.activeTextEditor;
  let doc: vscode.TextDocument | undefined;
  if (args.uri) doc = await vscode.workspace.openTextDocument(toUri(args.uri));
  else doc = editor?.document;
  if (!doc || doc.uri.scheme === COMPRESSED_SCHEME) {
    void vscode.window.showInformationMessage('Promptscope: open a prompt file (or select part of one) to compress it with a model.');
    return undefined;
  }
  const text = doc.getText();
  const file = services.documents.get(doc);
  const body: Span = file ? file.bodyRange : { start: 0, end: text.length };
  const range = args.range ? toRange(args.range) : !args.uri && editor?.document === doc ? editor.selection : undefined;
  const selection = range && !range.isEmpty ? { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) } : undefined;
  const span = compressionSpan(text, body, selection);
  if (!span) {
    void vscode.window.showInformationMessage(selection
      ? 'Promptscope: the selection has no prompt text to compress (the frontmatter is never compressed).'
      : 'Promptscope: the prompt body is empty; there is nothing to compress.');
    return undefined;
  }
  const targets = file && file.targets.length > 0 ? file.targets : services.config.defaultTargets;
  return { doc, span, targets };
}

/** "Compress with Model…". Returns undefined when refused, cancelled or failed. */
export async function compressWithModelCommand(services: Services, sessions: CompressionSessions, rawArgs?: unknown): Promise<CompressCommandResult | undefined> {
  const args = normaliseArgs(rawArgs);
  const refusal = untrustedRefusal(vscode.workspace.isTrusted);
  if (refusal) {
    void vscode.window.showWarningMessage(refusal);
    return undefined;
  }
  const prepared = await prepare(services, args);
  if (!prepared) return undefined;
  const { doc, span, targets } = prepared;

  const adjustFor = args.adjustFor;
  const adjustLabel = adjustFor ? FAMILY_GUIDANCE[adjustFor.family].label : undefined;
  const model = args.model ?? await pickModel(services, adjustFor
    ? { title: `Adjust for ${adjustLabel} (2/3): rewriting model`, placeHolder: 'The model that rewrites the prompt', targets }
    : { title: 'Compress with Model (1/3): model', placeHolder: 'The model that shortens the prompt', targets });
  if (!model) return undefined;
  const mode = adjustFor ? 'rewrite' : args.mode ?? await pickMode();
  if (!mode) return undefined;
  // Automation (a model passed in) uses the remembered judge; a person sees it as step 3 and may change it.
  const judgeModel = args.judgeModel ?? (args.model ? rememberedJudgeModel(services) : undefined) ?? await confirmJudgeModel(services, targets, model);
  if (!judgeModel) return undefined;

  const target = resolveModelTarget(model, services.config);
  const judgeTarget = resolveModelTarget(judgeModel, services.config);
  for (const t of [target, judgeTarget]) {
    if (typeof t === 'string') {
      void vscode.window.showErrorMessage(`Promptscope: ${t}`);
      return undefined;
    }
  }
  const compressTarget = target as ModelTarget;
  const judge = judgeTarget as ModelTarget;
  const key = await keyFor(services, compressTarget, adjustFor ? 'rewriting' : 'compression');
  if (key === null) return undefined;
  const judgeKey = await keyFor(services, judge, 'judge');
  if (judgeKey === null) return undefined;
  if (args.signal?.aborted) return undefined;

  const originalText = doc.getText();
  const docVersion = doc.version;
  const spanText = originalText.slice(span.start, span.end);
  const fileName = Utils.basename(doc.uri);
  const controller = new AbortController();
  const onExternalAbort = () => controller.abort();
  args.signal?.addEventListener('abort', onExternalAbort);
  running.add(controller);
  const action = adjustFor ? `Adjust for ${adjustLabel}` : 'Compress with Model';
  services.log.info(`${action}: ${fileName} [${span.start}, ${span.end}) with ${model} (${adjustFor ? `target ${adjustFor.model ?? adjustFor.family}` : mode}), judge ${judgeModel}`);

  let rendered: PromptTokenSavings | undefined;
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, cancellable: true, title: adjustFor ? `Adjusting for ${adjustLabel} with ${model}…` : `Compressing with ${model}…` },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const signal = controller.signal;
        let done = 0;
        const advance = (toPercent: number, message: string) => {
          const increment = Math.max(0, toPercent - done);
          done += increment;
          progress.report({ message, increment });
        };
        const firstTarget = targets[0];
        const tokens = services.engine.tokens;
        // Without a rendered count (not a prompt, or rendering failed): the compressed text itself on
        // the first target, counted in the tokenizer worker (a synchronous count could be a silent estimate).
        const textTokens = async (compressed: string) => firstTarget
          ? tokens.settled(() => ({ before: tokens.countText(spanText, firstTarget).tokens, after: tokens.countText(compressed, firstTarget).tokens, counts: 'template text' }))
          : undefined;
        // The headline is the lens's number: the whole prompt rendered with the lens's input, before and after.
        const measureTokens = services.documents.isPrompt(doc)
          ? async (compressed: string) => {
            try {
              // The lens's options with the CLI's render budget: off the keystroke path, a slow first render
              // must not turn the report into template text (the budget decides only whether it renders).
              const options = { ...services.analyses.optionsFor(doc, originalText), renderBudget: DEFAULT_RENDER_BUDGET };
              rendered = await tokens.settled(() => analyzeSavings(options, replaceSpan(originalText, span, compressed)));
              return headlineTokens(rendered) ?? textTokens(compressed);
            } catch (e) {
              services.log.warn(`Could not count the rendered prompt: ${e instanceof Error ? e.message : String(e)}`);
              return textTokens(compressed);
            }
          }
          : textTokens;
        const flow = await runCompressFlow({
          text: spanText,
          mode,
          provider: createProvider(providerConfig(compressTarget, key)),
          model: compressTarget.model,
          judgeProvider: createProvider(providerConfig(judge, judgeKey)),
          judgeModel: judge.model,
          signal,
          onProgress: (p) => advance(Math.round(p.fraction * 100), p.message),
          measureTokens,
          ...(adjustFor ? { adjustFor } : {}),
        });
        const result = flow.compression;
        const { report, notes } = flow;
        services.log.info(`${adjustFor ? 'Rewritten' : 'Compressed'} by ${result.model} in ${result.latencyMs} ms (${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens)`);
        for (const note of notes) services.log.warn(note);
        if (flow.judgeError) {
          const e = flow.judgeError;
          void showError(services, `the judge model failed: ${e.message} The constraints are shown as unjudged.`, e instanceof ProviderError && e.kind === 'auth' ? judge.providerName : undefined);
        }
        return { result, report, notes };
      },
    );

    const { result, report, notes } = outcome;
    const measured = rendered as PromptTokenSavings | undefined;
    // Exact counts (the tokenizer worker counts what it has not seen; milliseconds).
    const savings = measured ? measured.savings : await services.engine.tokens.settled(() => countTextSavings(services, targets, spanText, result.compressed));
    const savingsCounted = measured ? savingsCountLabel(measured) : services.documents.isPrompt(doc) ? 'template text' : 'text';
    const title = diffTitle(fileName, savings, adjustLabel, savingsCounted);
    const session = sessions.create({
      docUri: doc.uri,
      docVersion,
      originalText,
      span,
      compressedSpanText: result.compressed,
      model,
      judgeModel,
      mode,
      report,
      savings,
      savingsCounted,
      title,
      fileName,
      notes,
      ...(adjustFor ? { adjustFor } : {}),
    });
    for (const line of report.summary) services.log.info(`  ${line}`);

    const originalUri = sessions.uri(session, 'original');
    const compressedUri = sessions.uri(session, 'compressed');
    const reportUri = sessions.uri(session, 'report');
    await vscode.commands.executeCommand('vscode.diff', originalUri, compressedUri, title, { preview: false, viewColumn: vscode.ViewColumn.Active });
    await wrapDiffLines(services.config, compressedUri);
    sessions.decorate(vscode.window.visibleTextEditors);
    if (args.showReport === true) await showReport(services, sessions, session);
    notify(session);

    return {
      sessionId: session.id,
      blocking: report.blocking,
      blockingReasons: [...report.blockingReasons],
      compressed: result.compressed,
      summary: [...report.summary],
      span,
      title,
      savings,
      savingsCounted,
      constraints: report.constraints.map((c) => ({ text: c.constraint.text, status: c.status })),
      missing: Object.fromEntries(Object.entries(report.missing).map(([k, v]) => [k, v.map((e) => e.item)])),
      originalUri: originalUri.toString(),
      compressedUri: compressedUri.toString(),
      reportUri: reportUri.toString(),
    };
  } catch (e) {
    if (isCancellation(e, controller.signal)) {
      services.log.info(`${action}: cancelled`);
      return undefined;
    }
    if (e instanceof ProviderError) {
      services.log.error(`${action} failed: ${e.provider}${e.model ? ` (${e.model})` : ''} ${e.kind}${e.status ? ` HTTP ${e.status}` : ''}: ${e.message}`);
      void showError(services, e.message, e.kind === 'auth' ? e.provider : undefined);
    } else if (e instanceof LlmCompressError) {
      services.log.error(`${action} failed (${e.kind}): ${e.message}`);
      void showError(services, e.message);
    } else {
      services.log.error(`${action} failed unexpectedly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void showError(services, `compression failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return undefined;
  } finally {
    running.delete(controller);
    args.signal?.removeEventListener('abort', onExternalAbort);
  }
}

/**
 * Prompts are long prose lines: wrap them in the diff so the changes can be read without scrolling sideways.
 * Only when the user has not chosen wrapping already (the toggle would turn it off); it affects only the
 * diff's virtual documents, never the user's files.
 */
async function wrapDiffLines(config: Config, compressedUri: vscode.Uri): Promise<void> {
  if (config.wordWrap(compressedUri) !== 'off') return;
  if (vscode.window.activeTextEditor?.document.uri.toString() !== compressedUri.toString()) return;
  await vscode.commands.executeCommand('editor.action.toggleWordWrap');
}

/** The notification shown with the diff: accept / discard / report. Never awaited. */
function notify(session: CompressionSession): void {
  const { report } = session;
  const savings = session.savings.map(savingLabel).join(' · ');
  const arg = { session: session.id };
  if (report.blocking) {
    const count = report.blockingReasons.length;
    void vscode.window
      .showWarningMessage(
        `Promptscope: the ${session.adjustFor ? 'rewrite' : 'compression'} of ${session.fileName} lost something (${count} issue${count === 1 ? '' : 's'}, highlighted in red). Review the report before accepting.`,
        'Review & Accept…',
        'Discard',
        'Show Report',
      )
      .then((choice) => runChoice(choice, arg));
    return;
  }
  void vscode.window
    .showInformationMessage(`Promptscope: ${session.fileName} ${session.adjustFor ? `rewritten for ${FAMILY_GUIDANCE[session.adjustFor.family].label}` : 'compressed'}${savings ? ` (${savings})` : ''}; nothing was lost.`, 'Accept', 'Discard', 'Show Report')
    .then((choice) => runChoice(choice, arg));
}

function runChoice(choice: string | undefined, arg: { session: number }): Thenable<unknown> | undefined {
  if (choice === 'Accept' || choice === 'Review & Accept…') return vscode.commands.executeCommand('promptscope.acceptCompression', arg);
  if (choice === 'Discard') return vscode.commands.executeCommand('promptscope.discardCompression', arg);
  if (choice === 'Show Report') return vscode.commands.executeCommand('promptscope.showCompressionReport', arg);
  return undefined;
}

export async function showReport(services: Services, sessions: CompressionSessions, session: CompressionSession): Promise<void> {
  const uri = sessions.uri(session, 'report');
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch (e) {
    services.log.warn(`Markdown preview unavailable (${e instanceof Error ? e.message : String(e)}); opening the report as text`);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }
}

/** The session an accept/discard/report command is about. */
export function sessionFor(sessions: CompressionSessions, arg: SessionArg): CompressionSession | undefined {
  if (arg instanceof vscode.Uri) return sessions.fromUri(arg) ?? sessions.current();
  if (arg?.session !== undefined) return sessions.get(arg.session);
  if (arg?.uri) return sessions.fromUri(toUri(arg.uri));
  return sessions.current();
}

/**
 * The modal shown before accepting a compression whose report blocks: a short summary that fits any window
 * (the full list is in the report), "Open Report" first so Enter opens the report, "Accept anyway" never the
 * default button.
 */
function modalConfirmFor(services: Services, sessions: CompressionSessions, session: CompressionSession): ConfirmAccept {
  return async (reasons) => {
    const dialog = lossyAcceptDialog(reasons);
    const choice = await vscode.window.showWarningMessage(dialog.message, { modal: true, detail: dialog.detail }, ...dialog.buttons);
    if (choice === OPEN_REPORT) await showReport(services, sessions, session);
    return choice === ACCEPT_ANYWAY;
  };
}

function confirmFrom(arg: SessionArg, modal: ConfirmAccept): ConfirmAccept {
  if (arg && !(arg instanceof vscode.Uri) && arg.confirm !== undefined) {
    const confirm = arg.confirm;
    // 'enter': what pressing Enter on the real dialog does — its default (first) button — for tests.
    if (confirm === 'enter') return (reasons) => lossyAcceptDialog(reasons).buttons[0] === ACCEPT_ANYWAY;
    return typeof confirm === 'function' ? confirm : () => confirm;
  }
  return modal;
}

async function closeSessionTabs(sessions: CompressionSessions, session: CompressionSession): Promise<void> {
  const reportName = Utils.basename(sessions.uri(session, 'report'));
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => {
    const input = tab.input;
    if (input instanceof vscode.TabInputTextDiff) return sessions.fromUri(input.modified) === session || sessions.fromUri(input.original) === session;
    if (input instanceof vscode.TabInputText) return sessions.fromUri(input.uri) === session;
    if (input instanceof vscode.TabInputWebview) return /markdown/i.test(input.viewType) && tab.label.endsWith(reportName);
    return false;
  });
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}

/**
 * Applies the compression as one undoable edit replacing exactly the compressed span. Refuses when
 * the document changed since the compression started; a blocking report needs `confirm` (a modal
 * unless the arguments pass one). Returns whether the edit was applied.
 */
export async function acceptCompression(services: Services, sessions: CompressionSessions, arg: SessionArg): Promise<boolean> {
  const session = sessionFor(sessions, arg);
  if (!session || session.state !== 'pending') {
    void vscode.window.showInformationMessage('Promptscope: there is no pending compression to accept.');
    return false;
  }
  const unchanged = async (): Promise<vscode.TextDocument | undefined> => {
    const doc = await vscode.workspace.openTextDocument(session.docUri);
    if (doc.getText() === session.originalText) return doc;
    void vscode.window.showErrorMessage(`Promptscope: ${session.fileName} changed since the compression started, so it cannot be applied safely. Discard it and compress again.`);
    return undefined;
  };
  if (!(await unchanged())) return false;
  if (!(await decideAccept(session.report, confirmFrom(arg, modalConfirmFor(services, sessions, session))))) {
    services.log.info(`Compression of ${session.fileName} not accepted (the report blocks and it was not confirmed)`);
    return false;
  }
  const doc = await unchanged();
  if (!doc) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(session.span.start), doc.positionAt(session.span.end)), session.compressedSpanText);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Promptscope: the compressed text could not be applied to ${session.fileName}.`);
    return false;
  }
  sessions.settle(session, 'accepted');
  services.log.info(`Compression of ${session.fileName} accepted${session.report.blocking ? ' after confirmation' : ''}`);
  await closeSessionTabs(sessions, session);
  await vscode.window.showTextDocument(doc, { preview: false });
  const savings = session.savings.map(savingLabel).join(' · ');
  void vscode.window.showInformationMessage(`Promptscope: ${session.adjustFor ? 'rewrite' : 'compression'} applied to ${session.fileName}${savings ? ` (${savings})` : ''}. Undo restores the original.`);
  return true;
}

export async function discardCompression(services: Services, sessions: CompressionSessions, arg: SessionArg): Promise<boolean> {
  const session = sessionFor(sessions, arg);
  if (!session || session.state !== 'pending') return false;
  sessions.settle(session, 'discarded');
  services.log.info(`Compression of ${session.fileName} discarded`);
  await closeSessionTabs(sessions, session);
  return true;
}
