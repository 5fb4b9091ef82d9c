import * as vscode from 'vscode';
import type { LoadingStep } from './main';
import { PROMPT_SELECTOR, VARIANT_LENS_SELECTOR } from './vscode/languageIds';
import { LateCodeLensProvider, type LateCodeLenses } from './vscode/lateCodeLenses';

/**
 * Libraries the extension's code needs, each built as a bundle of its own; scripts/build.mjs
 * defines the list. Evaluating everything at once was one task of 50–200 ms before activation,
 * during which the extension host answers nothing. Loaded here one task each, then the
 * extension's own code (dist/main.js), which finds them in the module cache.
 */
declare const PROMPTSCOPE_LIBRARY_BUNDLES: readonly string[];

const nextTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Registered before anything loads (see LateCodeLensProvider): a later registration restarts
  // VS Code's wait for the lenses of a prompt already open.
  const lenses: LateCodeLenses = { prompts: new LateCodeLensProvider(), variants: new LateCodeLensProvider() };
  context.subscriptions.push(
    lenses.prompts,
    lenses.variants,
    vscode.languages.registerCodeLensProvider(PROMPT_SELECTOR, lenses.prompts),
    vscode.languages.registerCodeLensProvider(VARIANT_LENS_SELECTOR, lenses.variants),
  );
  try {
    await loadAndActivate(context, lenses);
  } catch (e) {
    lenses.prompts.close();
    lenses.variants.close();
    throw e;
  }
}

async function loadAndActivate(context: vscode.ExtensionContext, lenses: LateCodeLenses): Promise<void> {
  const loading: LoadingStep[] = [];
  /** One step of the load, timed, then the next task: the host answers VS Code in between. */
  const step = async <T>(name: string, run: () => T): Promise<T> => {
    const started = performance.now();
    const result = run();
    loading.push({ name, ms: performance.now() - started });
    await nextTask();
    return result;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one bundle per task, see above
  const load = <T>(path: string): Promise<T> => step(path, () => require(path) as T);
  for (const path of PROMPTSCOPE_LIBRARY_BUNDLES) await load(path);
  // The first number format of the process loads ICU data (~10 ms); every lens needs one.
  await step('ICU number format', () => new Intl.NumberFormat('en-US').format(1));
  const main = await load<typeof import('./main')>('./main.js');
  main.activate(context, loading, lenses);
}
