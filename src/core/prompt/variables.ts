import type { TextRange } from '../text';
import { CONTEXT_CHANGING_HELPERS, isKnownHelper } from './helpers';
import type { PromptFile, TemplateExpression } from './types';

/** A read of a top-level input variable, e.g. `customer` in `{{customer.name}}`. */
export interface InputVariableUse {
  readonly name: string;
  /** Range of the variable name (the first path segment). */
  readonly range: TextRange;
  /** The full path as written (`customer.name`, `@root.plan`). */
  readonly path: string;
}

interface Scope {
  readonly name: string;
  /** True when the block changes `this` (`each`, `with`, a section over a variable). */
  readonly changesContext: boolean;
  readonly blockParams: readonly string[];
  /** Context-changing scopes up to and including this one (kept so a lookup never walks the stack). */
  readonly contextDepth: number;
}

/** Block params in scope, counted (blocks nest thousands deep: no walk over the stack per use). */
class BlockParamsInScope {
  private readonly counts = new Map<string, number>();
  add(names: readonly string[]): void {
    for (const n of names) this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
  }
  remove(names: readonly string[]): void {
    for (const n of names) {
      const c = (this.counts.get(n) ?? 0) - 1;
      if (c > 0) this.counts.set(n, c);
      else this.counts.delete(n);
    }
  }
  has(name: string): boolean {
    return this.counts.has(name);
  }
}

/**
 * Top-level input variables the template reads. Inside `{{#each}}` / `{{#with}}` plain names refer
 * to the item, so only `@root.x`, `../x` that climbs back to the top, and block-external reads count.
 */
export function inputVariableUses(file: PromptFile): InputVariableUse[] {
  return file.kind === 'prompty' ? promptyUses(file.expressions) : handlebarsUses(file.expressions);
}

export function handlebarsUses(expressions: readonly TemplateExpression[]): InputVariableUse[] {
  const out: InputVariableUse[] = [];
  const stack: Scope[] = [];
  const params = new BlockParamsInScope();
  // Open scopes per name, so a close finds its open without walking the stack (linear on deep nesting).
  const openByName = new Map<string, number[]>();
  const depth = (): number => stack[stack.length - 1]?.contextDepth ?? 0;
  for (const e of expressions) {
    if (e.kind === 'blockClose') {
      const k = openByName.get(e.name)?.at(-1);
      if (k !== undefined) {
        while (stack.length > k) {
          const popped = stack.pop() as Scope;
          params.remove(popped.blockParams);
          openByName.get(popped.name)?.pop();
        }
      }
      continue;
    }
    // Params of a block are read in the enclosing scope, before the block opens.
    for (const ref of e.paths) {
      const use = resolve(ref.path, ref.range, depth(), params);
      if (use) out.push(use);
    }
    if (e.kind === 'blockOpen' || e.kind === 'partialBlockOpen') {
      const section = e.kind === 'blockOpen' && !isKnownHelper(e.name) && e.params.length === 0;
      const changesContext = CONTEXT_CHANGING_HELPERS.includes(e.name) || section;
      let positions = openByName.get(e.name);
      if (!positions) openByName.set(e.name, (positions = []));
      positions.push(stack.length);
      stack.push({ name: e.name, changesContext, blockParams: e.blockParams, contextDepth: depth() + (changesContext ? 1 : 0) });
      params.add(e.blockParams);
    }
  }
  return out;
}

function resolve(path: string, range: TextRange, contextDepth: number, params: BlockParamsInScope): InputVariableUse | undefined {
  if (path.startsWith('@root.') || path.startsWith('@root/')) {
    const name = splitSegments(path.slice(6))[0];
    const at = range.start + 6;
    return name ? { name, range: { start: at, end: at + name.length }, path } : undefined;
  }
  if (path.startsWith('@')) return undefined;
  let rest = path;
  let offset = 0;
  let climbs = 0;
  while (rest.startsWith('../')) {
    rest = rest.slice(3);
    offset += 3;
    climbs++;
  }
  if (rest.startsWith('this.') || rest.startsWith('this/') || rest.startsWith('./')) {
    const skip = rest.startsWith('./') ? 2 : 5;
    rest = rest.slice(skip);
    offset += skip;
  } else if (rest === 'this' || rest === '.' || rest === '') {
    return undefined;
  }
  const effectiveDepth = Math.max(0, contextDepth - climbs);
  const name = splitSegments(rest)[0];
  if (!name) return undefined;
  if (climbs === 0 && params.has(name)) return undefined;
  if (effectiveDepth > 0) return undefined;
  const start = range.start + offset;
  return { name, range: { start, end: start + name.length }, path };
}

function splitSegments(path: string): string[] {
  return path.split(/[./]/).map((s) => s.replace(/^\[|\]$/g, ''));
}

function promptyUses(expressions: readonly TemplateExpression[]): InputVariableUse[] {
  const out: InputVariableUse[] = [];
  // Inside a Mustache section `{{#items}}…{{/items}}` names refer to the item.
  let sectionDepth = 0;
  for (const e of expressions) {
    if (e.kind === 'blockClose') sectionDepth = Math.max(0, sectionDepth - 1);
    if (e.kind === 'comment' || e.kind === 'blockClose') continue;
    const inSection = sectionDepth > 0;
    if (e.kind === 'blockOpen') sectionDepth++;
    if (inSection) continue;
    for (const ref of e.paths) {
      const name = ref.path.split('.')[0] as string;
      out.push({ name, range: { start: ref.range.start, end: ref.range.start + name.length }, path: ref.path });
    }
  }
  return out;
}
