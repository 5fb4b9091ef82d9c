import * as vscode from 'vscode';
import type { Feature, Services } from '../services';

interface ProviderPick extends vscode.QuickPickItem { readonly provider: string }

function providerPicks(services: Services): ProviderPick[] {
  return [
    { label: 'OpenAI', description: 'openai/…', provider: 'openai' },
    { label: 'Anthropic', description: 'anthropic/…', provider: 'anthropic' },
    { label: 'Google Gemini', description: 'googleai/…, vertexai/…, gemini/… (Compare Models, exact counts with countTokens)', provider: 'gemini' },
    ...services.config.endpoints.map((e) => ({ label: e.name, description: `${e.baseURL} (OpenAI-compatible)`, provider: e.name })),
  ];
}

/** `provider` skips the picker; `key` (for automation) skips the input box. */
async function setApiKey(services: Services, provider?: string, key?: string): Promise<void> {
  if (provider && key) {
    await services.keys.set(provider, key.trim());
    services.log.info(`API key for ${provider} stored in SecretStorage`);
    return;
  }
  const pick = provider ?? (await vscode.window.showQuickPick(providerPicks(services), { title: 'Set API key for…', placeHolder: 'Choose a provider' }))?.provider;
  if (!pick) return;
  const value = await vscode.window.showInputBox({
    title: `API key for ${pick}`,
    prompt: 'Stored in VS Code SecretStorage (the OS keychain); never in settings or logs.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? 'Enter a key, or press Escape to cancel' : undefined),
  });
  if (value === undefined) return;
  await services.keys.set(pick, value.trim());
  services.log.info(`API key for ${pick} stored in SecretStorage`);
  void vscode.window.showInformationMessage(`Promptscope: API key for ${pick} saved.`);
}

async function clearApiKey(services: Services, provider?: string): Promise<void> {
  const pick = provider ?? (await vscode.window.showQuickPick(providerPicks(services), { title: 'Clear API key for…' }))?.provider;
  if (!pick) return;
  await services.keys.delete(pick);
  services.log.info(`API key for ${pick} removed`);
  void vscode.window.showInformationMessage(`Promptscope: API key for ${pick} removed.`);
}

/** "Set API Key…" / "Clear API Key…": the only way keys enter or leave Promptscope. */
export const apiKeysFeature: Feature = (services) => [
  vscode.commands.registerCommand('promptscope.setApiKey', (provider?: string, key?: string) => setApiKey(services, provider, key)),
  vscode.commands.registerCommand('promptscope.clearApiKey', (provider?: string) => clearApiKey(services, provider)),
];
