// The migration-evaluation report panel. No inline script or style (the CSP forbids them): the DOM
// is built here, styled by eval.css, themed only through --vscode-* variables.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { diffLines } from 'diff';
import { formatTokenCount, formatUsd } from '../core/pricing/format';
import type { EvalPanelState, EvalRequests, SavedEvalReport } from '../shared/evalProtocol';
import { HostConnection } from './rpc';
import './panel.css';
import './eval.css';
import { cssVar, el } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type SideStats = SavedEvalReport['baseline'];
type Outcome = SavedEvalReport['outcomes'][number];

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const usd = (v: number | null): string => (v === null ? '—' : formatUsd(v));
const ms = (v: number | null): string => (v === null ? '—' : `${Math.round(v).toLocaleString('en-US')} ms`);
const tokens = (v: number | null): string => (v === null ? '—' : formatTokenCount(Math.round(v)));
const pValue = (p: number): string => (p >= 1 ? '1.0' : p < 0.0001 ? '< 0.0001' : Number(p.toPrecision(2)).toString());

let state: EvalPanelState = { report: null, root: null, savedJson: null, savedMarkdown: null, running: null, error: null };
let chart: Chart | undefined;
/** Which regressions/improvements are expanded (kept across hide/show). */
let expanded: string[] = [];

const host = new HostConnection<EvalPanelState, EvalRequests, never, { expanded: string[] }>({
  onRestoreView(view) {
    expanded = Array.isArray(view.expanded) ? view.expanded : [];
  },
  onState(next) {
    state = next;
    render();
  },
});

function setStatus(message: string): void {
  const node = document.getElementById('eval-status');
  if (node) node.textContent = message;
}

function request<M extends keyof EvalRequests & string>(method: M, params: EvalRequests[M]['params'], failure: string): void {
  host.request(method, params).catch((e: unknown) => setStatus(`${failure}: ${e instanceof Error ? e.message : String(e)}`));
}

function linkButton(text: string, onClick: () => void, label?: string): HTMLButtonElement {
  const button = el('button', { type: 'button', class: 'link', ...(label ? { 'aria-label': label } : {}) }, text);
  button.addEventListener('click', onClick);
  return button;
}

function header(report: SavedEvalReport | null): HTMLElement {
  const actions = el('div', { class: 'actions' });
  if (state.running) {
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => request('cancel', {}, 'Cancel failed'));
    actions.append(cancel);
  } else if (report) {
    const rerun = el('button', { type: 'button' }, 'Re-run evaluation');
    rerun.addEventListener('click', () => request('rerun', {}, 'Re-run failed'));
    actions.append(rerun);
    if (state.savedMarkdown) {
      const md = el('button', { type: 'button', class: 'secondary' }, 'Open Markdown');
      md.addEventListener('click', () => request('openMarkdown', {}, 'Could not open the Markdown report'));
      actions.append(md);
    }
  }
  const title = report ? `Migration: ${report.baseline.variant} → ${report.candidate.variant}` : 'Migration evaluation';
  const subtitle = report
    ? `${report.promptPath} · ${report.outcomes.length} inputs${report.samplesPath ? ` from ${report.samplesPath}` : ''} · repeat ${report.repeat} · ${new Date(report.createdAt).toLocaleString()}`
    : '';
  return el('header', { class: 'eval-header' }, el('div', {}, el('h1', {}, title), el('p', { class: 'subtitle' }, subtitle)), actions);
}

function progressLine(): HTMLElement | null {
  const running = state.running;
  if (!running) return null;
  const label = { baseline: 'Running the baseline', candidate: 'Running the candidate', models: 'Running the models', judge: 'Asking the judge' }[running.phase];
  return el('p', { class: 'progress', role: 'status' }, `${label}: ${running.finished} of ${running.total}…`);
}

function verdictSection(report: SavedEvalReport): HTMLElement {
  const gate = report.rollout.gate;
  return el('section', { class: `verdict ${gate.passed ? 'pass' : 'fail'}`, 'aria-label': 'Verdict' },
    el('p', { class: 'verdict-line' }, el('strong', {}, 'Verdict: '), report.verdict),
    el('p', { class: 'gate' }, el('strong', {}, gate.passed ? '✓ Eval gate passed' : '✗ Eval gate failed'), ` — ${gate.summary}`),
  );
}

function sidesTable(report: SavedEvalReport): HTMLElement {
  const head = ['Side', 'Variant', 'Model', 'Pass rate', '95% CI', 'p50', 'p95', 'TTFT p50', 'Tokens in / out', '$/call', '$/1k calls', report.callsPerMonth ? `$/month (${report.callsPerMonth.toLocaleString('en-US')} calls)` : '$/month'];
  const row = (label: string, s: SideStats): HTMLElement => {
    const open = linkButton(s.variant, () => request('open', { path: s.promptPath }, `Could not open ${s.promptPath}`), `Open ${s.promptPath}`);
    return el('tr', {},
      el('th', { scope: 'row' }, label), el('td', {}, open), el('td', {}, s.model),
      el('td', { class: 'num' }, `${pct(s.passRate)} (${s.passed}/${s.inputs})`),
      el('td', { class: 'num' }, `${pct(s.interval.low)}–${pct(s.interval.high)}`),
      el('td', { class: 'num' }, ms(s.latencyP50Ms)), el('td', { class: 'num' }, ms(s.latencyP95Ms)), el('td', { class: 'num' }, ms(s.ttftP50Ms)),
      el('td', { class: 'num' }, `${tokens(s.meanInputTokens)} / ${tokens(s.meanOutputTokens)}`),
      el('td', { class: 'num' }, usd(s.costPerCallUsd)), el('td', { class: 'num' }, usd(s.costPer1000CallsUsd)), el('td', { class: 'num' }, usd(s.costPerMonthUsd)),
    );
  };
  const notes: string[] = [`Exact McNemar on paired results: b = ${report.mcnemar.b} (regressions), c = ${report.mcnemar.c} (improvements), p = ${pValue(report.mcnemar.p)}.`];
  if (report.repeat > 1) notes.push(`Flaky inputs: baseline ${report.baseline.flakyInputs}, candidate ${report.candidate.flakyInputs}. pass^${report.repeat}: baseline ${report.baseline.passHatK === null ? '—' : pct(report.baseline.passHatK)}, candidate ${report.candidate.passHatK === null ? '—' : pct(report.candidate.passHatK)}.`);
  if (report.baseline.errors || report.candidate.errors) notes.push(`Calls that failed with an error: baseline ${report.baseline.errors}/${report.baseline.calls}, candidate ${report.candidate.errors}/${report.candidate.calls}.`);
  if (report.incomplete.length) notes.push(`Left out (incomplete): ${report.incomplete.join(', ')}.`);
  if (report.preference) notes.push(`Judge ${report.preference.judgeModel} preferred: baseline ${report.preference.baseline}, candidate ${report.preference.candidate}, ties ${report.preference.ties}${report.preference.unknown ? `, not understood ${report.preference.unknown}` : ''}.`);
  return el('section', { 'aria-label': 'Both sides' },
    el('h2', {}, 'Quality, latency and cost'),
    el('div', { class: 'table-scroll' }, el('table', {}, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, row('baseline', report.baseline), row('candidate', report.candidate)))),
    ...notes.map((n) => el('p', { class: 'hint' }, n)),
  );
}

function chartSection(): HTMLElement {
  return el('section', { class: 'chart-section', 'aria-label': 'Pass rate and cost chart' },
    el('h2', {}, 'Pass rate and cost per 1,000 calls'),
    el('div', { class: 'chart-box' }, el('canvas', { id: 'eval-chart', role: 'img', 'aria-label': 'Bar chart comparing the pass rate and the cost per 1,000 calls of the baseline and the candidate' })),
  );
}

function drawChart(report: SavedEvalReport): void {
  const canvas = document.getElementById('eval-chart');
  if (!(canvas instanceof HTMLCanvasElement)) return;
  const foreground = cssVar('--vscode-foreground', '#cccccc');
  const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  const blue = cssVar('--vscode-charts-blue', foreground);
  const orange = cssVar('--vscode-charts-orange', foreground);
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [`baseline: ${report.baseline.variant} (${report.baseline.model})`, `candidate: ${report.candidate.variant} (${report.candidate.model})`],
      datasets: [
        { label: 'Pass rate (%)', data: [report.baseline.passRate * 100, report.candidate.passRate * 100], backgroundColor: blue, borderColor: blue, yAxisID: 'y' },
        { label: '$ per 1,000 calls', data: [report.baseline.costPer1000CallsUsd, report.candidate.costPer1000CallsUsd], backgroundColor: orange, borderColor: orange, yAxisID: 'cost' },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 250 },
      color: foreground,
      scales: {
        x: { ticks: { color: foreground }, grid: { color: grid } },
        y: { min: 0, max: 100, position: 'left', ticks: { color: foreground, callback: (v) => `${String(v)}%` }, grid: { color: grid }, title: { display: true, text: 'pass rate', color: foreground } },
        cost: { min: 0, position: 'right', ticks: { color: foreground, callback: (v) => formatUsd(Number(v)) }, grid: { drawOnChartArea: false }, title: { display: true, text: '$ / 1,000 calls', color: foreground } },
      },
      plugins: { legend: { labels: { color: foreground } } },
    },
  });
}

function diffBlock(baseline: string, candidate: string): HTMLElement {
  const pre = el('pre', { class: 'diff', 'aria-label': 'Line diff of the two outputs' });
  for (const part of diffLines(baseline, candidate)) {
    const cls = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const prefix = part.added ? '+ ' : part.removed ? '- ' : '  ';
    const text = part.value.replace(/\n$/, '').split('\n').map((l) => prefix + l).join('\n');
    pre.append(el('span', { class: cls }, `${text}\n`));
  }
  return pre;
}

function outcomeDetails(o: Outcome, kind: 'regression' | 'improvement'): HTMLElement {
  const failing = kind === 'regression' ? o.candidateReasons : o.baselineReasons;
  const details = el('details', { 'data-sample': o.sample });
  if (expanded.includes(o.sample)) details.open = true;
  details.addEventListener('toggle', () => {
    expanded = details.open ? [...new Set([...expanded, o.sample])] : expanded.filter((s) => s !== o.sample);
    host.saveView({ expanded });
  });
  const diffButton = el('button', { type: 'button', class: 'secondary' }, 'Open in diff editor');
  diffButton.addEventListener('click', () => request('diffOutputs', { sample: o.sample }, 'Could not open the diff'));
  details.append(
    el('summary', {}, el('strong', {}, o.sample), failing.length ? ` — ${failing.join('; ')}` : '', o.tries > 1 ? ` (baseline ${o.baselinePasses}/${o.tries}, candidate ${o.candidatePasses}/${o.tries})` : ''),
    ...(o.preference ? [el('p', { class: 'hint' }, `Judge: ${o.preference.winner} — ${o.preference.reason}`)] : []),
    el('div', { class: 'outputs' },
      el('div', {}, el('h4', {}, 'Baseline output'), el('pre', {}, o.baselineOutput)),
      el('div', {}, el('h4', {}, 'Candidate output'), el('pre', {}, o.candidateOutput)),
    ),
    el('h4', {}, 'Diff'),
    diffBlock(o.baselineOutput, o.candidateOutput),
    el('div', { class: 'actions' }, diffButton),
  );
  return details;
}

function outcomesSection(report: SavedEvalReport, kind: 'regression' | 'improvement'): HTMLElement {
  const ids = kind === 'regression' ? report.regressions : report.improvements;
  const title = kind === 'regression' ? 'Regressions' : 'Improvements';
  const hint = kind === 'regression' ? 'Inputs the baseline passes and the candidate fails.' : 'Inputs the candidate passes and the baseline fails.';
  const section = el('section', { id: `eval-${kind}s`, 'aria-label': title }, el('h2', {}, `${title} (${ids.length})`), el('p', { class: 'hint' }, hint));
  if (!ids.length) section.append(el('p', { class: 'empty' }, 'None.'));
  for (const id of ids) {
    const o = report.outcomes.find((x) => x.sample === id);
    if (o) section.append(outcomeDetails(o, kind));
  }
  return section;
}

function flakySection(report: SavedEvalReport): HTMLElement | null {
  if (report.repeat <= 1) return null;
  const flaky = report.outcomes.filter((o) => (o.baselinePasses > 0 && o.baselinePasses < o.tries) || (o.candidatePasses > 0 && o.candidatePasses < o.tries));
  const section = el('section', { 'aria-label': 'Flaky inputs' }, el('h2', {}, `Flaky inputs (${flaky.length})`));
  if (!flaky.length) section.append(el('p', { class: 'empty' }, `None: every input gave the same result on all ${report.repeat} repeats.`));
  else {
    const head = el('thead', {}, el('tr', {}, ...['Input', 'Baseline passes', 'Candidate passes'].map((h) => el('th', { scope: 'col' }, h))));
    const body = el('tbody', {}, ...flaky.map((o) => el('tr', {}, el('th', { scope: 'row' }, o.sample), el('td', { class: 'num' }, `${o.baselinePasses}/${o.tries}`), el('td', { class: 'num' }, `${o.candidatePasses}/${o.tries}`))));
    section.append(el('div', { class: 'table-scroll' }, el('table', {}, head, body)));
  }
  return section;
}

function rolloutSection(report: SavedEvalReport): HTMLElement {
  const r = report.rollout;
  const list = el('ol', { class: 'rollout' },
    el('li', {}, el('strong', {}, 'Eval gate: '), r.gate.summary),
    el('li', {}, el('strong', {}, 'Shadow: '), r.shadow.summary, el('ul', {}, el('li', {}, `Watch: ${r.shadow.watch.join('; ')}`), el('li', {}, `Roll back if: ${r.shadow.rollbackIf.join('; ')}`))),
    ...r.steps.map((s) => el('li', {}, el('strong', {}, `${s.percent}% of traffic`), s.callsPerDay !== null ? ` (≈ ${s.callsPerDay.toLocaleString('en-US')} calls/day)` : '', ` — roll back if: ${s.rollbackIf.join('; ')}`)),
  );
  return el('section', { 'aria-label': 'Rollout plan' }, el('h2', {}, 'Rollout plan'), list);
}

function previousSection(report: SavedEvalReport): HTMLElement | null {
  const p = report.previous;
  if (!p) return null;
  const sign = (n: number): string => (n > 0 ? '+' : n < 0 ? '−' : '±');
  return el('section', { 'aria-label': 'Against the previous evaluation' },
    el('h2', {}, 'Against the previous evaluation'),
    el('p', {}, `${new Date(p.previousCreatedAt).toLocaleString()} — changed since: ${p.changed.length ? p.changed.join(', ') : 'nothing'}.`),
    el('p', {}, `Candidate pass rate ${sign(p.candidatePassRateDelta)}${Math.abs(Math.round(p.candidatePassRateDelta * 100))} points · regressions ${sign(p.regressionsDelta)}${Math.abs(p.regressionsDelta)}${p.newRegressions.length ? ` · new: ${p.newRegressions.join(', ')}` : ''}${p.fixedRegressions.length ? ` · fixed: ${p.fixedRegressions.join(', ')}` : ''}${p.costPerCallDeltaUsd !== null ? ` · $/call ${sign(p.costPerCallDeltaUsd)}${formatUsd(Math.abs(p.costPerCallDeltaUsd))}` : ''}`),
  );
}

function routingSection(report: SavedEvalReport): HTMLElement | null {
  const routing = report.routing;
  if (!routing) return null;
  const rows = [
    ...routing.models.map((m) => [m.model + (m.model === routing.reference ? ' (reference)' : ''), `${pct(m.passRate)} (${m.passed})`, usd(m.totalCostUsd), '']),
    ['Each input to its cheapest passing model', `${pct(routing.oracle.passRate)} (${routing.oracle.passed})`, usd(routing.oracle.totalCostUsd), routing.oracle.saving === null ? '—' : pct(routing.oracle.saving)],
    ...routing.rules.map((r) => [`Rule: ${r.description}`, `${pct(r.passRate)} (${r.passed})`, usd(r.totalCostUsd), r.saving === null ? '—' : pct(r.saving)]),
  ];
  const head = el('thead', {}, el('tr', {}, ...['Strategy', 'Pass rate', 'Total $', 'Saving'].map((h) => el('th', { scope: 'col' }, h))));
  const body = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row' }, c) : el('td', { class: 'num' }, c))))));
  return el('section', { 'aria-label': 'Routing' }, el('h2', {}, `Routing (${routing.inputs} inputs)`), el('div', { class: 'table-scroll' }, el('table', {}, head, body)));
}

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  chart?.destroy();
  chart = undefined;
  app.replaceChildren();
  app.setAttribute('aria-busy', state.running ? 'true' : 'false');
  const report = state.report;
  app.append(header(report));
  const progress = progressLine();
  if (progress) app.append(progress);
  app.append(el('p', { id: 'eval-status', class: 'status', role: 'status', 'aria-live': 'polite' }));
  if (state.error) app.append(el('p', { class: 'error', role: 'alert' }, `The evaluation failed: ${state.error}`));
  if (!report) {
    app.append(el('p', { class: 'empty' }, state.running ? 'Evaluating…' : 'No evaluation yet. Run "Promptscope: Evaluate Migration…".'));
    return;
  }
  app.append(verdictSection(report), sidesTable(report), chartSection());
  const flaky = flakySection(report);
  if (flaky) app.append(flaky);
  app.append(outcomesSection(report, 'regression'), outcomesSection(report, 'improvement'), rolloutSection(report));
  const previous = previousSection(report);
  if (previous) app.append(previous);
  const routing = routingSection(report);
  if (routing) app.append(routing);
  app.append(el('p', { class: 'hint' }, `Hashes — baseline prompt ${report.fingerprint.baseline.promptHash.slice(0, 12)}, candidate prompt ${report.fingerprint.candidate.promptHash.slice(0, 12)}, samples ${report.fingerprint.samplesHash.slice(0, 12)}.${state.savedJson ? ` Saved: ${state.savedJson}` : ''}`));
  drawChart(report);
}

// Re-theme the chart when VS Code switches themes (the body's class changes).
new MutationObserver(() => {
  if (state.report) render();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

render();
