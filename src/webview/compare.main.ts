// The Compare Models panel: columns = models (or variants, each on its own model), rows = inputs,
// outputs streaming into cells. No
// inline script or style (the CSP forbids them); themed only through --vscode-* variables.
// Streaming stays cheap: the host batches chunks, and this side applies them once per animation
// frame, touching only the cells that changed (text is appended to a text node; Markdown is
// rendered once, when a cell is done).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { formatTokenCount, formatUsd } from '../core/pricing/format';
import { columnTitle } from '../core/runs/columns';
import { formatMs, latencyLabel } from '../core/runs/format';
import type { ColumnSummary, ComparePanelState, ComparePatch, CompareRequests, RunCell, RunColumn, RunFile, RunRow } from '../shared/compareProtocol';
import { renderMarkdown } from './markdown';
import { HostConnection } from './rpc';
import './panel.css';
import './compare.css';
import { cssVar, el } from './dom';

Chart.register(ScatterController, PointElement, LinearScale, Legend, Tooltip);

const CHART_COLORS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
/** How often a streaming panel saves its state for a reload (setState copies the whole run). */
const PERSIST_EVERY_MS = 1000;
const CHART_EVERY_MS = 1000;
/** Cell redraws stop after this much work in a frame and go on in the next (300 cells never block). */
const FRAME_BUDGET_MS = 8;

/** What the webview keeps for itself across hide/reload: which cells show raw text. */
interface ViewSettings { readonly raw: readonly string[] }

// ---------------------------------------------------------------------------------------------
// DOM helpers

function button(label: string, attrs: Record<string, string>, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', (e) => { e.stopPropagation(); onClick(); });
  return b;
}

/** A themed toolbar button (@vscode-elements): Enter/Space and focus handled by the component. */
function toolbarButton(label: string, attrs: Record<string, string>, onClick: () => void, secondary = true): HTMLElement {
  const b = document.createElement('vscode-button');
  for (const [name, value] of Object.entries(attrs)) b.setAttribute(name, value);
  if (secondary) b.setAttribute('secondary', '');
  b.textContent = label;
  b.addEventListener('click', () => { if (!b.hasAttribute('disabled')) onClick(); });
  return b;
}

const usd = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : formatUsd(n));
const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

// ---------------------------------------------------------------------------------------------
// State

let state: ComparePanelState = { run: null, running: false, savedAs: null, notice: null };
let rawCells = new Set<string>();
const retryNotes = new Map<string, string>();
/** The first cell picked for a diff, waiting for the second. */
let diffFrom: string | null = null;
let statusMessage = '';

// Work waiting for the next animation frame.
const pendingText = new Map<string, string>();
const dirtyCells = new Set<string>();
const dirtyColumns = new Set<number>();
let headerDirty = false;
let frameRequested = false;
let persistTimer: ReturnType<typeof setTimeout> | undefined;
let chart: Chart | undefined;
let chartDrawnAt = 0;
let chartTimer: ReturnType<typeof setTimeout> | undefined;
let cellIndex = new Map<string, RunCell>();
/** The grid's cells by id (built with the table). */
const cellElements = new Map<string, HTMLElement>();
/** The grid cell that takes Tab focus (roving tabindex); arrow keys move it. */
let activeCell: string | null = null;

const host = new HostConnection<ComparePanelState, CompareRequests, ComparePatch, ViewSettings>({
  onRestoreView(view) {
    rawCells = new Set(Array.isArray(view.raw) ? view.raw : []);
  },
  onState(next) {
    state = next;
    retryNotes.clear();
    pendingText.clear();
    indexCells();
    renderAll();
  },
  onEvent(event) {
    if (event.type === 'patch') applyPatch(event);
  },
});

function indexCells(): void {
  cellIndex = new Map((state.run?.cells ?? []).map((c) => [c.id, c]));
}

function setStatus(message: string): void {
  statusMessage = message;
  const node = document.getElementById('compare-status');
  if (node) node.textContent = message;
}

function call<M extends keyof CompareRequests & string>(method: M, params: CompareRequests[M]['params'], done?: (result: CompareRequests[M]['result']) => void): void {
  host.request(method, params).then(
    (result) => done?.(result),
    (e: unknown) => setStatus(`${method} failed: ${e instanceof Error ? e.message : String(e)}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Streaming updates

function applyPatch(patch: ComparePatch): void {
  const run = state.run;
  if (!run) return;
  // cellIndex is the live copy; run.cells catches up when the state is persisted.
  for (const c of patch.cells ?? []) {
    cellIndex.set(c.id, c);
    pendingText.delete(c.id); // the whole cell carries its output so far
    if (c.status !== 'running') retryNotes.delete(c.id);
    dirtyCells.add(c.id);
    dirtyColumns.add(c.column);
  }
  for (const [cellId, text] of patch.chunks ?? []) {
    const cell = cellIndex.get(cellId);
    if (!cell) continue;
    cellIndex.set(cellId, { ...cell, output: cell.output + text, status: 'running' });
    pendingText.set(cellId, (pendingText.get(cellId) ?? '') + text);
    if (retryNotes.delete(cellId) || cell.status !== 'running') dirtyCells.add(cellId);
  }
  for (const [cellId, note] of patch.retries ?? []) {
    retryNotes.set(cellId, note);
    dirtyCells.add(cellId);
  }
  let columns = run.columns;
  if (patch.summaries?.length) {
    const summaries = new Map(patch.summaries);
    columns = columns.map((c) => {
      const summary = summaries.get(c.index);
      return summary ? { ...c, summary } : c;
    });
    for (const index of summaries.keys()) dirtyColumns.add(index);
  }
  state = {
    ...state,
    run: { ...run, columns },
    ...(patch.running !== undefined ? { running: patch.running } : {}),
    ...(patch.savedAs !== undefined ? { savedAs: patch.savedAs } : {}),
  };
  headerDirty = true;
  scheduleFrame();
  schedulePersist();
}

/** The state with the live cells folded back into the run. */
function syncedState(): ComparePanelState {
  const run = state.run;
  if (!run) return state;
  state = { ...state, run: { ...run, cells: run.cells.map((c) => cellIndex.get(c.id) ?? c) } };
  return state;
}

function scheduleFrame(): void {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(flush);
}

function flush(): void {
  frameRequested = false;
  const run = state.run;
  if (!run) return;
  const started = performance.now();
  for (const [cellId, text] of pendingText) {
    if (dirtyCells.has(cellId)) continue;
    const stream = cellElements.get(cellId)?.querySelector('.output-stream');
    if (stream?.firstChild instanceof Text) stream.firstChild.appendData(text);
    else dirtyCells.add(cellId);
  }
  pendingText.clear();
  for (const cellId of dirtyCells) {
    if (performance.now() - started > FRAME_BUDGET_MS) {
      scheduleFrame();
      break;
    }
    dirtyCells.delete(cellId);
    const cell = cellIndex.get(cellId);
    const td = cellElements.get(cellId);
    if (cell && td) fillCell(td, cell, run);
  }
  for (const index of dirtyColumns) {
    const column = run.columns[index];
    const th = document.querySelector<HTMLElement>(`[role="columnheader"][data-column="${index}"]`);
    if (column && th) fillColumnHeader(th, column);
  }
  if (dirtyColumns.size) scheduleChart();
  dirtyColumns.clear();
  if (headerDirty) updateHeader();
  headerDirty = false;
}

function schedulePersist(): void {
  if (persistTimer !== undefined) return;
  persistTimer = setTimeout(() => {
    persistTimer = undefined;
    host.saveState(syncedState());
  }, state.running ? PERSIST_EVERY_MS : 0);
}

function scheduleChart(): void {
  if (chartTimer !== undefined) return;
  const wait = Math.max(0, chartDrawnAt + CHART_EVERY_MS - Date.now());
  chartTimer = setTimeout(() => {
    chartTimer = undefined;
    updateChart();
  }, wait);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderAll(): void {
  const app = document.getElementById('app');
  if (!app) return;
  chart?.destroy();
  chart = undefined;
  app.replaceChildren();
  cellElements.clear();
  dirtyCells.clear();
  pendingText.clear();
  const run = state.run;
  app.append(headerSection(run));
  if (state.notice) app.append(el('p', { class: 'notice', role: 'alert' }, state.notice));
  if (!run) {
    app.append(el('p', { class: 'empty' }, 'No comparison yet. Run "Promptscope: Compare Models…" on a prompt file.'));
    app.setAttribute('aria-busy', 'false');
    return;
  }
  app.append(chartSection(), gridSection(run));
  updateHeader();
  updateChart();
  scheduleFrame();
}

function headerSection(run: RunFile | null): HTMLElement {
  const subtitle = run
    ? `${run.columns.length} ${run.columns.some((c) => c.prompt) ? 'variant' : 'model'}${run.columns.length === 1 ? '' : 's'} × ${run.rows.length} input${run.rows.length === 1 ? '' : 's'} · ${new Date(run.createdAt).toLocaleString()}`
    : '';
  const title = run ? el('h1', {}, 'Compare: ', (() => {
    const b = button(run.promptPath, { class: 'link prompt-link', title: 'Open the prompt file' }, () => call('openPrompt', {}));
    return b;
  })()) : el('h1', {}, 'Compare Models');
  const cancel = toolbarButton('Cancel All', { id: 'compare-cancel-all', 'aria-label': 'Cancel all running and queued cells' }, () => call('cancelAll', {}, (n) => setStatus(n ? `Cancelled ${n} cell(s).` : 'Nothing to cancel.')));
  const exportMd = toolbarButton('Export Markdown', { id: 'compare-export-md' }, () => call('export', { format: 'md' }, (saved) => setStatus(saved ? `Saved to ${saved}` : 'Export cancelled.')));
  const exportPf = toolbarButton('Export promptfoo Config', { id: 'compare-export-promptfoo' }, () => call('export', { format: 'promptfoo' }, (saved) => setStatus(saved ? `Saved to ${saved}` : 'Export cancelled.')));
  const runs = toolbarButton('Runs…', { id: 'compare-runs' }, () => call('openRuns', {}));
  if (!run) for (const b of [cancel, exportMd, exportPf]) b.setAttribute('disabled', '');
  const bar = el('progress', { id: 'compare-progress', max: '1', value: '0', 'aria-label': 'Comparison progress' });
  return el('header', { class: 'compare-header' },
    el('div', { class: 'titles' }, title, el('p', { class: 'subtitle', id: 'compare-subtitle' }, subtitle)),
    el('div', { class: 'actions' }, cancel, runs, exportMd, exportPf),
    el('div', { class: 'progress-line' }, bar, el('span', { id: 'compare-progress-text', class: 'progress-text' })),
    el('p', { id: 'compare-status', class: 'status', role: 'status', 'aria-live': 'polite' }, statusMessage),
  );
}

function counts(): { finished: number; total: number; running: number } {
  let finished = 0;
  let running = 0;
  for (const c of cellIndex.values()) {
    if (c.status === 'running') running++;
    else if (c.status !== 'queued') finished++;
  }
  return { finished, total: cellIndex.size, running };
}

function updateHeader(): void {
  const run = state.run;
  const app = document.getElementById('app');
  app?.setAttribute('aria-busy', state.running ? 'true' : 'false');
  if (!run) return;
  const { finished, total, running } = counts();
  const bar = document.getElementById('compare-progress');
  if (bar instanceof HTMLProgressElement) {
    bar.max = Math.max(1, total);
    bar.value = finished;
  }
  const text = document.getElementById('compare-progress-text');
  if (text) {
    const saved = state.savedAs ? ` · saved as ${state.savedAs}` : '';
    text.textContent = state.running ? `${finished} of ${total} done · ${running} running${saved}` : `${finished} of ${total} done${saved}`;
  }
  const cancel = document.getElementById('compare-cancel-all');
  if (cancel) {
    if (state.running) cancel.removeAttribute('disabled');
    else cancel.setAttribute('disabled', '');
  }
}

function chartSection(): HTMLElement {
  return el('section', { class: 'chart-section', 'aria-label': 'Cost and pass rate per model' },
    el('div', { class: 'chart-box' }, el('canvas', { id: 'compare-chart', role: 'img', 'aria-label': 'Scatter chart: mean cost per call (x) against pass rate (y), one point per model' })),
  );
}

function updateChart(): void {
  chartDrawnAt = Date.now();
  const run = state.run;
  const canvas = document.getElementById('compare-chart');
  if (!run || !(canvas instanceof HTMLCanvasElement)) return;
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--vscode-editorWidget-border', cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'));
  const datasets = run.columns.map((column, i) => {
    const color = cssVar(CHART_COLORS[i % CHART_COLORS.length] as string, foreground);
    const { meanCostUsd, passRate } = column.summary;
    return {
      label: columnTitle(column),
      data: meanCostUsd !== null && passRate !== null ? [{ x: meanCostUsd, y: passRate * 100 }] : [],
      backgroundColor: color,
      borderColor: color,
      pointRadius: 7,
      pointHoverRadius: 9,
    };
  });
  if (chart) {
    chart.data.datasets = datasets;
    chart.update('none');
    return;
  }
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  chart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 200 },
      color: foreground,
      scales: {
        x: { beginAtZero: true, ticks: { color: foreground, callback: (v) => formatUsd(Number(v)) }, grid: { color: grid }, title: { display: true, text: 'Mean cost per call (USD)', color: foreground } },
        y: { min: 0, max: 100, ticks: { color: foreground, callback: (v) => `${String(v)}%` }, grid: { color: grid }, title: { display: true, text: 'Pass rate', color: foreground } },
      },
      plugins: {
        legend: { labels: { color: foreground } },
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${usd(item.parsed.x)} per call, ${Math.round(item.parsed.y ?? 0)}% pass` } },
      },
    },
  });
}

/**
 * The grid: rows of CSS grid (not a <table>, whose layout is recomputed as a whole whenever any
 * cell grows); each row skips rendering while off screen (content-visibility), so 300 streaming
 * cells cost what the visible ones cost.
 */
function gridSection(run: RunFile): HTMLElement {
  const headRow = el('div', { role: 'row', class: 'grid-row header-row' }, el('div', { role: 'columnheader', class: 'corner' }, 'Input'));
  for (const column of run.columns) {
    const th = el('div', { role: 'columnheader', 'data-column': String(column.index), class: 'model-header' });
    fillColumnHeader(th, column);
    headRow.append(th);
  }
  const byPosition = new Map(run.cells.filter((c) => c.repeat === 0).map((c) => [`${c.row}:${c.column}`, c]));
  const firstCell = run.cells.find((c) => c.repeat === 0);
  if (!activeCell || !cellIndex.has(activeCell)) activeCell = firstCell?.id ?? null;
  const grid = el('div', {
    id: 'compare-grid',
    role: 'grid',
    'aria-rowcount': String(run.rows.length + 1),
    'aria-colcount': String(run.columns.length + 1),
    'aria-label': 'Outputs: one row per input, one column per model. Arrow keys move between cells; Enter goes into a cell, Escape back out.',
  }, headRow);
  // Fixed tracks (set through the CSSOM, which the CSP allows): a cell's content never resizes the others.
  grid.style.setProperty('--model-columns', String(Math.max(1, run.columns.length)));
  for (const row of run.rows) {
    const tr = el('div', { role: 'row', class: 'grid-row', 'data-row': String(row.index) }, rowHeader(row));
    for (const column of run.columns) {
      const cell = byPosition.get(`${row.index}:${column.index}`);
      const td = el('div', { role: 'gridcell', class: 'cell' });
      if (cell) {
        td.dataset.cellId = cell.id;
        td.tabIndex = cell.id === activeCell ? 0 : -1;
        // The status class now, the content in the next frames (within the frame budget).
        td.className = `cell status-${cell.status}`;
        cellElements.set(cell.id, td);
        dirtyCells.add(cell.id);
      }
      tr.append(td);
    }
    grid.append(tr);
  }
  grid.addEventListener('keydown', onGridKey);
  grid.addEventListener('focusin', (e) => {
    const td = (e.target as HTMLElement).closest<HTMLElement>('.cell[data-cell-id]');
    if (td?.dataset.cellId) setActiveCell(td.dataset.cellId, false);
  });
  return el('section', { class: 'grid-section', 'aria-label': 'Outputs' }, el('div', { class: 'grid-scroll' }, grid));
}

function rowHeader(row: RunRow): HTMLElement {
  const input = JSON.stringify(row.input);
  const preview = input.length > 160 ? `${input.slice(0, 159)}…` : input;
  return el('div', { role: 'rowheader', class: 'row-header', title: input },
    el('div', { class: 'sample-id' }, row.sample),
    el('div', { class: 'input-preview' }, preview === '{}' ? '(no input variables)' : preview),
    row.assert.length ? el('div', { class: 'meta' }, `${row.assert.length} assertion${row.assert.length === 1 ? '' : 's'}`) : null,
    row.renderError ? el('div', { class: 'error' }, row.renderError) : null,
  );
}

function summaryLine(summary: ColumnSummary): string {
  const parts = [
    `pass ${percent(summary.passRate)}${summary.passRate !== null ? ` (${summary.passed}/${summary.done + summary.failed})` : ''}`,
    `${usd(summary.totalCostUsd)} total · ${usd(summary.meanCostUsd)} mean`,
    `p50 ${formatMs(summary.p50LatencyMs)} · p95 ${formatMs(summary.p95LatencyMs)}`,
    summary.tokensPerSecond !== null ? `${Math.round(summary.tokensPerSecond)} tok/s` : '— tok/s',
  ];
  return parts.join(' · ');
}

function fillColumnHeader(th: HTMLElement, column: RunColumn): void {
  const summary = column.summary;
  const failedAll = summary.failed > 0 && summary.failed === summary.cells;
  const firstError = failedAll ? [...cellIndex.values()].find((c) => c.column === column.index && c.error)?.error?.message : undefined;
  const title = columnTitle(column);
  th.replaceChildren(
    column.prompt ? el('div', { class: 'variant-label', title: column.prompt.path }, column.prompt.label) : '',
    el('div', { class: 'model-id' }, column.model),
    el('div', { class: 'meta' }, column.endpoint ? `via ${column.endpoint}` : ''),
    el('div', { class: 'summary', 'data-summary': String(column.index) }, summaryLine(summary)),
    column.configError ? el('div', { class: 'error', role: 'alert' }, column.configError) : '',
    firstError && !column.configError ? el('div', { class: 'error column-error' }, `Every cell failed: ${firstError}`) : '',
    el('div', { class: 'column-actions' },
      button('Show Request', { class: 'secondary small show-request', 'aria-label': `Show the request sent to ${title}` }, () => call('showRequest', { column: column.index })),
      button('Rerun Column', { class: 'secondary small rerun-column', 'aria-label': `Rerun every cell of ${title}` }, () => call('rerunColumn', { column: column.index })),
    ),
  );
}

function cellStatusText(cell: RunCell): string {
  const retry = retryNotes.get(cell.id);
  if (retry && (cell.status === 'running' || cell.status === 'queued')) return retry;
  switch (cell.status) {
    case 'queued': return 'queued';
    case 'running': return cell.output ? 'streaming…' : 'waiting for the first token…';
    case 'done': return '';
    case 'failed': return 'failed';
    case 'cancelled': return 'cancelled';
  }
}

function metricsText(cell: RunCell): string {
  const parts: string[] = [];
  if (cell.ttftMs !== undefined) parts.push(`TTFT ${formatMs(cell.ttftMs)}`);
  if (cell.latencyMs !== undefined) parts.push(formatMs(cell.latencyMs));
  if (cell.usage) parts.push(cell.usage.reported ? `${formatTokenCount(cell.usage.inputTokens)} → ${formatTokenCount(cell.usage.outputTokens)} tok` : 'no usage reported');
  if (cell.costUsd !== undefined) parts.push(usd(cell.costUsd));
  else if (cell.status === 'done') parts.push('no price');
  if (cell.finishReason) parts.push(cell.finishReason);
  return parts.join(' · ');
}

function fillCell(td: HTMLElement, cell: RunCell, run: RunFile): void {
  const raw = rawCells.has(cell.id);
  td.className = `cell status-${cell.status}${cell.status === 'done' ? (cell.pass ? ' pass' : ' fail') : ''}${diffFrom === cell.id ? ' diff-source' : ''}`;
  const column = run.columns[cell.column];
  td.setAttribute('aria-label', `${column ? columnTitle(column) : ''}, input ${run.rows[cell.row]?.sample ?? ''}: ${cell.status}`);
  const status = cellStatusText(cell);
  const head = el('div', { class: 'cell-head' },
    status ? el('span', { class: `cell-status ${retryNotes.has(cell.id) ? 'retrying' : ''}` }, status) : null,
    cell.cached ? el('span', { class: 'cached', title: cell.cachedAt ? `From the response cache; first answered ${new Date(cell.cachedAt).toLocaleString()}` : 'From the response cache' }, latencyLabel(cell)) : null,
    cell.rating ? el('span', { class: `rating-mark ${cell.rating.verdict}`, title: cell.rating.note ?? '' }, cell.rating.verdict === 'up' ? 'rated good' : 'rated bad') : null,
  );
  let output: HTMLElement;
  if (cell.status === 'running' || cell.status === 'queued' || raw) {
    // Streaming (and raw) text goes into one text node: appending a chunk is O(chunk).
    output = el('pre', { class: `output raw${cell.status === 'running' || cell.status === 'queued' ? ' output-stream' : ''}` });
    output.append(document.createTextNode(cell.output));
  } else {
    output = el('div', { class: 'output markdown' });
    output.append(renderMarkdown(cell.output));
  }
  const metrics = metricsText(cell);
  const badges = cell.assertions.length
    ? el('div', { class: 'badges' }, ...cell.assertions.map((a) => {
      const badge = document.createElement('vscode-badge');
      badge.className = `assertion ${a.pass ? 'pass' : 'fail'}`;
      badge.title = a.reason;
      badge.textContent = `${a.pass ? '✓' : '✗'} ${a.type}`;
      return badge;
    }))
    : null;
  const failing = cell.assertions.filter((a) => !a.pass && a.reason);
  const reasons = failing.length ? el('ul', { class: 'fail-reasons' }, ...failing.map((a) => el('li', {}, `${a.type}: ${a.reason}`))) : null;
  const error = cell.error
    ? el('div', { class: 'cell-error', role: 'alert' }, el('span', {}, cell.error.message), button('Retry', { class: 'retry', 'aria-label': 'Retry this cell' }, () => call('rerunCell', { cellId: cell.id })))
    : null;
  td.replaceChildren(head, output, metrics ? el('div', { class: 'metrics' }, metrics) : '', badges ?? '', reasons ?? '', error ?? '', cellActions(cell, raw));
}

function cellActions(cell: RunCell, raw: boolean): HTMLElement {
  const live = cell.status === 'running' || cell.status === 'queued';
  const actions = el('div', { class: 'cell-actions' });
  if (live) {
    actions.append(button('Cancel', { class: 'secondary small cancel', 'aria-label': 'Cancel this cell' }, () => call('cancelCell', { cellId: cell.id })));
    return actions;
  }
  const rate = (verdict: 'up' | 'down'): void => {
    const same = cell.rating?.verdict === verdict;
    call('rate', { cellId: cell.id, rating: same ? null : { verdict, ...(cell.rating?.note ? { note: cell.rating.note } : {}) } });
  };
  const up = button('Good', { class: 'secondary small rate-up', title: 'Rate this output as good', 'aria-pressed': String(cell.rating?.verdict === 'up') }, () => rate('up'));
  const down = button('Bad', { class: 'secondary small rate-down', title: 'Rate this output as bad (add a note saying why)', 'aria-pressed': String(cell.rating?.verdict === 'down') }, () => rate('down'));
  actions.append(
    button(raw ? 'Rendered' : 'Raw', { class: 'secondary small toggle-raw', 'aria-pressed': String(raw), 'aria-label': raw ? 'Show the output as rendered Markdown' : 'Show the raw output text' }, () => toggleRaw(cell.id)),
    up,
    down,
  );
  if (cell.rating) {
    const note = el('input', { type: 'text', class: 'note', placeholder: 'Note (why?)', 'aria-label': 'Rating note', value: cell.rating.note ?? '' });
    const save = (): void => {
      const text = note.value.trim();
      if (text === (cell.rating?.note ?? '') || !cell.rating) return;
      call('rate', { cellId: cell.id, rating: { verdict: cell.rating.verdict, ...(text ? { note: text } : {}) } });
    };
    note.addEventListener('change', save);
    note.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); save(); } e.stopPropagation(); });
    actions.append(note);
    actions.append(button('Save as Sample', { class: 'secondary small save-sample', 'aria-label': 'Append this input, with an assertion from the rating, to the samples file' }, () => call('saveAsSample', { cellId: cell.id }, (message) => setStatus(message ?? 'Not saved.'))));
  }
  actions.append(
    button(diffFrom === cell.id ? 'Diff: pick another' : diffFrom ? 'Diff with this' : 'Diff…', { class: 'secondary small diff', 'aria-label': diffFrom && diffFrom !== cell.id ? 'Diff the chosen cell with this one' : 'Diff this cell with another' }, () => pickDiff(cell.id)),
    button('Rerun', { class: 'secondary small rerun', 'aria-label': 'Run this cell again' }, () => call('rerunCell', { cellId: cell.id })),
  );
  return actions;
}

function toggleRaw(cellId: string): void {
  if (rawCells.has(cellId)) rawCells.delete(cellId);
  else rawCells.add(cellId);
  host.saveView({ raw: [...rawCells] });
  refreshCell(cellId, '.toggle-raw');
}

function refreshCell(cellId: string, focusSelector?: string): void {
  const run = state.run;
  const cell = cellIndex.get(cellId);
  const td = cellElements.get(cellId);
  if (!run || !cell || !td) return;
  fillCell(td, cell, run);
  if (focusSelector) td.querySelector<HTMLElement>(focusSelector)?.focus();
}

/** Only the diff buttons and the source mark change: no cell is rebuilt. */
function refreshDiffButtons(): void {
  for (const td of cellElements.values()) {
    const id = td.dataset.cellId;
    td.classList.toggle('diff-source', id === diffFrom);
    const b = td.querySelector<HTMLButtonElement>('button.diff');
    if (!b) continue;
    b.textContent = diffFrom === id ? 'Diff: pick another' : diffFrom ? 'Diff with this' : 'Diff…';
    b.setAttribute('aria-label', diffFrom && diffFrom !== id ? 'Diff the chosen cell with this one' : 'Diff this cell with another');
  }
}

function pickDiff(cellId: string): void {
  const previous = diffFrom;
  if (!previous || previous === cellId) {
    diffFrom = previous === cellId ? null : cellId;
    setStatus(diffFrom ? 'Now choose "Diff with this" on another cell (Escape cancels).' : '');
    refreshDiffButtons();
    return;
  }
  diffFrom = null;
  refreshDiffButtons();
  setStatus('');
  call('diff', { left: previous, right: cellId });
}

// ---------------------------------------------------------------------------------------------
// Keyboard: arrow keys move between cells, Enter goes into a cell, Escape back to it.

function setActiveCell(cellId: string, focus: boolean): void {
  if (activeCell !== cellId) {
    const previous = activeCell ? cellElements.get(activeCell) : undefined;
    if (previous) previous.tabIndex = -1;
    activeCell = cellId;
  }
  const td = cellElements.get(cellId);
  if (!td) return;
  td.tabIndex = 0;
  if (focus) td.focus();
}

function onGridKey(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  const td = target.closest<HTMLElement>('.cell[data-cell-id]');
  if (!td) return;
  if (e.key === 'Escape') {
    if (diffFrom) {
      const from = diffFrom;
      diffFrom = null;
      setStatus('');
      refreshDiffButtons();
      setActiveCell(from, true);
    } else if (target !== td) td.focus();
    e.preventDefault();
    return;
  }
  if (target !== td) return;
  if (e.key === 'Enter' || e.key === ' ') {
    td.querySelector<HTMLElement>('button, input')?.focus();
    e.preventDefault();
    return;
  }
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[e.key];
  const current = cellIndex.get(td.dataset.cellId ?? '');
  if (!move || !current) return;
  const next = [...cellIndex.values()].find((c) => c.repeat === 0 && c.row === current.row + move[0] && c.column === current.column + move[1]);
  if (next) setActiveCell(next.id, true);
  e.preventDefault();
}

// Re-theme the chart when VS Code switches themes (the body's class changes).
new MutationObserver(() => {
  if (state.run) {
    chart?.destroy();
    chart = undefined;
    updateChart();
  }
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

renderAll();
