import * as vscode from 'vscode';
import { FALLBACK_MODEL } from '../../core/modelId';
import { promptToPrompty, promptyToPrompt } from '../../core/prompt';
import type { Feature, Services } from '../services';
import { Utils } from './uriUtils';

const FILE_NAME = /^[A-Za-z0-9][\w.-]*$/;

export function newPromptTemplate(name: string, model: string): string {
  return [
    '---',
    `name: ${name}`,
    `model: ${model}`,
    'config:',
    '  temperature: 0.2',
    '  maxOutputTokens: 512',
    'input:',
    '  schema:',
    '    question: string, what the user asks',
    '  default:',
    '    question: What can you do?',
    '---',
    '{{role "system"}}',
    'You are a concise assistant. Answer in at most three sentences.',
    '',
    '{{role "user"}}',
    '{{question}}',
    '',
  ].join('\n');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function targetFolder(): vscode.Uri | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') return Utils.dirname(active);
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

/** "New Prompt": asks for a name and a model, writes `name.prompt` from a template, opens it. */
async function newPrompt(services: Services, args?: { name?: string; model?: string; folder?: vscode.Uri }): Promise<vscode.Uri | undefined> {
  const folder = args?.folder ?? targetFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Promptscope: open a folder first; the new prompt is created in it.');
    return undefined;
  }
  const name = args?.name ?? await vscode.window.showInputBox({
    title: 'New Prompt (1/2): name',
    prompt: `Created as <name>.prompt in ${folder.path}`,
    placeHolder: 'support-agent',
    validateInput: (v) => (FILE_NAME.test(v) ? undefined : 'Letters, digits, "-", "_" and "." only; start with a letter or digit'),
  });
  if (!name) return undefined;
  let model = args?.model;
  if (!model) {
    const picks = services.engine.catalog.listModels()
      .filter((m) => m.provider === 'openai' || m.provider === 'anthropic')
      .map((m) => ({ label: m.id, description: `in $${m.inputPerMTok} · out $${m.outputPerMTok} /1M` }));
    model = (await vscode.window.showQuickPick(picks, { title: 'New Prompt (2/2): default model', placeHolder: FALLBACK_MODEL, matchOnDescription: true }))?.label;
  }
  if (!model) return undefined;
  const uri = vscode.Uri.joinPath(folder, `${name}.prompt`);
  if (await exists(uri)) {
    void vscode.window.showErrorMessage(`Promptscope: ${name}.prompt already exists in ${folder.path}.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(newPromptTemplate(name, model)));
  await vscode.window.showTextDocument(uri);
  return uri;
}

/** Converts the active (or given) .prompty to .prompt or back, next to it; reports what it could not map. */
async function convert(services: Services, direction: 'toPrompt' | 'toPrompty', uri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const source = uri ?? vscode.window.activeTextEditor?.document.uri;
  const wanted = direction === 'toPrompt' ? '.prompty' : '.prompt';
  if (!source || !source.path.endsWith(wanted)) {
    void vscode.window.showErrorMessage(`Promptscope: open a ${wanted} file to convert.`);
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(source);
  const result = direction === 'toPrompt' ? promptyToPrompt(doc.getText()) : promptToPrompty(doc.getText());
  const target = source.with({ path: source.path.replace(/\.prompty?$/, direction === 'toPrompt' ? '.prompt' : '.prompty') });
  if (await exists(target)) {
    const answer = await vscode.window.showWarningMessage(`${Utils.basename(target)} already exists. Replace it?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return undefined;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.Beside });
  if (result.unmapped.length > 0) {
    services.log.warn(`Converting ${source.path}: ${result.unmapped.length} item(s) not mapped exactly:\n  ${result.unmapped.join('\n  ')}`);
    // Not awaited: the command's result (the new file) must not wait on a notification.
    void vscode.window.showWarningMessage(
      `Converted to ${Utils.basename(target)}; ${result.unmapped.length} item(s) could not be mapped exactly and were kept as comments or under ext.`, 'Show Details',
    ).then((show) => { if (show) services.log.show(true); });
  } else {
    void vscode.window.showInformationMessage(`Converted to ${Utils.basename(target)}.`);
  }
  return target;
}

export const languageCommandsFeature: Feature = (services) => [
  vscode.commands.registerCommand('promptscope.newPrompt', (args?: { name?: string; model?: string; folder?: vscode.Uri }) => newPrompt(services, args)),
  vscode.commands.registerCommand('promptscope.convertToPrompt', (uri?: vscode.Uri) => convert(services, 'toPrompt', uri)),
  vscode.commands.registerCommand('promptscope.convertToPrompty', (uri?: vscode.Uri) => convert(services, 'toPrompty', uri)),
];
