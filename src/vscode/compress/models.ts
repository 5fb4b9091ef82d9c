import * as vscode from 'vscode';
import { parseModelId } from '../../core/modelId';
import { formatUsd } from '../../core/pricing';
import { createProvider } from '../../core/providers';
import { providerConfig, resolveModelTarget } from '../../core/providers/targets';
import { notServed } from './guards';
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

const LIST_TIMEOUT_MS = 8_000;

/**
 * The models a provider serves (`GET /v1/models`), or a reason it could not be asked. Nothing is sent
 * from an untrusted workspace; the key comes from SecretStorage.
 */
export async function servedModels(services: Services, providerPrefix: string): Promise<{ ids: string[] } | { error: string }> {
  if (!vscode.workspace.isTrusted) return { error: 'the workspace is not trusted, so the endpoint is not asked' };
  const target = resolveModelTarget(`${providerPrefix}/x`, services.config);
  if (typeof target === 'string') return { error: target };
  const key = await services.keys.get(target.providerName);
  if (!key && target.kind !== 'openai-compatible') return { error: `no API key for "${target.providerName}"` };
  const provider = createProvider({ ...providerConfig(target, key), maxRetries: 0, timeoutMs: LIST_TIMEOUT_MS });
  try {
    const ids = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Listing ${target.providerName} models…` }, () => provider.listModels(AbortSignal.timeout(LIST_TIMEOUT_MS)));
    return { ids: [...new Set(ids)].sort() };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The model on an endpoint (or any `provider/model` for `prefix` ''): picked from what the endpoint serves
 * when it can list its models; typed otherwise. A typed name the endpoint does not serve is rejected.
 */
async function askModelId(services: Services, prefix: string, title: string): Promise<string | undefined> {
  if (prefix) {
    const served = await servedModels(services, prefix.slice(0, -1));
    if ('ids' in served && served.ids.length > 0) {
      const pick = await vscode.window.showQuickPick(
        served.ids.map((id) => ({ label: `${prefix}${id}`, id: `${prefix}${id}` })),
        { title, placeHolder: `Models served by "${prefix.slice(0, -1)}"`, ignoreFocusOut: true, matchOnDescription: true },
      );
      return pick?.id;
    }
    if ('error' in served) services.log.warn(`Could not list the models of "${prefix.slice(0, -1)}": ${served.error}`);
  }
  const value = await vscode.window.showInputBox({
    title,
    prompt: prefix ? `Model name on the "${prefix.slice(0, -1)}" endpoint (its model list was not available)` : 'A model id: openai/…, anthropic/… or <endpoint>/…',
    value: prefix,
    valueSelection: [prefix.length, prefix.length],
    ignoreFocusOut: true,
    validateInput: (v) => {
      const resolved = resolveModelTarget(v.trim(), services.config);
      return typeof resolved === 'string' ? resolved : undefined;
    },
  });
  const id = value?.trim();
  if (!id) return undefined;
  // Check the name against the endpoint's own list when it has one: a typo fails here, not after a long run.
  const ref = parseModelId(id);
  if (ref) {
    const served = await servedModels(services, ref.provider);
    const refusal = 'ids' in served ? notServed(ref.provider, ref.model, served.ids) : undefined;
    if (refusal) {
      void vscode.window.showErrorMessage(`Promptscope: ${refusal}`);
      return undefined;
    }
  }
  return id;
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
  return (await vscode.window.showQuickPick(picks, { title: 'Compress with Model (2/3): mode', placeHolder: 'How may the model shorten the prompt?', ignoreFocusOut: true }))?.mode;
}

/** Where the judge model is remembered (globalState). There is no default judge. */
export const JUDGE_MODEL_STATE_KEY = 'promptscope.compress.judgeModel';

export function rememberedJudgeModel(services: Services): string | undefined {
  const value = services.context.globalState.get<string>(JUDGE_MODEL_STATE_KEY);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * Step 3 of "Compress with Model": shows the judge that will check the constraints and lets it be changed
 * right there (the choice is remembered). Without a remembered judge, asks for one.
 */
export async function confirmJudgeModel(services: Services, targets: readonly string[], compressModel: string): Promise<string | undefined> {
  const current = rememberedJudgeModel(services);
  if (!current) return chooseJudgeModel(services, targets, undefined, 'Compress with Model (3/3): judge');
  const same = current === compressModel;
  const picks: (vscode.QuickPickItem & { keep: boolean })[] = [
    { label: `$(check) ${current}`, description: 'keep this judge', detail: same ? 'It is also the compressing model: a different model is a more independent check.' : 'A second model checks that every MUST/NEVER/ALWAYS/ONLY constraint survived.', keep: true },
    { label: '$(edit) Choose another judge…', keep: false },
  ];
  const pick = await vscode.window.showQuickPick(picks, { title: 'Compress with Model (3/3): judge', placeHolder: `Judge: ${current}`, ignoreFocusOut: true });
  if (!pick) return undefined;
  return pick.keep ? current : chooseJudgeModel(services, targets, undefined, 'Compress with Model (3/3): judge');
}

/** Asks for the judge model and remembers it. */
export async function chooseJudgeModel(services: Services, targets: readonly string[] = services.config.defaultTargets, model?: string, title = 'Judge model for compression reports'): Promise<string | undefined> {
  const current = rememberedJudgeModel(services);
  const chosen = model ?? await pickModel(services, {
    title,
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
