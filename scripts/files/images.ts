// Local images a course shows are embedded as data: URLs, so every deck opens offline from
// anywhere; a missing one is reported with its line.
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Course, Diagnostic, Slide } from '../course/types.ts';

const IMAGE = /!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?((?:\s+"[^"]*")?)\s*\)/g;
const MIME: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.svg': 'image/svg+xml', '.webp': 'image/webp', '.avif': 'image/avif',
};

const isLocal = (src: string) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i.test(src);

/** A link's path as a file name: `%20` is a space, but a `%` that starts no escape is a `%` (`50%.png`). */
function fileName(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}

/** Local image paths a course refers to, resolved against the course file (for the watcher too). */
export function localImages(course: Course, path: string): string[] {
  const slides = [...course.opening, ...course.sections.flatMap((s) => s.slides)];
  return slides.flatMap((s) => [...s.body.matchAll(IMAGE)].map((m) => m[2]!).filter(isLocal).map((src) => resolve(dirname(path), fileName(src))));
}

export async function embedImages(course: Course, path: string, source: string, diagnostics: Diagnostic[]): Promise<void> {
  const lines = source.split(/\r?\n/);
  const lineOf = (text: string, fallback: number) => {
    const i = lines.findIndex((l) => l.includes(text));
    return i >= 0 ? i + 1 : fallback;
  };
  const embed = async (slide: Slide) => {
    let body = slide.body;
    for (const m of slide.body.matchAll(IMAGE)) {
      const [whole, alt, src, title] = m;
      if (!src || !isLocal(src)) continue;
      const file = resolve(dirname(path), fileName(src));
      const mime = MIME[extname(file).toLowerCase()];
      let problem = mime ? undefined : `"${src}" is not an image Estrade can show (png, jpg, gif, svg, webp)`;
      const bytes = mime ? await readFile(file).catch((e: NodeJS.ErrnoException) => {
        problem = e.code === 'ENOENT' ? `image "${src}" not found` : e.code === 'EISDIR' ? `image "${src}" is a folder, not a file` : `image "${src}" cannot be read (${e.code === 'EACCES' ? 'permission denied' : (e.code ?? e.message)})`;
        return undefined;
      }) : undefined;
      if (!bytes) {
        diagnostics.push({ file: course.file, line: lineOf(whole, slide.line), severity: 'error', message: `${problem} — check the path, relative to the course file` });
        continue;
      }
      body = body.replace(whole, `![${alt}](data:${mime};base64,${bytes.toString('base64')}${title})`);
    }
    slide.body = body;
  };
  for (const slide of [...course.opening, ...course.sections.flatMap((s) => s.slides)]) await embed(slide);
}
