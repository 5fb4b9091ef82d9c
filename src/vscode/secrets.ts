import * as vscode from 'vscode';

/** Keys live only in SecretStorage; this is the one place that names where. */
export class ApiKeys {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private static key(provider: string): string {
    return `promptscope.apiKey.${provider}`;
  }

  get(provider: string): Thenable<string | undefined> {
    return this.storage.get(ApiKeys.key(provider));
  }

  set(provider: string, value: string): Thenable<void> {
    return this.storage.store(ApiKeys.key(provider), value);
  }

  delete(provider: string): Thenable<void> {
    return this.storage.delete(ApiKeys.key(provider));
  }
}
