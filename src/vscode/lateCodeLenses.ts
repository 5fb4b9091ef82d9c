import * as vscode from 'vscode';

/**
 * A CodeLens provider the activation shim (src/extension.ts) registers before the extension's code
 * is loaded; it answers through the real provider once that is attached. VS Code restarts its wait
 * for the open editor's lenses whenever any CodeLens provider is registered: registered after the
 * libraries had loaded (~0.2 s into activation), a prompt the window had restored, or that was
 * opened meanwhile, got its first lenses 0.4–0.8 s later than with a provider registered at once.
 */
export class LateCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private target: vscode.CodeLensProvider | undefined;
  /** No provider will come (the extension's code failed to load, or it was disposed): answer nothing. */
  private closed = false;
  private readonly waiting: Array<() => void> = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private forwarding: vscode.Disposable | undefined;
  readonly onDidChangeCodeLenses = this.changed.event;

  /**
   * The provider that answers from now on. A request already waiting is answered by it; nothing
   * is fired, since each refresh would restart VS Code's wait again.
   */
  attach(provider: vscode.CodeLensProvider): vscode.Disposable {
    this.forwarding?.dispose();
    this.target = provider;
    this.forwarding = provider.onDidChangeCodeLenses?.(() => this.changed.fire());
    this.release();
    return { dispose: () => { if (this.target === provider) this.close(); } };
  }

  /** The real provider will never come: answer nothing rather than keep VS Code waiting. */
  close(): void {
    this.closed = true;
    this.target = undefined;
    this.forwarding?.dispose();
    this.forwarding = undefined;
    this.release();
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.target && !this.closed) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return (await this.target?.provideCodeLenses(doc, token)) ?? [];
  }

  resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): vscode.ProviderResult<vscode.CodeLens> {
    return this.target?.resolveCodeLens ? this.target.resolveCodeLens(lens, token) : lens;
  }

  dispose(): void {
    this.close();
    this.changed.dispose();
  }

  private release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** The extension's CodeLens providers, registered by the shim: token counts on prompts, deltas on variants. */
export interface LateCodeLenses {
  readonly prompts: LateCodeLensProvider;
  readonly variants: LateCodeLensProvider;
}
