import * as vscode from 'vscode';
import { DEFAULT_TARGETS } from '../core/modelId';

export interface EndpointSetting {
  readonly name: string;
  readonly baseURL: string;
  readonly tokenizer?: 'o200k_base' | 'cl100k_base' | 'estimate';
  readonly exactTokenizer?: boolean;
}

export interface PriceOverrideSetting {
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly context?: number;
  readonly maxOutput?: number;
}

/** Typed reads of `promptscope.*`; one place knows the keys and the defaults. */
export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('promptscope');
  }

  get defaultTargets(): string[] {
    return this.section.get<string[]>('defaultTargets', [...DEFAULT_TARGETS]);
  }

  get textPromptGlobs(): string[] {
    return this.section.get<string[]>('textPromptGlobs', []);
  }

  get codeLensEnabled(): boolean {
    return this.section.get<boolean>('codeLens.enabled', true);
  }

  get sectionLensesEnabled(): boolean {
    return this.section.get<boolean>('codeLens.sections', true);
  }

  get budget(): number | undefined {
    return this.section.get<number | null>('budget', null) ?? undefined;
  }

  get priceOverrides(): Record<string, PriceOverrideSetting> {
    return this.section.get<Record<string, PriceOverrideSetting>>('pricing.overrides', {});
  }

  /** Endpoint and base URL settings are read from user settings only (application scope). */
  get endpoints(): EndpointSetting[] {
    const inspected = this.section.inspect<EndpointSetting[]>('endpoints');
    return (inspected?.globalValue ?? []).filter((e) => typeof e?.name === 'string' && typeof e?.baseURL === 'string');
  }

  baseURL(provider: 'openai' | 'anthropic' | 'gemini'): string | undefined {
    const value = this.section.inspect<string>(`${provider}.baseURL`)?.globalValue;
    return value ? value : undefined;
  }

  /** `promptscope.helpers`: custom Handlebars helpers the app registers (not reported as unknown). */
  get helpers(): string[] {
    return this.section.get<string[]>('helpers', []).filter((h) => typeof h === 'string' && h.trim() !== '').map((h) => h.trim());
  }

  /** `promptscope.partialDirs` as written (relative to a workspace folder, or absolute). */
  get partialDirs(): string[] {
    return this.section.get<string[]>('partialDirs', []).filter((d) => typeof d === 'string' && d.trim() !== '').map((d) => d.trim());
  }

  /** Adds a helper to `promptscope.helpers` in the workspace settings (user settings without a workspace). */
  async declareHelper(name: string): Promise<void> {
    const current = this.section.inspect<string[]>('helpers');
    const inWorkspace = vscode.workspace.workspaceFolders !== undefined;
    const existing = (inWorkspace ? current?.workspaceValue : current?.globalValue) ?? [];
    if (existing.includes(name)) return;
    await this.section.update('helpers', [...existing, name], inWorkspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
  }

  get countExactlyOnSave(): boolean {
    return this.section.get<boolean>('anthropic.countExactlyOnSave', false);
  }

  get debounceMs(): number {
    return Math.max(0, this.section.get<number>('diagnostics.debounceMs', 250));
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
