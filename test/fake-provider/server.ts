/**
 * A fake LLM provider on 127.0.0.1 that speaks the OpenAI Chat Completions and Anthropic Messages
 * wire protocols closely enough for the official SDKs (`openai`, `@anthropic-ai/sdk`) to talk to it.
 * Every test that needs a "network model" uses this instead of a real API. Nothing here is a real
 * model: all replies are synthetic and deterministic.
 *
 * Endpoints
 *   POST /v1/chat/completions        OpenAI; JSON or SSE (`stream: true`; a usage chunk when
 *                                    `stream_options.include_usage`; ends with `data: [DONE]`).
 *   GET  /v1/models                  Lists FAKE_MODEL_IDS (a shape both SDKs accept).
 *   POST /v1/messages                Anthropic; JSON or SSE (message_start, content_block_start,
 *                                    ping, content_block_delta*, content_block_stop, message_delta, message_stop).
 *   POST /v1/messages/count_tokens   Anthropic; `{ input_tokens }` from fakeInputTokens().
 *   /v1beta/openai/…                 The OpenAI routes again under Gemini's OpenAI-compatible prefix.
 *   POST /v1beta/models/<model>:countTokens
 *                                    Gemini (native REST, key in `x-goog-api-key`, redacted like the
 *                                    others); `{ totalTokens }` from fakeInputTokens() over
 *                                    `contents` (or `generateContentRequest.contents`) and its
 *                                    `systemInstruction`. Added for exact Gemini counts; isolated.
 *
 * Reply rules (by model name, case-insensitive, first match wins; "last user message" is the text
 * of the last `user` message):
 *   - contains "compress" → a deterministic *extractive* compression (compressJudge.ts) of the prompt
 *                        inside the last user message: the text between a `<prompt_to_compress>` line
 *                        and its closing tag line (the tag may carry a suffix such as
 *                        `<prompt_to_compress_2>`), or the whole message without the tags. It deletes
 *                        the phrases FAKE_FILLER_PHRASES ("it is important that", "make sure to",
 *                        "in order") and the whole words FAKE_FILLER_WORDS (please, kindly, really,
 *                        very, basically, actually, just, simply, quite, certainly, definitely) outside
 *                        `{{…}}` expressions, then tidies spaces: the result is a subsequence of the input.
 *                          "compress-bad"     additionally deletes the first sentence containing "never",
 *                                             then the first URL, then the first number (still a
 *                                             subsequence, but a preservation report must block).
 *                          "compress-reorder" moves the last word of the result to the front (the
 *                                             subsequence check fails at word 1 when that word is unique).
 *                          … + "fenced"       wraps the result in "Here is the compressed prompt:" and a
 *                                             ```text fence (clients must strip it).
 *   - contains "adjust" → a deterministic "Adjust for Model" rewrite (compressJudge.ts fakeAdjustReply) of the
 *                        prompt inside `<prompt_to_adjust>` (same tag convention), for the family named on the
 *                        request's `Target model family: …` line: Claude → wrapped in `<instructions>` tags,
 *                        Gemini → a `Task:` line in front, otherwise (OpenAI) → a `# Instructions` heading in
 *                        front. The prompt's own words are kept verbatim, so nothing is lost.
 *                          "adjust-bad"       also deletes the first sentence containing "never", the first
 *                                             URL and the first number (a preservation report must block).
 *   - contains "judge"  → verdicts as JSON `{"verdicts":[{"id","status","evidence"}]}` for the JSON array
 *                        `[{id,text}]` inside `<constraints>` against the text inside `<compressed_prompt>`
 *                        (same tag convention): 'missing' when a content word of the constraint is absent
 *                        from the compressed prompt, else 'weakened' when a strength word (never, must,
 *                        always, only, not, no, don't, cannot) is absent, else 'kept'.
 *                          "judge-garbage"    answers with prose, not JSON.
 *                          "judge-fenced"     wraps the JSON in prose and a ```json fence.
 *   - contains "grader" → a rubric grade (fakeGraderReply): JSON {"pass","reason"}, passing when the text in
 *                        <output> contains every phrase quoted ('…' or "…") in <rubric>.
 *   - contains "echo"  → the last user message, exactly.
 *   - contains "upper" → the last user message upper-cased.
 *   - contains "json"  → a JSON object `{"model", "reply", "inputWords"}` where reply is the hashed reply.
 *   - otherwise        → the hashed reply: `[fake <model>] <4 words picked by an FNV-1a hash of
 *                        (model, last user message)> (<hash hex>). You said: "<first 6 words>"`.
 *                        So different models give different answers to the same prompt.
 *   The reply is cut to `max_tokens` / `max_completion_tokens` (stop reason `length` / `max_tokens`).
 *
 * Tokens: countFakeTokens() counts words and punctuation marks (one token each). Input tokens are
 * 3 + Σ(4 + tokens(message)) + (system ? 4 + tokens(system) : 0). This is deliberately unlike any
 * real tokenizer so tests can tell a server-side count from an offline estimate. Usage in
 * responses is always consistent with count_tokens and with the reply text.
 *
 * Request validation mimics the real APIs where our clients could get it wrong:
 *   - Anthropic: `max_tokens` and at least one message are required; `system` must not appear as a message role; sampling
 *     parameters (temperature, top_p, top_k) are rejected, as API version 2026-10-21 does.
 *   - OpenAI reasoning models (o1/o3/o4/gpt-5*): `max_tokens` is rejected (use `max_completion_tokens`),
 *     and so is a temperature other than 1.
 *   - With `options.apiKey`, a request with another key gets 401 (the message echoes the key it got,
 *     as careless servers do, so tests can check that clients redact it).
 *
 * Latency: `latency: { ttftMs, chunkMs }` (server-wide, per model via `modelLatency` / setLatency()).
 * Streams send headers at once, wait ttftMs before the first text, then chunkMs between chunks.
 * Non-streaming replies wait ttftMs + chunkMs × (chunks - 1).
 *
 * Faults: setFault({ kind, model?, path?, times?, retryAfterMs? }). A fault applies to requests for
 * that model (any model when omitted) and path (any when omitted); model-specific faults win. With
 * `times` it heals after that many requests. Kinds: '401', '429' (retry-after and retry-after-ms
 * headers), '500', '529' (overloaded), 'hang' (never answers until close()), 'truncated-stream'
 * (sends about half the response, then destroys the socket), 'invalid-json' (200 with a broken
 * body / SSE data line), 'connection-reset' (destroys the socket before answering), 'stream-error'
 * (streams about half the reply, then an error event: Anthropic `overloaded_error`, OpenAI
 * `server_error`; without streaming it answers 529 / 500 like those faults).
 *
 * Every request is recorded (credential header values replaced with "[redacted]").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeAdjustReply, fakeCompressReply, fakeJudgeReply } from './compressJudge';

export * from './compressJudge';

export type FaultKind = '401' | '429' | '500' | '529' | 'hang' | 'truncated-stream' | 'invalid-json' | 'connection-reset' | 'stream-error';

export interface FaultSpec {
  kind: FaultKind;
  /** Only requests for this model (exact match); all models when omitted. */
  model?: string;
  /** Only requests to this path, e.g. `/v1/messages/count_tokens`; all paths when omitted. */
  path?: string;
  /** How many requests get the fault before it heals; forever when omitted. */
  times?: number;
  /** For '429': the delay advertised in retry-after-ms (and, rounded up to seconds, retry-after). Default 1000. */
  retryAfterMs?: number;
}

export interface Latency {
  ttftMs?: number;
  chunkMs?: number;
}

export interface FakeProviderOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  latency?: Latency;
  modelLatency?: Record<string, Latency>;
  /** When set, requests must carry this key (Authorization: Bearer or x-api-key). */
  apiKey?: string;
  faults?: FaultSpec[];
}

export type WireProtocol = 'openai' | 'anthropic' | 'other';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; credential values replaced with "[redacted]". */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  protocol: WireProtocol;
  model?: string;
  stream: boolean;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

export interface FakeProvider {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** `url + '/v1'`, what the `openai` SDK takes as baseURL. */
  readonly openaiBaseURL: string;
  /** `url`, what `@anthropic-ai/sdk` takes as baseURL. */
  readonly anthropicBaseURL: string;
  /** Live list of every request received, oldest first. */
  readonly requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  setFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Sets the server-wide latency, or one model's when `model` is given. */
  setLatency(latency: Latency, model?: string): void;
  /** Clears recorded requests and faults (latency stays). */
  reset(): void;
  close(): Promise<void>;
}

export const FAKE_MODEL_IDS = ['fake-gpt', 'fake-gpt-mini', 'fake-claude', 'fake-echo', 'fake-upper', 'fake-json', 'fake-compress', 'fake-judge'] as const;

/** Gemini's OpenAI-compatible path prefix: `<url>/v1beta/openai` serves the same as `<url>/v1`. */
const GEMINI_PREFIX = '/v1beta/openai';
const REASONING_MODEL = /^(o\d|gpt-5)/i;
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'proxy-authorization', 'x-goog-api-key']);
const FIXED_CREATED = 1_700_000_000;
const VOCABULARY = [
  'amber', 'brisk', 'cobalt', 'dapper', 'ember', 'fable', 'gusty', 'hazel', 'ivory', 'jolly', 'kindled', 'lunar',
  'mellow', 'nimble', 'opal', 'pebble', 'quartz', 'russet', 'sable', 'tidal', 'umber', 'velvet', 'willow', 'zephyr',
  'anchor', 'beacon', 'canyon', 'delta', 'harbor', 'meadow', 'summit', 'thicket',
];

// ---------------------------------------------------------------------------------------------
// Deterministic content helpers (exported so tests can compute expected values).

interface WireMessage {
  role: string;
  content: unknown;
}

/** FNV-1a, 32 bit: stable across runs and platforms, unlike anything seeded. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Words and punctuation marks count one token each. */
export function countFakeTokens(text: string): number {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;
}

/** Text of a message `content`: a string, or an array of `{ type: 'text', text }` blocks. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((block: unknown) => (isRecord(block) && typeof block.text === 'string' ? block.text : ''))
      .join('');
  }
  return '';
}

export function fakeInputTokens(system: string | undefined, messages: readonly WireMessage[]): number {
  let total = 3;
  if (system) total += 4 + countFakeTokens(system);
  for (const message of messages) total += 4 + countFakeTokens(contentText(message.content));
  return total;
}

export function lastUserMessage(messages: readonly WireMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user') return contentText(messages[i].content);
  }
  return '';
}

/** The full (untruncated) reply a model gives to a conversation; see the rules at the top. */
export function fakeReply(model: string, messages: readonly WireMessage[]): string {
  const last = lastUserMessage(messages);
  const lower = model.toLowerCase();
  if (lower.includes('compress')) return fakeCompressReply(model, last);
  if (lower.includes('adjust')) return fakeAdjustReply(model, last);
  if (lower.includes('judge')) return fakeJudgeReply(model, last);
  if (lower.includes('grader')) return fakeGraderReply(last);
  if (lower.includes('echo')) return last;
  if (lower.includes('upper')) return last.toUpperCase();
  const hash = fnv1a(`${model}\n${last}`);
  const picked = [0, 1, 2, 3].map((i) => VOCABULARY[(hash >>> (i * 5)) % VOCABULARY.length]);
  const quoted = last.split(/\s+/).filter(Boolean).slice(0, 6).join(' ');
  const hashed = `[fake ${model}] ${picked.join(' ')} (${hash.toString(16).padStart(8, '0')}). You said: "${quoted}"`;
  if (lower.includes('json')) {
    return JSON.stringify({ model, reply: hashed, inputWords: last.split(/\s+/).filter(Boolean).length });
  }
  return hashed;
}

/**
 * A rubric grade for `<rubric>…</rubric>` / `<output>…</output>` in the last user message:
 * `{"pass","reason"}`, passing when the output contains (any case) every phrase quoted in the
 * rubric with '…' or "…" (a rubric without quotes passes).
 */
export function fakeGraderReply(last: string): string {
  const rubric = /<rubric>\n?([\s\S]*?)\n?<\/rubric>/.exec(last)?.[1] ?? '';
  const output = (/<output>\n?([\s\S]*?)\n?<\/output>/.exec(last)?.[1] ?? '').toLowerCase();
  const phrases = [...rubric.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2]) as string);
  const missing = phrases.find((p) => !output.includes(p.toLowerCase()));
  return JSON.stringify(
    missing === undefined
      ? { pass: true, reason: phrases.length ? `The output mentions ${phrases.map((p) => `'${p}'`).join(', ')}.` : 'Nothing specific to check.' }
      : { pass: false, reason: `The output does not mention '${missing}'.` },
  );
}

interface PlannedReply {
  chunks: string[];
  text: string;
  outputTokens: number;
  truncated: boolean;
}

/** Splits the reply into word-sized chunks and cuts it at maxTokens. */
function planReply(fullText: string, maxTokens: number | undefined): PlannedReply {
  const pieces = fullText.match(/\s*\S+\s*/g) ?? (fullText ? [fullText] : []);
  const chunks: string[] = [];
  let outputTokens = 0;
  let truncated = false;
  for (const piece of pieces) {
    const tokens = countFakeTokens(piece);
    if (maxTokens !== undefined && outputTokens + tokens > maxTokens) {
      truncated = true;
      break;
    }
    chunks.push(piece);
    outputTokens += tokens;
  }
  return { chunks, text: chunks.join(''), outputTokens, truncated };
}

// ---------------------------------------------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function delay(ms: number | undefined): Promise<void> {
  if (!ms || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function protocolOf(path: string): WireProtocol {
  if (path === '/v1/chat/completions' || path === '/v1/models' || path.startsWith(GEMINI_PREFIX)) return 'openai';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  return 'other';
}

function errorBody(protocol: WireProtocol, type: string, message: string, code: string | null): unknown {
  if (protocol === 'anthropic') return { type: 'error', error: { type, message } };
  return { error: { message, type, param: null, code } };
}

interface FaultState extends FaultSpec {
  remaining: number;
}

export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const requests: RecordedRequest[] = [];
  let faults: FaultState[] = [];
  let serverLatency: Latency = { ...options.latency };
  const modelLatency = new Map<string, Latency>(Object.entries(options.modelLatency ?? {}));
  let idCounter = 0;

  const setFault = (fault: FaultSpec): void => {
    faults.push({ ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  };
  for (const fault of options.faults ?? []) setFault(fault);

  /** Model-specific faults win over catch-all ones; consuming one counts it down. */
  function takeFault(model: string | undefined, path: string): FaultState | undefined {
    const matches = faults.filter(
      (f) => f.remaining > 0 && (f.model === undefined || f.model === model) && (f.path === undefined || f.path === path),
    );
    const chosen = matches.find((f) => f.model !== undefined) ?? matches[0];
    if (!chosen) return undefined;
    chosen.remaining -= 1;
    faults = faults.filter((f) => f.remaining > 0);
    return chosen;
  }

  const latencyFor = (model: string | undefined): Latency =>
    (model !== undefined ? modelLatency.get(model) : undefined) ?? serverLatency;

  function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': `req_fake_${idCounter}`,
      'x-request-id': `req_fake_${idCounter}`,
      ...headers,
    });
    res.end(text);
  }

  function sendError(res: http.ServerResponse, protocol: WireProtocol, status: number, type: string, message: string, code: string | null = null, headers: Record<string, string> = {}): void {
    sendJson(res, status, errorBody(protocol, type, message, code), headers);
  }

  function receivedKey(req: http.IncomingMessage): string {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.toLowerCase().startsWith('bearer ')) return auth.slice(7);
    const xKey = req.headers['x-api-key'] ?? req.headers['x-goog-api-key'];
    return typeof xKey === 'string' ? xKey : '';
  }

  function sendUnauthorized(req: http.IncomingMessage, res: http.ServerResponse, protocol: WireProtocol): void {
    // Echoing the key mimics servers that do, so clients' redaction gets exercised.
    const message = `Incorrect API key provided: ${receivedKey(req) || '(none)'}`;
    if (protocol === 'anthropic') sendError(res, protocol, 401, 'authentication_error', message);
    else sendError(res, protocol, 401, 'invalid_request_error', message, 'invalid_api_key');
  }

  /** Sends part of a body with a content-length for all of it, then kills the socket. */
  function sendTruncatedJson(res: http.ServerResponse, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
  }

  /**
   * Applies a fault that replaces the whole response; returns true when handled. Stream-shaped
   * faults ('truncated-stream', 'invalid-json', streamed 'stream-error') are left to the endpoint handlers.
   */
  function applyFault(fault: FaultState, req: http.IncomingMessage, res: http.ServerResponse, protocol: WireProtocol, streaming: boolean): boolean {
    switch (fault.kind) {
      case '401':
        sendUnauthorized(req, res, protocol);
        return true;
      case '429': {
        const retryAfterMs = fault.retryAfterMs ?? 1000;
        const headers = { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))), 'retry-after-ms': String(retryAfterMs) };
        if (protocol === 'anthropic') sendError(res, protocol, 429, 'rate_limit_error', 'Fake rate limit exceeded.', null, headers);
        else sendError(res, protocol, 429, 'requests', 'Fake rate limit reached for requests.', 'rate_limit_exceeded', headers);
        return true;
      }
      case '500':
        if (protocol === 'anthropic') sendError(res, protocol, 500, 'api_error', 'Fake internal server error.');
        else sendError(res, protocol, 500, 'server_error', 'The fake server had an error while processing your request.');
        return true;
      case '529':
        sendError(res, protocol, 529, 'overloaded_error', 'Fake provider is overloaded.', 'overloaded');
        return true;
      case 'hang':
        return true; // Never answer; close() destroys the socket.
      case 'connection-reset':
        req.socket.resetAndDestroy();
        return true;
      case 'stream-error':
        if (streaming) return false;
        return applyFault({ ...fault, kind: protocol === 'anthropic' ? '529' : '500' }, req, res, protocol, streaming);
      case 'truncated-stream':
      case 'invalid-json':
        return false;
    }
  }

  // ------------------------------------------------------------------------------ OpenAI

  async function handleChatCompletions(res: http.ServerResponse, body: Record<string, unknown>, fault: FaultState | undefined): Promise<void> {
    const model = typeof body.model === 'string' ? body.model : '';
    const messages = Array.isArray(body.messages) ? (body.messages as WireMessage[]) : undefined;
    if (!model || !messages) {
      sendError(res, 'openai', 400, 'invalid_request_error', 'Missing required parameter: model and messages.', 'missing_required_parameter');
      return;
    }
    if (REASONING_MODEL.test(model)) {
      if (body.max_tokens !== undefined && body.max_tokens !== null) {
        sendError(res, 'openai', 400, 'invalid_request_error', "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'unsupported_parameter');
        return;
      }
      if (body.temperature !== undefined && body.temperature !== null && body.temperature !== 1) {
        sendError(res, 'openai', 400, 'invalid_request_error', "Unsupported value: 'temperature' does not support this value with this model. Only the default (1) value is supported.", 'unsupported_value');
        return;
      }
    }
    const maxTokens = numberOrUndefined(body.max_completion_tokens) ?? numberOrUndefined(body.max_tokens);
    const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => contentText(m.content)).join('\n');
    const conversation = messages.filter((m) => m.role !== 'system' && m.role !== 'developer');
    const promptTokens = fakeInputTokens(system || undefined, conversation);
    const reply = planReply(fakeReply(model, messages), maxTokens);
    const finishReason = reply.truncated ? 'length' : 'stop';
    const usage = { prompt_tokens: promptTokens, completion_tokens: reply.outputTokens, total_tokens: promptTokens + reply.outputTokens };
    const id = `chatcmpl-fake-${idCounter}`;
    const latency = latencyFor(model);

    if (body.stream !== true) {
      const completion = {
        id, object: 'chat.completion', created: FIXED_CREATED, model, system_fingerprint: 'fp_fake',
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, logprobs: null, finish_reason: finishReason }],
        usage,
      };
      await delay((latency.ttftMs ?? 0) + (latency.chunkMs ?? 0) * Math.max(0, reply.chunks.length - 1));
      if (fault?.kind === 'truncated-stream') return sendTruncatedJson(res, completion);
      if (fault?.kind === 'invalid-json') return sendRaw(res, 200, 'application/json', `{"id": "${id}", "choices": [{"message": `);
      return sendJson(res, 200, completion);
    }

    const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: FIXED_CREATED, model, system_fingerprint: 'fp_fake', choices, ...extra })}\n\n`;
    const events: string[] = [];
    reply.chunks.forEach((text, i) => {
      events.push(chunk([{ index: 0, delta: i === 0 ? { role: 'assistant', content: text } : { content: text }, logprobs: null, finish_reason: null }]));
    });
    if (reply.chunks.length === 0) events.push(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
    events.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
    if (includeUsage) events.push(chunk([], { usage }));
    events.push('data: [DONE]\n\n');
    await streamEvents(res, events, latency, fault, {
      invalidJson: 'data: {"id": "broken", "choices": [\n\n',
      error: `data: ${JSON.stringify({ error: { message: 'The fake server had an error mid-stream.', type: 'server_error', param: null, code: null } })}\n\n`,
    }, 0, Math.max(1, reply.chunks.length));
  }

  // ------------------------------------------------------------------------------ Anthropic

  function anthropicRequest(res: http.ServerResponse, body: Record<string, unknown>, requireMaxTokens: boolean):
    { model: string; messages: WireMessage[]; system: string | undefined; maxTokens: number | undefined } | undefined {
    const model = typeof body.model === 'string' ? body.model : '';
    const messages = Array.isArray(body.messages) ? (body.messages as WireMessage[]) : undefined;
    if (!model) return void sendError(res, 'anthropic', 400, 'invalid_request_error', 'model: Field required');
    if (!messages) return void sendError(res, 'anthropic', 400, 'invalid_request_error', 'messages: Field required');
    if (messages.length === 0) return void sendError(res, 'anthropic', 400, 'invalid_request_error', 'messages: at least one message is required');
    const badRole = messages.find((m) => m.role !== 'user' && m.role !== 'assistant');
    if (badRole) {
      return void sendError(res, 'anthropic', 400, 'invalid_request_error', `messages: Unexpected role "${String(badRole.role)}". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`);
    }
    const sampling = ['temperature', 'top_p', 'top_k'].find((name) => body[name] !== undefined);
    if (sampling) return void sendError(res, 'anthropic', 400, 'invalid_request_error', `${sampling}: Extra inputs are not permitted`);
    const maxTokens = numberOrUndefined(body.max_tokens);
    if (requireMaxTokens && maxTokens === undefined) return void sendError(res, 'anthropic', 400, 'invalid_request_error', 'max_tokens: Field required');
    const system = typeof body.system === 'string' ? body.system : contentText(body.system) || undefined;
    return { model, messages, system, maxTokens };
  }

  function handleCountTokens(res: http.ServerResponse, body: Record<string, unknown>): void {
    const parsed = anthropicRequest(res, body, false);
    if (!parsed) return;
    sendJson(res, 200, { input_tokens: fakeInputTokens(parsed.system, parsed.messages) });
  }

  /** Gemini countTokens: `contents` directly, or inside `generateContentRequest` with its `systemInstruction`. */
  function handleGeminiCountTokens(res: http.ServerResponse, body: Record<string, unknown>): void {
    const request = isRecord(body.generateContentRequest) ? body.generateContentRequest : body;
    const partsText = (content: unknown): string =>
      isRecord(content) && Array.isArray(content.parts) ? content.parts.map((p: unknown) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('') : '';
    if (!Array.isArray(request.contents) || request.contents.length === 0) {
      return sendJson(res, 400, { error: { code: 400, message: 'contents is not specified', status: 'INVALID_ARGUMENT' } });
    }
    const messages: WireMessage[] = request.contents.map((c: unknown) => ({ role: isRecord(c) && c.role === 'model' ? 'assistant' : 'user', content: partsText(c) }));
    const system = request.systemInstruction !== undefined ? partsText(request.systemInstruction) : undefined;
    sendJson(res, 200, { totalTokens: fakeInputTokens(system, messages) });
  }

  async function handleMessages(res: http.ServerResponse, body: Record<string, unknown>, fault: FaultState | undefined): Promise<void> {
    const parsed = anthropicRequest(res, body, true);
    if (!parsed) return;
    const { model, messages, system, maxTokens } = parsed;
    const inputTokens = fakeInputTokens(system, messages);
    const reply = planReply(fakeReply(model, messages), maxTokens);
    const stopReason = reply.truncated ? 'max_tokens' : 'end_turn';
    const id = `msg_fake_${idCounter}`;
    const latency = latencyFor(model);
    const usage = { input_tokens: inputTokens, output_tokens: reply.outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

    if (body.stream !== true) {
      const message = {
        id, type: 'message', role: 'assistant', model,
        content: [{ type: 'text', text: reply.text, citations: null }],
        stop_reason: stopReason, stop_sequence: null, usage,
      };
      await delay((latency.ttftMs ?? 0) + (latency.chunkMs ?? 0) * Math.max(0, reply.chunks.length - 1));
      if (fault?.kind === 'truncated-stream') return sendTruncatedJson(res, message);
      if (fault?.kind === 'invalid-json') return sendRaw(res, 200, 'application/json', `{"id": "${id}", "content": [{"type": "text", `);
      return sendJson(res, 200, message);
    }

    const event = (type: string, data: Record<string, unknown>): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
    const events = [
      event('message_start', {
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
      }),
      event('content_block_start', { index: 0, content_block: { type: 'text', text: '', citations: null } }),
      event('ping', {}),
      ...reply.chunks.map((text) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: reply.outputTokens } }),
      event('message_stop', {}),
    ];
    await streamEvents(res, events, latency, fault, {
      invalidJson: 'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": \n\n',
      error: event('error', { error: { type: 'overloaded_error', message: 'Fake provider is overloaded mid-stream.' } }),
    }, 3, 3 + reply.chunks.length);
  }

  // ------------------------------------------------------------------------------ plumbing

  function sendRaw(res: http.ServerResponse, status: number, contentType: string, text: string): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /**
   * Writes SSE events: headers at once, ttftMs before the first content event (index
   * `firstContentIndex`), chunkMs between later ones. Faults cut the stream about halfway, but
   * always before `contentEnd` (the first closing event), so no completion marker gets through.
   */
  async function streamEvents(res: http.ServerResponse, events: string[], latency: Latency, fault: FaultState | undefined, faultEvents: { invalidJson: string; error: string }, firstContentIndex: number, contentEnd: number): Promise<void> {
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_fake_${idCounter}` });
    res.flushHeaders();
    const cutAt = fault?.kind === 'truncated-stream' || fault?.kind === 'invalid-json' || fault?.kind === 'stream-error'
      ? Math.min(contentEnd, Math.max(firstContentIndex + 1, Math.floor(events.length / 2)))
      : events.length;
    for (let i = 0; i < cutAt; i++) {
      if (i === firstContentIndex) await delay(latency.ttftMs);
      else if (i > firstContentIndex) await delay(latency.chunkMs);
      if (res.destroyed) return;
      res.write(events[i]);
    }
    if (fault?.kind === 'truncated-stream') {
      // Flush what was written, then drop the connection without the closing events.
      res.write('', () => res.socket?.destroy());
      return;
    }
    if (fault?.kind === 'invalid-json') res.write(faultEvents.invalidJson);
    if (fault?.kind === 'stream-error') res.write(faultEvents.error);
    res.end();
  }

  function handleModels(res: http.ServerResponse): void {
    // A union of both APIs' list shapes, so either SDK can page through it.
    const data = FAKE_MODEL_IDS.map((id) => ({
      id, object: 'model', type: 'model', created: FIXED_CREATED, created_at: new Date(FIXED_CREATED * 1000).toISOString(),
      owned_by: 'promptscope-fake', display_name: `Fake ${id.slice(5)}`,
    }));
    sendJson(res, 200, { object: 'list', data, has_more: false, first_id: data[0].id, last_id: data[data.length - 1].id });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    idCounter += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    let bodyIsJson = true;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        bodyIsJson = false;
      }
    }
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = parsedUrl.pathname.replace(/\/+$/, '') || '/';
    const protocol = protocolOf(path);
    const model = isRecord(body) && typeof body.model === 'string' ? body.model : undefined;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] = CREDENTIAL_HEADERS.has(name) ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET', path, query: Object.fromEntries(parsedUrl.searchParams), headers, body, protocol,
      stream: isRecord(body) && body.stream === true,
    };
    if (model !== undefined) record.model = model;
    requests.push(record);

    const fault = takeFault(model, path);
    if (fault) record.fault = fault.kind;
    if (fault && applyFault(fault, req, res, protocol, record.stream)) return;
    if (options.apiKey !== undefined && receivedKey(req) !== options.apiKey) return sendUnauthorized(req, res, protocol);
    if (!bodyIsJson) return sendError(res, protocol, 400, 'invalid_request_error', 'The request body is not valid JSON.');

    // Gemini's OpenAI-compatible endpoint: same protocol under another prefix (recorded as sent).
    const routed = path.startsWith(`${GEMINI_PREFIX}/`) ? `/v1${path.slice(GEMINI_PREFIX.length)}` : path;
    const route = `${req.method ?? 'GET'} ${routed}`;
    if (route === 'GET /v1/models') return handleModels(res);
    if (req.method === 'POST' && !isRecord(body)) return sendError(res, protocol, 400, 'invalid_request_error', 'The request body must be a JSON object.');
    const jsonBody = isRecord(body) ? body : {};
    if (route === 'POST /v1/chat/completions') return handleChatCompletions(res, jsonBody, fault);
    if (route === 'POST /v1/messages') return handleMessages(res, jsonBody, fault);
    if (route === 'POST /v1/messages/count_tokens') return handleCountTokens(res, jsonBody);
    if (/^POST \/v1beta\/models\/[^/:]+:countTokens$/.test(route)) return handleGeminiCountTokens(res, jsonBody);
    sendError(res, protocol, 404, 'not_found_error', `The fake provider has no route ${route}.`, 'not_found');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 'other', 500, 'fake_server_bug', `Fake provider crashed: ${String(error)}`);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    port,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    setFault,
    clearFaults: () => {
      faults = [];
    },
    setLatency: (latency, model) => {
      if (model === undefined) serverLatency = { ...latency };
      else modelLatency.set(model, { ...latency });
    },
    reset: () => {
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests and idle keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
