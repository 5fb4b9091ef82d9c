/** Exit codes shared by every subcommand; CI gates depend on them. */
export const ExitCode = {
  Ok: 0,
  /** Findings, a failed assertion or an exceeded budget: the gate fails. */
  Findings: 1,
  /** Bad arguments, unreadable input, or a feature that is not available. */
  Usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `promptscope --help`. */
  readonly summary: string;
  /** Full text for `promptscope <name> --help`. */
  readonly usage: string;
  run(args: string[], io: CliIO): Promise<ExitCode>;
}

/** Raised for bad arguments or input; the CLI prints the message and exits 2. */
export class UsageError extends Error {}
