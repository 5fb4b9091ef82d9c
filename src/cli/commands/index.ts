import type { CliCommand } from '../command';
import { notAvailable } from './notAvailable';
import { createCheckCommand } from './check';
import { PriceCatalog } from '../../core/pricing';
import { countCommand } from './count';
import { auditCommand } from './audit';
import { convertCommand } from './convert';
import { compareCommand } from './compare';

// The same model knowledge as the editor: an id is known when the price catalog has it.
let catalog: PriceCatalog | undefined;
const sharedCatalog = (): PriceCatalog => (catalog ??= new PriceCatalog());
const checkCommand = createCheckCommand({
  knownModel: (id) => sharedCatalog().lookupModel(id) !== undefined,
  modelIds: () => sharedCatalog().listModels().map((m) => m.id),
});

/** Every subcommand, in the order `--help` lists them. Each feature replaces its placeholder. */
export const commands: readonly CliCommand[] = [
  countCommand,
  checkCommand,
  auditCommand,
  compareCommand,
  notAvailable('eval', 'Evaluate a baseline vs a candidate model on the samples'),
  convertCommand,
];
