import * as vscode from 'vscode';
import { approxPrefix, formatTokenCount } from '../../core/pricing';
import type { PromptAnalysis } from '../../core/analysis';
import type { Services } from '../services';
import type { Analyses } from './analyses';

export const PREVIEW_SCHEME = 'promptscope-preview';

/** The preview's text: every rendered message with its role and tokens on the primary target. */
export function previewText(fileName: string, a: PromptAnalysis): string {
  const primary = a.report.models[0];
  const lines = [`# ${fileName} — rendered with ${a.input.label}`, ''];
  if (a.inputError) lines.push(`> ⚠ ${a.inputError}`, '');
  if (a.renderError) lines.push(`> ⚠ The template could not be rendered: ${a.renderError.message}`, '');
  if (a.missingPartials.length) lines.push(`> ⚠ Missing partials (rendered empty): ${a.missingPartials.join(', ')}`, '');
  for (const m of a.report.models) lines.push(`- ${m.modelId}: ${approxPrefix(m.exact)}${formatTokenCount(m.renderedTokens)} input tokens (${m.method})`);
  lines.push('');
  a.messages.forEach((message, i) => {
    const tokens = primary?.perMessage[i];
    lines.push(`## ${message.role}${tokens !== undefined && primary ? ` · ${approxPrefix(primary.exact)}${formatTokenCount(tokens)} tok on ${primary.label}` : ''}`, '');
    lines.push(message.text.trim(), '');
  });
  if (a.messages.length === 0) lines.push('_(no messages)_');
  return lines.join('\n');
}

/** A read-only virtual document per prompt that follows its source as you type. */
export class RenderedPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: Services, private readonly analyses: Analyses) {
    this.subscription = analyses.onDidUpdate((source) => this.emitter.fire(RenderedPreview.previewUri(source)));
  }

  static previewUri(source: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `${source.path}.rendered.md`, query: source.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.parse(uri.query);
    const doc = await vscode.workspace.openTextDocument(source);
    const analysis = await this.analyses.get(doc);
    if (!analysis) return `# ${source.path}\n\nNot a prompt file, or it could not be rendered — see "Promptscope: Show Log".`;
    return previewText(source.path.slice(source.path.lastIndexOf('/') + 1), analysis);
  }

  async open(uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!doc || !this.services.documents.isPrompt(doc)) {
      void vscode.window.showErrorMessage('Promptscope: open a prompt file to preview.');
      return undefined;
    }
    const previewUri = RenderedPreview.previewUri(doc.uri);
    const preview = await vscode.workspace.openTextDocument(previewUri);
    await vscode.languages.setTextDocumentLanguage(preview, 'markdown');
    await vscode.window.showTextDocument(preview, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    return previewUri;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
