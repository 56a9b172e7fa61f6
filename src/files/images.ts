// Images a course shows are embedded as data: URLs, so every deck opens offline from anywhere:
// Markdown images, HTML `<img>` (with lazy-loading `data-src` too) and `<picture>`, relative to the
// course file or root-relative (`/assets/x.png`, looked up in the course folder and its parents up
// to the project folder). A missing one is an error with its line; a remote one, a warning.
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import nodePath, { extname } from 'node:path';
import { courseSlides } from '../course/course.ts';
import { lineFinder } from '../course/lines.ts';
import { systemError } from '../errors.ts';
import type { Course, Diagnostic } from '../course/types.ts';

// ![alt](path "title"), the path written plain or between angle brackets (then it may hold spaces).
const MARKDOWN_IMAGE = /!\[([^\]]*)\]\(\s*(?:<([^>\n]+)>|([^)\s>]+))((?:\s+"[^"]*")?)\s*\)/g;
const imageSource = (m: RegExpMatchArray) => (m[2] ?? m[3])!;
const HTML_IMAGE = /<img\b[^>]*>/gi;
const PICTURE_SOURCE = /<source\b[^>]*>\s*/gi;
const SOURCE_ATTRIBUTE = /\s(data-src|src)\s*=\s*(["'])(.*?)\2/i;
const MIME: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.svg': 'image/svg+xml', '.webp': 'image/webp', '.avif': 'image/avif',
};

const isRemote = (src: string) => /^(https?:)?\/\//i.test(src);
// A drive letter (C:\x.png, C:/x.png) and a file: URL name files too, not a web address.
const DRIVE = /^[a-z]:[\\/]/i;
const isLocal = (src: string) => DRIVE.test(src) || /^file:/i.test(src) || !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src);

/** A link's path as a file name: `%20` is a space, but a `%` that starts no escape is a `%` (`50%.png`). */
function fileName(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/** Where an image path points: beside the course, or for `/x.png` the course folder or a parent of
 *  it (the site root a course written for a website had in mind): up to the project folder, or
 *  three folders up for a course outside the project. */
export function imageFile(src: string, coursePath: string, project = process.cwd(), path: typeof nodePath = nodePath): string {
  const { dirname, join, relative, resolve } = path;
  // file:///C:/x.png or file:///home/x.png: the file's own path.
  const local = /^file:\/\//i.test(src) ? src.replace(/^file:\/\/(localhost)?/i, '').replace(/^\/([a-z]:)/i, '$1') : src;
  let name = fileName(local.replace(/[?#].*$/, ''));
  // Written on Windows (images\x.png), built anywhere: a backslash is never part of a link.
  if (path.sep === '/') name = name.replace(/\\/g, '/');
  const courseDir = dirname(resolve(coursePath));
  if (DRIVE.test(name)) return path.sep === '\\' ? resolve(name) : name;
  if (!name.startsWith('/')) {
    const beside = resolve(courseDir, name);
    // A picture named alone (Obsidian's `![[schema.png]]`) may be in a folder below the course's.
    return existsSync(beside) || /[\\/]/.test(name) ? beside : (below(courseDir, name, path) ?? beside);
  }
  const inProject = (dir: string) => !relative(project, dir).startsWith('..');
  const within = inProject(courseDir);
  for (let dir = courseDir, up = 0; ; dir = dirname(dir), up++) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const last = within ? dir === project || !inProject(dirname(dir)) : up >= 3;
    if (last || dirname(dir) === dir) return join(courseDir, name);
  }
}

// Every save of a course embeds its images again (estrade dev): a picture is read and encoded once,
// then again only when the file changes (its size or times do).
const embedded = new Map<string, { version: string; url: string }>();
const EMBEDDED_KEPT = 500;

async function imageDataUrl(file: string, mime: string): Promise<string> {
  const info = await stat(file);
  if (info.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
  const version = `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
  const known = embedded.get(file);
  if (known?.version === version) return known.url;
  const url = `data:${mime};base64,${(await readFile(file)).toString('base64')}`;
  if (embedded.size >= EMBEDDED_KEPT) embedded.clear();
  embedded.set(file, { version, url });
  return url;
}

/** The first file named `name` in the folders below `dir` (three deep, in name order, at most 200
 *  folders looked into: a course kept in a large folder is not searched through), if any. */
function below(dir: string, name: string, path: typeof nodePath): string | undefined {
  const queue: { folder: string; depth: number }[] = [{ folder: dir, depth: 0 }];
  for (let looked = 0; queue.length && looked < 200; looked++) {
    const { folder, depth } = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      continue;
    }
    if (depth > 0 && entries.some((e) => e.isFile() && e.name === name)) return path.join(folder, name);
    if (depth < 3) for (const e of entries) if (e.isDirectory() && !/^(\.|node_modules$|dist$)/.test(e.name)) queue.push({ folder: path.join(folder, e.name), depth: depth + 1 });
  }
  return undefined;
}

/** What embedding a course's images reports: its problems, and the picture files it shows (found or not), for the watcher. */
export interface Embedding {
  diagnostics: Diagnostic[];
  pictures: Set<string>;
}

/** Embeds the images of one piece of Markdown (a slide, or a whole Marp deck) and says what is wrong. */
async function embedIn(body: string, firstLine: number, course: Course, path: string, lineOf: (text: string, fallback: number) => number, remoteSeen: Set<string>, { diagnostics, pictures }: Embedding): Promise<string> {
  /** The image as a data: URL, or undefined after saying what is wrong. */
  const dataUrl = async (src: string, whole: string): Promise<string | undefined> => {
    if (isRemote(src)) {
      if (!remoteSeen.has(src)) diagnostics.push({ file: course.file, line: lineOf(src, firstLine), severity: 'warning', message: `image "${src}" is on the internet: it shows only when the classroom is online — save it beside the course and link the file` });
      remoteSeen.add(src);
      return undefined;
    }
    if (!isLocal(src)) return undefined;
    const file = imageFile(src, path);
    pictures.add(file);
    const mime = MIME[extname(file).toLowerCase()];
    let problem = mime ? undefined : `"${src}" is not an image Estrade can show (png, jpg, gif, svg, webp)`;
    const url = mime ? await imageDataUrl(file, mime).catch((e: NodeJS.ErrnoException) => {
      problem = e.code === 'ENOENT' ? `image "${src}" not found` : e.code === 'EISDIR' ? `image "${src}" is a folder, not a file` : `image "${src}" cannot be read (${systemError(e)})`;
      return undefined;
    }) : undefined;
    // The line that names it: as written, or (written in a dialect, ![[picture.png]]) by its name.
    if (!url) diagnostics.push({ file: course.file, line: lineOf(whole, lineOf(src, firstLine)), severity: 'error', message: `${problem} — check the path, relative to the course file` });
    return url;
  };
  let out = body;
  for (const m of body.matchAll(MARKDOWN_IMAGE)) {
    const [whole, alt] = m;
    const src = imageSource(m);
    const title = m[4] ?? '';
    const url = src && (await dataUrl(src, whole));
    if (url) out = out.replace(whole, `![${alt}](${url}${title})`);
  }
  // <picture>: the <img> inside is enough (Chromium shows it); its <source> alternatives would
  // each be embedded for nothing, and lazy ones point at nothing without the site's script.
  out = out.replace(/<picture\b[\s\S]*?<\/picture>/gi, (picture) => picture.replace(PICTURE_SOURCE, ''));
  for (const m of out.matchAll(HTML_IMAGE)) {
    const tag = m[0];
    const attribute = SOURCE_ATTRIBUTE.exec(tag);
    if (!attribute) continue;
    // A lazy image (data-src) waits for a site's script that slides do not have: its src is set.
    const url = (await dataUrl(attribute[3]!, attribute[3]!)) ?? (isRemote(attribute[3]!) ? attribute[3]! : undefined);
    if (url) out = out.replace(tag, tag.replace(attribute[0], ` src="${url}"`).replace(/\s(data-)?srcset\s*=\s*(["']).*?\2/gi, ''));
  }
  return out;
}

/** Whether a piece of Markdown may show an image: most slides do not, and are left as they are. */
const MAY_SHOW_IMAGE = /!\[|<img\b|<picture\b/i;
/** Whether a slide's Markdown may show a picture, which embedding would change. */
export const mayShowImage = (markdown: string) => MAY_SHOW_IMAGE.test(markdown);

export async function embedImages(course: Course, path: string, source: string, embedding: Embedding): Promise<void> {
  let lines: ReturnType<typeof lineFinder> | undefined;
  // From the slide's own line: a name written twice in the course is found where this slide writes it.
  const lineOf = (text: string, fallback: number) => (lines ??= lineFinder(source))(text, fallback, fallback);
  const remoteSeen = new Set<string>();
  for (const slide of courseSlides(course)) if (MAY_SHOW_IMAGE.test(slide.body)) slide.body = await embedIn(slide.body, slide.line, course, path, lineOf, remoteSeen, embedding);
}

/** A Marp deck as written, with its images embedded (marp-cli would leave them as links that break
 *  once the HTML is in dist/). */
export async function embedDeckImages(course: Course, path: string, source: string, embedding: Embedding): Promise<string> {
  return embedIn(source, 1, course, path, lineFinder(source), new Set(), embedding);
}
