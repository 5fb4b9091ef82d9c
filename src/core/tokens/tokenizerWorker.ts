/**
 * The tokenizer worker's entry (bundled as dist/tokenizerWorker.js next to tiktoken_bg.wasm):
 * loads tiktoken and counts the chunks the editor sends, so loading the WASM encoder (0.3–1.3 s)
 * and encoding never block the extension host. Protocol: `chunkEncoder.ts`.
 */
import { constants, getPriority, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { TokenizerWorkerReply, TokenizerWorkerRequest } from './chunkEncoder';
import { countWithTiktoken, getEncoder } from './tiktokenEncoders';

/**
 * This thread below the extension host's own priority, where that is the thread's alone (Linux,
 * where a nice value belongs to a thread; elsewhere it would lower the whole process): loading the
 * encoder takes a core for 0.3–1.3 s, and where cores are few (a remote or container host) the
 * host's thread, which answers the editor, should not wait behind it. Returns the nice value it
 * runs at, when known.
 */
function lowerThisThreadsPriority(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    // Never raised: a host already running nicer than this keeps its own.
    if (getPriority() < constants.priority.PRIORITY_BELOW_NORMAL) setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
    return getPriority();
  } catch {
    return undefined;
  }
}

const port = parentPort;
if (port) {
  const niceness = lowerThisThreadsPriority();
  const reply = (message: TokenizerWorkerReply): void => port.postMessage(message);
  port.on('message', (request: TokenizerWorkerRequest) => {
    if (request.kind === 'warm') {
      const started = performance.now();
      try {
        for (const encoding of request.encodings) getEncoder(encoding);
        reply({ kind: 'warmed', loadMs: Math.round(performance.now() - started), ...(niceness !== undefined ? { niceness } : {}) });
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
