// The courses already in an output folder, so that building one course keeps the others listed.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../export/manifest.ts';

export async function readManifests(outDir: string): Promise<Manifest[]> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  const found: Manifest[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const text = await readFile(join(outDir, entry.name, 'manifest.json'), 'utf8').catch(() => undefined);
    if (!text) continue;
    try {
      const manifest = JSON.parse(text) as Manifest;
      if (manifest.course === entry.name && Array.isArray(manifest.decks)) found.push(manifest);
    } catch {
      // Not one of ours: leave it out of the index.
    }
  }
  return found;
}
