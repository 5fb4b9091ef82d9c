import type * as vscode from 'vscode';

/**
 * Language ids. `.prompt` files are `dotprompt`, not `prompt`: VS Code (1.99+) owns the `prompt`
 * id for Copilot's `.prompt.md` files and validates every `prompt` document's header with its
 * own schema (`chat.promptFiles`, which extensions cannot default off), which would flood
 * Dotprompt files with bogus "Unexpected token" errors.
 */
export const DOTPROMPT_LANGUAGE = 'dotprompt';
export const PROMPTY_LANGUAGE = 'prompty';

/** Providers are registered for these; plain Markdown/text is served only when opted in by glob. */
export const PROMPT_SELECTOR: vscode.DocumentSelector = [
  { language: DOTPROMPT_LANGUAGE },
  { language: PROMPTY_LANGUAGE },
  { language: 'markdown' },
  { language: 'plaintext' },
];

/** Variant files (`name.<variant>.prompt`) live on disk next to their base. */
export const VARIANT_LENS_SELECTOR: vscode.DocumentSelector = { language: DOTPROMPT_LANGUAGE, scheme: 'file' };
