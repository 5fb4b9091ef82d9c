import type { PromptKind } from './types';

export interface FrontmatterKeyInfo {
  readonly key: string;
  readonly description: string;
  /** Who reads the key: Dotprompt runtimes, Microsoft Prompty, or only Promptscope. */
  readonly owner: 'dotprompt' | 'prompty' | 'promptscope';
}

/** Keys Promptscope reads; other runtimes ignore them (Dotprompt keeps them in `raw`). */
export const PROMPTSCOPE_KEYS: readonly FrontmatterKeyInfo[] = [
  { key: 'targets', owner: 'promptscope', description: 'Models to count, price and compare this prompt on, as `provider/model` ids (`openai/gpt-4o-mini`, `anthropic/claude-sonnet-4-5`, `<endpoint>/<model>`). `model` is always the first target.' },
  { key: 'samples', owner: 'promptscope', description: 'Path (relative to this file) of a JSONL file with one test case per line: `{"id": "…", "input": {…}, "assert": [{"type": "contains", "value": "…"}]}`.' },
  { key: 'budget', owner: 'promptscope', description: 'Maximum input tokens of the rendered prompt (with default input) on every target; `promptscope count` and `audit` fail above it.' },
  { key: 'production', owner: 'promptscope', description: 'In a base file `name.prompt`: the variant in production (`claude` for `name.claude.prompt`); absent or `base` means the base file. Set by Promote to Production; the default baseline of a migration evaluation.' },
  { key: 'batch', owner: 'promptscope', description: '`true` when the prompt runs as offline work: the audit prices it with the providers\' batch discount (half price on OpenAI, Anthropic and Gemini batch APIs).' },
  { key: 'traffic', owner: 'promptscope', description: 'Path (relative to this file) of a JSONL file of real inputs, like the samples file: the audit reports the exact and near-duplicate share and what a response cache would save.' },
];

/** Dotprompt frontmatter keys (see the Dotprompt spec and `PromptMetadata` in the `dotprompt` package). */
export const DOTPROMPT_KEYS: readonly FrontmatterKeyInfo[] = [
  { key: 'name', owner: 'dotprompt', description: 'Name of the prompt (defaults to the file name).' },
  { key: 'variant', owner: 'dotprompt', description: 'Variant name (also taken from `name.variant.prompt` file names).' },
  { key: 'version', owner: 'dotprompt', description: 'Version of the prompt.' },
  { key: 'description', owner: 'dotprompt', description: 'What the prompt does.' },
  { key: 'model', owner: 'dotprompt', description: 'Default model as `provider/model`, e.g. `openai/gpt-4o`. Promptscope uses it as the first target.' },
  { key: 'tools', owner: 'dotprompt', description: 'Names of tools (registered in your runtime) the model may call.' },
  { key: 'toolDefs', owner: 'dotprompt', description: 'Inline tool definitions: `name`, `description`, `inputSchema`, `outputSchema`.' },
  { key: 'config', owner: 'dotprompt', description: 'Model configuration passed to the model: `temperature`, `maxOutputTokens`, `topP`, `topK`, `stopSequences`, and model-specific options.' },
  { key: 'input', owner: 'dotprompt', description: 'Input variables: `schema` (Picoschema such as `name: string, description` or JSON Schema) and `default` values.' },
  { key: 'output', owner: 'dotprompt', description: 'Expected output: `format` (`text`, `json`, …) and `schema` (Picoschema or JSON Schema).' },
  { key: 'metadata', owner: 'dotprompt', description: 'Arbitrary metadata for tooling.' },
];

/** Prompty keys (v1 and v2). */
export const PROMPTY_KEYS: readonly FrontmatterKeyInfo[] = [
  { key: 'name', owner: 'prompty', description: 'Name of the prompt.' },
  { key: 'description', owner: 'prompty', description: 'What the prompt does.' },
  { key: 'version', owner: 'prompty', description: 'Version of the prompt (v1).' },
  { key: 'id', owner: 'prompty', description: 'Identifier of the prompt (v2).' },
  { key: 'kind', owner: 'prompty', description: 'Kind of the document (v2).' },
  { key: 'authors', owner: 'prompty', description: 'Authors (v1; v2 puts them under `metadata`).' },
  { key: 'tags', owner: 'prompty', description: 'Tags (v1; v2 puts them under `metadata`).' },
  { key: 'metadata', owner: 'prompty', description: 'Free-form metadata: authors, tags, … (v2).' },
  { key: 'model', owner: 'prompty', description: 'v2: `id`, `provider`, `apiType`, `connection`, `options` (`temperature`, `maxOutputTokens`, `topP`, …). v1: `api`, `configuration` (`type`, `azure_deployment`, …), `parameters` (`max_tokens`, `temperature`, …).' },
  { key: 'inputs', owner: 'prompty', description: 'v2: a list of `{name, kind, description, default, required}`. v1: a map of name → `{type, description, default}`.' },
  { key: 'outputs', owner: 'prompty', description: 'Expected outputs (same shapes as `inputs`).' },
  { key: 'sample', owner: 'prompty', description: 'Sample input values (v1). Promptscope uses them as defaults for counting and preview.' },
  { key: 'template', owner: 'prompty', description: 'Template engine: `format: jinja2 | mustache` (v2) or `jinja2` (v1).' },
  { key: 'tools', owner: 'prompty', description: 'Tool definitions (v2).' },
  { key: 'base', owner: 'prompty', description: 'A base prompty file to inherit from (v1).' },
];

export function frontmatterKeysFor(kind: PromptKind): readonly FrontmatterKeyInfo[] {
  if (kind === 'prompty') return [...PROMPTY_KEYS, ...PROMPTSCOPE_KEYS];
  if (kind === 'prompt') return [...DOTPROMPT_KEYS, ...PROMPTSCOPE_KEYS];
  return [];
}


