import type * as AnthropicSdk from '@anthropic-ai/sdk';
import type * as OpenAISdk from 'openai';
import { isAnthropicError, isOpenAIError, isSdkError } from './sdks';

export type ProviderErrorKind =
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'auth'
  /** The server refused the request itself (HTTP 400/404/422: unknown model, context too long, ...). */
  | 'bad-request'
  | 'timeout'
  | 'network'
  /** The server answered with something unusable: invalid JSON, wrong shape, a stream cut short. */
  | 'bad-response'
  | 'cancelled';

const RETRYABLE_KINDS: ReadonlySet<ProviderErrorKind> = new Set(['rate-limit', 'overloaded', 'server', 'timeout', 'network']);

export interface ProviderErrorInit {
  kind: ProviderErrorKind;
  message: string;
  provider: string;
  model?: string;
  status?: number;
  retryAfterMs?: number;
  /** Text streamed before a stream broke off. */
  partialText?: string;
  requestId?: string;
}

/**
 * A provider failure with a message fit to show users. It deliberately keeps no reference to the
 * SDK error: those carry server text that may echo the API key, and `cause` gets printed by
 * loggers and test runners.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  readonly model?: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly partialText?: string;
  readonly requestId?: string;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.provider = init.provider;
    if (init.model !== undefined) this.model = init.model;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.partialText !== undefined) this.partialText = init.partialText;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  /** Whether trying again later might succeed. */
  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }
}

const REDACTED = '[redacted]';
// Defence in depth for keys we were not told about (e.g. a server echoing another key).
const KEY_LIKE = /\b(?:sk|sk-ant|sk-proj|pk)-[A-Za-z0-9_-]{12,}/g;
const BEARER = /\b(Bearer\s+)[^\s"',]+/gi;

/** Replaces every occurrence of each secret, plus anything shaped like an API key or bearer token. */
export function redactSecrets(text: string, secrets: readonly (string | undefined | null)[]): string {
  let result = text;
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0).sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join(REDACTED);
  return result.replace(BEARER, `$1${REDACTED}`).replace(KEY_LIKE, REDACTED);
}

export interface ErrorContext {
  provider: string;
  model?: string;
  baseURL?: string;
  timeoutMs?: number;
  secrets: readonly (string | undefined)[];
  signal?: AbortSignal;
}

type SdkApiError = OpenAISdk.APIError | AnthropicSdk.APIError;

export function isSdkApiError(error: unknown): error is SdkApiError {
  return isSdkError(error, 'APIError');
}

export function isAbortError(error: unknown): boolean {
  return (
    isSdkError(error, 'APIUserAbortError') ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/** `retry-after-ms` (non-standard, what the SDKs prefer) or `retry-after` (seconds or an HTTP date). */
export function parseRetryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The server's own explanation from an SDK error: OpenAI `{error:{message}}`, Anthropic `{error:{error:{message}}}`. */
function serverMessage(error: SdkApiError): string | undefined {
  if (isAnthropicError(error, 'APIError') && error.apiMessage) return error.apiMessage;
  const body: unknown = error.error;
  if (isRecord(body)) {
    if (typeof body.message === 'string') return body.message;
    if (isRecord(body.error) && typeof body.error.message === 'string') return body.error.message;
  }
  return undefined;
}

function errorType(error: SdkApiError): string | undefined {
  if (isAnthropicError(error, 'APIError')) return error.type ?? undefined;
  const type = (error as OpenAISdk.APIError).type;
  return typeof type === 'string' ? type : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

const NETWORK_CODES = /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/;

/** The first system error code (ECONNREFUSED, UND_ERR_SOCKET, ...) in an error's cause chain. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && isRecord(current); depth++) {
    const code = current.code;
    if (typeof code === 'string' && NETWORK_CODES.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

const NETWORK_HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused; is the server running?',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed unexpectedly',
};

/** The base URL without credentials or query, safe to show. */
export function displayURL(baseURL: string | undefined): string | undefined {
  if (!baseURL) return undefined;
  try {
    const url = new URL(baseURL);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

function who(context: ErrorContext): string {
  return context.model ? `${context.provider} (model ${context.model})` : context.provider;
}

/** `<base>: <server text>. <advice>` with the optional parts left out. */
function withServerText(base: string, text: string | undefined, advice?: string): string {
  // Proxies can answer with whole HTML pages; a sentence or two is what helps.
  const trimmed = text && text.length > 300 ? `${text.slice(0, 300)}…` : text;
  const sentence = trimmed ? `${base}: ${trimmed.replace(/\.?\s*$/, '.')}` : `${base}.`;
  return advice ? `${sentence} ${advice}` : sentence;
}

/** Converts anything the SDKs (or fetch) throw into a ProviderError with a redacted, human message. */
export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
  if (error instanceof ProviderError) return error;
  const make = (kind: ProviderErrorKind, message: string, extra: Partial<ProviderErrorInit> = {}): ProviderError =>
    new ProviderError({
      kind,
      message: redactSecrets(message, context.secrets),
      provider: context.provider,
      ...(context.model !== undefined ? { model: context.model } : {}),
      ...extra,
    });

  if (context.signal?.aborted || isAbortError(error)) return make('cancelled', `The request to ${who(context)} was cancelled.`);

  if (isSdkError(error, 'APIConnectionTimeoutError')) {
    const limit = context.timeoutMs !== undefined ? ` within ${formatDelay(context.timeoutMs)}` : ' in time';
    return make('timeout', `${who(context)} did not answer${limit}.`);
  }

  if (isSdkError(error, 'APIConnectionError')) {
    return networkError(error, context, make);
  }

  if (isSdkApiError(error)) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    const type = errorType(error);
    const text = serverMessage(error) ?? (status === undefined ? error.message : undefined);
    const extra: Partial<ProviderErrorInit> = {};
    if (status !== undefined) extra.status = status;
    if (error.requestID) extra.requestId = error.requestID;
    const http = status !== undefined ? ` (HTTP ${status})` : '';
    if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') {
      return make('auth', withServerText(`${who(context)} rejected the credentials${http}`, text, `Check the API key configured for "${context.provider}".`), extra);
    }
    if (status === 429 || type === 'rate_limit_error') {
      const retryAfterMs = parseRetryAfterMs(error.headers ?? undefined);
      if (retryAfterMs !== undefined) extra.retryAfterMs = retryAfterMs;
      const advice = retryAfterMs !== undefined ? `Retry after ${formatDelay(retryAfterMs)}.` : 'Try again later.';
      return make('rate-limit', withServerText(`${who(context)} is rate-limiting requests${http}`, text, advice), extra);
    }
    if (status === 529 || type === 'overloaded_error') {
      return make('overloaded', withServerText(`${who(context)} is overloaded${http}`, text, 'Try again later.'), extra);
    }
    if (status === 408) return make('timeout', withServerText(`${who(context)} timed out handling the request${http}`, text), extra);
    if (status !== undefined && status >= 400 && status < 500) {
      const advice = status === 404 ? 'Check the model name and the base URL.' : undefined;
      return make('bad-request', withServerText(`${who(context)} refused the request${http}`, text, advice), extra);
    }
    return make('server', withServerText(`${who(context)} had a server error${http}`, text), extra);
  }

  if (error instanceof SyntaxError) {
    return make('bad-response', `${who(context)} sent a response that is not valid JSON (${error.message}).`);
  }

  // undici says "terminated" when the body breaks off after the headers came: the reply was cut short.
  if (error instanceof TypeError && error.message === 'terminated') {
    return truncatedStreamError(context, '', 'the connection closed before the whole response arrived');
  }

  const code = networkCode(error);
  if (code !== undefined || (error instanceof TypeError && /fetch failed|terminated|network/i.test(error.message))) {
    return networkError(error, context, make);
  }

  if (isOpenAIError(error, 'OpenAIError') || isAnthropicError(error, 'AnthropicError')) {
    // Raised before any request, e.g. when no API key could be found.
    if (/api ?key|authenticat|credential/i.test(error.message)) {
      return make('auth', `${context.provider} has no usable API key: ${error.message}`);
    }
    return make('bad-request', `${who(context)}: ${error.message}`);
  }

  const detail = error instanceof Error ? error.message : String(error);
  return make('bad-response', `${who(context)} failed unexpectedly: ${detail}`);
}

function networkError(
  error: unknown,
  context: ErrorContext,
  make: (kind: ProviderErrorKind, message: string) => ProviderError,
): ProviderError {
  const code = networkCode(error);
  const hint = code ? (NETWORK_HINTS[code] ?? code) : error instanceof Error ? innermostMessage(error) : String(error);
  const where = displayURL(context.baseURL);
  return make('network', `Could not reach ${context.provider}${where ? ` at ${where}` : ''}: ${hint}.`);
}

function innermostMessage(error: Error): string {
  let current: Error = error;
  for (let depth = 0; depth < 6 && current.cause instanceof Error; depth++) current = current.cause;
  return current.message;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The error thrown when a stream ends without its completion marker. */
export function truncatedStreamError(context: ErrorContext, partialText: string, reason: string): ProviderError {
  const received = partialText.length > 0 ? ` after ${partialText.length} characters of output` : ' before any output';
  return new ProviderError({
    kind: 'bad-response',
    message: redactSecrets(`The reply from ${who(context)} was cut off${received} (${reason}); try again.`, context.secrets),
    provider: context.provider,
    ...(context.model !== undefined ? { model: context.model } : {}),
    partialText,
  });
}

export function cancelledError(context: ErrorContext): ProviderError {
  return toProviderError(new DOMException('aborted', 'AbortError'), context);
}
