// `estrade doctor`: what in a course needs the teacher's attention, each with its line — encoding
// damage, French spacing, missing images, empty sections, skipped heading levels, slides that had to
// be split or cannot fit — and, with --fix, the encoding and spacing repaired in the source itself
// (the original is kept beside it as .bak).
import { constants } from 'node:fs';
import { copyFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fitCourse, openWorkbench, planCourse } from './build.ts';
import type { Browser } from './render/browser.ts';
import { undrawable } from './render/glyphs.ts';
import { themeFolders } from './render/themes.ts';
import { usesFrenchTypography } from './course/deck.ts';
import { mojibakeScore } from './course/encoding.ts';
import { fencedLines } from './course/fences.ts';
import { courseSlides } from './course/course.ts';
import { lineFinder } from './course/lines.ts';
import { questionOf, questionProblems } from './course/questions.ts';
import type { Course, Diagnostic } from './course/types.ts';
import { typographyIssues, withFrenchSpacing } from './course/typography.ts';
import { EstradeError } from './errors.ts';
import { decodeSource, displayPath, findCourses, readCourseBytes } from './files/source.ts';

export interface DoctorReport {
  diagnostics: Diagnostic[];
  /** Files rewritten by --fix, with their backups and what was changed, in the teacher's words. */
  fixed: { file: string; backup: string; what: string }[];
}

const HEADING = /^(#{1,6})\s/;

export function headingJumps(text: string, file: string, firstLine = 1): Diagnostic[] {
  const found: Diagnostic[] = [];
  let previous = 0;
  const fenced = fencedLines(text);
  text.split('\n').forEach((line, i) => {
    const level = fenced[i] ? 0 : (HEADING.exec(line)?.[1]?.length ?? 0);
    if (!level) return;
    if (previous && level > previous + 1) {
      found.push({ file, line: firstLine + i, severity: 'warning', message: `heading level ${level} follows level ${previous} — use ${'#'.repeat(previous + 1)} so the outline stays clear` });
    }
    previous = level;
  });
  return found;
}

export function emptySections(course: Course): Diagnostic[] {
  return course.sections.filter((s) => s.slides.length === 0).map((s) => ({
    file: course.file, line: s.line, severity: 'warning' as const, message: `section "${s.title}" is empty — add content under it or remove the heading`,
  }));
}

function encodingDiagnostics(file: string, text: string, repairs: string[]): Diagnostic[] {
  if (!repairs.length) return [];
  const lines = text.split('\n');
  const firstDamaged = Math.max(0, lines.findIndex((l) => mojibakeScore(l) > 0));
  return [{ file, line: firstDamaged + 1, severity: 'warning', message: `encoding: ${repairs.join('; ')} — run "estrade doctor --fix" to save it as clean UTF-8` }];
}

/** Keeps the original byte for byte as `<file>.bak`, or `<file>.<time>.bak` when an earlier backup
 *  exists: the first original is never overwritten. */
export function frenchSpacingNote(file: string, lines: number[]): Diagnostic {
  const shown = lines.slice(0, 5).join(', ') + (lines.length > 5 ? ', …' : '');
  const count = lines.length === 1 ? '1 line has' : `${lines.length} lines have`;
  return { file, line: lines[0]!, severity: 'info', message: `French spacing: ${count} a space before ; : ! ? or inside « » that could break the line (${lines.length === 1 ? 'line' : 'lines'} ${shown}); the slides use a no-break space — "estrade doctor --fix" writes it into the source too` };
}

async function backUp(path: string): Promise<string> {
  for (const candidate of [`${path}.bak`, `${path}.${new Date().toISOString().replace(/[:.]/g, '-')}.bak`]) {
    try {
      await copyFile(path, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new EstradeError('cannot keep a backup: the .bak files already exist — move them away and run --fix again', displayPath(path));
}

const UTF8_BOM = Uint8Array.from([0xef, 0xbb, 0xbf]);
const hasBom = (bytes: Uint8Array) => (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);

/** Writes the repaired course beside the original and renames it into place: never half a file. */
async function replaceSource(path: string, text: string, bom: boolean): Promise<void> {
  const next = `${path}.estrade-fix-${process.pid}`;
  const body = Buffer.from(text, 'utf8');
  try {
    await writeFile(next, bom ? Buffer.concat([UTF8_BOM, body]) : body, { mode: (await stat(path)).mode });
    await rename(next, path);
  } catch (e) {
    await rm(next, { force: true });
    throw e;
  }
}

/** Question slides a teacher would want to hear about before asking them in class. */
function questionDiagnostics(course: Course, file: string): Diagnostic[] {
  if (course.settings.marp) return [];
  return courseSlides(course)
    .flatMap((slide) => {
      const question = questionOf(slide);
      return question ? questionProblems(question) : [];
    })
    .map((p) => ({ file, line: p.line, severity: 'warning' as const, message: p.message }));
}

/** Checks courses with `browser`, its caller's, who closes it. */
export async function doctor(inputs: string[], fix: boolean, browser: Browser): Promise<DoctorReport> {
  const bench = await openWorkbench(browser, themeFolders(await findCourses(inputs).catch(() => [])));
  const report: DoctorReport = { diagnostics: [], fixed: [] };
  try {
    for (const path of await findCourses(inputs)) {
      const file = displayPath(path);
      const bytes = await readCourseBytes(path);
      const source = decodeSource(bytes, file);
      // The build's own planning: front matter, theme, sections and images are checked as it checks them.
      const found: Diagnostic[] = [];
      const planned = await planCourse(source.text, file, path, bench, found);
      const { course } = planned;
      found.push(...headingJumps(course.body, file, course.bodyLine), ...emptySections(course), ...questionDiagnostics(course, file));
      const typography = usesFrenchTypography(course) && !course.settings.marp ? typographyIssues(course.body) : [];
      const fixable = [
        ...encodingDiagnostics(file, source.text, source.repairs),
        // One line for all of them: the slides get the right spacing anyway, fixing the source is a courtesy.
        ...(typography.length ? [frenchSpacingNote(file, typography.map((line) => course.bodyLine + line - 1))] : []),
      ];
      if (fix && fixable.length) {
        const repaired = typography.length ? withFrenchSpacing(source.text, course.bodyLine) : source.text;
        const bom = hasBom(bytes);
        const written = Buffer.concat([bom ? UTF8_BOM : new Uint8Array(), Buffer.from(repaired, 'utf8')]);
        // A file that would come out byte for byte the same is left alone, without a backup.
        if (!written.equals(bytes)) {
          const backup = await backUp(path);
          await replaceSource(path, repaired, bom);
          const what = [
            ...(source.repairs.length ? [`repaired the encoding (${source.repairs.join('; ')})`] : []),
            ...(typography.length ? [`wrote French spacing on ${typography.length === 1 ? '1 line' : `${typography.length} lines`}`] : []),
          ];
          report.fixed.push({ file, backup: displayPath(backup), what: what.join(' and ') || 'saved it as UTF-8' });
        }
      } else {
        found.push(...fixable);
      }
      if (!found.some((d) => d.severity === 'error')) await fitCourse(bench.fitter, planned, found);
      const lineOf = lineFinder(source.text);
      for (const ch of await undrawable(source.text, browser)) {
        const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        found.push({ file, line: lineOf(ch, 1), severity: 'warning', message: `no installed font can draw "${ch}" (${code}): the slides would show an empty box — install a font that has it (Debian: fonts-noto-core, fonts-noto-cjk) or write it differently` });
      }
      report.diagnostics.push(...found.sort((a, b) => a.line - b.line));
    }
  } catch (e) {
    if (e instanceof EstradeError) report.diagnostics.push({ file: e.file ?? inputs.join(' '), line: e.line ?? 1, severity: 'error', message: e.message });
    else throw e;
  } finally {
    await bench.fitter.dispose();
  }
  return report;
}
