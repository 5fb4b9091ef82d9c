/** Whether the prompt files a Compare Variants run recorded still hold what was run. */
import { createHash } from 'node:crypto';
import type { RunFile } from './types';

/**
 * The labels of the columns whose prompt file changed (or is gone) since the run: their reruns
 * still send the messages as rendered then. `readText` takes the column's recorded path.
 */
export function changedColumnPrompts(run: Pick<RunFile, 'columns'>, readText: (path: string) => string | undefined): string[] {
  const changed: string[] = [];
  for (const column of run.columns) {
    if (!column.prompt) continue;
    const text = readText(column.prompt.path);
    if (text === undefined || createHash('sha256').update(text).digest('hex') !== column.prompt.hash) changed.push(column.prompt.label);
  }
  return changed;
}
