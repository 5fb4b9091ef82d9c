import { describe, expect, it } from 'vitest';
import { memoryWorkspace } from '../../../src/core/analysis';
import { nodeWorkspace } from '../../../src/cli/nodeWorkspace';
import {
  applyAuditFixes,
  AuditCancelledError,
  auditToCsv,
  auditToJson,
  auditToMarkdown,
  auditToText,
  AUDIT_CSV_COLUMNS,
  DEFAULT_CALLS_PER_MONTH,
  findDuplicatedPassages,
  isAuditCancelled,
  runAudit,
  selfHostingReport,
  type AuditReport,
} from '../../../src/core/audit';
import { parsePromptFile } from '../../../src/core/prompt';
import { DEFAULT_TARGETS, deps, exampleFiles, memoryFiles, NOW } from './helpers';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

async function auditExamples(extra: Partial<Parameters<typeof runAudit>[0]> = {}): Promise<AuditReport> {
  return runAudit({ files: exampleFiles(), workspace: nodeWorkspace(), deps: deps(), defaultTargets: DEFAULT_TARGETS, now: NOW, ...extra });
}

describe('runAudit on examples/', () => {
  it('covers every prompt, treats the partial as part of the prompts that include it, and the totals add up', async () => {
    const report = await auditExamples();
    expect(report.version).toBe(1);
    expect(report.generatedAt).toBe(NOW.toISOString());
    expect(report.settings.callsPerMonth).toBe(DEFAULT_CALLS_PER_MONTH);
    expect(report.prompts.map((p) => p.relativePath).sort()).toEqual([
      'examples/legacy-triage.prompty',
      'examples/release-notes-writer.md',
      'examples/summarizer.prompt',
      'examples/support-agent.claude.prompt',
      'examples/support-agent.prompt',
    ]);
    expect(report.partials.map((p) => p.relativePath)).toEqual(['examples/_company-facts.prompt']);
    expect(report.partials[0]?.includedBy.length).toBe(2);
    expect(report.totals.prompts).toBe(5);
    expect(report.totals.partials).toBe(1);

    // Each prompt on its primary target, at the configured volume.
    for (const p of report.prompts) {
      for (const t of p.targets) {
        expect(t.costPerCall).not.toBeNull();
        expect(t.monthlyCost).toBeCloseTo((t.costPerCall as number) * DEFAULT_CALLS_PER_MONTH, 9);
      }
      expect(p.primaryModelId).toBe(p.targets[0]?.modelId);
    }
    expect(report.totals.monthlyCost).toBeCloseTo(sum(report.prompts.map((p) => p.targets[0]?.monthlyCost ?? 0)), 9);
    expect(report.totals.monthlySavings).toBeCloseTo(sum(report.prompts.map((p) => p.safeSavings.monthly ?? 0)), 9);
    expect(report.totals.findings).toBe(sum(report.prompts.map((p) => p.findingCount)));
    for (const b of report.totals.byTarget) {
      const targets = report.prompts.flatMap((p) => p.targets.filter((t) => t.modelId === b.modelId));
      expect(b.prompts).toBe(targets.length);
      expect(b.monthlyCost).toBeCloseTo(sum(targets.map((t) => t.monthlyCost ?? 0)), 9);
    }
    // Most expensive first.
    const costs = report.prompts.map((p) => p.targets[0]?.monthlyCost ?? 0);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
  });

  it('reports the wordy support agent’s safe savings in tokens and dollars, with findings by rule and lines', async () => {
    const report = await auditExamples();
    const agent = report.prompts.find((p) => p.relativePath === 'examples/support-agent.prompt');
    expect(agent).toBeDefined();
    if (!agent) return;
    expect(agent.primaryModelId).toBe('openai/gpt-4o');
    // Only the safe tier counts (emphasis and insistence rewrites are review-tier since the blind review).
    expect(agent.safeSavings.tokens).toBeGreaterThan(3);
    const price = deps().catalog.lookupModel('openai/gpt-4o')?.inputPerMTok as number;
    expect(agent.safeSavings.costPerCall).toBeCloseTo((agent.safeSavings.tokens * price) / 1e6, 12);
    expect(agent.safeSavings.monthly).toBeCloseTo((agent.safeSavings.costPerCall as number) * DEFAULT_CALLS_PER_MONTH, 9);
    expect(agent.findings.length).toBeGreaterThan(3);
    expect(agent.findingCount).toBe(sum(agent.findings.map((f) => f.count)));
    const lines = agent.findings.map((f) => f.firstLine);
    expect(Math.min(...lines)).toBe(agent.firstFindingLine);
    // Findings are in the body, never in the frontmatter (which ends at line 27).
    expect(agent.firstFindingLine).toBeGreaterThan(27);
    expect(agent.findings.every((f) => f.path.endsWith('support-agent.prompt'))).toBe(true);
    expect(agent.noOutputLimit).toBe(false);
    expect(agent.maxOutputTokens).toBe(700);
    expect(agent.modifiedAt).toBe('2025-01-01T00:00:00.000Z');
    expect(agent.partials.some((p) => p.endsWith('_company-facts.prompt'))).toBe(true);
  });

  it('flags the prompt without an output limit (the plain .md, one system message)', async () => {
    const report = await auditExamples();
    const md = report.prompts.find((p) => p.relativePath.endsWith('.md'));
    expect(md?.kind).toBe('text');
    expect(md?.noOutputLimit).toBe(true);
    expect(report.totals.noOutputLimit).toBe(report.prompts.filter((p) => p.noOutputLimit).length);
    expect(report.prompts.filter((p) => p.kind !== 'text').every((p) => !p.noOutputLimit)).toBe(true);
  });

  it('finds the sentence both support-agent variants share', async () => {
    const report = await auditExamples();
    const shared = report.duplicatedPassages.find((p) => p.excerpt.startsWith('Lumen Home sells smart bulbs'));
    expect(shared).toBeDefined();
    expect(shared?.occurrences.map((o) => o.relativePath).sort()).toEqual(['examples/support-agent.claude.prompt', 'examples/support-agent.prompt']);
    expect(shared?.occurrences.every((o) => o.line === 29)).toBe(true);
    expect(shared?.tokens).toBeGreaterThan(10);
  });

  it('overrides every file’s targets with `targets`', async () => {
    const report = await auditExamples({ targets: ['openai/gpt-4o-mini'] });
    expect(report.prompts.every((p) => p.targets.length === 1 && p.primaryModelId === 'openai/gpt-4o-mini' && p.targetsSource === 'override')).toBe(true);
    expect(report.settings.targetsOverride).toEqual(['openai/gpt-4o-mini']);
  });
});

describe('duplicated passages', () => {
  const policy = 'Refunds are issued to the original payment method within five to seven business days after we receive the returned item.';
  const escalation = 'Escalate to a human agent when the customer asks for one, reports a safety issue, or disputes a charge on the account.';

  it('lists a paragraph shared by two prompts once (not its sentences again), with each file and line', async () => {
    const { files, workspace } = memoryFiles({
      'a.md': `# Agent A\n\nYou help customers of Acme.\n\n${policy} ${escalation}\n\nShort shared line here.\n`,
      'b.md': `You answer email for Acme.\n\n${policy} ${escalation}\n\nShort shared line here.\n`,
      'c.md': `You write release notes.\n\n- ${escalation}\n`,
    });
    const report = await runAudit({ files, workspace, deps: deps(), defaultTargets: DEFAULT_TARGETS, now: NOW });
    const paragraph = report.duplicatedPassages.find((p) => p.kind === 'paragraph');
    const rest = report.duplicatedPassages.filter((p) => p !== paragraph);
    expect(report.duplicatedPassages).toHaveLength(2);
    expect(paragraph?.excerpt.startsWith('Refunds are issued')).toBe(true);
    expect(paragraph?.occurrences).toEqual([
      { path: '/mem/a.md', relativePath: 'a.md', line: 5 },
      { path: '/mem/b.md', relativePath: 'b.md', line: 3 },
    ]);
    // The escalation sentence is inside the paragraph in a and b, but also alone in c: listed once, with all three.
    const sentence = rest.find((p) => p.excerpt.startsWith('Escalate'));
    expect(sentence?.kind).toBe('sentence');
    expect(sentence?.occurrences.map((o) => `${o.relativePath}:${o.line}`)).toEqual(['a.md:5', 'b.md:3', 'c.md:3']);
    // The refunds sentence alone is covered by the paragraph; short passages are never reported.
    expect(rest.some((p) => p.excerpt.startsWith('Refunds'))).toBe(false);
    expect(report.duplicatedPassages.some((p) => p.excerpt.includes('Short shared line'))).toBe(false);
  });

  it('matches whatever the case, markup and wrapping; passages repeated inside one file only are not listed', () => {
    const text1 = `**Always** double check the customer's order number before you quote any price or delivery date to them.`;
    const text2 = `- always double-check the customer's order number\n  before you quote any price or delivery date to them!`;
    const only = `${text1}\n\n${text1}`;
    const src = (path: string, text: string) => {
      const file = parsePromptFile(text, { fileName: path });
      return { path, relativePath: path, text, range: file.bodyRange, lineAt: (o: number) => file.lines.positionAt(o).line };
    };
    const countTokens = (s: string) => s.split(/\s+/).length;
    expect(findDuplicatedPassages([src('x.md', text1), src('y.md', text2)], { countTokens })).toHaveLength(1);
    expect(findDuplicatedPassages([src('x.md', only)], { countTokens })).toHaveLength(0);
  });
});

describe('budgets', () => {
  it('flags a prompt over its own budget or the fallback budget', async () => {
    const { files, workspace } = memoryFiles({
      'small.prompt': '---\nbudget: 5\nconfig:\n  maxOutputTokens: 50\n---\nYou are a helpful assistant who answers questions about the weather in detail.\n',
      'ok.prompt': '---\nbudget: 5000\n---\nAnswer briefly.\n',
      'plain.md': 'You summarise meeting notes into three bullet points for the team.\n',
    });
    const report = await runAudit({ files, workspace, deps: deps(), defaultTargets: ['openai/gpt-4o'], now: NOW });
    const by = (name: string) => report.prompts.find((p) => p.relativePath === name);
    expect(by('small.prompt')?.overBudget).toBe(true);
    expect(by('small.prompt')?.budget).toEqual({ tokens: 5, source: 'file' });
    expect(by('small.prompt')?.targets[0]?.overBudgetBy).toBeGreaterThan(0);
    expect(by('ok.prompt')?.overBudget).toBe(false);
    expect(by('plain.md')?.overBudget).toBe(false);
    expect(report.totals.overBudget).toBe(1);

    const strict = await runAudit({ files, workspace, deps: deps(), defaultTargets: ['openai/gpt-4o'], budget: 3, now: NOW });
    expect(strict.prompts.find((p) => p.relativePath === 'plain.md')?.budget).toEqual({ tokens: 3, source: 'setting' });
    expect(strict.totals.overBudget).toBe(2);
    expect(strict.settings.budget).toBe(3);
  });
});

describe('self-hosting', () => {
  // $10 per 1M input tokens: a prompt of N tokens costs N × 1e-5 per call.
  const catalogOptions = { overrides: { 'openai/test-model': { input: 10, output: 30, context: 100_000 } } };

  it('says which prompts cross the threshold at the volume, and from what volume each and all would', async () => {
    const { files, workspace } = memoryFiles({
      'big.txt': 'word '.repeat(2000),
      'small.txt': 'word '.repeat(100),
    });
    const report = await runAudit({
      files, workspace, deps: deps(catalogOptions), defaultTargets: ['openai/test-model'], callsPerMonth: 50_000, selfHostingThresholdUsd: 500, now: NOW,
    });
    const s = report.selfHosting;
    expect(s).not.toBeNull();
    if (!s) return;
    const big = report.prompts.find((p) => p.relativePath === 'big.txt')?.targets[0];
    const small = report.prompts.find((p) => p.relativePath === 'small.txt')?.targets[0];
    expect(big?.costPerCall).toBeCloseTo((big?.tokens ?? 0) * 1e-5, 12);
    expect(s.thresholdUsd).toBe(500);
    expect(s.totalMonthlyCost).toBeCloseTo(report.totals.monthlyCost, 9);
    // big: ~2,000 tokens × $1e-5 × 50k calls ≈ $1,000/month > $500; small ≈ $50/month.
    expect(s.crossing.map((p) => p.relativePath)).toEqual(['big.txt']);
    const bigRow = s.prompts.find((p) => p.relativePath === 'big.txt');
    const smallRow = s.prompts.find((p) => p.relativePath === 'small.txt');
    expect(bigRow?.breakEvenCallsPerMonth).toBe(Math.ceil(500 / (big?.costPerCall as number)));
    expect(smallRow?.breakEvenCallsPerMonth).toBe(Math.ceil(500 / (small?.costPerCall as number)));
    expect(smallRow?.crosses).toBe(false);
    expect(s.prompts[0]?.relativePath).toBe('big.txt');
    expect(s.totalCrosses).toBe(true);
    expect(s.totalBreakEvenCallsPerMonth).toBe(Math.ceil(500 / ((big?.costPerCall as number) + (small?.costPerCall as number))));
  });

  it('is absent without a threshold, and crossing is exact at the break-even volume', () => {
    const prompt = { path: 'p', relativePath: 'p', targets: [{ modelId: 'm', costPerCall: 0.01 }] } as unknown as Parameters<typeof selfHostingReport>[0][number];
    expect(selfHostingReport([prompt], 100, 9_999).crossing).toHaveLength(0);
    expect(selfHostingReport([prompt], 100, 10_000).crossing).toHaveLength(1);
    expect(selfHostingReport([prompt], 100, 1).prompts[0]?.breakEvenCallsPerMonth).toBe(10_000);
  });

  it('leaves the section out when no threshold is set', async () => {
    expect((await auditExamples()).selfHosting).toBeNull();
  });
});

describe('partials', () => {
  it('counts a partial’s safe savings in every prompt that includes it, and its findings with its own path', async () => {
    const { files, workspace } = memoryFiles({
      '_policy.prompt': 'Please check the relevant policy prior to answering the customer.\n',
      'a.prompt': '---\nmodel: openai/gpt-4o\n---\nYou help customers of Acme.\n{{> policy}}\n',
      'b.prompt': '---\nmodel: openai/gpt-4o\n---\nYou answer billing questions.\n{{> policy}}\n',
    });
    const report = await runAudit({ files, workspace, deps: deps(), defaultTargets: DEFAULT_TARGETS, now: NOW });
    const partial = report.partials[0];
    expect(partial?.relativePath).toBe('_policy.prompt');
    expect([...(partial?.includedBy ?? [])].sort()).toEqual(['/mem/a.prompt', '/mem/b.prompt']);
    expect(partial?.safeSavingsTokens).toBeGreaterThan(0);
    for (const p of report.prompts) {
      expect(p.safeSavings.tokens).toBe(partial?.safeSavingsTokens);
      expect(p.findings.every((f) => f.path === '/mem/_policy.prompt')).toBe(true);
      expect(p.firstFindingLine).toBeNull();
    }
  });
});

describe('cancellation and progress', () => {
  it('reports progress per file and stops early when the signal aborts', async () => {
    const files = exampleFiles();
    const controller = new AbortController();
    const seen: number[] = [];
    const run = runAudit({
      files, workspace: nodeWorkspace(), deps: deps(), defaultTargets: DEFAULT_TARGETS, signal: controller.signal,
      onProgress: (done, total) => {
        seen.push(done);
        expect(total).toBe(files.length);
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(AuditCancelledError);
    expect(seen).toEqual([1, 2]);
  });

  it('does not start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await runAudit({ files: exampleFiles(), workspace: memoryWorkspace({}), deps: deps(), defaultTargets: DEFAULT_TARGETS, signal: controller.signal }).catch((e: unknown) => e);
    expect(isAuditCancelled(error)).toBe(true);
  });

  it('reports all files when not cancelled', async () => {
    const seen: number[] = [];
    await auditExamples({ onProgress: (done) => seen.push(done) });
    expect(seen).toEqual(exampleFiles().map((_, i) => i + 1));
  });
});

describe('formatters', () => {
  it('JSON is the report itself', async () => {
    const report = await auditExamples({ selfHostingThresholdUsd: 300 });
    expect(JSON.parse(auditToJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('CSV has a header and one row per prompt and target, quoted where needed', async () => {
    const report = await auditExamples();
    const csv = auditToCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + sum(report.prompts.map((p) => p.targets.length)));
    const agent = lines.find((l) => l.startsWith('examples/support-agent.prompt,prompt,openai/gpt-4o,true,'));
    expect(agent).toBeDefined();
    const cells = (agent as string).split(',');
    const p = report.prompts.find((x) => x.relativePath === 'examples/support-agent.prompt');
    expect(Number(cells[AUDIT_CSV_COLUMNS.indexOf('tokens')])).toBe(p?.targets[0]?.tokens);
    expect(Number(cells[AUDIT_CSV_COLUMNS.indexOf('monthly_cost_usd')])).toBeCloseTo(p?.targets[0]?.monthlyCost ?? NaN, 6);
    expect(Number(cells[AUDIT_CSV_COLUMNS.indexOf('safe_savings_tokens')])).toBe(p?.safeSavings.tokens);
  });

  it('CSV quotes commas and quotes and neutralises formulas', async () => {
    const { files, workspace } = memoryFiles({ 'a, "b".md': 'Hello there.', '=cmd.md': 'Hi.' });
    const csv = auditToCsv(await runAudit({ files, workspace, deps: deps(), defaultTargets: ['openai/gpt-4o'], now: NOW }));
    expect(csv).toContain('"a, ""b"".md",text,');
    expect(csv).toContain("\r\n'=cmd.md,text,");
  });

  it('Markdown and text have the totals first, then prompts, passages and self-hosting', async () => {
    const report = await auditExamples({ selfHostingThresholdUsd: 300 });
    const md = auditToMarkdown(report);
    expect(md.startsWith('# Prompt audit\n')).toBe(true);
    expect(md.indexOf('| Monthly cost |')).toBeLessThan(md.indexOf('## Prompts'));
    expect(md).toContain('| examples/support-agent.prompt | openai/gpt-4o |');
    expect(md).toContain('## Duplicated passages');
    expect(md).toContain('## Self-hosting');
    expect(md).toContain('examples/support-agent.prompt:29');
    const text = auditToText(report);
    expect(text.split('\n')[0]).toBe('Prompt audit · 5 prompts + 1 partial · 100k calls per prompt per month');
    expect(text).toContain('Self-hosting threshold: $300.00/month');
  });
});

describe('applyAuditFixes', () => {
  it('applies safe fixes until stable, keeps the frontmatter byte for byte and loses no number, URL, variable or negation', () => {
    const file = exampleFiles().find((f) => f.relativePath === 'examples/support-agent.prompt');
    if (!file) throw new Error('example missing');
    const result = applyAuditFixes(file.text, file.path, deps());
    expect(result.changed).toBe(true);
    expect(result.passes).toBeGreaterThanOrEqual(1);
    expect(result.modelId).toBe('openai/gpt-4o');
    expect(result.tokensAfter).toBeLessThan(result.tokensBefore);
    expect(result.violations).toEqual([]);
    const before = parsePromptFile(file.text, { fileName: file.path });
    const after = parsePromptFile(result.text, { fileName: file.path });
    const fm = (f: typeof before) => f.text.slice(f.frontmatter?.range.start ?? 0, f.frontmatter?.range.end ?? 0);
    expect(fm(after)).toBe(fm(before));
    // Running it again on its own output changes nothing more than a further pass would.
    const again = applyAuditFixes(result.text, file.path, deps());
    expect(again.tokensAfter).toBeLessThanOrEqual(result.tokensAfter);
  });

  it('leaves a file without findings unchanged', () => {
    const text = '---\nmodel: openai/gpt-4o\n---\nSummarize {{text}} in 3 sentences.\n';
    const result = applyAuditFixes(text, 'x.prompt', deps());
    expect(result).toMatchObject({ text, changed: false, passes: 0, applied: 0, violations: [] });
    expect(result.tokensAfter).toBe(result.tokensBefore);
  });

  it('never touches Prompty role markers', () => {
    const text = 'system:\nPlease make sure to always answer in English.\n\nuser:\n{{question}}\n';
    const result = applyAuditFixes(text, 'x.prompty', deps());
    expect(result.text.startsWith('system:\n')).toBe(true);
    expect(result.text).toContain('\nuser:\n{{question}}');
  });
});
