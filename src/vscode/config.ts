import * as vscode from 'vscode';
import { settingValue, type EndpointSetting, type PriceOverrideSetting, type RuleSetting, type SettingKey, type SettingValue } from './settings';

export type { EndpointSetting, PriceOverrideSetting, RuleSetting } from './settings';

/** The cost-lever settings (`promptscope.cost.*`) and the audit volume they are priced at. */
export interface CostSettings {
  readonly callsPerMonth: number;
  readonly cachingHints: boolean;
  readonly batch: boolean;
  /** Workspace-relative traffic file for prompts whose frontmatter names none. */
  readonly trafficFile: string | undefined;
  readonly users: readonly number[];
  readonly callsPerUser: number;
  readonly selfHostingBandUsd: readonly [number, number];
}

/** `promptscope.compare.*`: the response cache and the scheduler of comparisons and evaluations. */
export interface CompareSettings {
  readonly cacheEnabled: boolean;
  readonly cacheTtlMs: number;
  readonly concurrency: number;
  readonly judgeModel: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Typed, validated reads of `promptscope.*`: the one reader of settings in the extension (a lint
 * rule keeps `workspace.getConfiguration` here). Keys, defaults and validation live in settings.ts.
 */
export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('promptscope');
  }

  /** A setting as the user (or workspace) set it, validated; the default when unset or invalid. */
  private read<K extends SettingKey>(key: K): SettingValue<K> {
    return settingValue(key, this.section.get<unknown>(key));
  }

  /** Settings that may only come from user settings (endpoints, base URLs): a workspace cannot redirect requests. */
  private readUserOnly<K extends SettingKey>(key: K): SettingValue<K> {
    return settingValue(key, this.section.inspect<unknown>(key)?.globalValue);
  }

  get defaultTargets(): string[] {
    return this.read('defaultTargets');
  }

  get textPromptGlobs(): string[] {
    return this.read('textPromptGlobs');
  }

  get codeLensEnabled(): boolean {
    return this.read('codeLens.enabled');
  }

  get sectionLensesEnabled(): boolean {
    return this.read('codeLens.sections');
  }

  get budget(): number | undefined {
    return this.read('budget') ?? undefined;
  }

  get priceOverrides(): Record<string, PriceOverrideSetting> {
    return this.read('pricing.overrides');
  }

  /** Endpoint and base URL settings are read from user settings only (application scope). */
  get endpoints(): EndpointSetting[] {
    return this.readUserOnly('endpoints');
  }

  baseURL(provider: 'openai' | 'anthropic' | 'gemini'): string | undefined {
    return this.readUserOnly(`${provider}.baseURL`) || undefined;
  }

  /** `promptscope.helpers`: custom Handlebars helpers the app registers (not reported as unknown). */
  get helpers(): string[] {
    return this.read('helpers');
  }

  /** `promptscope.partialDirs` as written (relative to a workspace folder, or absolute). */
  get partialDirs(): string[] {
    return this.read('partialDirs');
  }

  /** Adds a helper to `promptscope.helpers` in the workspace settings (user settings without a workspace). */
  async declareHelper(name: string): Promise<void> {
    const current = this.section.inspect<unknown>('helpers');
    const inWorkspace = vscode.workspace.workspaceFolders !== undefined;
    const existing = settingValue('helpers', inWorkspace ? current?.workspaceValue : current?.globalValue);
    if (existing.includes(name)) return;
    await this.section.update('helpers', [...existing, name], inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }

  get countExactlyOnSave(): boolean {
    return this.read('anthropic.countExactlyOnSave');
  }

  get debounceMs(): number {
    return this.read('diagnostics.debounceMs');
  }

  get compressionEnabled(): boolean {
    return this.read('compression.enabled');
  }

  /** `promptscope.compression.rules`: per-rule on/off or severity. */
  get compressionRules(): Record<string, RuleSetting> {
    return this.read('compression.rules');
  }

  /** `promptscope.audit.callsPerMonth`: the volume audits, cost levers and evaluations are priced at. */
  get callsPerMonth(): number {
    return this.read('audit.callsPerMonth');
  }

  get selfHostingThresholdUsd(): number | undefined {
    return this.read('audit.selfHostingThresholdUsd') ?? undefined;
  }

  get cost(): CostSettings {
    return {
      callsPerMonth: this.callsPerMonth,
      cachingHints: this.read('cost.cachingHints'),
      batch: this.read('cost.batch'),
      trafficFile: this.read('cost.trafficFile') ?? undefined,
      users: this.read('cost.users'),
      callsPerUser: this.read('cost.callsPerUser'),
      selfHostingBandUsd: this.read('cost.selfHostingBandUsd'),
    };
  }

  get compare(): CompareSettings {
    const judge = this.read('compare.judgeModel');
    return {
      cacheEnabled: this.read('compare.cache.enabled'),
      cacheTtlMs: this.read('compare.cache.ttlDays') * DAY_MS,
      concurrency: this.read('compare.concurrency'),
      judgeModel: judge || undefined,
    };
  }

  /** VS Code's own `editor.wordWrap` for a document (`off`, `on`, `wordWrapColumn`, `bounded`). */
  wordWrap(scope: vscode.Uri): string {
    const value = vscode.workspace.getConfiguration('editor', scope).get<unknown>('wordWrap');
    return typeof value === 'string' ? value : 'off';
  }

  /**
   * `promptscope.textPromptGlobs` where someone set it (folder, workspace or user settings), else
   * undefined: declared globs decide which plain-text files are prompts (core `promptFilterFor`).
   */
  get declaredTextPromptGlobs(): string[] | undefined {
    const set = this.section.inspect<string[]>('textPromptGlobs');
    const value = set?.workspaceFolderValue ?? set?.workspaceValue ?? set?.globalValue;
    return Array.isArray(value) ? value.filter((g) => typeof g === 'string' && g.trim() !== '') : undefined;
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('promptscope')) listener(); });
  }
}
