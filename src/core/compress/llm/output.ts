/**
 * Turns a model's reply into the compressed prompt: models wrap their output in code fences, in
 * our own tags, or put a "Here is the compressed prompt:" line in front, despite being told not to.
 * Nothing is stripped that the original itself has in the same place.
 */
const PREAMBLE = /^(?:(?:sure|okay|ok|certainly|here(?:'s| is| are)|below is)\b[^\n]{0,120}|(?:the |your )?(?:compressed|shortened|shorter|condensed|rewritten|adjusted|adapted)\b[^\n]{0,60}):[ \t]*$/i;
const WRAPPER_TAGS = ['prompt_to_compress', 'compressed_prompt', 'compressed', 'prompt_to_adjust', 'adjusted_prompt', 'prompt', 'output'];

export function cleanModelOutput(reply: string, original: string): string {
  let text = reply.replace(/^\uFEFF/, '').trim();
  const originalTrimmed = original.trim();

  // Our own tags (or similar ones) around the whole reply.
  for (const tag of WRAPPER_TAGS) {
    const re = new RegExp(`^<(${tag}(?:_\\d+)?)>\\s*\\n?([\\s\\S]*?)\\n?\\s*</\\1>$`);
    const m = re.exec(text);
    if (m && !originalTrimmed.startsWith(`<${m[1]}>`)) {
      text = (m[2] ?? '').trim();
      break;
    }
  }

  // A preamble line ("Here is the compressed prompt:") the original does not start with.
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (PREAMBLE.test(firstLine.trim()) && !originalTrimmed.startsWith(firstLine.trim())) {
    text = text.slice(firstLine.length).trim();
  }

  // The whole reply in one fenced block, unless the original is itself one fenced block.
  const fenced = unwrapFence(text);
  if (fenced !== undefined && unwrapFence(originalTrimmed) === undefined) {
    text = fenced;
  } else if (!/^[ \t]{0,3}(`{3,}|~{3,})/m.test(originalTrimmed)) {
    // Prose around a single fenced block, when the original has no fences at all: take the block.
    const blocks = [...text.matchAll(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n[ \t]{0,3}\1[ \t]*$/gm)];
    if (blocks.length === 1) text = (blocks[0]?.[2] ?? '').trim();
  }
  return text;
}

/** The inside of a reply that is exactly one fenced block, else undefined. */
function unwrapFence(text: string): string | undefined {
  const m = /^(`{3,}|~{3,})[^\n`]*\n([\s\S]*?)\n?\1[ \t]*$/.exec(text);
  if (!m) return undefined;
  const inner = m[2] ?? '';
  // Inner code blocks are fine; an odd number of fence lines inside means this was not one block.
  const fenceLines = inner.split('\n').filter((line) => /^[ \t]{0,3}(`{3,}|~{3,})/.test(line)).length;
  if (fenceLines % 2 === 1) return undefined;
  return inner.trim();
}

/** Keeps the original's trailing newline, so replacing a selection or file does not join lines. */
export function matchTrailingNewline(compressed: string, original: string): string {
  const trailing = /\r?\n$/.exec(original)?.[0];
  if (!trailing) return compressed;
  return compressed.endsWith('\n') ? compressed : compressed + trailing;
}
