// The Prompt Audit report panel. No inline script or style (the CSP forbids them): the DOM is
// built here, styled by audit.css, themed only through --vscode-* variables.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { formatCalls, promptFlags } from '../core/audit/format';
import { approxPrefix, formatTokenCount, formatUsd } from '../core/pricing/format';
import type { AuditExportFormat, AuditPanelState, AuditReport, AuditRequests } from '../shared/auditProtocol';
import type { AuditPrompt } from '../core/audit/report';
import { HostConnection } from './rpc';
import './audit.css';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const CHART_PROMPTS = 15;
const CHART_COLORS = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-orange', '--vscode-charts-yellow', '--vscode-charts-red'];
const SAVINGS_COLOR = '--vscode-charts-green';

type SortKey = 'prompt' | 'model' | 'tokens' | 'costPerCall' | 'monthlyCost' | 'savingsTokens' | 'savingsMonthly' | 'findings' | 'flags' | 'modified';

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric: boolean;
  value(p: AuditPrompt): string | number;
}

const usd = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : formatUsd(n));

const COLUMNS: readonly Column[] = [
  { key: 'prompt', label: 'Prompt', numeric: false, value: (p) => p.relativePath },
  { key: 'model', label: 'Model', numeric: false, value: (p) => p.primaryModelId },
  { key: 'tokens', label: 'Tokens', numeric: true, value: (p) => p.targets[0]?.tokens ?? 0 },
  { key: 'costPerCall', label: '$/call', numeric: true, value: (p) => p.targets[0]?.costPerCall ?? -1 },
  { key: 'monthlyCost', label: '$/month', numeric: true, value: (p) => p.targets[0]?.monthlyCost ?? -1 },
  { key: 'savingsTokens', label: 'Safe savings', numeric: true, value: (p) => p.safeSavings.tokens },
  { key: 'savingsMonthly', label: 'Savings $/month', numeric: true, value: (p) => p.safeSavings.monthly ?? -1 },
  { key: 'findings', label: 'Findings', numeric: true, value: (p) => p.findingCount },
  { key: 'flags', label: 'Flags', numeric: false, value: (p) => promptFlags(p).join(', ') },
  { key: 'modified', label: 'Modified', numeric: false, value: (p) => p.modifiedAt ?? '' },
];

// ---------------------------------------------------------------------------------------------
// DOM helpers

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value || fallback;
}

// ---------------------------------------------------------------------------------------------
// State

let state: AuditPanelState = { report: null, running: false, error: null };
let sortKey: SortKey = 'monthlyCost';
let sortDescending = true;
let chart: Chart | undefined;
let status = '';

const host = new HostConnection<AuditPanelState, AuditRequests, never, { sortKey: SortKey; sortDescending: boolean }>({
  onRestoreView(view) {
    if (COLUMNS.some((c) => c.key === view.sortKey)) sortKey = view.sortKey;
    sortDescending = view.sortDescending;
  },
  onState(next) {
    state = next;
    render();
  },
});

function setStatus(message: string): void {
  status = message;
  const node = document.getElementById('audit-status');
  if (node) node.textContent = message;
}

function openFile(path: string, line: number | null | undefined): void {
  host.request('open', { path, ...(line ? { line } : {}) }).catch((e: unknown) => setStatus(`Could not open ${path}: ${String(e)}`));
}

function exportReport(format: AuditExportFormat): void {
  host.request('export', { format }).then(
    (saved) => setStatus(saved ? `Saved to ${saved}` : 'Export cancelled.'),
    (e: unknown) => setStatus(`Export failed: ${String(e)}`),
  );
}

function rerun(): void {
  setStatus('Re-running the audit…');
  host.request('rerun', {}).then(
    (done) => setStatus(done ? 'Audit updated.' : 'Re-run cancelled; showing the previous report.'),
    (e: unknown) => setStatus(`Re-run failed: ${String(e)}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Rendering

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  chart?.destroy();
  chart = undefined;
  app.replaceChildren();
  app.setAttribute('aria-busy', state.running ? 'true' : 'false');
  const report = state.report;
  app.append(headerSection(report));
  if (state.error) app.append(el('p', { class: 'error', role: 'alert' }, `The audit failed: ${state.error}`));
  if (!report) {
    app.append(el('p', { class: 'empty' }, state.running ? 'Auditing…' : 'No report yet. Run "Promptscope: Prompt Audit".'));
    return;
  }
  app.append(totalsSection(report), chartSection(report), tableSection(report), duplicatesSection(report));
  if (report.selfHosting) app.append(selfHostingSection(report));
  if (report.partials.length) app.append(partialsSection(report));
  drawChart(report);
}

function headerSection(report: AuditReport | null): HTMLElement {
  const exports = (['md', 'csv', 'json'] as const).map((format) => {
    const button = el('button', { class: 'export', type: 'button', 'data-format': format }, { md: 'Export Markdown', csv: 'Export CSV', json: 'Export JSON' }[format]);
    button.disabled = !report;
    button.addEventListener('click', () => exportReport(format));
    return button;
  });
  const again = el('button', { class: 'rerun secondary', type: 'button', id: 'audit-rerun' }, state.running ? 'Running…' : 'Re-run');
  again.disabled = state.running;
  again.addEventListener('click', rerun);
  const subtitle = report
    ? `${formatTokenCount(report.totals.prompts)} prompts · ${formatCalls(report.settings.callsPerMonth)} calls per prompt per month · input cost on each prompt's primary model · ${new Date(report.generatedAt).toLocaleString()}`
    : '';
  return el('header', { class: 'audit-header' },
    el('div', {}, el('h1', {}, 'Prompt Audit'), el('p', { class: 'subtitle' }, subtitle)),
    el('div', { class: 'actions' }, again, ...exports),
    el('p', { id: 'audit-status', class: 'status', role: 'status', 'aria-live': 'polite' }, status),
  );
}

function card(label: string, value: string, detail: string, modifier = ''): HTMLElement {
  return el('div', { class: `card${modifier ? ` ${modifier}` : ''}` }, el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value), el('div', { class: 'card-detail' }, detail));
}

function totalsSection(report: AuditReport): HTMLElement {
  const t = report.totals;
  return el('section', { id: 'audit-totals', class: 'totals', 'aria-label': 'Totals' },
    card('Monthly cost', usd(t.monthlyCost), t.unpriced ? `${t.unpriced} prompt(s) without a price` : 'all prompts, primary models'),
    card('Safe savings', `${usd(t.monthlySavings)}/mo`, `−${formatTokenCount(t.savingsTokensPerCallSet)} tokens per call across prompts`, 'good'),
    card('Prompts', formatTokenCount(t.prompts), t.partials ? `+ ${t.partials} partial(s)` : 'no partials'),
    card('Findings', formatTokenCount(t.findings), 'compression findings'),
    card('Over budget', String(t.overBudget), t.exceedsContext ? `${t.exceedsContext} exceed a context window` : 'prompts', t.overBudget ? 'bad' : ''),
    card('No output limit', String(t.noOutputLimit), 'prompts without maxOutputTokens', t.noOutputLimit ? 'warn' : ''),
  );
}

function chartSection(report: AuditReport): HTMLElement {
  const shown = Math.min(CHART_PROMPTS, report.prompts.length);
  return el('section', { class: 'chart-section', 'aria-label': 'Monthly cost chart' },
    el('h2', {}, `Monthly cost per prompt and model${report.prompts.length > shown ? ` (top ${shown})` : ''}`),
    el('div', { class: 'chart-box' }, el('canvas', { id: 'audit-chart', role: 'img', 'aria-label': 'Bar chart of the monthly cost of each prompt on each of its models, and the monthly savings of its safe fixes' })),
  );
}

function drawChart(report: AuditReport): void {
  const canvas = document.getElementById('audit-chart');
  if (!(canvas instanceof HTMLCanvasElement)) return;
  const prompts = [...report.prompts].sort((a, b) => (b.targets[0]?.monthlyCost ?? 0) - (a.targets[0]?.monthlyCost ?? 0)).slice(0, CHART_PROMPTS);
  const models = [...new Set(prompts.flatMap((p) => p.targets.map((t) => t.modelId)))];
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'));
  const datasets = models.map((modelId, i) => {
    const color = cssVar(CHART_COLORS[i % CHART_COLORS.length] as string, foreground);
    return {
      label: modelId,
      data: prompts.map((p) => p.targets.find((t) => t.modelId === modelId)?.monthlyCost ?? null),
      backgroundColor: color,
      borderColor: color,
    };
  });
  const savingsColor = cssVar(SAVINGS_COLOR, foreground);
  datasets.push({ label: 'Safe savings (primary model)', data: prompts.map((p) => p.safeSavings.monthly), backgroundColor: savingsColor, borderColor: savingsColor });
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: prompts.map((p) => shortName(p.relativePath)), datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 250 },
      color: foreground,
      scales: {
        x: { ticks: { color: foreground, autoSkip: false, maxRotation: 45 }, grid: { color: grid } },
        y: { ticks: { color: foreground, callback: (v) => formatUsd(Number(v)) }, grid: { color: grid }, title: { display: true, text: 'USD per month', color: foreground } },
      },
      plugins: {
        legend: { labels: { color: foreground } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${usd(item.parsed.y)}` } },
      },
      onClick: (_event, elements) => {
        const index = elements[0]?.index;
        const p = index !== undefined ? prompts[index] : undefined;
        if (p) openFile(p.path, p.firstFindingLine ?? 1);
      },
    },
  });
}

function shortName(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.length > 28 ? `${name.slice(0, 27)}…` : name;
}

function sortedPrompts(report: AuditReport): AuditPrompt[] {
  const column = COLUMNS.find((c) => c.key === sortKey) ?? (COLUMNS[4] as Column);
  const factor = sortDescending ? -1 : 1;
  return [...report.prompts].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order * factor || a.relativePath.localeCompare(b.relativePath);
  });
}

function tableSection(report: AuditReport): HTMLElement {
  const headRow = el('tr');
  for (const column of COLUMNS) {
    const active = column.key === sortKey;
    const button = el('button', { type: 'button', class: 'sort', 'data-key': column.key }, column.label, el('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, active ? (sortDescending ? '▼' : '▲') : ''));
    button.addEventListener('click', () => {
      if (sortKey === column.key) sortDescending = !sortDescending;
      else {
        sortKey = column.key;
        sortDescending = column.numeric;
      }
      host.saveView({ sortKey, sortDescending });
      // Only the table changes: the chart keeps its state.
      document.getElementById('audit-prompts')?.replaceWith(tableSection(report));
      (document.querySelector(`button.sort[data-key="${column.key}"]`) as HTMLButtonElement | null)?.focus();
    });
    headRow.append(el('th', { scope: 'col', class: column.numeric ? 'num' : '', 'aria-sort': active ? (sortDescending ? 'descending' : 'ascending') : 'none' }, button));
  }
  const body = el('tbody');
  for (const p of sortedPrompts(report)) body.append(promptRow(p));
  return el('section', { id: 'audit-prompts', class: 'table-section', 'aria-label': 'Prompts' },
    el('h2', {}, 'Prompts'),
    el('div', { class: 'table-scroll' }, el('table', { id: 'audit-table' }, el('caption', { class: 'visually-hidden' }, 'Prompts of the audit; column headers sort the table'), el('thead', {}, headRow), body)),
  );
}

function promptRow(p: AuditPrompt): HTMLTableRowElement {
  const primary = p.targets[0];
  const approx = approxPrefix(primary?.exact ?? true);
  const open = el('button', { type: 'button', class: 'link open', title: `Open ${p.relativePath}${p.firstFindingLine ? ` at line ${p.firstFindingLine}` : ''}` }, p.relativePath);
  open.addEventListener('click', () => openFile(p.path, p.firstFindingLine ?? 1));
  const others = p.targets.slice(1).map((t) => `${t.label} ${approxPrefix(t.exact)}${formatTokenCount(t.tokens)} tok · ${usd(t.monthlyCost)}/mo`).join('\n');
  const findingsCell = el('td', { class: 'num' });
  const first = p.findings[0];
  if (p.findingCount && first) {
    const button = el('button', { type: 'button', class: 'link findings', title: p.findings.map((f) => `${f.ruleId} ×${f.count} (−${f.tokensSaved} tok)`).join('\n') }, String(p.findingCount));
    button.addEventListener('click', () => openFile(p.firstFindingLine !== null ? p.path : first.path, p.firstFindingLine ?? first.firstLine));
    findingsCell.append(button);
  } else findingsCell.append('0');
  const flags = promptFlags(p);
  return el('tr', { 'data-path': p.path, class: p.overBudget ? 'over-budget' : '' },
    el('th', { scope: 'row' }, open),
    el('td', { title: others || 'the only target' }, primary?.label ?? '—', p.targets.length > 1 ? el('span', { class: 'more' }, ` +${p.targets.length - 1}`) : null),
    el('td', { class: 'num' }, primary ? `${approx}${formatTokenCount(primary.tokens)}` : '—'),
    el('td', { class: 'num' }, usd(primary?.costPerCall)),
    el('td', { class: 'num' }, usd(primary?.monthlyCost)),
    el('td', { class: 'num' }, p.safeSavings.tokens ? `−${formatTokenCount(p.safeSavings.tokens)} tok` : '—'),
    el('td', { class: 'num' }, p.safeSavings.monthly ? usd(p.safeSavings.monthly) : '—'),
    findingsCell,
    el('td', {}, ...flags.map((f) => el('span', { class: `flag ${f.replace(/\s+/g, '-')}` }, f))),
    el('td', {}, p.modifiedAt ? p.modifiedAt.slice(0, 10) : '—'),
  );
}

function duplicatesSection(report: AuditReport): HTMLElement {
  const section = el('section', { id: 'audit-duplicates', 'aria-label': 'Duplicated passages' }, el('h2', {}, 'Duplicated passages'));
  if (report.duplicatedPassages.length === 0) {
    section.append(el('p', { class: 'empty' }, 'No passage of 12 words or more appears in two prompts.'));
    return section;
  }
  section.append(el('p', { class: 'hint' }, 'Text shared by several prompts: candidates for a partial (_name.prompt, included with {{> name}}).'));
  const list = el('ol', { class: 'passages' });
  for (const passage of report.duplicatedPassages) {
    const where = el('div', { class: 'occurrences' });
    for (const o of passage.occurrences) {
      const button = el('button', { type: 'button', class: 'link occurrence' }, `${o.relativePath}:${o.line}`);
      button.addEventListener('click', () => openFile(o.path, o.line));
      where.append(button);
    }
    list.append(el('li', {},
      el('blockquote', {}, passage.excerpt),
      el('div', { class: 'meta' }, `${passage.kind} · ${passage.words} words · ≈${formatTokenCount(passage.tokens)} tokens · ${passage.occurrences.length} places`),
      where,
    ));
  }
  section.append(list);
  return section;
}

function selfHostingSection(report: AuditReport): HTMLElement {
  const s = report.selfHosting;
  const section = el('section', { id: 'audit-self-hosting', 'aria-label': 'Self-hosting' }, el('h2', {}, 'Self-hosting'));
  if (!s) return section;
  section.append(el('p', {},
    `Threshold ${usd(s.thresholdUsd)}/month of dedicated capacity. All prompts together cost ${usd(s.totalMonthlyCost)}/month at ${formatCalls(s.callsPerMonth)} calls each — `,
    el('strong', {}, s.totalCrosses ? 'above the threshold' : 'below the threshold'),
    s.totalBreakEvenCallsPerMonth !== null ? `; they cross it from ${formatCalls(s.totalBreakEvenCallsPerMonth)} calls per prompt per month.` : '.',
  ));
  section.append(el('p', {}, s.crossing.length ? `Crossing on their own: ${s.crossing.length} prompt(s).` : 'No prompt crosses it on its own at this volume.'));
  const body = el('tbody');
  for (const p of s.prompts) {
    const open = el('button', { type: 'button', class: 'link' }, p.relativePath);
    open.addEventListener('click', () => openFile(p.path, 1));
    body.append(el('tr', { class: p.crosses ? 'crosses' : '' },
      el('th', { scope: 'row' }, open),
      el('td', {}, p.modelId),
      el('td', { class: 'num' }, usd(p.monthlyCost)),
      el('td', {}, p.crosses ? 'yes' : 'no'),
      el('td', { class: 'num' }, formatCalls(p.breakEvenCallsPerMonth)),
    ));
  }
  section.append(el('div', { class: 'table-scroll' }, el('table', { class: 'self-hosting' },
    el('thead', {}, el('tr', {}, ...['Prompt', 'Model', '$/month', 'Crosses now', 'Crosses from (calls/month)'].map((h) => el('th', { scope: 'col' }, h)))),
    body,
  )));
  return section;
}

function partialsSection(report: AuditReport): HTMLElement {
  const list = el('ul', { class: 'partials' });
  for (const p of report.partials) {
    const open = el('button', { type: 'button', class: 'link' }, p.relativePath);
    open.addEventListener('click', () => openFile(p.path, p.findings[0]?.firstLine ?? 1));
    const findings = p.findings.reduce((sum, f) => sum + f.count, 0);
    list.append(el('li', {}, open, ` — included by ${p.includedBy.length} prompt(s) · ${findings} finding(s) · −${formatTokenCount(p.safeSavingsTokens)} tokens from safe fixes`));
  }
  return el('section', { id: 'audit-partials', 'aria-label': 'Partials' }, el('h2', {}, 'Partials'), el('p', { class: 'hint' }, 'Their savings count in every prompt that includes them.'), list);
}

// Re-theme the chart when VS Code switches themes (the body's class changes).
new MutationObserver(() => {
  if (state.report) render();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

render();
