import * as vscode from 'vscode';
import { parseModelId } from '../../core/modelId';
import { formatUsd } from '../../core/pricing';
import { resolveModelTarget } from '../modelTargets';
import type { Services } from '../services';

/** `gpt-4o` for `openai/gpt-4o`: short labels for titles. */
export function shortModelName(id: string): string {
  return parseModelId(id)?.model ?? id;
}

interface ModelPick extends vscode.QuickPickItem {
  readonly id?: string;
  /** An endpoint: ask for the model name after `<endpoint>/`. */
  readonly endpoint?: string;
  /** Type any `provider/model` id. */
  readonly custom?: boolean;
}

function priceDescription(services: Services, id: string): string | undefined {
  const info = services.engine.catalog.lookupModel(id);
  return info ? `in ${formatUsd(info.inputPerMTok)} · out ${formatUsd(info.outputPerMTok)} /1M` : undefined;
}

async function askModelId(services: Services, prefix: string, title: string): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title,
    prompt: prefix ? `Model name on the "${prefix.slice(0, -1)}" endpoint` : 'A model id: openai/…, anthropic/… or <endpoint>/…',
    value: prefix,
    valueSelection: [prefix.length, prefix.length],
    ignoreFocusOut: true,
    validateInput: (v) => {
      const resolved = resolveModelTarget(v.trim(), services.config);
      return typeof resolved === 'string' ? resolved : undefined;
    },
  });
  return value?.trim() || undefined;
}

/**
 * A quick pick of models: the file's targets first, then the configured endpoints (the model name
 * is typed), then every catalog model with its prices, then "Other model id…".
 */
export async function pickModel(services: Services, options: { title: string; placeHolder: string; targets: readonly string[]; current?: string }): Promise<string | undefined> {
  const catalog = services.engine.catalog.listModels().filter((m) => m.provider === 'openai' || m.provider === 'anthropic');
  const picks: ModelPick[] = [];
  if (options.current) {
    picks.push({ label: 'Current', kind: vscode.QuickPickItemKind.Separator });
    picks.push({ label: options.current, description: priceDescription(services, options.current), detail: 'the model chosen before', id: options.current });
  }
  const targets = options.targets.filter((t) => t !== options.current);
  if (targets.length > 0) {
    picks.push({ label: "This file's targets", kind: vscode.QuickPickItemKind.Separator });
    for (const id of targets) picks.push({ label: id, description: priceDescription(services, id), id });
  }
  const endpoints = services.config.endpoints;
  if (endpoints.length > 0) {
    picks.push({ label: 'Endpoints', kind: vscode.QuickPickItemKind.Separator });
    for (const e of endpoints) picks.push({ label: `${e.name}/…`, description: `${e.baseURL} (OpenAI-compatible; type the model name)`, endpoint: e.name });
  }
  picks.push({ label: 'All models', kind: vscode.QuickPickItemKind.Separator });
  const shown = new Set(picks.map((p) => p.id).filter(Boolean));
  for (const m of catalog) if (!shown.has(m.id)) picks.push({ label: m.id, description: priceDescription(services, m.id), id: m.id });
  picks.push({ label: '$(edit) Other model id…', description: 'provider/model', custom: true });

  const pick = await vscode.window.showQuickPick(picks, { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!pick) return undefined;
  if (pick.id) return pick.id;
  if (pick.endpoint) return askModelId(services, `${pick.endpoint}/`, options.title);
  if (pick.custom) return askModelId(services, '', options.title);
  return undefined;
}

export type CompressModeChoice = 'extractive' | 'rewrite';

export async function pickMode(): Promise<CompressModeChoice | undefined> {
  const picks: (vscode.QuickPickItem & { mode: CompressModeChoice })[] = [
    {
      label: 'Extractive',
      description: 'only delete words',
      detail: 'The model may only remove words; the result is checked mechanically to be a word subsequence of the original. Safest.',
      mode: 'extractive',
    },
    {
      label: 'Rewrite',
      description: 'shorter wording allowed',
      detail: 'The model may reword sentences to say the same thing in fewer tokens. Saves more; review the diff carefully.',
      mode: 'rewrite',
    },
  ];
  return (await vscode.window.showQuickPick(picks, { title: 'Compress with Model: mode', placeHolder: 'How may the model shorten the prompt?', ignoreFocusOut: true }))?.mode;
}

/** Where the judge model is remembered (globalState). There is no default judge. */
export const JUDGE_MODEL_STATE_KEY = 'promptscope.compress.judgeModel';

export function rememberedJudgeModel(services: Services): string | undefined {
  const value = services.context.globalState.get<string>(JUDGE_MODEL_STATE_KEY);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** Asks for the judge model and remembers it. */
export async function chooseJudgeModel(services: Services, targets: readonly string[] = services.config.defaultTargets, model?: string): Promise<string | undefined> {
  const current = rememberedJudgeModel(services);
  const chosen = model ?? await pickModel(services, {
    title: 'Judge model for compression reports',
    placeHolder: 'A second model that checks every MUST/NEVER/ALWAYS/ONLY constraint survived (remembered)',
    targets,
    ...(current ? { current } : {}),
  });
  if (!chosen) return undefined;
  const resolved = resolveModelTarget(chosen, services.config);
  if (typeof resolved === 'string') {
    void vscode.window.showErrorMessage(`Promptscope: ${resolved}`);
    return undefined;
  }
  await services.context.globalState.update(JUDGE_MODEL_STATE_KEY, chosen);
  services.log.info(`Compression judge model set to ${chosen}`);
  return chosen;
}
