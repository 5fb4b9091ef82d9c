/**
 * The tokenizer worker's entry (bundled as dist/tokenizerWorker.js next to tiktoken_bg.wasm):
 * loads tiktoken and counts the chunks the editor sends, so loading the WASM encoder (0.3–1.3 s)
 * and encoding never block the extension host. Protocol: `chunkEncoder.ts`.
 */
import { parentPort } from 'node:worker_threads';
import type { TokenizerWorkerReply, TokenizerWorkerRequest } from './chunkEncoder';
import { countWithTiktoken, getEncoder } from './tiktokenEncoders';

const port = parentPort;
if (port) {
  const reply = (message: TokenizerWorkerReply): void => port.postMessage(message);
  port.on('message', (request: TokenizerWorkerRequest) => {
    if (request.kind === 'warm') {
      const started = performance.now();
      try {
        for (const encoding of request.encodings) getEncoder(encoding);
        reply({ kind: 'warmed', loadMs: Math.round(performance.now() - started) });
      } catch (error) {
        reply({ kind: 'failed', message: `loading the tokenizer failed: ${error instanceof Error ? error.message : String(error)}` });
      }
      return;
    }
    try {
      getEncoder(request.encoding);
    } catch (error) {
      reply({ kind: 'failed', id: request.id, message: `loading the tokenizer failed: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    // A text the encoder rejects is answered with -1 (counted as an estimate), not by failing the batch.
    const counts = request.texts.map((text) => {
      try {
        return countWithTiktoken(request.encoding, text);
      } catch {
        return -1;
      }
    });
    reply({ kind: 'counts', id: request.id, counts });
  });
}
