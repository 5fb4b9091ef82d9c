import type { PromptDiagnostic } from '../diagnostics';
import type { PromptFile } from '../prompt';
import type { PromptAnalysis } from './analyze';
import { firstLineRange } from './budget';

const SOURCE = 'promptscope';

/**
 * Frontmatter that does not parse: an input error in every command (the analysis would otherwise
 * run on no frontmatter at all, dropping `budget`, `model` and the rest without a word).
 */
export function frontmatterErrorDiagnostics(file: PromptFile): PromptDiagnostic[] {
  return (file.frontmatter?.errors ?? []).map((e) => ({ range: e.range, severity: 'error', source: SOURCE, code: 'yaml-syntax', message: `YAML: ${e.message}` }));
}

/**
 * What an analysis adds to the checker's diagnostics, the same in the editor and every command:
 * a render failure (unless the checker already reports an error that explains it) and the budget
 * and context-window checks.
 */
export function analysisDiagnostics(analysis: PromptAnalysis, checkDiagnostics: readonly PromptDiagnostic[] = []): PromptDiagnostic[] {
  const out: PromptDiagnostic[] = [];
  const explained = checkDiagnostics.some((d) => d.severity === 'error');
  if (analysis.renderError && !explained) {
    out.push({
      range: analysis.renderError.range ?? firstLineRange(analysis.file),
      severity: 'error',
      source: SOURCE,
      code: 'render-failed',
      message: `The template cannot be rendered: ${analysis.renderError.message.split('\n')[0] ?? ''}`,
    });
  }
  out.push(...analysis.budgetDiagnostics, ...analysis.renderDiagnostics);
  return out;
}
