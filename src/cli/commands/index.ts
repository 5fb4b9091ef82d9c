import type { CliCommand } from '../command';
import { createCheckCommand } from './check';
import { PriceCatalog } from '../../core/pricing';
import { countCommand } from './count';
import { auditCommand } from './audit';
import { convertCommand } from './convert';
import { compareCommand } from './compare';
import { evalCommand } from './eval';
import { routeCommand } from './route';
import { compressCommand } from './compress';

// The same model knowledge as the editor: an id is known when the price catalog has it.
let catalog: PriceCatalog | undefined;
const sharedCatalog = (): PriceCatalog => (catalog ??= new PriceCatalog());
const checkCommand = createCheckCommand({
  knownModel: (id) => sharedCatalog().lookupModel(id) !== undefined,
  modelIds: () => sharedCatalog().listModels().map((m) => m.id),
  catalog: sharedCatalog,
});

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
];
