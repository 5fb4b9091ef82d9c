import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/command';

function capture(): CliIO & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', cwd: process.cwd(), env: {}, out(t: string) { io.stdout += t; }, err(t: string) { io.stderr += t; } };
  return io;
}

describe('promptscope CLI entry', () => {
  it('prints help listing every subcommand and exits 0', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const name of ['count', 'check', 'audit', 'compare', 'eval', 'route', 'convert']) expect(io.stdout).toContain(`  ${name}`);
    expect(io.stdout).toContain('Exit codes');
  });

  it('prints the version', async () => {
    const io = capture();
    expect(await runCli(['--version'], io)).toBe(0);
    expect(io.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown command with exit 2 and a hint', async () => {
    const io = capture();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toContain('unknown command "frobnicate"');
  });

  it('with no arguments prints help and exits 2', async () => {
    const io = capture();
    expect(await runCli([], io)).toBe(2);
    expect(io.stdout).toContain('Usage: promptscope');
  });
});
