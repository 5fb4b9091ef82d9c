import * as vscode from 'vscode';
import { analyzePrompt, memoryWorkspace } from '../../core/analysis';
import { checkPromptFile, EDITOR_RENDER_BUDGET, parsePromptFile } from '../../core/prompt';
import type { Services } from '../services';

/**
 * A small prompt that takes every step the first real one will: frontmatter with a schema and
 * defaults, role markers, a partial, a loop and a condition.
 */
const WARM_UP_PROMPT = `---
model: openai/gpt-4o
input:
  schema:
    name: string, who is asking
    topics(array): string
  default:
    name: Ada
    topics: [billing, setup]
---
{{role "system"}}
You are a helpful assistant for {{name}}. Answer briefly and politely.
{{> note}}
{{role "user"}}
{{#each topics}}- {{this}}
{{/each}}
{{#if name}}Hello from {{name}}.{{/if}}
`;
const WARM_UP_DIR = '/promptscope-warm-up';

/**
 * The first prompt a window opens runs cold code: the YAML, Handlebars and Dotprompt code paths and
 * ours are compiled on first use, 100–250 ms on the extension host, right when VS Code asks for the
 * first CodeLens (a fixed while after the editor opens). Activation usually comes earlier (the
 * workspace contains prompts), so with no prompt open yet this runs a small prompt through parse,
 * checks and analysis, one step per task, and the real first prompt then takes the warm path.
 * Stops as soon as a prompt is opened: its own analysis does the same work.
 */
export function warmUpAnalysis(services: Services): vscode.Disposable {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const anyPromptOpen = (): boolean => vscode.workspace.textDocuments.some((doc) => services.documents.isPrompt(doc));
  const fileName = `${WARM_UP_DIR}/warm-up.prompt`;
  let parsed: ReturnType<typeof parsePromptFile> | undefined;
  const steps: (() => unknown)[] = [
    () => { parsed = parsePromptFile(WARM_UP_PROMPT, { fileName }); },
    () => parsed && checkPromptFile(parsed, { knownModel: (id) => services.engine.isKnownModel(id) }),
    () => analyzePrompt({
      fileName,
      text: WARM_UP_PROMPT,
      ...(parsed ? { parsed } : {}),
      workspace: memoryWorkspace({ [`${WARM_UP_DIR}/_note.prompt`]: 'Never share account details.' }),
      defaultTargets: services.config.defaultTargets,
      deps: { tokens: services.engine.tokens, catalog: services.engine.catalog },
      renderBudget: EDITOR_RENDER_BUDGET,
    }),
  ];
  const next = (i: number): void => {
    timer = setTimeout(() => {
      if (stopped || anyPromptOpen()) return;
      const started = performance.now();
      Promise.resolve()
        .then(() => steps[i]?.())
        .catch((e: unknown) => services.log.warn(`warm-up step ${i + 1} failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          services.log.trace(`warm-up step ${i + 1} took ${Math.round(performance.now() - started)} ms`);
          if (i + 1 < steps.length) next(i + 1);
        });
    }, 0);
  };
  next(0);
  return { dispose: () => { stopped = true; clearTimeout(timer); } };
}
