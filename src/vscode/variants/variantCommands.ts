import * as vscode from 'vscode';
import { DEFAULT_TARGETS, parseModelId } from '../../core/modelId';
import { parsePromptFile } from '../../core/prompt';
import {
  filesOf,
  productionEdit,
  readProductionVariant,
  suggestVariantName,
  translateConfigForModel,
  VARIANT_NAME,
  variantPath,
  variantModel,
  variantTextFor,
  type LogicalPrompt,
  type TextEdit,
} from '../../core/variants';
import { FAMILY_GUIDANCE, familyOfModel, isModelFamily, MODEL_FAMILIES, type AdjustTarget, type ModelFamily } from '../../core/compress/llm';
import type { CompressArgs, CompressCommandResult } from '../compress';
import { pickModel } from '../compress/models';
import { resolveModelTarget } from '../../core/providers/targets';
import type { Services } from '../services';
import { notify, showDialog, type DialogAnswerer, type MessageDialog } from './dialogs';
import { displayPath, pathOf, uriOfPath, type VariantIndex } from './variantIndex';
import type { VariantsNode } from './variantsTree';

export const VARIANT_COMMANDS = {
  refresh: 'promptscope.variants.refresh',
  createForModel: 'promptscope.variants.createForModel',
  createFallback: 'promptscope.variants.createFallback',
  diffWithBase: 'promptscope.variants.diffWithBase',
  promote: 'promptscope.variants.promoteToProduction',
  rename: 'promptscope.variants.rename',
  delete: 'promptscope.variants.delete',
  adjustForModel: 'promptscope.variants.adjustForModel',
} as const;

/** What a command was invoked on: a tree node, an explorer/editor URI, or nothing (the active editor). */
export type CommandTarget = VariantsNode | vscode.Uri | undefined;

export interface CreateVariantArgs {
  readonly model?: string;
  readonly name?: string;
}

/** The file and logical prompt a command applies to. */
export async function resolveTarget(index: VariantIndex, target: CommandTarget): Promise<{ prompt: LogicalPrompt; path: string; variant: string | undefined } | undefined> {
  if (target && !(target instanceof vscode.Uri) && 'kind' in target) {
    if (target.kind === 'variant') return { prompt: target.prompt, path: target.row.path, variant: target.row.variant };
    const base = target.prompt.base ?? target.prompt.variants[0];
    return base ? { prompt: target.prompt, path: base.path, variant: base.variant } : undefined;
  }
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file' || !uri.path.endsWith('.prompt')) return undefined;
  const path = pathOf(uri);
  let prompt = await index.promptOf(path);
  if (!prompt) {
    // A file created a moment ago (the watcher may not have reported it yet).
    index.invalidate(true);
    prompt = await index.promptOf(path);
  }
  if (!prompt) return undefined;
  const file = filesOf(prompt).find((f) => f.path === path);
  return file ? { prompt, path, variant: file.variant } : undefined;
}

function toRange(doc: vscode.TextDocument, edit: TextEdit): vscode.Range {
  return new vscode.Range(doc.positionAt(edit.range.start), doc.positionAt(edit.range.end));
}

async function saveIfOpen(uri: vscode.Uri): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
}

async function validateNewName(prompt: LogicalPrompt, name: string): Promise<string | undefined> {
  if (!VARIANT_NAME.test(name)) return 'Letters, digits, "-" and "_" only, starting with a letter or digit.';
  if (name === 'base') return '"base" names the base file.';
  if (prompt.variants.some((v) => v.variant === name)) return `${prompt.name}.${name}.prompt already exists.`;
  try {
    await vscode.workspace.fs.stat(uriOfPath(variantPath(prompt, name)));
    return `${prompt.name}.${name}.prompt already exists.`;
  } catch {
    return undefined;
  }
}

/** Creates `name.<variant>.prompt` from the base with `model` set and `config` translated; resolves to its URI. */
export async function createVariantForModel(services: Services, index: VariantIndex, target: CommandTarget, args: CreateVariantArgs = {}, excludeProvider?: string): Promise<vscode.Uri | undefined> {
  const resolved = await resolveTarget(index, target);
  if (!resolved) {
    void vscode.window.showWarningMessage('Open a .prompt file (or pick one in the Prompt Variants view) to create a variant of it.');
    return undefined;
  }
  const { prompt } = resolved;
  const source = prompt.base ?? prompt.variants[0];
  if (!source) return undefined;
  const baseText = await services.documents.readTextAsync(source.path);
  if (baseText === undefined) {
    void vscode.window.showErrorMessage(`Cannot read ${source.path}.`);
    return undefined;
  }
  const baseFile = parsePromptFile(baseText, { fileName: source.path });
  // A fallback's first suggestion is the default target of another provider.
  const fallbackSuggestion = excludeProvider === undefined ? [] : DEFAULT_TARGETS.filter((id) => !id.startsWith(`${excludeProvider}/`)).slice(0, 1);
  const model =
    args.model ??
    (await pickModel(services, {
      title: excludeProvider ? `Create Fallback Variant of ${prompt.name} (not on ${excludeProvider})` : `Create Variant of ${prompt.name} for Model`,
      placeHolder: excludeProvider ? `A model on another provider than ${excludeProvider}` : 'The model the new variant runs on',
      targets: fallbackSuggestion,
    }));
  if (!model) return undefined;
  const modelRef = parseModelId(model);
  if (excludeProvider && modelRef?.provider === excludeProvider) {
    void vscode.window.showWarningMessage(`${model} runs on ${excludeProvider} too: a fallback needs another provider.`);
    return undefined;
  }
  const targetInfo = resolveModelTarget(model, services.config);
  if (typeof targetInfo === 'string') {
    void vscode.window.showErrorMessage(`Cannot create a variant for ${model}: ${targetInfo}`);
    return undefined;
  }
  const taken = prompt.variants.map((v) => v.variant as string);
  const suggested = suggestVariantName(model, taken);
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: `Variant name for ${model}`,
      prompt: `The file will be ${prompt.name}.<name>.prompt`,
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (v) => validateNewName(prompt, v.trim()),
    }))?.trim();
  if (!name) return undefined;
  const problem = await validateNewName(prompt, name);
  if (problem) {
    void vscode.window.showErrorMessage(problem);
    return undefined;
  }
  const maxOutput = services.engine.catalog.lookupModel(model)?.maxOutputTokens;
  const translation = translateConfigForModel(baseFile.config.raw, { kind: targetInfo.kind, model: targetInfo.model, ...(maxOutput !== undefined ? { maxOutputTokens: maxOutput } : {}) });
  const baseFileName = source.path.slice(Math.max(source.path.lastIndexOf('/'), source.path.lastIndexOf('\\')) + 1);
  const text = variantTextFor(baseText, baseFileName, model, translation);
  const uri = uriOfPath(variantPath(prompt, name));
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false, contents: new TextEncoder().encode(text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not create ${uri.fsPath}.`);
    return undefined;
  }
  index.invalidate(true);
  services.log.info(`created variant ${uri.fsPath} for ${model}${translation.changes.length ? `: ${translation.changes.join('; ')}` : ''}`);
  await vscode.window.showTextDocument(uri, { preview: false });
  void vscode.window.showInformationMessage(
    translation.changes.length ? `Created ${prompt.name}.${name}.prompt for ${model}. Config translated: ${translation.changes.join('; ')}.` : `Created ${prompt.name}.${name}.prompt for ${model}.`,
  );
  return uri;
}

async function diffWithBase(index: VariantIndex, target: CommandTarget): Promise<void> {
  const resolved = await resolveTarget(index, target);
  if (!resolved?.prompt.base || resolved.variant === undefined) {
    void vscode.window.showInformationMessage('Diff with Base works on a variant (name.<variant>.prompt) whose base file exists.');
    return;
  }
  const { prompt } = resolved;
  await vscode.commands.executeCommand('vscode.diff', uriOfPath(prompt.base!.path), uriOfPath(resolved.path), `${prompt.name}.prompt ↔ ${prompt.name}.${resolved.variant}.prompt`);
}

/** Records the production variant in the base file (an undoable edit, saved). */
export async function promoteToProduction(services: Services, index: VariantIndex, target: CommandTarget): Promise<boolean> {
  const resolved = await resolveTarget(index, target);
  if (!resolved?.prompt.base) {
    void vscode.window.showWarningMessage('Promote to Production needs the base file name.prompt: that is where the production marker is recorded.');
    return false;
  }
  const baseUri = uriOfPath(resolved.prompt.base.path);
  const doc = await vscode.workspace.openTextDocument(baseUri);
  if (readProductionVariant(doc.getText()) === resolved.variant) return true;
  const edit = new vscode.WorkspaceEdit();
  const change = productionEdit(doc.getText(), resolved.variant);
  edit.replace(baseUri, toRange(doc, change), change.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  await doc.save();
  index.invalidate(false);
  const label = resolved.variant ?? 'base';
  services.log.info(`production variant of ${resolved.prompt.name} is now ${label}`);
  void vscode.window.showInformationMessage(`${resolved.prompt.name}: "${label}" is now in production (recorded in ${resolved.prompt.name}.prompt).`);
  return true;
}

/** Arguments of promptscope.variants.rename; all optional (automation and tests). */
export interface RenameArgs {
  /** The new variant name (or, on a base file, the new logical prompt name); asked when absent. */
  readonly name?: string;
  readonly answer?: DialogAnswerer;
}

/** Arguments of promptscope.variants.delete; all optional (automation and tests). */
export interface DeleteArgs {
  /** Skips the confirmation (automation that asked already). */
  readonly confirmed?: boolean;
  readonly answer?: DialogAnswerer;
}

export const UNDO = 'Undo';
export const DELETE = 'Delete';
const DIFF_FIRST = 'Show Diff with Base';
const OPEN_FIRST = 'Open File';

function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

async function exists(path: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uriOfPath(path));
    return true;
  } catch {
    return false;
  }
}

/**
 * The confirmation before deleting a variant: modal, short enough for any window, and a harmless
 * first button (the default one, what Enter picks), so Enter never deletes.
 */
export function deleteConfirmation(fileName: string, situation: { readonly production: boolean; readonly baseName: string | undefined }): MessageDialog {
  const detail = [
    situation.production && situation.baseName ? `It is the production variant: production goes back to the base (${situation.baseName}).` : '',
    'The file goes to the trash where the file system has one (files.enableTrash); "Undo" on the next notification restores it.',
  ].filter(Boolean).join('\n');
  return { kind: 'warning', message: `Delete ${fileName}?`, options: { modal: true, detail }, items: [situation.baseName ? DIFF_FIRST : OPEN_FIRST, DELETE] };
}

/** How many saved evaluations of the files' workspace folder name them by their folder-relative path (they keep the name they were run under). */
async function evaluationsNaming(index: VariantIndex, paths: readonly string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const names = new Set(paths.map(displayPath));
  return (await index.evaluationsOfFolderOf(paths[0]!)).filter((e) => names.has(e.report.baseline.promptPath) || names.has(e.report.candidate.promptPath)).length;
}

/** Renaming variant `from` to `to`: the file, and the production marker in the base when it named `from`. */
async function variantRenameEdit(prompt: LogicalPrompt, from: string, to: string): Promise<{ edit: vscode.WorkspaceEdit; markerMoved: boolean }> {
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(uriOfPath(variantPath(prompt, from)), uriOfPath(variantPath(prompt, to)), { overwrite: false });
  let markerMoved = false;
  if (prompt.base) {
    const baseDoc = await vscode.workspace.openTextDocument(uriOfPath(prompt.base.path));
    if (readProductionVariant(baseDoc.getText()) === from) {
      const change = productionEdit(baseDoc.getText(), to);
      edit.replace(baseDoc.uri, toRange(baseDoc, change), change.newText);
      markerMoved = true;
    }
  }
  return { edit, markerMoved };
}

/** Renaming every file of a logical prompt (`name.prompt`, `name.*.prompt`) to `to`. */
function promptRenameEdit(prompt: LogicalPrompt, to: string): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const file of filesOf(prompt)) edit.renameFile(uriOfPath(file.path), uriOfPath(variantPath({ folder: prompt.folder, name: to }, file.variant)), { overwrite: false });
  return edit;
}

async function applyAndSaveBase(edit: vscode.WorkspaceEdit, basePath: string | undefined): Promise<boolean> {
  const ok = await vscode.workspace.applyEdit(edit);
  if (ok && basePath) await saveIfOpen(uriOfPath(basePath));
  return ok;
}

/**
 * Renames a variant (or, on the base/logical prompt, every file of the prompt) as one workspace edit:
 * open editors follow, the production marker follows, a clash is refused before anything moves, and
 * the notification offers Undo. Saved evaluations keep the name they were run under (reported).
 */
async function rename(services: Services, index: VariantIndex, target: CommandTarget, args: RenameArgs = {}): Promise<boolean> {
  const resolved = await resolveTarget(index, target);
  if (!resolved) {
    notify('warning', 'Open a variant (or pick one in the Prompt Variants view) to rename it.', args.answer);
    return false;
  }
  const { prompt } = resolved;
  const answer = args.answer;
  const oldPaths = filesOf(prompt).map((f) => f.path);
  if (resolved.variant === undefined) {
    const clash = async (name: string): Promise<string | undefined> => {
      if (!VARIANT_NAME.test(name)) return 'Letters, digits, "-" and "_" only, starting with a letter or digit.';
      for (const file of filesOf(prompt)) {
        const to = variantPath({ folder: prompt.folder, name }, file.variant);
        if (await exists(to)) return `${fileNameOf(to)} already exists.`;
      }
      return undefined;
    };
    const name = (args.name ?? (await showDialog({ kind: 'input', options: { title: `Rename ${prompt.name} and its ${prompt.variants.length} variant(s)`, value: prompt.name, ignoreFocusOut: true, validateInput: (v) => (v.trim() === prompt.name ? undefined : clash(v.trim())) } }, answer)))?.trim();
    if (!name || name === prompt.name) return false;
    const problem = await clash(name);
    if (problem) {
      notify('error', `Cannot rename ${prompt.name}: ${problem} Nothing was changed.`, answer);
      return false;
    }
    const evaluations = await evaluationsNaming(index, oldPaths);
    const ok = await vscode.workspace.applyEdit(promptRenameEdit(prompt, name));
    index.invalidate(true);
    if (!ok) {
      notify('error', `The rename of ${prompt.name} could not be applied.`, answer);
      return false;
    }
    services.log.info(`renamed logical prompt ${prompt.key} to ${name}`);
    const renamed: LogicalPrompt = { ...prompt, name, key: `${prompt.folder}/${name}`, base: prompt.base && { path: variantPath({ folder: prompt.folder, name }, undefined), variant: undefined }, variants: prompt.variants.map((v) => ({ path: variantPath({ folder: prompt.folder, name }, v.variant), variant: v.variant })) };
    notify('info', `Renamed ${prompt.name} to ${name} (${filesOf(prompt).length} file(s)).${historyNote(evaluations, prompt.name)}`, answer, [UNDO], async () => {
      if (!(await vscode.workspace.applyEdit(promptRenameEdit(renamed, prompt.name)))) notify('error', `Could not undo the rename: is a file named ${prompt.name}.prompt back?`, answer);
      index.invalidate(true);
    });
    return true;
  }
  const from = resolved.variant;
  const name = (args.name ?? (await showDialog({ kind: 'input', options: { title: `Rename variant ${from} of ${prompt.name}`, value: from, ignoreFocusOut: true, validateInput: (v) => (v.trim() === from ? undefined : validateNewName(prompt, v.trim())) } }, answer)))?.trim();
  if (!name || name === from) return false;
  const problem = await validateNewName(prompt, name);
  if (problem) {
    notify('error', `Cannot rename ${prompt.name}.${from}.prompt: ${problem} Nothing was changed.`, answer);
    return false;
  }
  const evaluations = await evaluationsNaming(index, [resolved.path]);
  const { edit, markerMoved } = await variantRenameEdit(prompt, from, name);
  const ok = await applyAndSaveBase(edit, prompt.base?.path);
  index.invalidate(true);
  if (!ok) {
    notify('error', `The rename of ${prompt.name}.${from}.prompt could not be applied.`, answer);
    return false;
  }
  services.log.info(`renamed ${resolved.path} to ${variantPath(prompt, name)}${markerMoved ? ' (production marker updated)' : ''}`);
  const renamed: LogicalPrompt = { ...prompt, variants: prompt.variants.map((v) => (v.variant === from ? { path: variantPath(prompt, name), variant: name } : v)) };
  notify('info', `Renamed ${prompt.name}.${from}.prompt to ${prompt.name}.${name}.prompt${markerMoved ? '; the production marker follows it' : ''}.${historyNote(evaluations, from)}`, answer, [UNDO], async () => {
    if (await exists(variantPath(prompt, from))) {
      notify('error', `Cannot undo the rename: ${prompt.name}.${from}.prompt exists again.`, answer);
      return;
    }
    const back = await variantRenameEdit(renamed, name, from);
    if (!(await applyAndSaveBase(back.edit, prompt.base?.path))) notify('error', `Could not undo the rename of ${prompt.name}.${from}.prompt.`, answer);
    index.invalidate(true);
  });
  return true;
}

function historyNote(evaluations: number, oldName: string): string {
  if (evaluations === 0) return '';
  return ` ${evaluations} saved evaluation${evaluations === 1 ? '' : 's'} name${evaluations === 1 ? 's' : ''} it as "${oldName}" and stay${evaluations === 1 ? 's' : ''} as history: re-evaluate for a status under the new name.`;
}

/**
 * Deletes a variant file after a modal confirmation whose default button is harmless. The file goes
 * to the trash where supported (a workspace edit does that); a production variant hands production
 * back to the base in the same edit; the notification offers Undo (the text is kept until then).
 */
async function deleteVariant(services: Services, index: VariantIndex, target: CommandTarget, args: DeleteArgs = {}): Promise<boolean> {
  const answer = args.answer;
  const resolved = await resolveTarget(index, target);
  if (!resolved) {
    notify('warning', 'Open a variant (or pick one in the Prompt Variants view) to delete it.', answer);
    return false;
  }
  const { prompt } = resolved;
  if (resolved.variant === undefined && prompt.variants.length > 0) {
    notify('warning', `${prompt.name}.prompt is the base of ${prompt.variants.length} variant(s) and holds the production marker: delete or rename the variants first.`, answer);
    return false;
  }
  const file = fileNameOf(resolved.path);
  const baseDoc = prompt.base && resolved.variant !== undefined ? await vscode.workspace.openTextDocument(uriOfPath(prompt.base.path)) : undefined;
  const production = baseDoc !== undefined && readProductionVariant(baseDoc.getText()) === resolved.variant;
  if (!args.confirmed) {
    const dialog = deleteConfirmation(file, { production, baseName: prompt.base && resolved.variant !== undefined ? fileNameOf(prompt.base.path) : undefined });
    const choice = await showDialog(dialog, answer);
    if (choice === DIFF_FIRST) await diffWithBase(index, target);
    if (choice === OPEN_FIRST) await vscode.window.showTextDocument(uriOfPath(resolved.path));
    if (choice !== DELETE) return false;
  }
  // Kept for Undo: the file's text as on disk (an unsaved editor's changes are discarded by a delete, as in the Explorer).
  let text: Uint8Array | undefined;
  try {
    text = await vscode.workspace.fs.readFile(uriOfPath(resolved.path));
  } catch {
    text = undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  if (baseDoc && production) {
    const change = productionEdit(baseDoc.getText(), undefined);
    edit.replace(baseDoc.uri, toRange(baseDoc, change), change.newText);
  }
  edit.deleteFile(uriOfPath(resolved.path), { ignoreIfNotExists: true });
  const ok = await applyAndSaveBase(edit, baseDoc ? prompt.base?.path : undefined);
  index.invalidate(true);
  if (!ok) {
    notify('error', `${file} could not be deleted.`, answer);
    return false;
  }
  services.log.info(`deleted ${resolved.path}${production ? ' (production back to the base)' : ''}`);
  const restore = async (): Promise<void> => {
    if (!text || (await exists(resolved.path))) {
      notify('error', `Cannot undo: ${text ? `${file} exists again` : `${file} could not be read before it was deleted`}.`, answer);
      return;
    }
    const back = new vscode.WorkspaceEdit();
    back.createFile(uriOfPath(resolved.path), { ignoreIfExists: false, contents: text });
    if (production && prompt.base) {
      const doc = await vscode.workspace.openTextDocument(uriOfPath(prompt.base.path));
      const change = productionEdit(doc.getText(), resolved.variant);
      back.replace(doc.uri, toRange(doc, change), change.newText);
    }
    if (!(await applyAndSaveBase(back, production ? prompt.base?.path : undefined))) notify('error', `Could not restore ${file}.`, answer);
    index.invalidate(true);
  };
  notify('info', `Deleted ${file}.${production ? ` Production is back on the base (${prompt.name}.prompt).` : ''}`, answer, text ? [UNDO] : [], restore);
  return true;
}

/** Arguments of promptscope.variants.adjustForModel; all optional (automation and tests). */
export interface AdjustForModelArgs {
  /** The family to adjust for; asked when absent (default: the family of the variant's own model). */
  readonly family?: ModelFamily;
  /** The exact target model, named in the request; default: the variant's own model when it is of `family`. */
  readonly targetModel?: string;
  /** The rewriting model (`provider/model`); asked when absent. */
  readonly model?: string;
  readonly judgeModel?: string;
  readonly signal?: AbortSignal;
  readonly showReport?: boolean;
}

interface FamilyPick extends vscode.QuickPickItem {
  readonly target: AdjustTarget;
}

async function pickAdjustTarget(promptLabel: string, ownModel: string | undefined): Promise<AdjustTarget | undefined> {
  const ownFamily = ownModel ? familyOfModel(ownModel) : undefined;
  const picks: FamilyPick[] = [];
  if (ownModel && ownFamily) {
    picks.push({ label: ownModel, description: FAMILY_GUIDANCE[ownFamily].label, detail: "this variant's own model", target: { family: ownFamily, model: ownModel } });
  }
  for (const family of MODEL_FAMILIES) {
    picks.push({ label: FAMILY_GUIDANCE[family].label, detail: FAMILY_GUIDANCE[family].guidance[0], target: { family } });
  }
  const pick = await vscode.window.showQuickPick(picks, { title: `Adjust ${promptLabel} for Model (1/3): target`, placeHolder: 'The model family whose prompting guidance the rewrite follows', matchOnDetail: true, ignoreFocusOut: true });
  return pick?.target;
}

/**
 * "Adjust for Model…": a model rewrites the variant's body for the target family's prompting guidance.
 * It runs as a "Compress with Model" rewrite (promptscope.compressWithModel with `adjustFor`), so the result
 * is the same diff, preservation report and guarded, undoable accept.
 */
export async function adjustForModel(services: Services, index: VariantIndex, target: CommandTarget, args: AdjustForModelArgs = {}): Promise<CompressCommandResult | undefined> {
  const resolved = await resolveTarget(index, target);
  if (!resolved) {
    void vscode.window.showWarningMessage('Open a .prompt file (or pick one in the Prompt Variants view) to adjust it for a model.');
    return undefined;
  }
  const { prompt, path } = resolved;
  const text = await services.documents.readTextAsync(path);
  if (text === undefined) {
    void vscode.window.showErrorMessage(`Cannot read ${path}.`);
    return undefined;
  }
  if (args.family !== undefined && !isModelFamily(args.family)) {
    void vscode.window.showErrorMessage(`Unknown model family "${String(args.family)}": use one of ${MODEL_FAMILIES.join(', ')}.`);
    return undefined;
  }
  const baseText = prompt.base && prompt.base.path !== path ? await services.documents.readTextAsync(prompt.base.path) : undefined;
  const baseModel = baseText !== undefined && prompt.base ? parsePromptFile(baseText, { fileName: prompt.base.path }).model : undefined;
  const ownModel = variantModel(text, path, baseModel).model;
  const label = resolved.variant === undefined ? `${prompt.name}.prompt` : `${prompt.name}.${resolved.variant}.prompt`;

  let adjustTarget: AdjustTarget | undefined;
  if (args.family) {
    const model = args.targetModel ?? (ownModel && familyOfModel(ownModel) === args.family ? ownModel : undefined);
    adjustTarget = { family: args.family, ...(model ? { model } : {}) };
  } else {
    adjustTarget = await pickAdjustTarget(label, args.targetModel ?? ownModel);
  }
  if (!adjustTarget) return undefined;

  const compressArgs: CompressArgs = {
    uri: uriOfPath(path),
    adjustFor: adjustTarget,
    ...(args.model ? { model: args.model } : {}),
    ...(args.judgeModel ? { judgeModel: args.judgeModel } : {}),
    ...(args.signal ? { signal: args.signal } : {}),
    ...(args.showReport !== undefined ? { showReport: args.showReport } : {}),
  };
  return vscode.commands.executeCommand<CompressCommandResult | undefined>('promptscope.compressWithModel', compressArgs);
}

export function registerVariantCommands(services: Services, index: VariantIndex): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(VARIANT_COMMANDS.refresh, () => index.invalidate(true)),
    vscode.commands.registerCommand(VARIANT_COMMANDS.createForModel, (target?: CommandTarget, args?: CreateVariantArgs) =>
      createVariantForModel(services, index, target, args && typeof args === 'object' ? args : {}),
    ),
    vscode.commands.registerCommand(VARIANT_COMMANDS.createFallback, async (target?: CommandTarget, args?: CreateVariantArgs) => {
      const resolved = await resolveTarget(index, target);
      if (!resolved) return undefined;
      const overview = await index.overview(resolved.prompt);
      return createVariantForModel(services, index, target, args && typeof args === 'object' ? args : {}, overview.fallback.singleProvider ? overview.fallback.provider : undefined);
    }),
    vscode.commands.registerCommand(VARIANT_COMMANDS.diffWithBase, (target?: CommandTarget) => diffWithBase(index, target)),
    vscode.commands.registerCommand(VARIANT_COMMANDS.promote, (target?: CommandTarget) => promoteToProduction(services, index, target)),
    // The second argument: a new name (string) or RenameArgs; `true` or DeleteArgs.
    vscode.commands.registerCommand(VARIANT_COMMANDS.rename, (target?: CommandTarget, args?: string | RenameArgs) => rename(services, index, target, typeof args === 'string' ? { name: args } : args && typeof args === 'object' ? args : {})),
    vscode.commands.registerCommand(VARIANT_COMMANDS.delete, (target?: CommandTarget, args?: boolean | DeleteArgs) => deleteVariant(services, index, target, args === true ? { confirmed: true } : args && typeof args === 'object' ? args : {})),
    vscode.commands.registerCommand(VARIANT_COMMANDS.adjustForModel, (target?: CommandTarget, args?: AdjustForModelArgs) => adjustForModel(services, index, target, args && typeof args === 'object' ? args : {})),
  ];
}
