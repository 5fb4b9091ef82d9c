/**
 * Minimal glob matching for `--include`: `*` (within a path segment), `**` (any number of
 * segments), `?`, `[abc]`, `{a,b}`. A pattern without `/` matches the file name in any folder
 * (`*.md`); one with `/` matches the path relative to the scanned folder (`prompts/**\/*.md`).
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*') {
      if (pattern[i + 1] === '*' && (i === 0 || pattern[i - 1] === '/')) {
        if (pattern[i + 2] === '/') {
          re += '(?:[^/]*/)*';
          i += 2; // "**/" (the loop skips the slash)
          continue;
        }
        if (i + 2 === pattern.length) {
          re += '.*';
          i++;
          continue;
        }
      }
      if (pattern[i + 1] === '*') i++;
      re += '[^/]*';
    } else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else if (ch === '{') {
      braces++;
      re += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (ch === ',' && braces > 0) re += '|';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, process.platform === 'win32' ? 'i' : '');
}

/** True when the `/`-separated relative path matches any of the globs. */
export function matchesAnyGlob(relativePath: string, globs: readonly RegExp[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return globs.some((g) => g.test(path));
}
