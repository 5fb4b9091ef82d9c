/**
 * Language ids. `.prompt` files are `dotprompt`, not `prompt`: VS Code (1.99+) owns the `prompt`
 * id for Copilot's `.prompt.md` files and validates every `prompt` document's header with its
 * own schema (`chat.promptFiles`, which extensions cannot default off), which would flood
 * Dotprompt files with bogus "Unexpected token" errors.
 */
export const DOTPROMPT_LANGUAGE = 'dotprompt';
export const PROMPTY_LANGUAGE = 'prompty';
