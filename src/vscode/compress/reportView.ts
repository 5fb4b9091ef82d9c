import { FAMILY_GUIDANCE, REPORT_CATEGORIES, type PreservationReport, type ReportCategory } from '../../core/compress/llm';
import type { ConstraintStatus } from '../../core/compress/llm';
import type { CompressionSession, TokenSaving } from './compressionSession';
import { shortModelName } from './models';

const CATEGORY_TITLE: Record<ReportCategory, string> = {
  numbers: 'Numbers',
  urls: 'URLs',
  variables: 'Template variables',
  quoted: 'Quoted strings',
  code: 'Code spans',
  entities: 'Named entities',
  negations: 'Negations',
};

const STATUS_LABEL: Record<ConstraintStatus, string> = {
  kept: '✅ kept',
  weakened: '⚠️ weakened',
  missing: '❌ missing',
  contradicted: '❌ contradicted',
  unjudged: '❔ unjudged',
};

/** `−812 tok gpt-4o` / `≈−960 tok claude-sonnet-4-5` / `+3 tok …`. */
export function savingLabel(s: TokenSaving): string {
  const saved = s.before - s.after;
  const sign = saved >= 0 ? '−' : '+';
  return `${s.exact ? '' : '≈'}${sign}${Math.abs(saved)} tok ${shortModelName(s.modelId)}`;
}

/**
 * `support-agent.prompt ↔ compressed (−812 tok gpt-4o · ≈−960 tok claude-sonnet-4-5)`; `↔ adjusted for Anthropic Claude (…)`
 * for a rewrite. The savings are the rendered prompt's, as in the lens; any other count says what it counts
 * (`template text: −812 tok gpt-4o`).
 */
export function diffTitle(fileName: string, savings: readonly TokenSaving[], adjustedFor?: string, counted = RENDERED_PREFIX): string {
  const parts = savings.map(savingLabel);
  const label = counted.startsWith(RENDERED_PREFIX) ? '' : `${counted}: `;
  return `${fileName} ↔ ${adjustedFor ? `adjusted for ${adjustedFor}` : 'compressed'}${parts.length ? ` (${label}${parts.join(' · ')})` : ''}`;
}

/** How `savingsCountLabel` starts for the primary definition (the rendered prompt, as in the lens). */
const RENDERED_PREFIX = 'rendered';

/** Markdown-safe inline text: no line breaks, markdown syntax escaped. */
function inline(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/([\\`*_[\]|<>~])/g, '\\$1');
}

/** A code span that survives backticks inside the item. */
function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const fence = flat.includes('`') ? '``' : '`';
  return `${fence}${flat.includes('`') ? ` ${flat} ` : flat}${fence}`;
}

function missingSection(report: PreservationReport): string[] {
  const lines: string[] = ['## Preserved items', ''];
  if (report.missingCount === 0) {
    lines.push('Every number, URL, template variable, quoted string, code span, named entity and negation of the original is present.', '');
    return lines;
  }
  lines.push(`**${report.missingCount} item${report.missingCount === 1 ? '' : 's'} of the original ${report.missingCount === 1 ? 'is' : 'are'} missing** (highlighted on the original side of the diff):`, '');
  for (const category of REPORT_CATEGORIES) {
    const entries = report.missing[category];
    if (entries.length === 0) continue;
    lines.push(`### ${CATEGORY_TITLE[category]}`, '');
    for (const e of entries) {
      const counts = e.expected !== undefined ? ` — ${e.expected} in the original, ${e.found ?? 0} in the compressed text` : '';
      lines.push(`- ❌ ${code(e.item)}${counts}`);
    }
    lines.push('');
  }
  return lines;
}

function constraintSection(report: PreservationReport, judgeModel: string): string[] {
  const lines: string[] = [`## Constraints (judged by ${inline(judgeModel)})`, ''];
  if (report.constraints.length === 0) {
    lines.push('No MUST / NEVER / ALWAYS / ONLY constraints found in the original.', '');
    return lines;
  }
  lines.push('| # | Status | Constraint | Evidence |', '|---|---|---|---|');
  report.constraints.forEach((c, i) => {
    const detail = c.status === 'unjudged' ? (c.reason ?? '') : (c.evidence ?? '');
    lines.push(`| ${i + 1} | ${STATUS_LABEL[c.status]} | ${inline(c.constraint.text)} | ${inline(detail, 200)} |`);
  });
  lines.push('');
  return lines;
}

/** The preservation report as a markdown document (shown in the markdown preview). */
export function renderReportMarkdown(session: CompressionSession): string {
  const { report } = session;
  const adjusted = session.adjustFor ? FAMILY_GUIDANCE[session.adjustFor.family].label : undefined;
  const lines: string[] = [`# ${adjusted ? 'Adjust for Model' : 'Compression'} report: ${inline(session.fileName)}`, ''];
  const state = session.state === 'accepted' ? `**Accepted** — the ${adjusted ? 'rewritten' : 'compressed'} text was applied.`
    : session.state === 'discarded' ? '**Discarded** — the original was kept.'
    : report.blocking ? '**⛔ Review needed** — accepting requires an explicit confirmation.'
    : '**✅ Nothing was lost** — safe to accept.';
  lines.push(state, '');
  if (adjusted) lines.push(`- Rewritten for **${inline(adjusted)}**${session.adjustFor?.model ? ` (target ${inline(session.adjustFor.model)})` : ''} by **${inline(session.model)}**`);
  else lines.push(`- Compressed with **${inline(session.model)}** (${session.mode})`);
  lines.push(`- Constraints judged by **${inline(session.judgeModel)}**`);
  if (session.savings.length > 0) {
    lines.push(`- Tokens (${inline(session.savingsCounted)}): ${session.savings.map((s) => `${shortModelName(s.modelId)} ${s.exact ? '' : '≈'}${s.before} → ${s.exact ? '' : '≈'}${s.after} (${savingLabel(s).split(' tok')[0]})`).join(' · ')}`);
  }
  lines.push('');
  for (const note of session.notes) lines.push(`> ${inline(note, 400)}`, '');
  if (report.blocking) {
    lines.push('## Why accepting is blocked', '');
    for (const reason of report.blockingReasons) lines.push(`- ${inline(reason, 300)}`);
    lines.push('');
  }
  lines.push(...missingSection(report));
  lines.push(...constraintSection(report, session.judgeModel));
  if (report.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const w of report.warnings) lines.push(`- ${inline(w, 300)}`);
    lines.push('');
  }
  lines.push('## Summary', '');
  for (const s of report.summary) lines.push(`- ${inline(s, 300)}`);
  lines.push('');
  if (session.state === 'pending') {
    lines.push('Use **Promptscope: Accept Compression** or **Promptscope: Discard Compression** (buttons in the diff editor\'s title bar).', '');
  }
  return lines.join('\n');
}
