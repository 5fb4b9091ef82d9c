import * as vscode from 'vscode';
import type { Fix, PromptDiagnostic } from '../core/diagnostics';
import { toDiagnostic } from './convert';

interface Entry { readonly diagnostic: vscode.Diagnostic; readonly core: PromptDiagnostic; readonly version: number }

/**
 * Diagnostics from several producers (checks, budgets, compression), each in its own collection,
 * remembered with their core fixes so one code-action provider serves them all.
 */
export class DiagnosticsHub implements vscode.Disposable {
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly entries = new Map<string, Map<string, Entry[]>>();

  private collection(channel: string): vscode.DiagnosticCollection {
    let c = this.collections.get(channel);
    if (!c) {
      c = vscode.languages.createDiagnosticCollection(channel);
      this.collections.set(channel, c);
    }
    return c;
  }

  set(channel: string, doc: vscode.TextDocument, diagnostics: readonly PromptDiagnostic[]): void {
    const list = diagnostics.map((core) => ({ core, diagnostic: toDiagnostic(doc, core), version: doc.version }));
    const key = doc.uri.toString();
    let byChannel = this.entries.get(key);
    if (!byChannel) this.entries.set(key, (byChannel = new Map()));
    byChannel.set(channel, list);
    this.collection(channel).set(doc.uri, list.map((e) => e.diagnostic));
  }

  clear(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    for (const c of this.collections.values()) c.delete(uri);
  }

  /** Core diagnostics of a document, optionally of one channel (what the CLI would print). */
  coreDiagnostics(uri: vscode.Uri, channel?: string): PromptDiagnostic[] {
    const byChannel = this.entries.get(uri.toString());
    if (!byChannel) return [];
    const lists = channel ? [byChannel.get(channel) ?? []] : [...byChannel.values()];
    return lists.flat().map((e) => e.core);
  }

  /** The fixes of the diagnostics VS Code hands back in a code-action context (copies, so matched by value). */
  fixesFor(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic): readonly Fix[] {
    const byChannel = this.entries.get(doc.uri.toString());
    if (!byChannel) return [];
    for (const list of byChannel.values()) {
      for (const e of list) {
        if (e.version !== doc.version) continue;
        if (e.diagnostic.message === diagnostic.message && e.diagnostic.range.isEqual(diagnostic.range) && String(e.diagnostic.code) === String(diagnostic.code)) {
          return e.core.fixes ?? [];
        }
      }
    }
    return [];
  }

  dispose(): void {
    for (const c of this.collections.values()) c.dispose();
    this.collections.clear();
    this.entries.clear();
  }
}
