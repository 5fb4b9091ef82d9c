import type { TextRange } from '../text';
import type { InputField } from './types';

/** What a line-based reading of broken frontmatter could still tell (Dotprompt keys only). */
export interface RecoveredFrontmatter {
  readonly model?: string;
  readonly targets: readonly string[];
  /** Top-level fields under `input.schema`, and names under `input.default`. */
  readonly inputFields: readonly InputField[];
  /** True when an `input:` key with a `schema:` or `default:` child was seen. */
  readonly hasInputSchema: boolean;
}

interface Line {
  readonly text: string;
  readonly start: number;
  readonly indent: number;
}

const unquote = (value: string): string => value.trim().replace(/\s+#.*$/, '').replace(/^(['"])(.*)\1$/, '$2').trim();

/**
 * While the YAML does not parse, the rest of the editor should not act as if the frontmatter
 * were empty ("this prompt declares no inputs", wrong targets). This reads `key: value` lines by
 * indentation — no YAML semantics beyond that — for `model`, `targets` (block or flow list) and
 * the keys under `input.schema` / `input.default`. `offset` is where `yaml` starts in the file.
 */
export function recoverFrontmatter(yaml: string, offset: number): RecoveredFrontmatter {
  const lines: Line[] = [];
  let at = 0;
  for (const raw of yaml.split('\n')) {
    const text = raw.replace(/\r$/, '');
    if (text.trim() && !text.trim().startsWith('#')) lines.push({ text, start: offset + at, indent: text.length - text.trimStart().length });
    at += raw.length + 1;
  }
  let model: string | undefined;
  const targets: string[] = [];
  const fields: InputField[] = [];
  const seen = new Set<string>();
  let hasInputSchema = false;

  const childrenOf = (index: number): number[] => {
    const parent = lines[index] as Line;
    const out: number[] = [];
    let childIndent: number | undefined;
    for (let i = index + 1; i < lines.length; i++) {
      const line = lines[i] as Line;
      if (line.indent <= parent.indent) break;
      childIndent ??= line.indent;
      if (line.indent === childIndent) out.push(i);
    }
    return out;
  };
  const keyOf = (line: Line): { key: string; value: string; keyRange: TextRange } | undefined => {
    const match = /^(\s*)([A-Za-z_][\w-]*\??)\s*:(?:\s+(.*)|\s*)$/.exec(line.text);
    if (!match) return undefined;
    const keyStart = line.start + (match[1] ?? '').length;
    const key = match[2] as string;
    return { key, value: match[3] ?? '', keyRange: { start: keyStart, end: keyStart + key.length } };
  };
  const addField = (name: string, keyRange: TextRange, optional: boolean, type: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    fields.push({ path: name, name, depth: 0, type, optional, keyRange });
  };

  lines.forEach((line, index) => {
    if (line.indent !== 0) return;
    const entry = keyOf(line);
    if (!entry) return;
    if (entry.key === 'model' && entry.value) model = unquote(entry.value);
    else if (entry.key === 'targets') {
      const flow = /^\[(.*)\]$/.exec(entry.value.trim());
      if (flow) targets.push(...(flow[1] ?? '').split(',').map(unquote).filter(Boolean));
      else {
        for (const child of childrenOf(index)) {
          const item = /^\s*-\s+(.+)$/.exec((lines[child] as Line).text);
          if (item) targets.push(unquote(item[1] as string));
        }
      }
    } else if (entry.key === 'input') {
      for (const child of childrenOf(index)) {
        const sub = keyOf(lines[child] as Line);
        if (!sub || (sub.key !== 'schema' && sub.key !== 'default')) continue;
        hasInputSchema = true;
        for (const grandchild of childrenOf(child)) {
          const field = keyOf(lines[grandchild] as Line);
          if (!field) continue;
          const optional = field.key.endsWith('?');
          const name = optional ? field.key.slice(0, -1) : field.key;
          const type = sub.key === 'schema' ? (/^(\w+)/.exec(field.value)?.[1] ?? 'any') : 'any';
          addField(name, { start: field.keyRange.start, end: field.keyRange.start + name.length }, optional || sub.key === 'default', type);
        }
      }
    }
  });
  const allTargets = [...new Set([...(model ? [model] : []), ...targets])];
  return { ...(model ? { model } : {}), targets: allTargets, inputFields: fields, hasInputSchema };
}
