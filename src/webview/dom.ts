// DOM helpers every panel uses: elements built from text only (never HTML strings), theme colours.

export type Child = Node | string | null | undefined | false;

/** An element with attributes (`class` sets className) and children; null, undefined and false are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A theme colour for canvas drawing (chart.js cannot read CSS variables itself). */
export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
