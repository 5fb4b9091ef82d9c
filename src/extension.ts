import type * as vscode from 'vscode';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServices } from './vscode/services';
import { features } from './vscode/features';
import { promptscopeVersion } from './core/version';

export function activate(context: vscode.ExtensionContext): void {
  // Event-loop delay from activation on: its maximum is the longest task that blocked the
  // extension host (reported with the first count, read by bench/activation.bench.mjs).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const startup = { at: performance.now(), heapUsed: process.memoryUsage().heapUsed, loopDelay };
  const services = createServices(context, startup);
  const timings: string[] = [`services ${Math.round(performance.now() - startup.at)} ms`];
  for (const register of features) {
    const started = performance.now();
    context.subscriptions.push(...register(services));
    timings.push(`${register.name || 'feature'} ${Math.round(performance.now() - started)} ms`);
  }
  services.log.info(`metrics: activation ${Math.round(performance.now() - startup.at)} ms (${timings.join(', ')})`);
  services.log.info(`Promptscope ${promptscopeVersion} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
