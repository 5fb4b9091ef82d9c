// The Prompt Audit report panel. No inline script or style (the CSP forbids them): the DOM is
// built here, styled by audit.css, themed only through --vscode-* variables.
import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { formatCalls, promptFlags } from '../core/audit/format';
import { approxPrefix, formatTokenCount, formatUsd } from '../core/pricing/format';
import type { AuditExportFormat, AuditPanelState, AuditReport, AuditRequests } from '../shared/auditProtocol';
import type { AuditPrompt } from '../core/audit/report';
import { HostConnection } from './rpc';
import './panel.css';
import './audit.css';
import { cssVar, el } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Filler, Legend, Tooltip);

const CHART_PROMPTS = 15;
const CHART_COLORS = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-orange', '--vscode-charts-yellow', '--vscode-charts-red'];
const SAVINGS_COLOR = '--vscode-charts-green';

type SortKey = 'prompt' | 'model' | 'tokens' | 'cacheable' | 'costPerCall' | 'monthlyCost' | 'savingsMonthly' | 'findings' | 'flags' | 'modified';

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric: boolean;
  /** What the column counts, when a number could be read two ways (shown as the header's tooltip). */
  readonly counts?: string;
  value(p: AuditPrompt): string | number;
}

const usd = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : formatUsd(n));

const COLUMNS: readonly Column[] = [
  { key: 'prompt', label: 'Prompt', numeric: false, value: (p) => p.relativePath },
  { key: 'model', label: 'Model', numeric: false, value: (p) => p.primaryModelId },
  { key: 'tokens', label: 'Tokens', numeric: true, counts: 'Input tokens of the rendered prompt (default input) on the primary model: the number of the editor\'s CodeLens', value: (p) => p.targets[0]?.tokens ?? 0 },
  { key: 'cacheable', label: 'Cacheable', numeric: true, value: (p) => p.targets[0]?.cacheablePrefixTokens ?? -1 },
  { key: 'costPerCall', label: '$/call', numeric: true, value: (p) => p.targets[0]?.costPerCall ?? -1 },
  { key: 'monthlyCost', label: '$/month', numeric: true, value: (p) => p.targets[0]?.monthlyCost ?? -1 },
  // One column for the safe fixes' tokens and dollars keeps the table within a normal editor width.
  { key: 'savingsMonthly', label: 'Safe fixes', numeric: true, counts: 'Tokens the safe compression fixes remove from the template text (partials included), and their $/month on the primary model', value: (p) => p.safeSavings.monthly ?? -1 },
  { key: 'findings', label: 'Findings', numeric: true, value: (p) => p.findingCount },
  { key: 'flags', label: 'Flags', numeric: false, value: (p) => promptFlags(p).join(', ') },
  { key: 'modified', label: 'Modified', numeric: false, value: (p) => p.modifiedAt ?? '' },
];

// ---------------------------------------------------------------------------------------------
// State

let state: AuditPanelState = { report: null, running: false, error: null };
let sortKey: SortKey = 'monthlyCost';
let sortDescending = true;
let chart: Chart | undefined;
let curveChart: Chart | undefined;
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
  curveChart?.destroy();
  curveChart = undefined;
  app.replaceChildren();
  app.setAttribute('aria-busy', state.running ? 'true' : 'false');
  const report = state.report;
  app.append(headerSection(report));
  if (state.error) app.append(el('p', { class: 'error', role: 'alert' }, `The audit failed: ${state.error}`));
  if (!report) {
    app.append(el('p', { class: 'empty' }, state.running ? 'Auditing…' : 'No report yet. Run "Promptscope: Prompt Audit".'));
    return;
  }
  // A report saved by an older version (restored after an update) has no lever fields: skip those parts.
  const hasLevers = report.costCurve !== undefined;
  app.append(totalsSection(report), ...(hasLevers ? [leversSection(report)] : []), chartSection(report), tableSection(report), rulesSection(report), ...(hasLevers ? [curveSection(report)] : []), duplicatesSection(report));
  if (report.selfHosting) app.append(selfHostingSection(report));
  if (report.partials.length) app.append(partialsSection(report));
  drawChart(report);
  if (hasLevers) drawCurve(report);
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
    const button = el('button', { type: 'button', class: 'sort', 'data-key': column.key, ...(column.counts ? { title: column.counts } : {}) }, column.label, el('span', { class: 'sort-indicator', 'aria-hidden': 'true' }, active ? (sortDescending ? '▼' : '▲') : ''));
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
  const cacheTitle = primary && primary.cacheablePrefixTokens !== null
    ? `${formatTokenCount(primary.cacheablePrefixTokens)} of ${formatTokenCount(primary.tokens)} tokens before the first varying part${p.cachePrefixEnd ? ` (${p.cachePrefixEnd.tag}, line ${p.cachePrefixEnd.line})` : ''}` +
      (primary.cacheMinimumTokens !== null ? `; provider minimum ${formatTokenCount(primary.cacheMinimumTokens)}` : '') +
      (p.cachingSavingsPerMonth !== null ? `; saves ${usd(p.cachingSavingsPerMonth)}/month` : '')
    : 'no caching data';
  const row = el('tr', { 'data-path': p.path, class: `clickable${p.overBudget ? ' over-budget' : ''}`, title: `Open ${p.relativePath}` },
    el('th', { scope: 'row', class: 'prompt-cell' }, open),
    el('td', { class: 'model-cell', title: `${p.primaryModelId}${others ? `\n${others}` : ''}` }, primary?.label ?? '—', p.targets.length > 1 ? el('span', { class: 'more' }, ` +${p.targets.length - 1}`) : null),
    el('td', { class: 'num' }, primary ? `${approx}${formatTokenCount(primary.tokens)}` : '—'),
    el('td', { class: `num cacheable${primary && primary.cacheMinimumTokens !== null && (primary.cacheablePrefixTokens ?? 0) < primary.cacheMinimumTokens ? ' below-minimum' : ''}`, title: cacheTitle },
      primary && primary.cacheablePrefixTokens != null ? `${formatTokenCount(primary.cacheablePrefixTokens)}/${formatTokenCount(primary.tokens)}` : '—'),
    el('td', { class: 'num' }, usd(primary?.costPerCall)),
    el('td', { class: 'num' }, usd(primary?.monthlyCost)),
    el('td', { class: 'num savings' }, p.safeSavings.tokens ? `−${formatTokenCount(p.safeSavings.tokens)} tok${p.safeSavings.monthly ? ` · ${usd(p.safeSavings.monthly)}` : ''}` : '—'),
    findingsCell,
    el('td', { title: observedTitle(p) }, ...flags.map((f) => el('span', { class: `flag ${f.replace(/\s+/g, '-')}` }, f))),
    el('td', { class: 'modified' }, p.modifiedAt ? p.modifiedAt.slice(0, 10) : '—'),
  );
  // The whole row opens the file (buttons inside keep their own targets); the name button is the keyboard path.
  row.addEventListener('click', (event) => {
    if ((event.target as Element | null)?.closest('button')) return;
    openFile(p.path, p.firstFindingLine ?? 1);
  });
  return row;
}

/** Observed output lengths (comparison runs) and the suggested limit, for the flags cell's tooltip. */
function observedTitle(p: AuditPrompt): string {
  const lines = (p.observedOutputs ?? []).map((o) => `${o.modelId}: output p50 ${formatTokenCount(o.p50)} · p95 ${formatTokenCount(o.p95)} · max ${formatTokenCount(o.max)} tokens (${o.samples} replies)`);
  if (p.suggestedMaxOutputTokens != null) lines.push(`suggested maxOutputTokens: ${formatTokenCount(p.suggestedMaxOutputTokens)} (quick fix in the editor)`);
  if (p.noOutputLimit && p.targets[0]?.worstCaseCostPerCall != null) lines.push(`worst case ${usd(p.targets[0].worstCaseCostPerCall)}/call without a limit`);
  return lines.join('\n');
}

function leversSection(report: AuditReport): HTMLElement {
  const t = report.totals;
  const batched = report.prompts.filter((p) => p.batch).length;
  const withTraffic = report.prompts.filter((p) => p.responseCache && p.responseCache.error === null).length;
  const suggested = report.prompts.filter((p) => p.suggestedMaxOutputTokens != null).length;
  return el('section', { id: 'audit-levers', class: 'totals levers', 'aria-label': 'Cost levers' },
    card('Prompt caching', `${usd(t.cachingSavingsPerMonth)}/mo`, 'static prefixes on the primary models', 'good'),
    card('Compression', `${usd(t.monthlySavings)}/mo`, 'safe fixes', 'good'),
    card('Batch', `${usd(t.batchSavingsPerMonth)}/mo`, batched ? `${batched} prompt(s) marked batch` : 'no prompt marked batch: true', batched ? 'good' : ''),
    card('Response cache', `${usd(t.responseCacheSavingsPerMonth)}/mo`, withTraffic ? `${withTraffic} prompt(s) with traffic samples` : 'no traffic samples (frontmatter traffic:)', withTraffic ? 'good' : ''),
    card('Worst-case output', `${usd(t.worstCaseMonthlyCostWithoutLimit)}/mo`, `${t.noOutputLimit} prompt(s) without maxOutputTokens${suggested ? `; ${suggested} with a limit suggested from comparison runs` : ''}`, t.noOutputLimit ? 'warn' : ''),
  );
}

function rulesSection(report: AuditReport): HTMLElement {
  const section = el('section', { id: 'audit-rules', 'aria-label': 'Findings by rule' }, el('h2', {}, 'Findings by rule'));
  const withFindings = report.prompts.filter((p) => p.findings.length);
  if (withFindings.length === 0) {
    section.append(el('p', { class: 'empty' }, 'No compression findings.'));
    return section;
  }
  const list = el('ul', { class: 'rules' });
  for (const p of withFindings) {
    const rules = el('span', { class: 'rule-list' });
    for (const f of p.findings) {
      const button = el('button', { type: 'button', class: 'link rule', title: `${f.count} finding(s), ${f.safe} with a safe fix; first at line ${f.firstLine}` },
        `${f.ruleId} ×${f.count}${f.tokensSaved ? ` (−${formatTokenCount(f.tokensSaved)})` : ''}`);
      button.addEventListener('click', () => openFile(f.path, f.firstLine));
      rules.append(button);
    }
    list.append(el('li', {}, el('strong', {}, p.relativePath), ': ', rules));
  }
  section.append(list);
  return section;
}

function curveSection(report: AuditReport): HTMLElement {
  const c = report.costCurve;
  const section = el('section', { id: 'audit-curve', class: 'chart-section', 'aria-label': 'Cost curve' },
    el('h2', {}, 'Cost curve and self-hosting band'),
    el('p', { class: 'hint' }, `Monthly input cost at ${c.callsPerUser} calls of each prompt per user per month. The shaded band is ${usd(c.band.lowUsd)}–${usd(c.band.highUsd)}/month of dedicated GPU capacity.`),
    el('div', { class: 'chart-box' }, el('canvas', { id: 'audit-curve-chart', role: 'img', 'aria-label': 'Line chart of monthly cost against users, per model and in total, with the self-hosting band' })),
  );
  const crossing = (n: number | null): string => (n === null ? 'never' : `${formatCalls(n)} users`);
  const body = el('tbody');
  for (const series of c.series) {
    body.append(el('tr', {},
      el('th', { scope: 'row' }, series.label),
      ...series.monthlyCost.map((v) => el('td', { class: 'num' }, usd(v))),
      el('td', { class: 'num' }, crossing(series.crossesLowAtUsers)),
      el('td', { class: 'num' }, crossing(series.crossesHighAtUsers)),
    ));
  }
  section.append(el('div', { class: 'table-scroll' }, el('table', { id: 'audit-curve-table' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Series'), ...c.users.map((u) => el('th', { scope: 'col', class: 'num' }, `${formatCalls(u)} users`)),
      el('th', { scope: 'col', class: 'num' }, `Reaches ${usd(c.band.lowUsd)}`), el('th', { scope: 'col', class: 'num' }, `Reaches ${usd(c.band.highUsd)}`))),
    body,
  )));
  return section;
}

function drawCurve(report: AuditReport): void {
  const canvas = document.getElementById('audit-curve-chart');
  if (!(canvas instanceof HTMLCanvasElement)) return;
  const c = report.costCurve;
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'));
  const bandColor = cssVar('--vscode-charts-red', '#f14c4c');
  const palette = [foreground, cssVar(SAVINGS_COLOR, foreground), ...CHART_COLORS.map((v) => cssVar(v, foreground))];
  // Log scales cannot show 0: a series with no cost is drawn as gaps.
  const positive = (v: number): number | null => (v > 0 ? v : null);
  const datasets = [
    { label: `Self-hosting ${usd(c.band.lowUsd)}`, data: c.users.map(() => c.band.lowUsd), borderColor: bandColor, backgroundColor: bandColor, borderDash: [6, 4], pointRadius: 0, fill: false, borderWidth: 1 },
    { label: `Self-hosting ${usd(c.band.highUsd)}`, data: c.users.map(() => c.band.highUsd), borderColor: bandColor, backgroundColor: withAlpha(bandColor, 0.18), borderDash: [6, 4], pointRadius: 0, fill: '-1' as const, borderWidth: 1 },
    ...c.series.map((series, i) => {
      const color = palette[i % palette.length] as string;
      return { label: series.label, data: series.monthlyCost.map(positive), borderColor: color, backgroundColor: color, pointRadius: 3, fill: false, borderWidth: series.id.startsWith('total') ? 3 : 1.5, borderDash: series.id === 'total-with-levers' ? [3, 3] : [] };
    }),
  ];
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  curveChart = new Chart(canvas, {
    type: 'line',
    data: { labels: c.users.map((u) => `${formatCalls(u)} users`), datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 250 },
      color: foreground,
      scales: {
        x: { ticks: { color: foreground }, grid: { color: grid }, title: { display: true, text: `users (${c.callsPerUser} calls of each prompt per user per month)`, color: foreground } },
        y: { type: 'logarithmic', ticks: { color: foreground, callback: (v) => formatUsd(Number(v)) }, grid: { color: grid }, title: { display: true, text: 'USD per month (log scale)', color: foreground } },
      },
      plugins: {
        legend: { labels: { color: foreground } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${usd(item.parsed.y)}` } },
      },
    },
  });
}

/** `#rrggbb` or `rgb(...)` with an alpha, for the band's fill. */
function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1] as string, 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/.exec(color.trim());
  if (rgb) {
    const [r, g, b] = (rgb[1] as string).split(',').map((x) => x.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
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
