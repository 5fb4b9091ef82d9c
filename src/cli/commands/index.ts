import type { CliCommand } from '../command';
import { checkCommand } from './check';
import { countCommand } from './count';
import { auditCommand } from './audit';
import { convertCommand } from './convert';
import { compareCommand } from './compare';
import { evalCommand } from './eval';
import { routeCommand } from './route';
import { compressCommand } from './compress';
import { fmtCommand } from './fmt';

/** Every subcommand, in the order `--help` lists them. Each feature replaces its placeholder. */
export const commands: readonly CliCommand[] = [
  countCommand,
  checkCommand,
  auditCommand,
  compareCommand,
  evalCommand,
  routeCommand,
  convertCommand,
  compressCommand,
  fmtCommand,
];
