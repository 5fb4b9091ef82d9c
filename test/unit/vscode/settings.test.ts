import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingValue, SETTINGS, type SettingKey } from '../../../src/vscode/settings';

interface ConfigurationProperty { readonly default?: unknown }
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, ConfigurationProperty> } | { properties: Record<string, ConfigurationProperty> }[] };
};
const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
const declared = Object.fromEntries(sections.flatMap((s) => Object.entries(s.properties)).map(([key, p]) => [key.replace(/^promptscope\./, ''), p.default]));

describe('settings: one place for keys and defaults', () => {
  it('every setting package.json declares is read by Config with the same default, and Config reads no undeclared one', () => {
    expect(Object.keys(SETTINGS).sort()).toEqual(Object.keys(declared).sort());
    for (const key of Object.keys(SETTINGS) as SettingKey[]) {
      expect({ key, default: SETTINGS[key].default }).toEqual({ key, default: declared[key] });
    }
  });

  it('an unset setting is its default, a fresh copy each time (callers may change what they get)', () => {
    const first = settingValue('defaultTargets', undefined);
    first.push('x/y');
    expect(settingValue('defaultTargets', undefined)).toEqual(SETTINGS.defaultTargets.default);
    expect(settingValue('cost.selfHostingBandUsd', undefined)).toEqual([5_000, 20_000]);
  });

  it('values of the wrong type or out of range fall back to the default; valid ones are kept (trimmed)', () => {
    expect(settingValue('diagnostics.debounceMs', -5)).toBe(250);
    expect(settingValue('diagnostics.debounceMs', 0)).toBe(0);
    expect(settingValue('audit.callsPerMonth', '1000')).toBe(100_000);
    expect(settingValue('audit.callsPerMonth', 5_000)).toBe(5_000);
    expect(settingValue('budget', 0)).toBeNull();
    expect(settingValue('budget', 4_000)).toBe(4_000);
    expect(settingValue('compare.concurrency', 2.5)).toBe(4);
    expect(settingValue('compare.concurrency', 8)).toBe(8);
    expect(settingValue('compare.cache.ttlDays', Number.NaN)).toBe(14);
    expect(settingValue('codeLens.enabled', 'false')).toBe(true);
    expect(settingValue('helpers', [' shout ', '', 3, 'upper'])).toEqual(['shout', 'upper']);
    expect(settingValue('defaultTargets', [])).toEqual([]);
    expect(settingValue('cost.users', [0, -1])).toEqual([100, 1_000, 10_000, 100_000]);
    expect(settingValue('cost.users', [500, 'x', 50])).toEqual([500, 50]);
    expect(settingValue('cost.selfHostingBandUsd', [1, 2, 3])).toEqual([5_000, 20_000]);
    expect(settingValue('cost.trafficFile', '  ')).toBeNull();
    expect(settingValue('cost.trafficFile', ' logs/traffic.jsonl ')).toBe('logs/traffic.jsonl');
    expect(settingValue('pricing.overrides', ['not', 'an', 'object'])).toEqual({});
    expect(settingValue('endpoints', [{ name: 'ollama', baseURL: 'http://localhost:11434/v1' }, { name: 'no-url' }])).toEqual([{ name: 'ollama', baseURL: 'http://localhost:11434/v1' }]);
    expect(settingValue('compare.judgeModel', '  openai/gpt-4o-mini ')).toBe('openai/gpt-4o-mini');
  });
});
