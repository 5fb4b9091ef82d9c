import type { TextEdit, TextRange } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A fix the editor offers as a quick fix and the CLI can apply; edits are on the same file. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
  /** Safe fixes may be applied in bulk ("Apply all safe fixes", `audit --fix`). */
  readonly safe?: boolean;
  /** A file to create with this fix (e.g. a missing partial), as a path relative to the prompt's folder. */
  readonly createFile?: { readonly relativePath: string; readonly content: string };
  /** Declares a custom helper (the editor adds it to `promptscope.helpers`; the CLI takes `--helper`). */
  readonly declareHelper?: string;
}

/**
 * One finding about a prompt file. The editor shows it as a diagnostic, the CLI prints it; both
 * come from the same core function so they always agree.
 */
export interface PromptDiagnostic {
  readonly range: TextRange;
  readonly severity: Severity;
  /** Shown as the diagnostic's source, e.g. `promptscope` or `promptscope.compress`. */
  readonly source: string;
  /** Stable id, e.g. `yaml-syntax`, `unknown-key`, `filler-opener`. */
  readonly code: string;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  /** Other places the finding refers to (the earlier duplicate, each repeated mention). */
  readonly related?: readonly { readonly range: TextRange; readonly message: string }[];
}
