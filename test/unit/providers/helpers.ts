import { inspect } from 'node:util';
import { expect } from 'vitest';
import { ProviderError } from '../../../src/core/providers';

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
