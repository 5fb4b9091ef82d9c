import { promptscopeVersion } from '../core/version';
import { ExitCode, UsageError, type CliCommand, type CliIO } from './command';
import { commands } from './commands';
import { asksForHelp } from './options';

function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    `promptscope ${promptscopeVersion} — token counts, cost, checks and audits for prompt files`,
    '',
    'Usage: promptscope <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show help (also: promptscope <command> --help)',
    '  -v, --version  Print the version',
    '',
    'Exit codes: 0 ok, 1 findings or a failed gate, 2 usage or input error.',
    'API keys come from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,',
    'PROMPTSCOPE_ENDPOINT_<NAME>_API_KEY), never from files.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<ExitCode> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    io.out(`${topLevelHelp()}\n`);
    return first === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${promptscopeVersion}\n`);
    return ExitCode.Ok;
  }
  const command: CliCommand | undefined = commands.find((c) => c.name === first);
  if (!command) {
    io.err(`promptscope: unknown command "${first}". Run "promptscope --help" for the list.\n`);
    return ExitCode.Usage;
  }
  if (asksForHelp(rest)) {
    io.out(`${command.usage}\n`);
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`promptscope ${command.name}: ${e.message}\n`);
      return ExitCode.Usage;
    }
    io.err(`promptscope ${command.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.Usage;
  }
}

// Runs only as the bundled binary, not when imported by tests.
if (typeof require !== 'undefined' && require.main === module) {
  const io: CliIO = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`promptscope: ${String(e)}\n`); process.exitCode = ExitCode.Usage; },
  );
}
