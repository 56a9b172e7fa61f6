// Finding and reading course files: the file-system edge of the pipeline.
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { decodeCourseBytes } from '../course/encoding.ts';
import { EstradeError, systemError } from '../errors.ts';

export interface SourceFile {
  /** Path as shown to the teacher (relative to the working folder when inside it). */
  file: string;
  text: string;
  repairs: string[];
}

const COURSE = /\.(md|markdown)$/i;
export const displayPath = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
};

/** A course's path as written into the output, which teachers publish: relative to the project
 *  folder, or the file name alone when the course lives elsewhere (never the home folder's path). */
export const publishedPath = (path: string) => {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : basename(path);
};

/** Course files named by the inputs: files as given, folders for their `*.md` (not recursive). */
export async function findCourses(inputs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new EstradeError(`no such file or folder — check the path, or run from the project folder`, input);
    if (info.isDirectory()) {
      const names = (await readdir(input)).filter((n) => COURSE.test(n)).sort();
      if (!names.length) throw new EstradeError('this folder has no course (no .md file) — add one or name a course file', input);
      found.push(...names.map((n) => join(input, n)));
    } else {
      if (!COURSE.test(extname(input)) && extname(input) !== '') {
        throw new EstradeError(`a course is a Markdown file (.md), not ${extname(input)} — name a .md file`, input);
      }
      found.push(input);
    }
  }
  return [...new Set(found)];
}

export function decodeSource(bytes: Uint8Array, file: string): SourceFile {
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new EstradeError('the file is empty — write a # Title and some ## sections', file, 1);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0 && !(bytes[0] === 0xff || bytes[0] === 0xfe)) {
    const line = bytes.subarray(0, nul).filter((b) => b === 0x0a).length + 1;
    throw new EstradeError('this is a binary file, not Markdown text — name the course .md file instead', file, line);
  }
  const { text, repairs } = decodeCourseBytes(bytes);
  return { file, text, repairs };
}

/** A course file's bytes; a file-system error is one line saying what and what to do. */
export async function readCourseBytes(path: string): Promise<Uint8Array> {
  return readFile(path).catch((e: NodeJS.ErrnoException) => {
    throw new EstradeError(`cannot read the file (${systemError(e)}) — check that it exists and is readable`, displayPath(path), undefined, { cause: e });
  });
}

export async function readSource(path: string): Promise<SourceFile> {
  return decodeSource(await readCourseBytes(path), displayPath(path));
}
