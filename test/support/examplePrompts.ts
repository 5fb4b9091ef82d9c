/**
 * The prompts `count`, `check` and `audit` discover under examples/ (the project's
 * .vscode/settings.json declares its markdown prompt; `_company-facts.prompt` is a partial).
 */
export const EXAMPLE_PROMPTS = [
  'examples/genkit/prompts/trip-planner.prompt',
  'examples/legacy-triage.prompty',
  'examples/release-notes-writer.md',
  'examples/summarizer.prompt',
  'examples/support-agent.claude.prompt',
  'examples/support-agent.prompt',
] as const;
