// Vitest's global setup: fails the run when the tests leave anything of Estrade's, or of marp-cli's,
// in the system's temporary folder (Chromium profiles, staging folders, test outputs).
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const OURS = /^(\.?estrade|marp-cli-)/;
const ours = () => new Set(readdirSync(tmpdir()).filter((n) => OURS.test(n)));

export default function watchTmp(): () => void {
  const before = ours();
  return () => {
    const left = [...ours()].filter((n) => !before.has(n));
    if (left.length) throw new Error(`the tests left ${left.length} folder(s) in ${tmpdir()}: ${left.join(', ')}`);
  };
}
