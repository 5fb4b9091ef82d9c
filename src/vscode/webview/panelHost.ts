import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { HostToWebview, RequestMap, WebviewToHost } from '../../shared/webviewProtocol';

export type RequestHandlers<Requests extends RequestMap> = {
  [M in keyof Requests]: (params: Requests[M]['params']) => Promise<Requests[M]['result']> | Requests[M]['result'];
};

export interface PanelOptions<Requests extends RequestMap> {
  readonly viewType: string;
  readonly title: string;
  /** Bundle name under dist/webview, e.g. `audit` for dist/webview/audit.main.js. */
  readonly script: string;
  readonly extensionUri: vscode.Uri;
  readonly handlers: RequestHandlers<Requests>;
  readonly log: vscode.LogOutputChannel;
}

/**
 * One webview panel speaking the typed protocol: strict CSP with a nonce (no inline script),
 * styles from a file, a `ready` handshake before any state is posted, request/response by id.
 */
export class PanelHost<State, Requests extends RequestMap, Events = never> implements vscode.Disposable {
  private ready = false;
  private pendingState: State | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly options: PanelOptions<Requests>) {
    const mediaRoot = vscode.Uri.joinPath(options.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [mediaRoot, vscode.Uri.joinPath(options.extensionUri, 'media')] };
    panel.webview.html = this.html(panel.webview, mediaRoot);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: WebviewToHost<Requests>) => this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Sends the whole state now, or as soon as the webview says it is ready. */
  setState(state: State): void {
    this.pendingState = state;
    if (this.ready) void this.post({ type: 'state', state });
  }

  /** Events before the webview is ready are dropped: until then, keep its first state current with setState. */
  emit(event: Events): void {
    if (this.ready) void this.post({ type: 'event', event });
  }

  /** True once the webview said it is ready (events reach it). */
  get isReady(): boolean {
    return this.ready;
  }

  private post(message: HostToWebview<State, Events>): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private async onMessage(message: WebviewToHost<Requests>): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      if (this.pendingState !== undefined) await this.post({ type: 'state', state: this.pendingState });
      return;
    }
    if (message.type !== 'request') return;
    const handler = this.options.handlers[message.method as keyof Requests];
    try {
      if (!handler) throw new Error(`unknown request ${String(message.method)}`);
      const result = await handler(message.params as never);
      await this.post({ type: 'response', requestId: message.requestId, ok: true, result });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.options.log.warn(`${this.options.viewType}: ${String(message.method)} failed: ${error}`);
      await this.post({ type: 'response', requestId: message.requestId, ok: false, error });
    }
  }

  private html(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, `${this.options.script}.main.js`));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, `${this.options.script}.main.css`));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(this.options.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.disposeEmitter.fire();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.disposeEmitter.dispose();
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
