// Vitest's global setup: each run gets a temporary folder of its own (TMPDIR for its test files, the
// processes they start and their Chromium), so that two runs at once do not see each other's files;
// the run fails when its tests leave anything in it (Chromium profiles, staging folders, test
// outputs, marp-cli's profiles). The folder goes when the run ends. Each test file also gets a short
// folder of its own for Chromium's temporary folder when a nested path would be too long for its
// socket (tests/helpers/cleanup.ts, ESTRADE_SHORT_TMPDIR).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function watchTmp(): () => void {
  const run = mkdtempSync(join(tmpdir(), 'estrade-run-'));
  const saved = process.env.TMPDIR;
  // The test files' processes are started after this, with this environment.
  process.env.TMPDIR = run;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const left = readdirSync(run);
    rmSync(run, { recursive: true, force: true, maxRetries: 3 });
    if (left.length) throw new Error(`the tests left ${left.length} file(s) or folder(s) in their temporary folder: ${left.join(', ')}`);
  };
}
