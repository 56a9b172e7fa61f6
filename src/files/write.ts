// Writing the output. The new output folder is staged whole beside the old one (same parent, so the
// same file system), then swapped in with two renames done back to back: a failed or interrupted
// build leaves the previous output exactly as it was, and a finished one leaves the new one, whole.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EstradeError, systemError } from '../errors.ts';
import { atInterrupt, markOutputWritten } from '../interrupt.ts';

export interface Artifact {
  /** Path inside the output folder, with `/`. */
  path: string;
  contents: string | Uint8Array;
}

/** The file-system calls that write a staged file; a test passes one that fails half-way. */
export interface Writer {
  writeFile(path: string, contents: string | Uint8Array): Promise<void>;
}

const realWriter: Writer = { writeFile: (path, contents) => writeFile(path, contents) };

/** Entries left by Estrade's own staging; never carried into a new output. */
const STAGING = /^\.estrade-/;

/** Puts an old output entry into the new one: hard links (no copy of big PDFs), a copy where links fail. */
async function carryOver(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  if (!entries) {
    await link(from, to).catch(() => copyFile(from, to));
    return;
  }
  await mkdir(to);
  for (const entry of entries) await carryOver(join(from, entry.name), join(to, entry.name));
}

function cannotWrite(e: unknown, outDir: string): EstradeError {
  return new EstradeError(`cannot write the output (${systemError(e as NodeJS.ErrnoException)}) — choose a writable folder with --out; the previous output is unchanged`, outDir, undefined, { cause: e });
}

/**
 * Writes the artifacts as the new content of `outDir`. Top-level entries of the old output that no
 * artifact replaces (courses built earlier) are carried over; the rest of the old output goes.
 */
export async function writeArtifacts(outDir: string, artifacts: Artifact[], writer: Writer = realWriter): Promise<void> {
  const parent = dirname(outDir);
  const tag = `.estrade-${basename(outDir)}-${process.pid}-${Date.now()}`;
  const staging = join(parent, `${tag}-new`);
  const old = join(parent, `${tag}-old`);
  const forget = atInterrupt(() => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  });
  try {
    try {
      // Folders are made synchronously: a Ctrl+C removes the staging folder at once (atInterrupt),
      // and a recursive mkdir still running in libuv's threads would make it again behind it.
      mkdirSync(parent, { recursive: true });
      mkdirSync(staging);
      const replaced = new Set(artifacts.map((a) => a.path.split('/')[0]));
      const previous = await readdir(outDir).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return [];
        throw e;
      });
      for (const name of previous) if (!replaced.has(name) && !STAGING.test(name)) await carryOver(join(outDir, name), join(staging, name));
      for (const artifact of artifacts) {
        const target = join(staging, artifact.path);
        mkdirSync(dirname(target), { recursive: true });
        await writer.writeFile(target, artifact.contents);
      }
    } catch (e) {
      throw cannotWrite(e, outDir);
    }
    // Synchronous and back to back: no signal handler or other callback can run between the renames.
    const hadOutput = existsSync(outDir);
    try {
      if (hadOutput) renameSync(outDir, old);
      renameSync(staging, outDir);
      markOutputWritten();
    } catch (e) {
      if (hadOutput && !existsSync(outDir)) renameSync(old, outDir);
      throw cannotWrite(e, outDir);
    }
    await rm(old, { recursive: true, force: true }).catch(() => undefined);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    forget();
  }
}
