import * as vscode from 'vscode';

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
    return this.section.get<string[]>('defaultTargets', ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']);
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

  get countExactlyOnSave(): boolean {
    return this.section.get<boolean>('anthropic.countExactlyOnSave', false);
  }

  get debounceMs(): number {
    return Math.max(0, this.section.get<number>('diagnostics.debounceMs', 250));
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('promptscope')) listener(); });
  }
}
