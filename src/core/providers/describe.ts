import { displayURL } from './errors';
import { anthropicBody, openAIBody, samplingFromConfig, type ParamNote } from './translate';
import type { ModelTarget } from './targets';
import type { ChatMessage } from './types';

/** The exact request one model gets: what "Show Request" displays and the providers send. */
export interface RequestDescription {
  readonly modelId: string;
  readonly endpoint: string;
  /** Without credentials. */
  readonly url: string;
  /** Keys shown as `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON body exactly as sent (streamed, as the comparison sends it). */
  readonly body: Readonly<Record<string, unknown>>;
  /** What was renamed, dropped or defaulted, and why (config keys first). */
  readonly notes: readonly ParamNote[];
}

const DEFAULT_BASE: Record<'openai' | 'anthropic', string> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com' };
/** The Messages API version @anthropic-ai/sdk 1.14 sends. */
export const ANTHROPIC_API_VERSION = '2026-10-21';

function joinURL(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * Pure: the body the provider for `target` sends for these messages and this config (`config`
 * as written in the prompt's frontmatter). `stream` defaults to true (what the comparison uses).
 */
export function describeRequest(
  target: ModelTarget,
  messages: readonly ChatMessage[],
  config: Readonly<Record<string, unknown>>,
  options: { stream?: boolean } = {},
): RequestDescription {
  const stream = options.stream ?? true;
  const { sampling, notes: configNotes } = samplingFromConfig(config);
  const anthropic = target.kind === 'anthropic';
  const built = anthropic ? anthropicBody(target.model, messages, sampling, stream) : openAIBody(target.model, messages, sampling, stream);
  const base = displayURL(target.baseURL) ?? (anthropic ? DEFAULT_BASE.anthropic : DEFAULT_BASE.openai);
  const headers: Record<string, string> = anthropic
    ? { 'content-type': 'application/json', 'x-api-key': '[redacted]', 'anthropic-version': ANTHROPIC_API_VERSION }
    : { 'content-type': 'application/json', authorization: 'Bearer [redacted]' };
  return {
    modelId: target.id,
    endpoint: target.providerName,
    url: joinURL(base, anthropic ? '/v1/messages' : '/chat/completions'),
    headers,
    body: built.body,
    notes: [...configNotes, ...built.notes],
  };
}
