import { ExitCode, type CliCommand } from '../command';

/** A subcommand whose feature has not landed yet: it says so and exits 2, never pretends. */
export function notAvailable(name: string, summary: string): CliCommand {
  return {
    name,
    summary: `${summary} (not available yet)`,
    usage: `promptscope ${name}: ${summary}.\nThis command is not available in this version of Promptscope yet.`,
    run(_args, io) {
      io.err(`promptscope ${name}: not available in this version yet.\n`);
      return Promise.resolve(ExitCode.Usage);
    },
  };
}
