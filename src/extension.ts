import { bundleStartedAt } from './loadClock';
import type * as vscode from 'vscode';
import { BlockingMonitor } from './vscode/blockingMonitor';
import { createServices } from './vscode/services';
import { features } from './vscode/features';
import { promptscopeVersion } from './core/version';

export function activate(context: vscode.ExtensionContext): void {
  // The longest task that blocks the extension host from activation on (reported a second after
  // the first count, read by bench/activation.bench.mjs).
  const blocking = new BlockingMonitor();
  const startup = { at: performance.now(), heapUsed: process.memoryUsage().heapUsed, blocking };
  const services = createServices(context, startup);
  const timings: string[] = [`services ${Math.round(performance.now() - startup.at)} ms`];
  for (const register of features) {
    const started = performance.now();
    context.subscriptions.push(...register(services));
    timings.push(`${register.name || 'feature'} ${Math.round(performance.now() - started)} ms`);
  }
  // Read by bench/activation.bench.mjs: module evaluation is one uninterrupted task before activation.
  services.log.info(`metrics: bundle evaluation ${Math.round(startup.at - bundleStartedAt)} ms (before activation, blocking)`);
  services.log.info(`metrics: activation ${Math.round(performance.now() - startup.at)} ms (${timings.join(', ')})`);
  services.log.info(`Promptscope ${promptscopeVersion} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
