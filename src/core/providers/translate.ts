/**
 * Dotprompt `config` → the exact request body of each API. One function per wire protocol; the
 * providers build their bodies with these, and `describeRequest` (Show Request) shows the same
 * bodies, so what the user sees is what is sent.
 */
import { DEFAULT_MAX_OUTPUT_TOKENS, type ChatMessage, type ChatRequest } from './types';

/** Generation parameters in Dotprompt's (Genkit's) names. */
export interface SamplingParams {
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly stopSequences?: readonly string[];
  readonly presencePenalty?: number;
  readonly frequencyPenalty?: number;
  readonly seed?: number;
}

/** What was changed when translating the prompt's config for one model. */
export interface ParamNote {
  /** The Dotprompt name (`temperature`, `maxOutputTokens`, `topK`, …). */
  readonly param: string;
  readonly action: 'sent' | 'renamed' | 'dropped' | 'defaulted';
  /** The wire name when sent/renamed/defaulted (`max_completion_tokens`). */
  readonly as?: string;
  readonly reason?: string;
}

export interface TranslatedParams {
  /** Body fields besides model/messages/system/stream. */
  readonly fields: Record<string, unknown>;
  readonly notes: readonly ParamNote[];
}

const NUMBER_PARAMS = ['maxOutputTokens', 'temperature', 'topP', 'topK', 'presencePenalty', 'frequencyPenalty', 'seed'] as const;

/**
 * Reads the known generation parameters from a config object as written (Dotprompt `config`,
 * Prompty `model.options`, with Prompty/OpenAI spellings accepted). Anything else is reported as
 * dropped: it is never sent blindly.
 */
export function samplingFromConfig(raw: Readonly<Record<string, unknown>>): { sampling: SamplingParams; notes: ParamNote[] } {
  const aliases: Record<string, string> = {
    max_tokens: 'maxOutputTokens',
    maxTokens: 'maxOutputTokens',
    max_output_tokens: 'maxOutputTokens',
    top_p: 'topP',
    top_k: 'topK',
    stop: 'stopSequences',
    stop_sequences: 'stopSequences',
    presence_penalty: 'presencePenalty',
    frequency_penalty: 'frequencyPenalty',
  };
  const sampling: Record<string, unknown> = {};
  const notes: ParamNote[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const name = aliases[key] ?? key;
    if ((NUMBER_PARAMS as readonly string[]).includes(name)) {
      if (typeof value === 'number' && Number.isFinite(value)) sampling[name] = value;
      else notes.push({ param: key, action: 'dropped', reason: 'not a number' });
    } else if (name === 'stopSequences') {
      const list = typeof value === 'string' ? [value] : value;
      if (Array.isArray(list) && list.every((s) => typeof s === 'string')) sampling[name] = list;
      else notes.push({ param: key, action: 'dropped', reason: 'not a list of strings' });
    } else {
      notes.push({ param: key, action: 'dropped', reason: 'not a generation parameter Promptscope translates' });
    }
  }
  return { sampling: sampling as SamplingParams, notes };
}

/**
 * o-series and GPT-5 reasoning models reject `max_tokens` (they take `max_completion_tokens`) and
 * any temperature but the default. `gpt-5-chat-*` is a plain chat model. A routing prefix such as
 * OpenRouter's `openai/o3-mini` is ignored.
 */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  if (/^o\d+(-|$)/.test(name)) return true;
  return /^gpt-5(\.\d+)?(-|$)/.test(name) && !name.includes('-chat');
}

/** Chat Completions fields (OpenAI and every OpenAI-compatible server, Gemini's included). */
export function translateForOpenAI(model: string, sampling: SamplingParams): TranslatedParams {
  const reasoning = isOpenAIReasoningModel(model);
  const fields: Record<string, unknown> = {};
  const notes: ParamNote[] = [];
  const send = (param: string, as: string, value: unknown): void => {
    fields[as] = value;
    notes.push({ param, action: 'sent', as });
  };
  if (sampling.maxOutputTokens !== undefined) {
    if (reasoning) {
      fields.max_completion_tokens = sampling.maxOutputTokens;
      notes.push({ param: 'maxOutputTokens', action: 'renamed', as: 'max_completion_tokens', reason: 'reasoning models reject max_tokens' });
    } else {
      // Plain max_tokens is what every OpenAI-compatible server understands.
      send('maxOutputTokens', 'max_tokens', sampling.maxOutputTokens);
    }
  }
  if (sampling.temperature !== undefined) {
    if (reasoning && sampling.temperature !== 1) notes.push({ param: 'temperature', action: 'dropped', reason: 'reasoning models accept only the default temperature' });
    else send('temperature', 'temperature', sampling.temperature);
  }
  if (sampling.topP !== undefined) {
    if (reasoning) notes.push({ param: 'topP', action: 'dropped', reason: 'reasoning models reject top_p' });
    else send('topP', 'top_p', sampling.topP);
  }
  if (sampling.topK !== undefined) notes.push({ param: 'topK', action: 'dropped', reason: 'the Chat Completions API has no top_k' });
  if (sampling.stopSequences !== undefined) {
    if (reasoning) notes.push({ param: 'stopSequences', action: 'dropped', reason: 'reasoning models reject stop' });
    else send('stopSequences', 'stop', [...sampling.stopSequences]);
  }
  if (sampling.presencePenalty !== undefined) send('presencePenalty', 'presence_penalty', sampling.presencePenalty);
  if (sampling.frequencyPenalty !== undefined) send('frequencyPenalty', 'frequency_penalty', sampling.frequencyPenalty);
  if (sampling.seed !== undefined) send('seed', 'seed', sampling.seed);
  return { fields, notes };
}

/**
 * Messages API fields. `max_tokens` is required (DEFAULT_MAX_OUTPUT_TOKENS when the prompt sets
 * none). API version 2026-10-21 (what @anthropic-ai/sdk 1.14 sends) rejects temperature, top_p
 * and top_k with a 400, so they are dropped with a note.
 */
export function translateForAnthropic(_model: string, sampling: SamplingParams): TranslatedParams {
  const fields: Record<string, unknown> = {};
  const notes: ParamNote[] = [];
  if (sampling.maxOutputTokens !== undefined) {
    fields.max_tokens = sampling.maxOutputTokens;
    notes.push({ param: 'maxOutputTokens', action: 'renamed', as: 'max_tokens' });
  } else {
    fields.max_tokens = DEFAULT_MAX_OUTPUT_TOKENS;
    notes.push({ param: 'maxOutputTokens', action: 'defaulted', as: 'max_tokens', reason: `the Messages API requires max_tokens; ${DEFAULT_MAX_OUTPUT_TOKENS} sent` });
  }
  const rejected = 'API version 2026-10-21 rejects sampling parameters';
  if (sampling.temperature !== undefined) notes.push({ param: 'temperature', action: 'dropped', reason: rejected });
  if (sampling.topP !== undefined) notes.push({ param: 'topP', action: 'dropped', reason: rejected });
  if (sampling.topK !== undefined) notes.push({ param: 'topK', action: 'dropped', reason: rejected });
  if (sampling.stopSequences !== undefined) {
    fields.stop_sequences = [...sampling.stopSequences];
    notes.push({ param: 'stopSequences', action: 'renamed', as: 'stop_sequences' });
  }
  for (const param of ['presencePenalty', 'frequencyPenalty', 'seed'] as const) {
    if (sampling[param] !== undefined) notes.push({ param, action: 'dropped', reason: 'the Messages API has no such parameter' });
  }
  return { fields, notes };
}

/** System messages joined into Anthropic's top-level `system`, in order; the rest as messages. */
export function toAnthropicConversation(messages: readonly ChatMessage[]): { system?: string; messages: { role: 'user' | 'assistant'; content: string }[] } {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const conversation: { system?: string; messages: { role: 'user' | 'assistant'; content: string }[] } = {
    messages: messages
      .filter((m): m is ChatMessage & { role: 'user' | 'assistant' } => m.role !== 'system')
      .map((m) => ({ role: m.role, content: m.content })),
  };
  if (system.length > 0) conversation.system = system.join('\n\n');
  return conversation;
}

/** The body the OpenAI provider sends. */
export function openAIBody(model: string, messages: readonly ChatMessage[], sampling: SamplingParams, stream: boolean): { body: Record<string, unknown>; notes: readonly ParamNote[] } {
  const { fields, notes } = translateForOpenAI(model, sampling);
  const body: Record<string, unknown> = { model, messages: messages.map((m) => ({ role: m.role, content: m.content })), ...fields };
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return { body, notes };
}

/** The body the Anthropic provider sends. */
export function anthropicBody(model: string, messages: readonly ChatMessage[], sampling: SamplingParams, stream: boolean): { body: Record<string, unknown>; notes: readonly ParamNote[] } {
  const { fields, notes } = translateForAnthropic(model, sampling);
  const { system, messages: wire } = toAnthropicConversation(messages);
  const body: Record<string, unknown> = { model, max_tokens: fields.max_tokens, messages: wire };
  if (system !== undefined) body.system = system;
  for (const [key, value] of Object.entries(fields)) if (key !== 'max_tokens') body[key] = value;
  if (stream) body.stream = true;
  return { body, notes };
}

/** Names of dropped parameters (the providers' `ignoredParameters`). */
export function droppedParams(notes: readonly ParamNote[]): string[] {
  return notes.filter((n) => n.action === 'dropped').map((n) => n.param);
}

/** The request's generation parameters, the explicit fields winning over `sampling`. */
export function effectiveSampling(request: ChatRequest): SamplingParams {
  const sampling: { -readonly [K in keyof SamplingParams]: SamplingParams[K] } = { ...request.sampling };
  if (request.maxOutputTokens !== undefined) sampling.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) sampling.temperature = request.temperature;
  return sampling;
}
