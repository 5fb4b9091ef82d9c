/** A helper a `.prompt` template may call. Dotprompt compiles with `knownHelpersOnly`, so any other name fails. */
export interface HelperInfo {
  readonly name: string;
  /** True for helpers used as `{{#name}}…{{/name}}`. */
  readonly block: boolean;
  /** A usage line for completion and hover, e.g. `{{#each items}}…{{/each}}`. */
  readonly signature: string;
  readonly description: string;
  readonly source: 'handlebars' | 'dotprompt';
}

export const KNOWN_HELPERS: readonly HelperInfo[] = [
  { name: 'if', block: true, signature: '{{#if cond}}…{{else}}…{{/if}}', description: 'Renders the block when the value is truthy (not false, undefined, null, "", 0 or []).', source: 'handlebars' },
  { name: 'unless', block: true, signature: '{{#unless cond}}…{{/unless}}', description: 'Renders the block when the value is falsy: the inverse of `if`.', source: 'handlebars' },
  { name: 'each', block: true, signature: '{{#each items}}…{{this}}…{{/each}}', description: 'Repeats the block for each item of a list or object; inside, `this` is the item and `@index` / `@key` / `@first` / `@last` are available.', source: 'handlebars' },
  { name: 'with', block: true, signature: '{{#with customer}}…{{name}}…{{/with}}', description: 'Renders the block with the value as the context.', source: 'handlebars' },
  { name: 'lookup', block: false, signature: '{{lookup obj key}}', description: 'Looks up a property or index dynamically.', source: 'handlebars' },
  { name: 'log', block: false, signature: '{{log value}}', description: 'Logs a value while rendering; renders nothing.', source: 'handlebars' },
  { name: 'role', block: false, signature: '{{role "system"}}', description: 'Starts a new message with the given role: `system`, `user` or `model`.', source: 'dotprompt' },
  { name: 'history', block: false, signature: '{{history}}', description: 'Inserts the conversation history passed at render time; following text belongs to a `model` message.', source: 'dotprompt' },
  { name: 'json', block: false, signature: '{{json value indent=2}}', description: 'Renders a value as JSON.', source: 'dotprompt' },
  { name: 'media', block: false, signature: '{{media url=imageUrl contentType="image/png"}}', description: 'Inserts a media part (image, audio, …) into the message.', source: 'dotprompt' },
  { name: 'section', block: false, signature: '{{section "name"}}', description: 'Marks a named section (a pending part filled by the runtime).', source: 'dotprompt' },
  { name: 'ifEquals', block: true, signature: '{{#ifEquals a b}}…{{/ifEquals}}', description: 'Renders the block when both values are strictly equal.', source: 'dotprompt' },
  { name: 'unlessEquals', block: true, signature: '{{#unlessEquals a b}}…{{/unlessEquals}}', description: 'Renders the block when the values differ.', source: 'dotprompt' },
];

export const KNOWN_HELPER_NAMES: readonly string[] = KNOWN_HELPERS.map((h) => h.name);

/** Block helpers that change the context (`this`), so plain names inside refer to the item, not the input. */
export const CONTEXT_CHANGING_HELPERS: readonly string[] = ['each', 'with'];

const helperSet = new Set(KNOWN_HELPER_NAMES);
// Decorator blocks (`{{#*inline "name"}}`) are handled by Handlebars itself.
helperSet.add('inline');

export function isKnownHelper(name: string): boolean {
  return helperSet.has(name);
}

/** Roles Dotprompt's `{{role}}` accepts and model plugins understand. */
export const DOTPROMPT_ROLES: readonly string[] = ['system', 'user', 'model'];
