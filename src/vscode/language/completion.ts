import * as vscode from 'vscode';
import { PROMPT_SELECTOR } from '../languageIds';
import { DOTPROMPT_ROLES, KNOWN_HELPERS, type PromptFile } from '../../core/prompt';
import { frontmatterKeysFor } from '../../core/prompt/frontmatterKeys';
import type { Feature, Services } from '../services';
import { modelDetail, modelMarkdown } from './modelInfo';
import { Utils } from './uriUtils';

/** Where in a frontmatter line a model id is expected: `model: |`, `- |` under targets, `targets: [a, |`. */
export function expectsModelId(doc: vscode.TextDocument, position: vscode.Position, file: PromptFile): boolean {
  const line = doc.lineAt(position.line).text.slice(0, position.character);
  if (/^\s*model:\s*[\w./:-]*$/.test(line)) return true;
  if (/^\s*targets:\s*\[[^\]]*$/.test(line)) return true;
  if (/^\s+-\s*[\w./:-]*$/.test(line)) {
    // A list item: is its parent key `targets`?
    for (let l = position.line - 1; l >= 0; l--) {
      const text = doc.lineAt(l).text;
      if (/^\S/.test(text)) return /^targets:\s*$/.test(text);
      if (doc.offsetAt(new vscode.Position(l, 0)) < (file.frontmatter?.yamlRange.start ?? 0)) return false;
    }
  }
  return false;
}

/** The file names in a folder whose names pass `wanted`, through `workspace.fs` (virtual workspaces too); none when it cannot be listed. */
async function filesIn(folder: vscode.Uri, wanted: RegExp): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.filter(([f, type]) => (type & vscode.FileType.File) !== 0 && wanted.test(f)).map(([f]) => f).sort();
  } catch {
    return [];
  }
}

/** Partial names: `_name.prompt` next to the prompt, then in `promptscope.partialDirs` (the order the checker looks in). */
async function partialNames(services: Services, doc: vscode.TextDocument): Promise<string[]> {
  const folders = [Utils.dirname(doc.uri), ...services.documents.partialDirsFor(doc).map((dir) => services.documents.uriForPath(dir))];
  const listed = await Promise.all(folders.map((folder) => filesIn(folder, /^_.+\.prompt$/)));
  return [...new Set(listed.flat().map((f) => f.slice(1, -'.prompt'.length)))];
}

class PromptCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly services: Services) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | Promise<vscode.CompletionItem[]> {
    const file = this.services.documents.get(doc);
    if (!file) return [];
    const offset = doc.offsetAt(position);
    const fm = file.frontmatter;
    if (fm && offset >= fm.yamlRange.start && offset <= fm.yamlRange.end) return this.frontmatterItems(doc, position, file);
    if (file.kind === 'text') return [];
    return this.templateItems(doc, position, file);
  }

  private frontmatterItems(doc: vscode.TextDocument, position: vscode.Position, file: PromptFile): vscode.CompletionItem[] | Promise<vscode.CompletionItem[]> {
    if (expectsModelId(doc, position, file)) return this.modelItems(doc, position);
    const before = doc.lineAt(position.line).text.slice(0, position.character);
    if (/^samples:\s*[\w.-]*$/.test(before)) return this.sampleFileItems(doc, position);
    if (!/^[A-Za-z_]*$/.test(before)) return [];
    const present = new Set(file.frontmatter?.keys.map((k) => k.key));
    return frontmatterKeysFor(file.kind).filter((k) => !present.has(k.key)).map((k) => {
      const item = new vscode.CompletionItem(k.key, vscode.CompletionItemKind.Property);
      item.insertText = new vscode.SnippetString(`${k.key}: $0`);
      item.detail = k.owner === 'promptscope' ? 'Promptscope (ignored by other runtimes)' : k.owner === 'prompty' ? 'Prompty' : 'Dotprompt';
      item.documentation = new vscode.MarkdownString(k.description);
      return item;
    });
  }

  /** `samples:` values: the JSONL files next to the prompt. */
  private async sampleFileItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const wordRange = doc.getWordRangeAtPosition(position, /[\w.-]+/);
    return (await filesIn(Utils.dirname(doc.uri), /\.jsonl$/)).map((name) => {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.File);
      item.detail = 'samples file (JSONL)';
      if (wordRange) item.range = wordRange;
      return item;
    });
  }

  private modelItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const wordRange = doc.getWordRangeAtPosition(position, /[\w./:-]+/);
    const endpoints = this.services.config.endpoints.map((e) => {
      const item = new vscode.CompletionItem(`${e.name}/`, vscode.CompletionItemKind.Module);
      item.detail = `OpenAI-compatible endpoint · ${e.baseURL}`;
      if (wordRange) item.range = wordRange;
      return item;
    });
    const models = this.services.engine.catalog.listModels().map((info) => {
      const item = new vscode.CompletionItem(info.id, vscode.CompletionItemKind.Value);
      item.detail = modelDetail(info);
      item.documentation = modelMarkdown(info);
      if (wordRange) item.range = wordRange;
      // Cheaper first would mislead; keep providers' familiar names on top.
      item.sortText = `${info.provider === 'openai' || info.provider === 'anthropic' ? '0' : '1'}${info.id}`;
      return item;
    });
    return [...endpoints, ...models];
  }

  private templateItems(doc: vscode.TextDocument, position: vscode.Position, file: PromptFile): vscode.CompletionItem[] | Promise<vscode.CompletionItem[]> {
    const line = doc.lineAt(position.line).text.slice(0, position.character);
    const open = line.lastIndexOf('{{');
    if (open < 0 || line.indexOf('}}', open) >= 0) return [];
    const inside = line.slice(open + 2);
    if (/^role\s+"?[a-z]*$/.test(inside)) {
      return DOTPROMPT_ROLES.map((r) => new vscode.CompletionItem(r, vscode.CompletionItemKind.EnumMember));
    }
    if (/^>\s*[\w-]*$/.test(inside)) {
      return partialNames(this.services, doc).then((names) => names.map((name) => {
        const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.File);
        item.detail = `partial _${name}.prompt`;
        return item;
      }));
    }
    if (/^#\s*\w*$/.test(inside)) {
      return KNOWN_HELPERS.filter((h) => h.block).map((h) => {
        const item = new vscode.CompletionItem(h.name, vscode.CompletionItemKind.Keyword);
        item.detail = h.signature;
        item.documentation = new vscode.MarkdownString(h.description);
        return item;
      });
    }
    if (!/^[\w.@]*$/.test(inside.trimStart())) return [];
    const variables = file.inputFields.map((f) => {
      const item = new vscode.CompletionItem(f.path, vscode.CompletionItemKind.Variable);
      item.detail = `${f.type}${f.optional ? ' (optional)' : ''}`;
      const docs = [f.description, f.default !== undefined ? `Default: \`${JSON.stringify(f.default)}\`` : undefined].filter(Boolean).join('\n\n');
      if (docs) item.documentation = new vscode.MarkdownString(docs);
      item.sortText = `0${f.path}`;
      return item;
    });
    const helpers = KNOWN_HELPERS.filter((h) => !h.block).map((h) => {
      const item = new vscode.CompletionItem(h.name, vscode.CompletionItemKind.Function);
      item.detail = h.signature;
      item.documentation = new vscode.MarkdownString(h.description);
      item.sortText = `1${h.name}`;
      return item;
    });
    return [...variables, ...helpers];
  }
}

export const completionFeature: Feature = (services) => [
  vscode.languages.registerCompletionItemProvider(PROMPT_SELECTOR, new PromptCompletions(services), '{', '>', '#', '"', ' ', '/'),
];
