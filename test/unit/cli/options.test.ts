import { describe, expect, it } from 'vitest';
import { asksForHelp, modelList, parseCommandLine } from '../../../src/cli/options';
import { UsageError } from '../../../src/cli/command';

const OPTIONS = { model: { type: 'string', short: 'm', multiple: true }, json: { type: 'boolean' } } as const;

describe('parseCommandLine (util.parseArgs)', () => {
  it('reads --name value, --name=value, short names and repeated options', () => {
    const { values, positionals } = parseCommandLine(['a.prompt', '--model', 'x', '-m', 'y', '--model=z', '--json', 'b'], 'count', OPTIONS);
    expect(values.model).toEqual(['x', 'y', 'z']);
    expect(values.json).toBe(true);
    expect(positionals).toEqual(['a.prompt', 'b']);
  });

  it('takes everything after -- as paths, even names starting with "-"', () => {
    const { values, positionals } = parseCommandLine(['--json', '--', '-odd.prompt', '--model'], 'count', OPTIONS);
    expect(values.json).toBe(true);
    expect(positionals).toEqual(['-odd.prompt', '--model']);
  });

  it.each([
    [['--bogus'], 'unknown option --bogus (see promptscope count --help'],
    [['--model'], '--model needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--model', '-x'], '--model needs a value; write --model=VALUE'],
  ])('turns %j into a usage error: %s', (args, message) => {
    expect(() => parseCommandLine(args, 'count', OPTIONS)).toThrow(UsageError);
    expect(() => parseCommandLine(args, 'count', OPTIONS)).toThrow(message);
  });

  it('finds --help only before --', () => {
    expect(asksForHelp(['a', '--help'])).toBe(true);
    expect(asksForHelp(['--', '--help'])).toBe(false);
  });

  it('splits comma-separated model lists and drops blanks', () => {
    expect(modelList(['a, b', '', 'c,'])).toEqual(['a', 'b', 'c']);
    expect(modelList(undefined)).toEqual([]);
  });
});
