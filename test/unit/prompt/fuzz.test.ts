import { describe, expect, it } from 'vitest';
import { checkPromptFile, documentOutline, findExpressionAt, parsePromptFile, promptToPrompty, promptyToPrompt, renderPromptFile, type CheckEnvironment } from '../../../src/core/prompt';
import { pick, seededRandom } from '../../support/seededRandom';
import { example } from './helpers';

const SOURCES = ['support-agent.prompt', 'support-agent.claude.prompt', '_company-facts.prompt', 'summarizer.prompt', 'legacy-triage.prompty', 'release-notes-writer.md', 'support-agent.samples.jsonl'].map((n) => ({ name: n, text: example(n) }));
const EXTENSIONS = ['.prompt', '.prompty', '.md', '.prompt', '.prompt'];
const SYNTAX = ['{{', '}}', '{{{', '}}}', '{{#', '{{/', '{{^', '{{>', '{{!--', '--}}', '{{else}}', '---\n', '\r\n', '\r', '"', "'", '~', '(', ')', '|', '=', ':', '{%', '%}', '{#', '#}', 'system:\n', '{{role "', '\\{{', '{{{{raw}}}}', '\u0000', '\uFEFF', '\uD800', '- ', '  ', '&', '*'];

type Mutation = (text: string, r: () => number) => string;

const at = (text: string, r: () => number): number => Math.floor(r() * (text.length + 1));

const MUTATIONS: Record<string, Mutation> = {
  syntaxJunk: (t, r) => {
    let out = t;
    for (let i = 0, n = 1 + Math.floor(r() * 8); i < n; i++) {
      const p = at(out, r);
      out = out.slice(0, p) + pick(r, SYNTAX) + out.slice(p);
    }
    return out;
  },
  byteJunk: (t, r) => {
    const p = at(t, r);
    const junk = Array.from({ length: 1 + Math.floor(r() * 64) }, () => String.fromCharCode(Math.floor(r() * 0x10000))).join('');
    return t.slice(0, p) + junk + t.slice(p);
  },
  truncate: (t, r) => t.slice(0, at(t, r)),
  deleteSpan: (t, r) => {
    const a = at(t, r);
    return t.slice(0, a) + t.slice(Math.min(t.length, a + Math.floor(r() * 200)));
  },
  duplicateSpan: (t, r) => {
    const a = at(t, r);
    const span = t.slice(a, a + Math.floor(r() * 300));
    const p = at(t, r);
    return t.slice(0, p) + span + t.slice(p);
  },
  unterminated: (t, r) => {
    const p = at(t, r);
    return t.slice(0, p) + pick(r, ['{{', '{{#if x', '{{!-- ', '{{> ', '{{role "', '{{{a}}', '{%', '{#']) + t.slice(p);
  },
  deepNesting: (t, r) => {
    const depth = 20 + Math.floor(r() * 300);
    const helper = pick(r, ['if', 'each', 'with', 'unless', 'foo']);
    const close = r() < 0.5;
    return `${t}\n${`{{#${helper} a}}`.repeat(depth)}x${close ? `{{/${helper}}}`.repeat(depth) : ''}`;
  },
  binary: (t, r) => {
    const bytes = Array.from({ length: 200 + Math.floor(r() * 2000) }, () => String.fromCharCode(Math.floor(r() * 256))).join('');
    return r() < 0.5 ? bytes : t.slice(0, at(t, r)) + bytes;
  },
  crlfBom: (t, r) => (r() < 0.5 ? '\uFEFF' : '') + t.replace(/\n/g, r() < 0.5 ? '\r\n' : '\r'),
  yamlJunk: (t, r) => {
    const fmEnd = t.indexOf('\n---', 4);
    const p = fmEnd > 0 ? Math.floor(r() * fmEnd) : 0;
    return t.slice(0, p) + pick(r, [': :', '[', '{', '&a *a', '!!binary', '? ', '\t', '- - -', '"', "|\n", 'key: [1, 2', '*undefined']) + t.slice(p);
  },
  shuffleLines: (t, r) => {
    const lines = t.split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      if (r() < 0.2) {
        const j = Math.floor(r() * (i + 1));
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      }
    }
    return lines.join('\n');
  },
};

function envFor(r: () => number): CheckEnvironment {
  const answer = r() < 0.5;
  return {
    knownModel: () => answer,
    modelIds: () => ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'],
    partialExists: () => !answer,
    loadPartial: () => (answer ? '{{#if x}}{{> self}}' : undefined),
    sampleFile: () => (answer ? { exists: true, text: example('support-agent.samples.jsonl').slice(0, Math.floor(r() * 5000)) + '{bad' } : { exists: false }),
  };
}

const PER_FILE_BOUND_MS = 2000;

describe('fuzz: parse + check never throw', () => {
  it('survives ≥ 3,000 seeded mutations of the examples, each within a generous bound', async () => {
    // Warm up (module initialisation, JIT) so the first mutation is not measured cold.
    for (const s of SOURCES) {
      const file = parsePromptFile(s.text, { fileName: s.name });
      checkPromptFile(file, envFor(seededRandom(1)));
      await renderPromptFile(file);
      (s.name.endsWith('.prompty') ? promptyToPrompt : promptToPrompty)(s.text);
    }
    const r = seededRandom(0x5eed);
    const names = Object.keys(MUTATIONS);
    let count = 0;
    let slowest = 0;
    const failures: string[] = [];
    for (let i = 0; i < 3200; i++) {
      const source = pick(r, SOURCES);
      let text = source.text;
      const steps = 1 + Math.floor(r() * 3);
      const applied: string[] = [];
      for (let s = 0; s < steps; s++) {
        const name = pick(r, names);
        applied.push(name);
        text = (MUTATIONS[name] as Mutation)(text, r);
      }
      const fileName = `fuzz${pick(r, EXTENSIONS)}`;
      const started = performance.now();
      try {
        const file = parsePromptFile(text, { fileName });
        checkPromptFile(file, envFor(r));
        documentOutline(file);
        findExpressionAt(file, Math.floor(r() * text.length));
        if (i % 10 === 0) {
          const result = await renderPromptFile(file, { input: { x: 1 }, loadPartial: () => (r() < 0.5 ? '{{> again}}' : undefined) });
          expect(Array.isArray(result.messages)).toBe(true);
        }
        if (i % 25 === 0) (fileName.endsWith('.prompty') ? promptyToPrompt : promptToPrompty)(text);
      } catch (e) {
        failures.push(`#${i} ${source.name} [${applied.join(', ')}] ${fileName}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      if (elapsed > PER_FILE_BOUND_MS) failures.push(`#${i} took ${Math.round(elapsed)} ms [${applied.join(', ')}]`);
      count++;
    }
    console.info(`fuzz: ${count} mutated files parsed and checked, slowest ${slowest.toFixed(1)} ms`);
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThanOrEqual(3000);
  }, 300_000);

  it('handles a 1 MB file', async () => {
    const base = example('support-agent.prompt');
    const body = base.slice(base.indexOf('\n---\n', 4) + 5);
    let text = base;
    while (text.length < 1_000_000) text += body;
    const started = performance.now();
    const file = parsePromptFile(text, { fileName: 'big.prompt' });
    const diags = checkPromptFile(file, { partialExists: () => true });
    const result = await renderPromptFile(file, { loadPartial: () => 'facts' });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(text.length).toBeGreaterThanOrEqual(1_000_000);
    expect(file.sections.length).toBeGreaterThan(100);
    expect(Array.isArray(diags)).toBe(true);
    expect(result.error).toBeUndefined();
  }, 60_000);

  it('handles 1 MB of binary junk', () => {
    const r = seededRandom(7);
    const text = Array.from({ length: 1_000_000 }, () => String.fromCharCode(Math.floor(r() * 0x10000))).join('');
    for (const fileName of ['junk.prompt', 'junk.prompty', 'junk.md']) {
      const file = parsePromptFile(text, { fileName });
      expect(Array.isArray(checkPromptFile(file, {}))).toBe(true);
    }
  }, 60_000);
});
