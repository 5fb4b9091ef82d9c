// `npm start -- --offline-models`: runs the project's fake provider (test/fake-provider) so the
// comparison and compression features can be tried without an API key. Replies are
// deterministic test data from fake models, never a real model's answer.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

export async function startFakeProviderForStart(root) {
  const outDir = join(root, 'out', 'fake-provider');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'server.mjs');
  await esbuild.build({ entryPoints: [join(root, 'test/fake-provider/server.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const { startFakeProvider } = await import(pathToFileURL(outfile).href);
  const fake = await startFakeProvider({ latency: { ttftMs: 150, chunkMs: 20 } });
  return {
    url: fake.url,
    close: () => fake.close(),
    settings: {
      'promptscope.endpoints': [{ name: 'fake', baseURL: fake.openaiBaseURL, tokenizer: 'estimate' }],
    },
  };
}
