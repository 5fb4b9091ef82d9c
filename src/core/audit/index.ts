/**
 * The prompt audit ("the quarterly audit"): cost per prompt and model at a monthly volume, safe
 * savings, findings by rule, duplicated passages, budget flags and the self-hosting break-even.
 * Pure: the caller supplies the files' text and a `PromptWorkspace` for partials (CLI: node:fs;
 * extension: open documents first). Used by `promptscope audit` and the "Prompt Audit" command.
 *
 *   const report = await runAudit({ files, workspace, deps: { tokens, catalog }, defaultTargets, callsPerMonth: 100_000 });
 *   report.totals.monthlyCost;   // USD per month, each prompt on its primary target
 *   auditToMarkdown(report);     // also auditToCsv, auditToJson, auditToText
 *   applyAuditFixes(text, fileName, { tokens });   // `--fix`: safe fixes + preservation check
 */
export { runAudit, selfHostingReport } from './audit';
export { applyAuditFixes, compressionFindingsOf, fileProtectedRanges, MAX_FIX_PASSES, type AuditFixOptions } from './fixes';
export { DEFAULT_MIN_PASSAGE_WORDS, findDuplicatedPassages, normalizePassage, type PassageSource } from './duplicates';
export { AUDIT_CSV_COLUMNS, auditToCsv, auditToJson, auditToMarkdown, auditToText, formatCalls, promptFlags } from './format';
export * from './types';
