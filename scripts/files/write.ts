// Writing the output: every course folder is staged beside the output and swapped in whole, so a
// failed or interrupted build leaves the previous output exactly as it was.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EstradeError } from '../errors.ts';

export interface Artifact {
  /** Path inside the output folder, with `/`. */
  path: string;
  contents: string | Uint8Array;
}

async function stage(dir: string, artifacts: Artifact[]): Promise<void> {
  for (const artifact of artifacts) {
    const target = join(dir, artifact.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, artifact.contents);
  }
}

async function swap(staged: string, target: string, old: string): Promise<void> {
  const hadTarget = await rename(target, old).then(() => true, (e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return false;
    throw e;
  });
  try {
    await rename(staged, target);
  } catch (e) {
    if (hadTarget) await rename(old, target);
    throw e;
  }
  if (hadTarget) await rm(old, { recursive: true, force: true });
}

/** Writes artifacts grouped by their top-level folder (or file) under `outDir`, each swapped atomically. */
export async function writeArtifacts(outDir: string, artifacts: Artifact[]): Promise<void> {
  const groups = new Map<string, Artifact[]>();
  for (const a of artifacts) {
    const top = a.path.split('/')[0] ?? a.path;
    groups.set(top, [...(groups.get(top) ?? []), a]);
  }
  const tag = `.estrade-${process.pid}-${Date.now()}`;
  const staging = join(dirname(outDir), `${tag}-staging`);
  try {
    await mkdir(outDir, { recursive: true });
    await mkdir(staging, { recursive: true });
    await stage(staging, artifacts);
  } catch (e) {
    await removeQuietly(staging);
    const err = e as NodeJS.ErrnoException;
    throw new EstradeError(`cannot write the output (${err.code ?? err.message}) — choose a writable folder with --out`, outDir, undefined, { cause: e });
  }
  try {
    // Folders first, the index last: the index never links to a course that is not there yet.
    const tops = [...groups.keys()].sort((a, b) => Number(a.includes('.')) - Number(b.includes('.')));
    for (const top of tops) await swap(join(staging, top), join(outDir, top), join(outDir, `${top}${tag}-old`));
  } finally {
    await removeQuietly(staging);
  }
}

const removeQuietly = (path: string) => rm(path, { recursive: true, force: true }).catch(() => undefined);
