import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { ProviderError } from '../../../src/core/providers';
import { startFakeProvider, type FakeProvider, type FakeProviderOptions } from '../../fake-provider/server';

/** Awaits a promise that must reject with a ProviderError, and returns that error. */
export async function providerErrorFrom(promise: Promise<unknown>): Promise<ProviderError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

/** Every way an error tends to get printed: message, toString, util.inspect (with cause), JSON. */
export function everyRendering(error: Error): string {
  return [error.message, String(error), error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
}

/**
 * A fake provider for the tests of the calling file (or describe block): started before them,
 * closed after them, and before each test cleared of recorded requests and faults, its
 * server-wide latency back to none. The returned object stands for the running server; use it
 * inside tests and hooks, not at module load.
 */
export function useFakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  let running: FakeProvider | undefined;
  beforeAll(async () => {
    running = await startFakeProvider(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    running?.reset();
    running?.setLatency({});
  });
  return new Proxy({} as FakeProvider, {
    get(_target, property) {
      if (!running) throw new Error('the fake provider is not running yet: use it inside tests and hooks');
      return Reflect.get(running, property, running) as unknown;
    },
  });
}
