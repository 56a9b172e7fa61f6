// Builds fixtures into temporary folders through the real CLI, once per test file.
import { main } from '../../src/cli.ts';
import { tempDir } from './temp.ts';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** The note a run as root (CI) or in a container gives on every command: about the machine, not the
 *  course; its own test runs the real CLI (browser.test.ts). */
const SANDBOX_NOTE = /^estrade: note: Chromium runs without its sandbox \(.+\)$/;

export async function runCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err: err.filter((l) => !SANDBOX_NOTE.test(l)) };
}

export async function buildInto(inputs: string[], extra: string[] = []): Promise<{ dir: string; run: CliRun }> {
  const dir = tempDir('estrade-test-');
  const run = await runCli(['build', ...inputs, '--out', dir, ...extra]);
  if (run.code !== 0) throw new Error(`build failed (${run.code}):\n${run.err.join('\n')}`);
  return { dir, run };
}
