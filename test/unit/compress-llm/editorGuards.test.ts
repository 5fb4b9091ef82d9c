import { describe, expect, it } from 'vitest';
import { ACCEPT_ANYWAY, lossyAcceptDialog, notServed, OPEN_REPORT } from '../../../src/vscode/compress/guards';

describe('the lossy-accept confirmation (issue 10)', () => {
  const reasons = Array.from({ length: 37 }, (_, i) => `Constraint missing: "Rule number ${i + 1} that is rather long and keeps going on and on about what the assistant must never do in any case"`);

  it('fits the window: a count, at most three shortened reasons and a pointer to the report', () => {
    const dialog = lossyAcceptDialog(reasons);
    const lines = dialog.detail.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.every((l) => l.length <= 110)).toBe(true);
    expect(dialog.detail).toContain('37 problems');
    expect(dialog.detail).toContain('… and 34 more in the report.');
  });

  it('"Accept anyway" is never the default (first) button: Enter opens the report', () => {
    const dialog = lossyAcceptDialog(['Missing numbers: 14']);
    expect(dialog.buttons[0]).toBe(OPEN_REPORT);
    expect(dialog.buttons).toContain(ACCEPT_ANYWAY);
    expect(dialog.buttons.indexOf(ACCEPT_ANYWAY)).toBeGreaterThan(0);
  });
});

describe('model names the endpoint does not serve (issue 10)', () => {
  it('rejects a typed name that is not in the endpoint’s /v1/models list, suggesting close ones', () => {
    expect(notServed('ollama', 'llama3.2', ['llama3.2', 'qwen2.5'])).toBeUndefined();
    expect(notServed('openai', 'gpt4o', ['gpt-4o', 'gpt-4o-mini', 'o3'])).toBe('"openai" does not serve a model named "gpt4o". Did you mean "gpt-4o", "gpt-4o-mini"?');
    expect(notServed('ollama', 'mistral', ['llama3.2'])).toBe('"ollama" does not serve a model named "mistral".');
  });

  it('passes the name on when the endpoint listed nothing', () => {
    expect(notServed('local', 'anything', [])).toBeUndefined();
  });
});
