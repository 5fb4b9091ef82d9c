import * as vscode from 'vscode';
import { parseSamples, type PromptFile } from '../../core/prompt';
import { resolveFromPrompt } from '../../core/analysis';
import type { Services } from '../services';

/** The inputs to compare on: the prompt's default input, every sample, or one sample by id. */
export type InputsChoice = 'default' | 'all' | { readonly sample: string };

interface TargetItem extends vscode.QuickPickItem { readonly id: string }

/**
 * Multi-select of models: what was chosen last time for this file, else the frontmatter
 * `model` + `targets`; the default targets and the catalog's models can be added, or any id typed.
 */
export async function chooseTargets(services: Services, prompt: PromptFile, remembered: readonly string[] | undefined): Promise<string[] | undefined> {
  const fromFile = [...prompt.targets];
  const preselected = new Set(remembered?.length ? remembered : fromFile.length ? fromFile : services.config.defaultTargets);
  const ids = [...new Set([...preselected, ...fromFile, ...services.config.defaultTargets])];
  const describe = (id: string): string => [fromFile.includes(id) ? 'in the frontmatter' : '', remembered?.includes(id) ? 'chosen last time' : ''].filter(Boolean).join(' · ');
  const items: TargetItem[] = ids.map((id) => ({ id, label: id, description: describe(id), picked: preselected.has(id) }));
  const quickPick = vscode.window.createQuickPick<TargetItem>();
  quickPick.title = 'Compare Models: choose the models (columns)';
  quickPick.placeholder = 'Tick models, or type a provider/model id and press Enter to add it';
  quickPick.canSelectMany = true;
  quickPick.matchOnDescription = true;
  quickPick.items = items;
  quickPick.selectedItems = items.filter((i) => i.picked);
  return new Promise<string[] | undefined>((resolve) => {
    let accepted = false;
    quickPick.onDidChangeValue((value) => {
      // A typed id that is not listed becomes an item the user can tick.
      const id = value.trim();
      if (/^[\w.-]+\/\S+$/.test(id) && !quickPick.items.some((i) => i.id === id)) {
        const selected = quickPick.selectedItems;
        quickPick.items = [...quickPick.items.filter((i) => !i.description?.startsWith('typed')), { id, label: id, description: 'typed' }];
        quickPick.selectedItems = quickPick.items.filter((i) => selected.some((s) => s.id === i.id));
      }
    });
    quickPick.onDidAccept(() => {
      accepted = true;
      const chosen = quickPick.selectedItems.map((i) => i.id);
      quickPick.hide();
      resolve(chosen.length ? chosen : undefined);
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      if (!accepted) resolve(undefined);
    });
    quickPick.show();
  });
}

interface InputItem extends vscode.QuickPickItem { readonly choice: InputsChoice | 'one' }

/** Default input, all samples, or one sample (then which). */
export async function chooseInputs(services: Services, prompt: PromptFile): Promise<InputsChoice | undefined> {
  let cases: { id: string; preview: string }[] = [];
  if (prompt.samples) {
    const text = await services.documents.readTextAsync(resolveFromPrompt(prompt.fileName, prompt.samples));
    if (text !== undefined) cases = parseSamples(text).cases.map((c) => ({ id: c.id, preview: JSON.stringify(c.input).slice(0, 120) }));
  }
  const items: InputItem[] = [
    { label: 'Default input', description: 'the frontmatter input.default values', choice: 'default' },
    ...(cases.length
      ? [
          { label: `All samples (${cases.length})`, description: prompt.samples ?? '', choice: 'all' as const },
          { label: 'One sample…', description: prompt.samples ?? '', choice: 'one' as const },
        ]
      : []),
  ];
  if (items.length === 1) return 'default';
  const pick = await vscode.window.showQuickPick(items, { title: 'Compare Models: choose the inputs (rows)' });
  if (!pick) return undefined;
  if (pick.choice !== 'one') return pick.choice;
  const sample = await vscode.window.showQuickPick(cases.map((c) => ({ label: c.id, detail: c.preview })), { title: 'Compare Models: choose a sample', matchOnDetail: true });
  return sample ? { sample: sample.label } : undefined;
}
