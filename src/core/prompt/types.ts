import type { Document } from 'yaml';
import type { LineIndex, TextRange } from '../text';

/** How a file is interpreted, decided by its extension. */
export type PromptKind = 'prompt' | 'prompty' | 'text';

/** Roles as they appear in files: Dotprompt uses `model`, Prompty uses `assistant`. */
export type MessageRole = 'system' | 'user' | 'model' | 'assistant';

export interface YamlProblem {
  readonly message: string;
  /** Range in the whole file text. */
  readonly range: TextRange;
  /** The `yaml` package's error code, e.g. `BAD_INDENT`, `DUPLICATE_KEY`. */
  readonly code: string;
}

export interface FrontmatterKey {
  readonly key: string;
  /** Range of the key text. */
  readonly keyRange: TextRange;
  /** Range of the value node (empty at the key's end when the value is missing). */
  readonly valueRange: TextRange;
  /** Range of the whole `key: value` entry. */
  readonly entryRange: TextRange;
}

export interface Frontmatter {
  /** From the opening `---` to the end of the closing `---` line (including its line break). */
  readonly range: TextRange;
  /** The YAML text between the delimiters. */
  readonly yamlRange: TextRange;
  /** False when the opening `---` has no closing `---`: Dotprompt then treats the whole file as template. */
  readonly closed: boolean;
  /** The parsed object; undefined when the YAML has errors or is not a mapping. */
  readonly data: Record<string, unknown> | undefined;
  readonly errors: readonly YamlProblem[];
  /** Top-level keys in source order. */
  readonly keys: readonly FrontmatterKey[];
  /** The `yaml` document (node ranges are relative to `yamlRange.start`); for editor features that need nested nodes. */
  readonly document: Document | undefined;
}

export interface RoleSection {
  readonly role: MessageRole;
  /** The `{{role "x"}}` expression or the Prompty `system:` line; undefined for an implicit section. */
  readonly markerRange: TextRange | undefined;
  /** The text the message is made of (after the marker, up to the next marker or the end). */
  readonly contentRange: TextRange;
  /** 0-based line of the marker, or of the content start for an implicit section. */
  readonly headerLine: number;
  /** True when no marker introduced the section (a body without markers). */
  readonly implicit: boolean;
}

export type ExpressionKind =
  /** `{{name}}`, `{{{name}}}`, `{{&name}}`, `{{customer.name}}` */
  | 'variable'
  /** `{{json data}}`, `{{history}}`, `{{media url=x}}` (a helper call that is not a block) */
  | 'helper'
  /** `{{role "system"}}` */
  | 'role'
  /** `{{#if x}}`, `{{#each items}}`, `{{^x}}` (an inverted section), `{{#*inline "n"}}` */
  | 'blockOpen'
  /** `{{/if}}` */
  | 'blockClose'
  /** `{{else}}`, `{{else if x}}`, `{{^}}` */
  | 'else'
  /** `{{> name}}` */
  | 'partial'
  /** `{{#> name}}` … `{{/name}}` */
  | 'partialBlockOpen'
  /** `{{! … }}`, `{{!-- … --}}`, Jinja `{# … #}` */
  | 'comment'
  /** Jinja `{% … %}` statements in `.prompty` files. */
  | 'statement';

export interface ExpressionParam {
  readonly kind: 'path' | 'string' | 'number' | 'literal' | 'hash' | 'subexpression';
  /** The source text (for strings: the unquoted value; for hash: `key=value`). */
  readonly text: string;
  readonly range: TextRange;
}

/** A variable path referenced by an expression (`customer.name`, `../x`, `@root.y`, `this`). */
export interface PathReference {
  readonly path: string;
  readonly range: TextRange;
}

export interface TemplateExpression {
  readonly kind: ExpressionKind;
  /** The whole tag, `{{` to `}}`. */
  readonly range: TextRange;
  /** Helper, block, partial or variable name (`if`, `role`, `customer.name`, partial name); '' for comments. */
  readonly name: string;
  readonly nameRange: TextRange;
  readonly params: readonly ExpressionParam[];
  /** Every variable path read by this tag, in order (the head of a variable tag, path params, hash values). */
  readonly paths: readonly PathReference[];
  /** `as |item index|` block parameters. */
  readonly blockParams: readonly string[];
  /** True when the closing `}}` is missing. */
  readonly unterminated: boolean;
  /** For comments: the comment text. */
  readonly text?: string;
}

export interface TemplateBlock {
  readonly name: string;
  readonly open: TemplateExpression;
  readonly close: TemplateExpression | undefined;
  readonly elses: readonly TemplateExpression[];
  /** From the open tag's start to the close tag's end (or the body end when unclosed). */
  readonly range: TextRange;
  readonly children: readonly TemplateBlock[];
}

export type StructureProblemCode = 'unclosed-block' | 'unmatched-close' | 'mismatched-close' | 'stray-else' | 'unterminated-expression' | 'unterminated-comment';

export interface StructureProblem {
  readonly code: StructureProblemCode;
  readonly message: string;
  readonly range: TextRange;
  /** For `mismatched-close`: the block name the close tag should have. */
  readonly expected?: string;
}

/** One declared input field (flattened: nested fields have dotted paths). */
export interface InputField {
  /** Dotted path, e.g. `customer.tier`. Array items use `[]`: `orders[].id`. */
  readonly path: string;
  /** The last segment of the path. */
  readonly name: string;
  /** 0 for top-level fields. */
  readonly depth: number;
  /** `string`, `number`, `integer`, `boolean`, `object`, `array`, `enum`, `any`, or a named schema. */
  readonly type: string;
  readonly optional: boolean;
  readonly description?: string;
  readonly default?: unknown;
  /** Range of the key declaring the field, when it comes from the file. */
  readonly keyRange?: TextRange;
}

export interface ModelConfig {
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  readonly topP?: number;
  /** Every config key as written (Dotprompt `config`, Prompty `model.options` / `model.parameters`). */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface PromptFile {
  readonly fileName: string;
  readonly kind: PromptKind;
  readonly text: string;
  /** Offset ↔ line/column for `text` (the CLI and tests print positions with it). */
  readonly lines: LineIndex;
  /** 1 when the text starts with a byte-order mark, else 0. */
  readonly bomLength: number;
  readonly frontmatter: Frontmatter | undefined;
  /** Everything after the frontmatter (the whole text after the BOM without frontmatter). */
  readonly bodyRange: TextRange;
  readonly sections: readonly RoleSection[];
  /** Template tags in the body, in order. Empty for `.md` / `.txt`. */
  readonly expressions: readonly TemplateExpression[];
  /** Block structure (`{{#if}}`…`{{/if}}`), nested. */
  readonly blocks: readonly TemplateBlock[];
  /** Unbalanced blocks and unterminated tags found while scanning. */
  readonly structureProblems: readonly StructureProblem[];
  /** Name without folder, extension and variant (`support-agent` for `support-agent.claude.prompt`). */
  readonly baseName: string;
  /** `claude` for `support-agent.claude.prompt`. */
  readonly variant: string | undefined;
  /** `company-facts` for `_company-facts.prompt`; undefined when the file is not a partial. */
  readonly partialName: string | undefined;
  /** The default target: `model` (Dotprompt) or `model.provider/model.id` (Prompty). */
  readonly model: string | undefined;
  /** `model` first, then `targets`, deduplicated. */
  readonly targets: readonly string[];
  readonly budget: number | undefined;
  /** The `samples` path as written (relative to the prompt's folder). */
  readonly samples: string | undefined;
  readonly config: ModelConfig;
  readonly inputFields: readonly InputField[];
  /** `input.default` (Dotprompt) or the inputs' defaults (Prompty). */
  readonly inputDefaults: Readonly<Record<string, unknown>>;
  /** True when the file declares an input schema (even an empty one). */
  readonly hasInputSchema: boolean;
  /** For `.prompty`: 1 or 2 when recognisable from the keys, else undefined. */
  readonly promptyVersion: 1 | 2 | undefined;
  /** True when the YAML does not parse and `model`, `targets`, `inputFields` were read line by line. */
  readonly frontmatterRecovered?: boolean;
}
