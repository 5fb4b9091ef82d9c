import type { CliCommand } from '../command';
import { notAvailable } from './notAvailable';
import { checkCommand } from './check';
import { countCommand } from './count';
import { convertCommand } from './convert';

/** Every subcommand, in the order `--help` lists them. Each feature replaces its placeholder. */
export const commands: readonly CliCommand[] = [
  countCommand,
  checkCommand,
  notAvailable('audit', 'Audit a prompts folder: cost, savings, duplicates, budgets'),
  notAvailable('compare', 'Run prompts on several models side by side'),
  notAvailable('eval', 'Evaluate a baseline vs a candidate model on the samples'),
  convertCommand,
];
