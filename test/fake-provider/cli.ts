/**
 * Runs the fake provider until interrupted, for manual runs and `npm start -- --offline-models`.
 *   fake-provider [--port N] [--ttft-ms N] [--chunk-ms N]
 * Prints the base URLs on stdout (the first line is the root URL, for scripts to read).
 */
import { startFakeProvider, FAKE_MODEL_IDS } from './server';

interface CliArgs {
  port: number;
  ttftMs?: number;
  chunkMs?: number;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = Number(argv[i + 1]);
    const needsNumber = (): number => {
      if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer`);
      i++;
      return value;
    };
    if (flag === '--port') args.port = needsNumber();
    else if (flag === '--ttft-ms') args.ttftMs = needsNumber();
    else if (flag === '--chunk-ms') args.chunkMs = needsNumber();
    else throw new Error(`unknown argument "${flag}" (expected --port, --ttft-ms, --chunk-ms)`);
  }
  return args;
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fake-provider: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const provider = await startFakeProvider({ port: args.port, latency: { ttftMs: args.ttftMs, chunkMs: args.chunkMs } });
  process.stdout.write(
    `${provider.url}\n` +
      `fake provider (synthetic replies, not a real model) listening on ${provider.url}\n` +
      `  OpenAI-compatible baseURL: ${provider.openaiBaseURL}\n` +
      `  Anthropic baseURL:         ${provider.anthropicBaseURL}\n` +
      `  models: ${FAKE_MODEL_IDS.join(', ')} (any model name works)\n`,
  );
  const stop = (): void => {
    provider.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-provider: ${String(error)}\n`);
  process.exitCode = 1;
});
