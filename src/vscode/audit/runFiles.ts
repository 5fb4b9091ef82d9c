import * as vscode from 'vscode';

/** Comparison runs saved by `promptscope compare` and the Compare panel. */
export const RUNS_GLOB = '**/.promptscope/runs/*.json';

/** The parsed JSON of the workspace's run files; damaged files are skipped (they tell nothing about output lengths). */
export async function readWorkspaceRunFiles(): Promise<unknown[]> {
  const decoder = new TextDecoder('utf-8');
  const runs: unknown[] = [];
  for (const uri of await vscode.workspace.findFiles(RUNS_GLOB, '**/node_modules/**', 500)) {
    try {
      runs.push(JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(uri))));
    } catch {
      // Not a run we can read.
    }
  }
  return runs;
}
