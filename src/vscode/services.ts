import * as vscode from 'vscode';
import type { BlockingMonitor } from './blockingMonitor';
import { Config } from './config';
import { DiagnosticsHub } from './diagnosticsHub';
import { Engine } from './engine';
import { PromptDocuments } from './promptDocuments';
import type { LateCodeLenses } from './lateCodeLenses';
import { ApiKeys } from './secrets';
import { Analyses, tokenizerMayStart } from './tokens/analyses';

/**
 * What every feature gets at registration: built once in `activate`, passed explicitly so
 * features stay testable and never reach for globals.
 */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: Config;
  readonly keys: ApiKeys;
  readonly engine: Engine;
  readonly documents: PromptDocuments;
  readonly diagnostics: DiagnosticsHub;
  /** Each prompt document's latest token analysis: computed once per version, read by every feature that needs it. */
  readonly analyses: Analyses;
  /** The CodeLens providers the activation shim registered; features attach theirs to them. */
  readonly codeLenses: LateCodeLenses;
  /** When activation started and the heap then: the first count reports its cost against them. */
  readonly startup: { readonly at: number; readonly heapUsed: number; readonly blocking?: BlockingMonitor };
}

/** A feature registers its providers/commands and returns what must be disposed on deactivate. */
export type Feature = (services: Services) => vscode.Disposable[];

export function createServices(context: vscode.ExtensionContext, codeLenses: LateCodeLenses, startup: Services['startup']): Services {
  const log = vscode.window.createOutputChannel('Promptscope', { log: true });
  const config = new Config();
  const keys = new ApiKeys(context.secrets);
  let startTokenizer!: () => void;
  const engine = new Engine(config, keys, log, new Promise<void>((resolve) => { startTokenizer = resolve; }));
  const diagnostics = new DiagnosticsHub();
  const services: { -readonly [K in keyof Services]: Services[K] } = {
    context, log, config, keys, engine, documents: new PromptDocuments(config, engine), diagnostics, codeLenses, startup,
    // Set just below: the analyses read the other services.
    analyses: undefined as unknown as Analyses,
  };
  services.analyses = new Analyses(services);
  void tokenizerMayStart(services.analyses, (doc) => services.documents.isPrompt(doc), () => config.codeLensEnabled).then(startTokenizer);
  context.subscriptions.push(log, engine, diagnostics, services.analyses);
  return services;
}

/** In an untrusted workspace no request may leave the machine; features that send requests ask this first. */
export function canSendRequests(): boolean {
  return vscode.workspace.isTrusted;
}
