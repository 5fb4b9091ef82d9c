import type { CliCommand } from '../command';
import { notAvailable } from './notAvailable';

/** Every subcommand, in the order `--help` lists them. Each feature replaces its placeholder. */
export const commands: readonly CliCommand[] = [
  notAvailable('count', 'Count tokens and cost of prompt files per target model'),
  notAvailable('check', 'Report the diagnostics the editor shows (a CI lint)'),
  notAvailable('audit', 'Audit a prompts folder: cost, savings, duplicates, budgets'),
  notAvailable('compare', 'Run prompts on several models side by side'),
  notAvailable('eval', 'Evaluate a baseline vs a candidate model on the samples'),
  notAvailable('convert', 'Convert between .prompty and .prompt'),
];
