import * as vscode from 'vscode';
import type { TextRange } from '../core/text';
import type { PromptDiagnostic, Severity } from '../core/diagnostics';

export function toRange(doc: vscode.TextDocument, range: TextRange): vscode.Range {
  return new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(doc: vscode.TextDocument, d: PromptDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(doc, d.range), d.message, SEVERITY[d.severity]);
  diagnostic.source = d.source;
  diagnostic.code = d.code;
  if (d.code === 'unused-input') diagnostic.tags = [vscode.DiagnosticTag.Unnecessary];
  if (d.related?.length) {
    diagnostic.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, toRange(doc, r.range)), r.message));
  }
  return diagnostic;
}
