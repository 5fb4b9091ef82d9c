import { describe, expect, it } from 'vitest';
import { extractConstraints, JUDGE_SYSTEM_PROMPT, judgeConstraints, mechanicalCheck, parseJudgeReply } from '../../../src/core/compress/llm';
import { fakeBadCompress, fakeExtractiveCompress } from '../../fake-provider/server';
import { everyRendering, providerErrorFrom, useFakeProvider } from '../providers/helpers';
import { API_KEY, PROMPT, PROTOCOLS, providerFor } from './fixtures';

const server = useFakeProvider({ apiKey: API_KEY });

const constraints = extractConstraints(PROMPT);

describe.each(PROTOCOLS)('judgeConstraints over the %s protocol', (protocol) => {
  it('keeps every constraint of a good compression', async () => {
    const provider = providerFor(server, protocol);
    const result = await judgeConstraints({ provider, model: 'fake-judge', original: PROMPT, compressed: fakeExtractiveCompress(PROMPT), constraints });
    expect(result.judged.map((j) => j.status)).toEqual(['kept', 'kept', 'kept', 'kept']);
    expect(result.judged.map((j) => j.constraint)).toEqual(constraints);
    expect(result.judged.every((j) => j.mechanical.verdict === 'present' && !j.disagreement)).toBe(true);
    expect(result.parseError).toBeUndefined();
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.model).toBe('fake-judge');
    const body = server.requests[0].body as { messages: { role: string; content: string }[]; system?: string };
    const user = body.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
    expect(user).toContain(`<original_prompt>\n${PROMPT}\n</original_prompt>`);
    expect(user).toContain('<constraints>\n[{"id":1,"text":"You must always answer in {{language}}."}');
    expect(protocol === 'anthropic' ? body.system : body.messages[0].content).toBe(JUDGE_SYSTEM_PROMPT);
  });

  it('reports the constraints a bad compression lost', async () => {
    const provider = providerFor(server, protocol);
    const result = await judgeConstraints({ provider, model: 'fake-judge', original: PROMPT, compressed: fakeBadCompress(PROMPT), constraints });
    expect(result.judged.map((j) => j.status)).toEqual(['kept', 'kept', 'missing', 'missing']);
    expect(result.judged[2].evidence).toBe('lost: share, internal, notes');
    // "user" survives in {{user.name}}, so the word check calls it partial, not absent.
    expect(result.judged[2].mechanical).toMatchObject({ verdict: 'partial', keptWords: ['user'], lostTriggers: ['never'] });
    expect(result.judged[3].evidence).toBe('lost: 3');
  });

  it('marks every constraint unjudged, with the reason, when the judge answers garbage', async () => {
    const provider = providerFor(server, protocol);
    const result = await judgeConstraints({ provider, model: 'fake-judge-garbage', original: PROMPT, compressed: fakeExtractiveCompress(PROMPT), constraints });
    expect(result.judged.map((j) => j.status)).toEqual(['unjudged', 'unjudged', 'unjudged', 'unjudged']);
    expect(result.parseError).toMatch(/not valid JSON.*Looks fine to me/);
    expect(result.judged[0].reason).toBe(result.parseError);
    expect(result.rawReply).toContain('Looks fine');
  });
});

describe('judgeConstraints details', () => {
  const provider = () => providerFor(server, 'openai');

  it('reads JSON wrapped in prose and a code fence', async () => {
    const result = await judgeConstraints({ provider: provider(), model: 'fake-judge-fenced', original: PROMPT, compressed: fakeBadCompress(PROMPT), constraints });
    expect(result.judged.map((j) => j.status)).toEqual(['kept', 'kept', 'missing', 'missing']);
  });

  it('makes no call when there are no constraints, and needs an explicit judge model', async () => {
    const result = await judgeConstraints({ provider: provider(), model: 'fake-judge', original: 'Be brief.', compressed: 'Brief.', constraints: [] });
    expect(result.judged).toEqual([]);
    expect(server.requests).toHaveLength(0);
    await expect(judgeConstraints({ provider: provider(), model: '', original: PROMPT, compressed: PROMPT, constraints })).rejects.toThrow(/no default judge/);
  });

  it('passes provider errors through, redacted, and honours cancellation', async () => {
    const wrongKey = 'sk-wrong-judge-key-abcdef123456';
    const error = await providerErrorFrom(
      judgeConstraints({ provider: providerFor(server, 'anthropic', wrongKey), model: 'fake-judge', original: PROMPT, compressed: PROMPT, constraints }),
    );
    expect(error.kind).toBe('auth');
    expect(everyRendering(error)).not.toContain(wrongKey);

    server.setLatency({ ttftMs: 200 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const cancelled = await providerErrorFrom(
      judgeConstraints({ provider: provider(), model: 'fake-judge', original: PROMPT, compressed: PROMPT, constraints, signal: controller.signal }),
    );
    expect(cancelled.kind).toBe('cancelled');
  });

  it('keeps the judge’s verdict but surfaces a disagreement with the word check', async () => {
    // A stub judge that says "kept" for a constraint whose words are all gone.
    const [never] = extractConstraints('Never share internal notes.');
    const check = mechanicalCheck(never, 'Be nice.');
    expect(check).toEqual({ verdict: 'absent', keptWords: [], lostWords: ['share', 'internal', 'not'], lostTriggers: ['never'] });
    const stub = {
      name: 'stub', kind: 'openai' as const, listModels: () => Promise.resolve([]),
      complete: () => Promise.resolve({ text: '{"verdicts":[{"id":1,"status":"kept","evidence":"reworded"}]}', usage: { inputTokens: 1, outputTokens: 1 }, usageReported: true, latencyMs: 1, model: 'stub' }),
    };
    const result = await judgeConstraints({ provider: stub, model: 'stub', original: 'Never share internal notes.', compressed: 'Be nice.', constraints: [never] });
    expect(result.judged[0].status).toBe('kept');
    expect(result.judged[0].disagreement).toMatch(/none of the constraint's key words \(share, internal, not\)/);
    expect(result.judged[0].evidence).toMatch(/^reworded — The judge says kept/);
  });
});

describe('parseJudgeReply', () => {
  it('accepts the documented shape, arrays, id maps, string ids and status synonyms', () => {
    const read = (reply: string) => {
      const parsed = parseJudgeReply(reply);
      if ('error' in parsed) throw new Error(parsed.error);
      return Object.fromEntries([...parsed.verdicts].map(([id, v]) => [id, v.status ?? `?${v.rawStatus}`]));
    };
    expect(read('{"verdicts":[{"id":1,"status":"kept"},{"id":"2","status":"Contradicted"}]}')).toEqual({ 1: 'kept', 2: 'contradicted' });
    expect(read('[{"id":1,"status":"removed"},{"constraint_id":2,"verdict":"softened"}]')).toEqual({ 1: 'missing', 2: 'weakened' });
    expect(read('{"1":"preserved","2":{"status":"negated"}}')).toEqual({ 1: 'kept', 2: 'contradicted' });
    expect(read('Sure!\n```json\n{"verdicts":[{"id":3,"status":"maybe"}]}\n```\nThanks')).toEqual({ 3: '?maybe' });
    expect(read('Verdicts: {"verdicts":[{"id":1,"status":"missing"}]} — done.')).toEqual({ 1: 'missing' });
  });

  it('explains what it could not read', () => {
    expect(parseJudgeReply('')).toEqual({ error: 'the reply was empty' });
    expect(parseJudgeReply('{"verdicts": [ {"id": 1, "status": "ke')).toMatchObject({ error: expect.stringContaining('no verdict list found') as unknown });
    expect(parseJudgeReply('{"ok": true}')).toMatchObject({ error: expect.any(String) as unknown });
  });

  it('turns unknown statuses and absent ids into unjudged constraints, never a guess', async () => {
    const constraintsOf = extractConstraints('Never lie. Always cite. Only English.');
    const stub = {
      name: 'stub', kind: 'openai' as const, listModels: () => Promise.resolve([]),
      complete: () => Promise.resolve({ text: '{"verdicts":[{"id":1,"status":"kept"},{"id":2,"status":"probably fine"}]}', usage: { inputTokens: 1, outputTokens: 1 }, usageReported: true, latencyMs: 1, model: 'stub' }),
    };
    const result = await judgeConstraints({ provider: stub, model: 'stub', original: 'Never lie. Always cite. Only English.', compressed: 'Never lie. Always cite. Only English.', constraints: constraintsOf });
    expect(result.judged.map((j) => j.status)).toEqual(['kept', 'unjudged', 'unjudged']);
    expect(result.judged[1].reason).toContain('"probably fine"');
    expect(result.judged[2].reason).toBe('The judge gave no verdict for this constraint.');
  });
});
