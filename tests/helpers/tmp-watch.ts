// Vitest's global setup: each run gets a temporary folder of its own (TMPDIR for its test files,
// the processes they start and their Chromium), so that two runs at once do not see each other's
// files; the run fails when its tests leave anything of Estrade's, or of marp-cli's, in it
// (Chromium profiles, staging folders, test outputs). The folder goes when the run ends.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OURS = /^(\.?estrade|marp-cli-)/;

export default function watchTmp(): () => void {
  const system = tmpdir();
  const run = mkdtempSync(join(system, 'estrade-test-run-'));
  const saved = process.env.TMPDIR;
  // The test files' processes are started after this, with this environment.
  process.env.TMPDIR = run;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const left = readdirSync(run).filter((n) => OURS.test(n));
    rmSync(run, { recursive: true, force: true, maxRetries: 3 });
    if (left.length) throw new Error(`the tests left ${left.length} folder(s) in their temporary folder: ${left.join(', ')}`);
  };
}
