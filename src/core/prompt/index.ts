/**
 * The prompt-file language: parsing, rendering, checking and conversion of Dotprompt `.prompt`,
 * Microsoft `.prompty` and plain `.md` / `.txt` prompts. Pure: no VS Code, no file system — the
 * callers (extension adapters, CLI) pass text in and supply an environment for look-ups.
 *
 *   const file = parsePromptFile(text, { fileName });         // fast, never throws
 *   const diagnostics = checkPromptFile(file, env);           // PromptDiagnostic[] with exact ranges
 *   const { messages } = await renderPromptFile(file, { input, loadPartial });
 */
export type {
  ExpressionKind,
  ExpressionParam,
  Frontmatter,
  FrontmatterKey,
  InputField,
  MessageRole,
  ModelConfig,
  PathReference,
  PromptFile,
  PromptKind,
  RoleSection,
  StructureProblem,
  StructureProblemCode,
  TemplateBlock,
  TemplateExpression,
  YamlProblem,
} from './types';
export { parsePromptFile, promptKindOf, promptNameParts, type ParseOptions } from './parse';
export { DEFAULT_RENDER_BUDGET, EDITOR_RENDER_BUDGET, renderPromptFile, partialTemplate, type RenderBudget, substituteSimpleVariables, type RenderOptions, type RenderResult, type RenderedMessage } from './render';
export { checkPromptFile, PROMPT_DIAGNOSTIC_CODES, type CheckEnvironment, type PromptDiagnosticCode } from './check';
export { inputVariableUses, type InputVariableUse } from './variables';
export {
  frontmatterKeysFor,
  DOTPROMPT_KEYS,
  PROMPTSCOPE_KEYS,
  PROMPTY_KEYS,
  type FrontmatterKeyInfo,
} from './frontmatterKeys';
export { KNOWN_HELPERS, KNOWN_HELPER_NAMES, DOTPROMPT_ROLES, isKnownHelper, type HelperInfo } from './helpers';
export { documentOutline, findExpressionAt, type OutlineSymbol, type OutlineSymbolKind } from './outline';
export { parseSamples, compileAssertionRegex, ASSERTION_TYPES, type AssertionType, type SampleAssertion, type SampleCase, type SampleProblem, type ParsedSamples } from './samples';
export { parsePrompty, promptyToPrompt, promptToPrompty, type ConversionResult } from './prompty';
export { closestMatch } from './suggest';
export { formatPromptText, tidyTag } from './format';
