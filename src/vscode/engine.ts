import * as vscode from 'vscode';
import { join } from 'node:path';
import { PriceCatalog, parsePriceOverrides } from '../core/pricing';
import { TokenService, WorkerChunkEncoder, type EndpointTokenizerConfig, type ExactTokenCounter } from '../core/tokens';
import { createGeminiTokenCounter } from '../core/tokens/geminiCountTokens';
import { COUNT_TOKENS_TIMEOUT_MS, createProvider } from '../core/providers';
import type { Config } from './config';
import { providerConfig, resolveModelTarget } from '../core/providers/targets';
import type { ApiKeys } from './secrets';

/**
 * The core services the editor features share: one token service (its caches make keystroke
 * recounts cheap) and one price catalog, both kept in sync with the settings.
 */
/** Tokenizer time per extension-host task (a keystroke's recount stays well under 50 ms). */
export const ENCODE_MS_PER_TASK = 10;

/** The tokenizer worker's bundle, built next to this one (dist/) with tiktoken_bg.wasm. */
const TOKENIZER_WORKER_SCRIPT = join(__dirname, 'tokenizerWorker.js');

export class Engine implements vscode.Disposable {
  /**
   * Loads tiktoken and encodes in a worker thread: its WASM load (0.3–1.3 s) would otherwise
   * freeze the extension host. Started when `tokenizerMayStart` resolves; until it answers, counts are `≈`.
   */
  readonly tokenizer: WorkerChunkEncoder;
  /**
   * Counts chunks the cache knows at once and sends new ones to the tokenizer worker. If the worker
   * fails, encoding falls back to this thread, at most 10 ms per task (longer texts are finished
   * by recounts, ≈ meanwhile).
   */
  readonly tokens: TokenService;
  readonly catalog = new PriceCatalog();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when settings that change counts or prices changed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly config: Config, private readonly keys: ApiKeys, private readonly log: vscode.LogOutputChannel, tokenizerMayStart?: Promise<void>) {
    this.tokenizer = new WorkerChunkEncoder(TOKENIZER_WORKER_SCRIPT, {
      onWarmed: (loadMs, niceness) => log.info(`metrics: tokenizer load ${loadMs} ms (worker thread${niceness !== undefined ? `, nice ${niceness}` : ''})`),
      ...(tokenizerMayStart ? { startAfter: tokenizerMayStart } : {}),
    });
    this.tokens = new TokenService({
      encodeTimeBudgetMs: ENCODE_MS_PER_TASK,
      chunkEncoder: this.tokenizer,
      onChunkEncoderFailure: (error) => {
        // Stopping the worker on deactivation is no failure (and the log is closed by then).
        if (!this.disposed) log.warn(`the tokenizer worker failed (${error.message}); counting on the extension host from now on`);
      },
    });
    this.applySettings();
    this.disposables.push(config.onDidChange(() => { this.applySettings(); this.changeEmitter.fire(); }), this.changeEmitter);
  }

  private endpointTokenizers(): Record<string, EndpointTokenizerConfig> {
    return Object.fromEntries(this.config.endpoints.map((e) => [e.name, { tokenizer: e.tokenizer ?? 'estimate', exactEncoding: e.exactTokenizer === true }]));
  }

  private applySettings(): void {
    const endpoints = this.endpointTokenizers();
    const { overrides, problems } = parsePriceOverrides(this.config.priceOverrides);
    for (const p of problems) this.log.warn(`promptscope.pricing.overrides: ${p}`);
    this.catalog.configure({ overrides, endpoints });
    this.tokens.configure({ endpoints, anthropicCounter: this.anthropicCounter(), geminiCounter: this.geminiCounter() });
  }

  /** Exact Claude counts through count_tokens; never in an untrusted workspace, never without a key. */
  private anthropicCounter(): ExactTokenCounter {
    return async (model, messages) => {
      if (!vscode.workspace.isTrusted) throw Object.assign(new Error('the workspace is not trusted, so no request is sent'), { kind: 'untrusted' });
      const apiKey = await this.keys.get('anthropic');
      if (!apiKey) throw Object.assign(new Error('no Anthropic API key — run "Promptscope: Set API Key…"'), { kind: 'auth' });
      const target = resolveModelTarget(`anthropic/${model}`, this.config);
      if (typeof target === 'string') throw new Error(target);
      const provider = createProvider({ ...providerConfig(target, apiKey), kind: 'anthropic', maxRetries: 1, timeoutMs: COUNT_TOKENS_TIMEOUT_MS });
      const roleOf = (role: string): 'system' | 'user' | 'assistant' => (role === 'system' ? 'system' : role === 'user' ? 'user' : 'assistant');
      this.log.info(`count_tokens request for ${model}`);
      return provider.countTokens(model, messages.map((m) => ({ role: roleOf(m.role), content: m.text })));
    };
  }

  /** Exact Gemini counts through countTokens (key "gemini" in SecretStorage); same rules as count_tokens. */
  private geminiCounter(): ExactTokenCounter {
    return async (model, messages) => {
      if (!vscode.workspace.isTrusted) throw Object.assign(new Error('the workspace is not trusted, so no request is sent'), { kind: 'untrusted' });
      const apiKey = await this.keys.get('gemini');
      if (!apiKey) throw Object.assign(new Error('no Gemini API key — run "Promptscope: Set API Key…"'), { kind: 'no-key' });
      const baseURL = this.config.baseURL('gemini');
      this.log.info(`countTokens request for ${model}`);
      return createGeminiTokenCounter({ apiKey, ...(baseURL ? { baseURL } : {}) })(model, messages);
    };
  }

  /** Ids of every model we know: the catalog plus `<endpoint>/…` prefixes. */
  isKnownModel(id: string): boolean {
    const slash = id.indexOf('/');
    const provider = slash > 0 ? id.slice(0, slash) : '';
    if (this.config.endpoints.some((e) => e.name === provider)) return true;
    return this.catalog.lookupModel(id) !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.tokenizer.dispose();
  }
}
