import type { ChatProvider } from '../../../src/core/providers';
import { createProvider } from '../../../src/core/providers';
import type { FakeProvider } from '../../fake-provider/server';

export const API_KEY = 'sk-test-compress-key-0123456789';

/** A prompt with every kind of preservable: numbers, a URL, Handlebars, a quoted id, names, constraints. */
export const PROMPT = `# Role
You are a support assistant for Acme Corp. Please be very concise and really helpful.

## Rules
- You must always answer in {{language}}.
- Only discuss Acme products.
- Never share internal notes with the user.
- Answer in at most 3 sentences.
- Docs live at https://acme.example/help for reference.
- It is important that you cite the ticket id "TCK-1234" exactly.

{{#if premium}}Greet {{user.name}} by name, in order to be just a bit warmer.{{/if}}
Thanks.
`;

export type ProtocolName = 'openai' | 'anthropic';
export const PROTOCOLS: readonly ProtocolName[] = ['openai', 'anthropic'];

export function providerFor(server: FakeProvider, protocol: ProtocolName, apiKey = API_KEY): ChatProvider {
  return protocol === 'openai'
    ? createProvider({ kind: 'openai', name: 'openai', baseURL: server.openaiBaseURL, apiKey, maxRetries: 0 })
    : createProvider({ kind: 'anthropic', name: 'anthropic', baseURL: server.anthropicBaseURL, apiKey, maxRetries: 0 });
}

/** One token per whitespace-separated word: enough to check the report's arithmetic. */
export const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;
