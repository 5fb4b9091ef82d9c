import { describe, expect, it } from 'vitest';
import { analyzePrompt, analyzeSavings, headlineTokens, memoryWorkspace, savingsCountLabel, tokenSavings } from '../../../src/core/analysis';
import { TokenService } from '../../../src/core/tokens';
import { deps } from './helpers';

// Template text ≠ rendered: a variable with a long default and a partial that adds a policy.
const PROMPT = `---
model: openai/gpt-4o
targets: [anthropic/claude-sonnet-4-5]
input:
  default:
    customer: "Ada Lovelace, premium customer since 2019, account 88-1203, prefers short and precise replies"
---
{{role "system"}}
Please make sure to always be very concise and really helpful to {{customer}}.
{{> policy}}
{{role "user"}}
Hello.
`;
const FILES = { '/p/_policy.prompt': 'Refunds are possible within 30 days of purchase. Never promise a refund outside that window. Escalate legal questions to a human agent.' };
const options = () => ({ fileName: '/p/agent.prompt', text: PROMPT, workspace: memoryWorkspace(FILES), defaultTargets: [], deps: deps() });

describe('analyzeSavings: an edit measured as the lens measures it', () => {
  it('before is the analysis\' rendered count (not the template text), after the edited prompt\'s, per target', async () => {
    const edited = PROMPT.replace('Please make sure to always be very concise and really helpful', 'Be concise and helpful');
    const savings = await analyzeSavings(options(), edited);
    const before = await analyzePrompt(options());
    const after = await analyzePrompt({ ...options(), text: edited });
    expect(savings.counts).toBe('rendered');
    expect(savings.inputLabel).toBe('default input');
    expect(savings.savings.map((s) => s.modelId)).toEqual(['openai/gpt-4o', 'anthropic/claude-sonnet-4-5']);
    savings.savings.forEach((s, i) => {
      expect(s.before).toBe(before.report.models[i]!.renderedTokens);
      expect(s.after).toBe(after.report.models[i]!.renderedTokens);
      expect(s.after).toBeLessThan(s.before);
    });
    // The template text alone is a different number: the report must not show it as the headline.
    const templateTokens = new TokenService().countText(PROMPT.slice(PROMPT.indexOf('{{role')), 'openai/gpt-4o').tokens;
    expect(savings.savings[0]!.before).not.toBe(templateTokens);
    expect(savings.savings[0]!.exact).toBe(true);
    expect(savings.savings[1]!.exact).toBe(false);
    expect(headlineTokens(savings)).toEqual({ before: savings.savings[0]!.before, after: savings.savings[0]!.after, counts: 'rendered with default input on openai/gpt-4o' });
  });

  it('uses the chosen input on both sides', async () => {
    const input = { kind: 'json' as const, value: { customer: 'Bo' } };
    const savings = await analyzeSavings({ ...options(), input }, PROMPT);
    const lens = await analyzePrompt({ ...options(), input });
    expect(savings.inputLabel).toBe('custom input');
    expect(savings.savings[0]).toMatchObject({ before: lens.report.models[0]!.renderedTokens, after: lens.report.models[0]!.renderedTokens });
  });

  it('says "template text" when a version cannot be rendered', async () => {
    const broken = PROMPT.replace('Hello.', 'Hello {{#if}}.');
    const before = await analyzePrompt(options());
    const after = await analyzePrompt({ ...options(), text: broken });
    expect(after.countedFrom).toBe('template');
    const savings = tokenSavings(before, after);
    expect(savings.counts).toBe('template');
    expect(savingsCountLabel(savings)).toBe('template text');
    expect(headlineTokens(savings)?.counts).toBe('template text on openai/gpt-4o');
  });
});
