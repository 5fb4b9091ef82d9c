import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ExitCode, UsageError, type CliCommand, type CliIO } from '../command';
import { formatPromptText } from '../../core/prompt';
import { collectPromptFiles } from './check';

export const fmtCommand: CliCommand = {
  name: 'fmt',
  summary: 'Format .prompt files (frontmatter and tags; rendered output unchanged)',
  usage: [
    'Usage: promptscope fmt <files|dirs>... [--check]',
    '',
    'Formats .prompt files in place, as the editor\'s Format Document does: frontmatter normalised',
    '(comments and key order kept), whitespace inside template tags tidied, blank lines at the',
    'edges of the body removed. Text inside the template is never changed, so every prompt renders',
    'exactly as before. Files whose YAML or template does not parse are only partly formatted.',
    '  --check  Change nothing; list the files that would change.',
    '',
    'Exit codes: 0 done (or nothing to change with --check), 1 --check found files to format,',
    '2 usage error (no .prompt files, unreadable file).',
  ].join('\n'),
  run(args: string[], io: CliIO): Promise<ExitCode> {
    let check = false;
    const paths: string[] = [];
    for (const arg of args) {
      if (arg === '--check') check = true;
      else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg} (see promptscope fmt --help)`);
      else paths.push(arg);
    }
    if (paths.length === 0) throw new UsageError('give at least one file or directory, e.g. `promptscope fmt prompts/`');
    const files = collectPromptFiles(paths, io.cwd).filter((f) => f.endsWith('.prompt'));
    if (files.length === 0) throw new UsageError(`no .prompt files under ${paths.join(', ')}`);
    const changed: string[] = [];
    for (const path of files) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        throw new UsageError(`cannot read ${relative(io.cwd, path) || path}`);
      }
      const formatted = formatPromptText(text, path);
      if (formatted === text) continue;
      const display = relative(io.cwd, path) || path;
      changed.push(display);
      if (!check) writeFileSync(path, formatted, 'utf8');
    }
    if (check) {
      for (const file of changed) io.out(`${file}\n`);
      io.out(changed.length ? `${changed.length} of ${files.length} file(s) would be reformatted\n` : `${files.length} file(s) already formatted\n`);
      return Promise.resolve(changed.length ? ExitCode.Findings : ExitCode.Ok);
    }
    for (const file of changed) io.out(`formatted ${file}\n`);
    io.out(`${changed.length} of ${files.length} file(s) reformatted\n`);
    return Promise.resolve(ExitCode.Ok);
  },
};
