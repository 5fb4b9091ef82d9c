import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parsePriceOverrides, PriceCatalog } from '../core/pricing';
import { UsageError, type CliIO } from './command';

/**
 * Reads a command's arguments: `--name=value` and `--name value` both give an option its value
 * (`value()` takes it; asked only by options that have one). `onOption` returns false for a
 * name it does not know: then an argument starting with `-` (but `-` alone) is an unknown
 * option, anything else a positional argument. Returns the positional arguments, in order.
 */
export function parseCommandLine(
  args: readonly string[],
  command: string,
  onOption: (name: string, value: () => string) => boolean,
): string[] {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (onOption(name, value)) continue;
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg} (see promptscope ${command} --help)`);
    positional.push(arg);
  }
  return positional;
}

/** The model ids of one `--model a,b` value: comma-separated, blanks dropped. */
export function modelList(value: string): string[] {
  return value.split(',').map((m) => m.trim()).filter(Boolean);
}

const isJsonObject = (raw: unknown): boolean => typeof raw === 'object' && raw !== null && !Array.isArray(raw);

/**
 * The price catalog, with the overrides of `--prices FILE` (JSON as the
 * promptscope.pricing.overrides setting) when given. A file that cannot be read or parsed is a
 * usage error, and so is a value other than a JSON object when `refuseNonObject` (given what
 * parsing the overrides objected to) returns a reason; rejected entries are warnings on stderr.
 */
export function loadPriceCatalog(
  pricesFile: string | undefined,
  io: CliIO,
  command: string,
  refuseNonObject: (problems: readonly string[]) => string | undefined,
): PriceCatalog {
  if (pricesFile === undefined) return new PriceCatalog();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(io.cwd, pricesFile), 'utf8'));
  } catch (e) {
    throw new UsageError(`--prices: ${pricesFile} ${e instanceof SyntaxError ? `is not valid JSON (${e.message})` : 'cannot be read'}`);
  }
  const { overrides, problems } = parsePriceOverrides(raw);
  const refusal = isJsonObject(raw) ? undefined : refuseNonObject(problems);
  if (refusal !== undefined) throw new UsageError(`--prices: ${refusal}`);
  for (const problem of problems) io.err(`promptscope ${command}: ${pricesFile}: ${problem}\n`);
  return new PriceCatalog({ overrides });
}
