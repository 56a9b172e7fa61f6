// The themes a course may name: Marp's built-in ones and every `themes/*.css` of the project.
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';

export interface Theme {
  name: string;
  file: string;
  css: string;
}

export const BUILT_IN_THEMES = ['default', 'gaia', 'uncover'];
export const DEFAULT_THEME = 'estrade';
export const PACKAGE_THEMES = join(PACKAGE_ROOT, 'themes');

/** The font stacks of Estrade's own theme (`--font`, `--font-code`), for pages that are not slides. */
export function builtInFonts(css = readFileSync(join(PACKAGE_THEMES, `${DEFAULT_THEME}.css`), 'utf8')): { text: string; code: string } {
  const stack = (name: string) => new RegExp(`--${name}:\\s*([^;]+);`).exec(css)?.[1] ?? (name === 'font' ? 'sans-serif' : 'monospace');
  return { text: stack('font'), code: stack('font-code') };
}

export const themeName = (css: string) => /@theme\s+([\w-]+)/.exec(css)?.[1];

async function folderThemes(dir: string): Promise<Theme[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const themes: Theme[] = [];
  for (const n of names.filter((n) => n.endsWith('.css')).sort()) {
    const file = join(dir, n);
    const css = await readFile(file, 'utf8');
    const name = themeName(css);
    if (name) themes.push({ name, file, css });
  }
  return themes;
}

/** Where themes are looked for: Estrade's own, the project's `themes/`, and a `themes/` folder
 *  beside each course (a Marp deck brings its theme along). Later folders override by name. */
export const themeFolders = (courses: string[] = []) => [PACKAGE_THEMES, resolve('themes'), ...courses.map((c) => join(dirname(resolve(c)), 'themes'))];

/**
 * The theme of a course that names none: the one named after the course (`slides/docker.md` or
 * `docker-cours.md` → `themes/docker.css`), else the house theme.
 */
export function themeFor(courseName: string, available: string[]): string {
  const named = [courseName, courseName.split('-')[0]!].find((n) => available.includes(n) && !BUILT_IN_THEMES.includes(n));
  return named ?? DEFAULT_THEME;
}

/** The package's themes, then the working folder's `themes/` (which may override by name). */
export async function loadThemes(folders = themeFolders()): Promise<Theme[]> {
  const byName = new Map<string, Theme>();
  for (const dir of [...new Set(folders.map((f) => resolve(f)))]) {
    for (const theme of await folderThemes(dir)) byName.set(theme.name, theme);
  }
  return [...byName.values()];
}
