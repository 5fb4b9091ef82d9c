import type * as vscode from 'vscode';
import { BlockingMonitor } from './vscode/blockingMonitor';
import { createServices } from './vscode/services';
import { features } from './vscode/features';
import { promptscopeVersion } from './core/version';
import type { LateCodeLenses } from './vscode/lateCodeLenses';

/** One step the activation shim (src/extension.ts) took before activation (a bundle's evaluation), and how long it took. */
export interface LoadingStep {
  readonly name: string;
  readonly ms: number;
}

/** Called by the shim once the library bundles and this one are loaded, one task each. */
export function activate(context: vscode.ExtensionContext, loading: readonly LoadingStep[], codeLenses: LateCodeLenses): void {
  // The longest task that blocks the extension host from activation on (reported a second after
  // the first count, read by bench/activation.bench.mjs).
  const blocking = new BlockingMonitor();
  const startup = { at: performance.now(), heapUsed: process.memoryUsage().heapUsed, blocking };
  const services = createServices(context, codeLenses, startup);
  const timings: string[] = [`services ${Math.round(performance.now() - startup.at)} ms`];
  for (const register of features) {
    const started = performance.now();
    context.subscriptions.push(...register(services));
    timings.push(`${register.name || 'feature'} ${Math.round(performance.now() - started)} ms`);
  }
  // Read by bench/activation.bench.mjs: each of the shim's steps is one uninterrupted task before activation.
  const longest = Math.max(0, ...loading.map((l) => l.ms));
  const pieces = loading.map((l) => `${l.name.replace(/^\.\/|\.js$/g, '')} ${Math.round(l.ms)} ms`).join(', ');
  services.log.info(`metrics: bundle evaluation ${Math.round(longest)} ms (the longest of ${loading.length} tasks before activation: ${pieces})`);
  services.log.info(`metrics: activation ${Math.round(performance.now() - startup.at)} ms (${timings.join(', ')})`);
  services.log.info(`Promptscope ${promptscopeVersion} activated`);
}
