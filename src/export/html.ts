// Presenter-ready HTML through marp-cli's `bespoke` template (navigation, presenter view with notes,
// overview, fullscreen), with our engine. marp-cli converts files, so decks go through a scratch folder.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atInterrupt } from '../interrupt.ts';
import { EstradeMarp, OwnDeckMarp, StudentMarp, StudentOwnDeckMarp } from '../render/marp.ts';

// marp-cli loads its engine from a config file; that file picks ours up from the running process
// (importing our TypeScript from it would depend on which loader runs us: tsx, Vitest…).
const ENGINES = { estrade: EstradeMarp, own: OwnDeckMarp, students: StudentMarp, 'students-own': StudentOwnDeckMarp };
for (const [name, engine] of Object.entries(ENGINES)) (globalThis as Record<symbol, unknown>)[Symbol.for(`estrade.marp-engine.${name}`)] = engine;
const configFor = (engine: keyof typeof ENGINES) => `export default { engine: globalThis[Symbol.for(${JSON.stringify(`estrade.marp-engine.${engine}`)})] };\n`;

let loading: Promise<{ marpCli: (argv: string[]) => Promise<number> }> | undefined;
/** marp-cli takes a seventh of a second to load: only what makes HTML or PowerPoint pays for it. */
const loadMarpCli = () => (loading ??= import('@marp-team/marp-cli'));

export interface DeckSource {
  name: string;
  markdown: string;
  /** A Marp deck of the teacher's that uses HTML: converted as `marp --html` would. */
  html?: boolean;
  /** A Marp deck of the teacher's (`marp: true`): Marp's inline script stays on. */
  own?: boolean;
  /** The teacher's copy: speaker notes in the presenter view. Without it, a deck for students. */
  notes?: boolean;
}

// The console's own methods while marp-cli runs, and what each run going on hears meanwhile. Runs
// may overlap (a build started again after Chromium quit, while the first one's warm-up still
// runs): the console is given back when the last one ends.
let saved: Pick<Console, 'log' | 'info' | 'warn' | 'error'> | undefined;
const listening = new Set<string[]>();
const keep = (...args: unknown[]) => {
  for (const messages of listening) messages.push(args.map(String).join(' '));
};

/** Runs marp-cli with its console chatter kept for the error message instead of printed. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ status: T; messages: string[] }> {
  const messages: string[] = [];
  if (!listening.size) {
    saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    Object.assign(console, { log: keep, info: keep, warn: keep, error: keep });
  }
  listening.add(messages);
  try {
    return { status: await fn(), messages };
  } finally {
    listening.delete(messages);
    if (!listening.size) Object.assign(console, saved);
  }
}

/** Runs marp-cli once over every deck with our engine and themes; returns each output by deck name. */
async function convertWithMarpCli(decks: DeckSource[], themeFiles: string[], format: { flags: string[]; ext: string; engine?: keyof typeof ENGINES }): Promise<Map<string, Buffer>> {
  const scratch = await mkdtemp(join(tmpdir(), 'estrade-marp-'));
  const forget = atInterrupt(() => rmSync(scratch, { recursive: true, force: true }));
  try {
    const config = join(scratch, 'marp.config.mjs');
    await writeFile(config, configFor(format.engine ?? 'estrade'));
    const input = join(scratch, 'in');
    const output = join(scratch, 'out');
    await mkdir(input);
    await Promise.all(decks.map((d) => writeFile(join(input, `${d.name}.md`), d.markdown)));
    // One deck at a time: between decks the main thread answers Chromium, which prints meanwhile.
    const argv = ['--config-file', config, '--input-dir', input, '--output', output, '--no-stdin', '--parallel', '1', ...format.flags];
    for (const theme of themeFiles) argv.push('--theme-set', theme);
    const { marpCli } = await loadMarpCli();
    const { status, messages } = await quietly(() => marpCli(argv));
    if (status !== 0) throw new Error(`marp-cli could not convert the decks (exit ${status}):\n${messages.join('\n')}`);
    const out = new Map<string, Buffer>();
    for (const d of decks) out.set(d.name, await readFile(join(output, `${d.name}.${format.ext}`)));
    return out;
  } finally {
    await rm(scratch, { recursive: true, force: true });
    forget();
  }
}

/**
 * Runs marp-cli once on a one-slide deck in the given theme: its first run parses its options,
 * compiles its code and packs the theme for its template, a fifth of a second that a build spends
 * while Chromium measures slides rather than after.
 */
export async function warmUpPresenterHtml(theme: string, themeFiles: string[]): Promise<void> {
  await presenterHtml([{ name: 'warm-up', markdown: `---\nmarp: true\ntheme: ${theme}\n---\n\n# Estrade\n` }], themeFiles);
}

/** Presenter-ready HTML of every deck, in one marp-cli run (the students' decks without notes). */
export async function presenterHtml(decks: DeckSource[], themeFiles: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Estrade's decks in one marp-cli run; a teacher's own Marp decks apart, with or without --html.
  for (const notes of [false, true]) {
    for (const [own, html] of [[false, false], [true, false], [true, true]] as const) {
      const batch = decks.filter((d) => !!d.notes === notes && !!d.own === own && !!d.html === html);
      if (!batch.length) continue;
      const engine = notes ? (own ? 'own' : 'estrade') : own ? 'students-own' : 'students';
      const converted = await convertWithMarpCli(batch, themeFiles, { flags: ['--template', 'bespoke', ...(html ? ['--html'] : [])], ext: 'html', engine });
      for (const [name, bytes] of converted) out.set(name, bytes.toString('utf8'));
    }
  }
  return out;
}

/** PowerPoint files, opt-in for schools that want them: marp-cli's export, with its own browser. */
export async function powerPoint(decks: DeckSource[], themeFiles: string[], browserPath: string): Promise<Map<string, Buffer>> {
  // marp-cli leaves its browser profile (marp-cli-*) in the temporary folder, which it reads from
  // TMPDIR and takes no option for: TMPDIR points to one of ours while it runs. Nothing else of the
  // build runs then (exportCourses waits for the prints and pictures first).
  const profiles = await mkdtemp(join(tmpdir(), 'estrade-pptx-'));
  const forget = atInterrupt(() => rmSync(profiles, { recursive: true, force: true }));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = profiles;
  try {
    return await convertWithMarpCli(decks, themeFiles, { flags: ['--pptx', '--browser-path', browserPath], ext: 'pptx' });
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    await rm(profiles, { recursive: true, force: true });
    forget();
  }
}
