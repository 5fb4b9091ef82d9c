import type { CliCommand } from '../command';
import { notAvailable } from './notAvailable';
import { checkCommand } from './check';
import { countCommand } from './count';
import { auditCommand } from './audit';
import { convertCommand } from './convert';
import { fmtCommand } from './fmt';

/** Every subcommand, in the order `--help` lists them. Each feature replaces its placeholder. */
export const commands: readonly CliCommand[] = [
  countCommand,
  checkCommand,
  auditCommand,
  notAvailable('compare', 'Run prompts on several models side by side'),
  notAvailable('eval', 'Evaluate a baseline vs a candidate model on the samples'),
  convertCommand,
  fmtCommand,
];
