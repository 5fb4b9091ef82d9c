import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parsePriceOverrides, PriceCatalog } from '../core/pricing';
import { UsageError, type CliIO } from './command';
import { readRegularFile } from '../node/safeRead';

/** The options one command accepts, in `util.parseArgs` form. */
export type CommandOptions = ParseArgsConfig['options'] & {};

/** The `--name` an error message of `util.parseArgs` is about (it quotes `'-m, --model <value>'` or `'--bogus'`). */
function optionNamed(message: string): string | undefined {
  return /'(?:-[^\s,']+, )?(--?[^\s=',<]+)/.exec(message)?.[1];
}

/**
 * Reads a command's arguments with `util.parseArgs` (strict): `--name=value` and `--name value`
 * give an option its value, `--` ends the options (for paths starting with `-`), `-` alone is a
 * positional argument. Its errors become usage errors naming the option and the help to read.
 */
export function parseCommandLine<O extends CommandOptions>(args: readonly string[], command: string, options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    const name = optionNamed(message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown option ${name ?? ''} (see promptscope ${command} --help; put a path starting with "-" after "--")`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && name !== undefined) {
      if (/argument missing/.test(message)) throw new UsageError(`${name} needs a value`);
      if (/does not take an argument/.test(message)) throw new UsageError(`${name} takes no value`);
      if (/ambiguous/.test(message)) throw new UsageError(`${name} needs a value; write ${name}=VALUE for a value starting with "-"`);
    }
    throw new UsageError(`${message.split('\n')[0] ?? message} (see promptscope ${command} --help)`);
  }
}

/** Whether `--help`/`-h` is among a command's options (not after `--`, where it would be a path). */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** The model ids of one `--model a,b` value: comma-separated, blanks dropped. */
export function modelList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((m) => m.trim()).filter(Boolean);
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
  // A regular file under the size cap: a FIFO or a device given here must not block the run.
  const read = readRegularFile(resolve(io.cwd, pricesFile));
  if (!('text' in read)) throw new UsageError(`--prices: ${pricesFile} ${read.message}`);
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (e) {
    throw new UsageError(`--prices: ${pricesFile} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const { overrides, problems } = parsePriceOverrides(raw);
  const refusal = isJsonObject(raw) ? undefined : refuseNonObject(problems);
  if (refusal !== undefined) throw new UsageError(`--prices: ${refusal}`);
  for (const problem of problems) io.err(`promptscope ${command}: ${pricesFile}: ${problem}\n`);
  return new PriceCatalog({ overrides });
}
