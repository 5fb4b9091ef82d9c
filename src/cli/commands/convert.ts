import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { MAX_PROMPT_FILE_BYTES } from '../nodeWorkspace';
import { readRegularFile } from '../../node/safeRead';
import { parseCommandLine } from '../options';
import { promptToPrompty, promptyToPrompt } from '../../core/prompt';

/** Whether two paths name the same file (symbolic links and `..` resolved; a missing target is not the input). */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

export const convertCommand: CliCommand = {
  name: 'convert',
  summary: 'Convert between .prompty and .prompt',
  usage: [
    'Usage: promptscope convert <file.prompty|file.prompt> [--out <file>] [--force]',
    '',
    'Converts a Prompty file to Dotprompt, or a Dotprompt file to Prompty (by extension).',
    'Anything without an exact equivalent is kept (in a namespaced key or a comment) and printed',
    'as a warning.',
    '  --out <file>  Where to write (default: same name with the other extension; `-` for stdout).',
    '  --force       Overwrite an existing output file.',
  ].join('\n'),
  run(args: string[], io: CliIO): Promise<ExitCode> {
    const { values, positionals: inputs } = parseCommandLine(args, 'convert', {
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean' },
    });
    const { out } = values;
    const force = values.force === true;
    if (inputs.length !== 1) throw new UsageError('give exactly one .prompty or .prompt file');
    const input = resolve(io.cwd, inputs[0] as string);
    const fromPrompty = input.endsWith('.prompty');
    if (!fromPrompty && !input.endsWith('.prompt')) throw new UsageError('the file must end in .prompty or .prompt');
    if (!existsSync(input)) throw new UsageError(`no such file: ${inputs[0]}`);
    const read = readRegularFile(input, MAX_PROMPT_FILE_BYTES);
    if (!('text' in read)) throw new UsageError(`${inputs[0]} ${read.message}`);
    const text = read.text;
    const result = fromPrompty ? promptyToPrompt(text) : promptToPrompty(text);
    for (const item of result.unmapped) io.err(`warning: ${item}\n`);
    if (out === '-') {
      io.out(result.text);
      return Promise.resolve(ExitCode.Ok);
    }
    const target = out ? resolve(io.cwd, out) : input.replace(fromPrompty ? /\.prompty$/ : /\.prompt$/, fromPrompty ? '.prompt' : '.prompty');
    if (sameFile(target, input)) throw new UsageError(`--out ${out ?? relative(io.cwd, target)} is the input file: converting in place would replace the source; choose another file`);
    if (existsSync(target) && !force) throw new UsageError(`${relative(io.cwd, target)} exists; pass --force to overwrite or --out to choose another file`);
    writeFileSync(target, result.text, 'utf8');
    io.out(`Wrote ${relative(io.cwd, target)}${result.unmapped.length ? ` (${result.unmapped.length} item(s) not mapped exactly, see warnings)` : ''}\n`);
    return Promise.resolve(ExitCode.Ok);
  },
};
