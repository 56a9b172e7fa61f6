// Markdown notes → a Course: numbered `##` start sections, `###` start slides, `---` breaks,
// HTML comments become speaker notes. Pure: a string in, a value and diagnostics out.
import { abbreviations, linkReferences } from './blocks.ts';
import { standardMarkdown } from './dialects.ts';
import { fencedLines } from './fences.ts';
import { takeFootnotes, titleCalls, withFootnotes } from './footnotes.ts';
import { splitFrontMatter } from './front-matter.ts';
import { languageOf, smallWords } from './language.ts';
import type { Course, Diagnostic, Section, Slide } from './types.ts';

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
// `<!-- duration: 20 -->` (or `durée`) in a part: its minutes in class, not a speaker note.
const DURATION = /^\s*<!--\s*(?:duration|durée)\s*:\s*(\d{1,3})\s*(?:min(?:utes)?)?\s*-->\s*$/i;
// Pandoc's and kramdown's heading attributes: `## Le modèle OSI {#modele-osi}`, `{: .class}`.
const ATTRIBUTES = /\s*\{\s*[:#.][^}]*\}\s*$/;
// A heading that is nothing but a link ("[Retour au menu](../index.md)") is navigation, not a title.
const ONLY_LINK = /^\[[^\]]*\]\([^)]*\)$/;
const NUMBERED = /^(\d+)[.)]\s+(.*)$/;
// Any thematic break (---, ***, ___) is a slide break: Marp would split there anyway.
const BREAK = /^ {0,3}([-*_])( *\1){2,} *$/;

/** Strips emoji and pictographs so a title reads well in metadata, tabs and file names. */
export function plainTitle(text: string): string {
  return text
    // Marp's `<!-- fit -->`, a `<br>`: markup, not words of the title.
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/[\p{Extended_Pictographic}\uFE0F\u200D]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every slide of a course as written, in order: the opening's, then each section's. */
export const courseSlides = (course: Pick<Course, 'opening' | 'sections'>): Slide[] => [...course.opening, ...course.sections.flatMap((s) => s.slides)];

export interface ParsedCourse {
  course: Course;
  diagnostics: Diagnostic[];
}

/**
 * What a reading of a course keeps to read it again after an edit: `estrade dev` reads the course at
 * every save, and an edit inside one section is read in that section only.
 */
interface Reading {
  text: string;
  lines: string[];
  parsed: ParsedCourse;
  /** The small words counted for the language, when the front matter does not name it. */
  words?: Map<string, number>;
  /** 1-based line of the course's `#` title, when the body has one. */
  headingLine?: number;
  /** The lines of the section headings the dialects reached with nothing left open (no fence, no box). */
  clean: Set<number>;
}

/** The last reading of each course file. */
const readings = new Map<string, Reading>();
const READINGS_KEPT = 16;

export function parseCourse(source: string, file: string): ParsedCourse {
  const text = source.replace(/\r\n?/g, '\n');
  const last = readings.get(file);
  const reading = last?.text === text ? last : ((last && readAgain(last, text, file)) ?? readCourse(text, file));
  readings.delete(file);
  readings.set(file, reading);
  if (readings.size > READINGS_KEPT) readings.delete(readings.keys().next().value!);
  // Callers may add to what they are given; the reading kept stays as it was read.
  const { course, diagnostics } = reading.parsed;
  return { course: { ...course, opening: [...course.opening], sections: [...course.sections] }, diagnostics: [...diagnostics] };
}

function readCourse(text: string, file: string, known?: { lang: string }): Reading {
  const front = splitFrontMatter(text, file);
  const diagnostics = [...front.diagnostics];
  const words = known || front.settings.lang ? undefined : smallWords(front.body);
  const lang = known?.lang ?? front.settings.lang ?? languageOf(words!);
  // Admonitions, fenced divs, directives and shortcodes as CommonMark, line for line (a Marp deck of
  // the teacher's is Marp's Markdown already).
  const dialects = front.settings.marp ? { text: front.body, notes: [], clean: [] } : standardMarkdown(front.body, lang);
  for (const note of dialects.notes) diagnostics.push({ file, line: front.bodyLine + note.line - 1, severity: 'warning', message: note.message });
  const lines = dialects.text.split('\n');
  const numbered = lines.some((line) => {
    const m = HEADING.exec(line);
    return m?.[1] === '##' && NUMBERED.test(m[2] ?? '');
  });
  // Notes written with several `#` chapters and no `##` at all: each `#` after the first is a section.
  const fenced = fencedLines(dialects.text);
  // Footnotes: their definitions taken out of the text (the line numbers kept), written on the
  // slides that call them (a Marp deck of the teacher's is drawn as marp-cli draws it).
  const footnotes = front.settings.marp ? undefined : takeFootnotes(lines, fenced);
  for (const { line, label, twice } of footnotes?.uncalled ?? []) {
    const why = twice ? `the note [^${label}] is defined a second time (the first is the one called)` : `the note [^${label}] is never called in the text (no [^${label}] after a word)`;
    diagnostics.push({ file, line: front.bodyLine + line, severity: 'warning', message: `${why}: it is shown where it is written` });
  }
  const levels = lines.map((line, i) => (fenced[i] ? 0 : (HEADING.exec(line)?.[1]?.length ?? 0)));
  const chapters = !levels.includes(2) && levels.filter((l) => l === 1).length >= 2;

  let heading = '';
  let headingLine: number | undefined;
  const opening: Slide[] = [];
  const sections: Section[] = [];
  let slides = opening;
  let current: Slide | undefined;
  let comment: string[] | undefined;
  const afterBreak = new Set<Slide>();
  const heldNotes = new Set<Slide>();
  /** Footnotes called in a slide's heading (`### Dropout[^1]`): written at the bottom of the slide. */
  const titleNotes = new Map<Slide, string[]>();
  /** What a `#` chapter heading written between `##` sections starts: it opens the next section. */
  let chapter: Slide[] | undefined;

  const startSlide = (title: string | undefined, line: number): Slide => {
    current = { title, body: '', notes: [], line };
    slides.push(current);
    return current;
  };
  const contentSlide = (line: number): Slide => current ?? startSlide(sections.at(-1)?.title, line);

  lines.forEach((raw, i) => {
    const line = front.bodyLine + i;
    if (comment) {
      comment.push(raw);
      if (raw.includes('-->')) {
        contentSlide(line).notes.push(comment.join('\n').replace(/^\s*<!--\s*|\s*-->\s*$/g, ''));
        comment = undefined;
      }
      return;
    }
    if (footnotes?.taken.has(i)) {
      if (current) heldNotes.add(current);
      return;
    }
    if (fenced[i]) {
      contentSlide(line).body += raw + '\n';
      return;
    }
    const duration = DURATION.exec(raw);
    if (duration && sections.length) {
      sections.at(-1)!.duration = Number(duration[1]);
      return;
    }
    if (/^\s*<!--/.test(raw)) {
      comment = [raw];
      if (raw.includes('-->')) {
        contentSlide(line).notes.push(raw.trim().replace(/^<!--\s*|\s*-->$/g, ''));
        comment = undefined;
      }
      return;
    }
    const h = HEADING.exec(raw);
    const title = (h?.[2] ?? '').replace(ATTRIBUTES, '');
    const link = h !== null && ONLY_LINK.test(title);
    const written = link ? 0 : h?.[1]?.length ?? 0;
    const level = chapters && heading && written === 1 ? 2 : written;
    if (link) {
      contentSlide(line).body += title + '\n';
    } else if (level === 1 && !heading) {
      heading = title;
      headingLine = line;
      current = undefined;
    } else if (level === 2 && (!numbered || NUMBERED.test(title))) {
      const m = NUMBERED.exec(title);
      const section: Section = { number: m?.[1], title: m?.[2] ?? title, line, slides: chapter ?? [] };
      sections.push(section);
      slides = section.slides;
      chapter = undefined;
      current = undefined;
    } else if (level >= 1 && level <= 3) {
      // `# Chapitre 2` over `##` sections: its slide, and what follows it, open the next section
      // instead of closing the one before.
      if (level === 1) slides = chapter = [];
      const called = footnotes ? titleCalls(title) : { title, labels: [] };
      const slide = startSlide(called.title, line);
      if (called.labels.length) titleNotes.set(slide, called.labels);
    } else if (BREAK.test(raw)) {
      if (current) afterBreak.add(startSlide(current.title, line + 1));
    } else if (raw.trim() || current) {
      contentSlide(line).body += raw + '\n';
    }
  });
  if (comment) diagnostics.push({ file, line: front.bodyLine + lines.length - comment.length, severity: 'warning', message: 'a comment <!-- is never closed with --> — close it' });
  // A chapter heading after the last section: nothing comes after it to open, it ends the course.
  if (chapter) (sections.at(-1)?.slides ?? opening).push(...chapter);

  // A slide with only a heading is the teacher's; an empty one after a `---` (a trailing break) is not.
  const tidy = (list: Slide[]) => {
    for (const slide of list) slide.body = slide.body.replace(/^\n+|\s+$/g, '');
    // A slide that held only footnotes (`### Notes` at the end) is gone: each note is on its slides.
    const kept = list.filter((s) => s.body || s.notes.length || (s.title && !afterBreak.has(s) && !heldNotes.has(s)));
    list.splice(0, list.length, ...kept);
  };
  if (footnotes) for (const slide of [...opening, ...sections.flatMap((s) => s.slides)]) slide.body = withFootnotes(slide.body, footnotes, titleNotes.get(slide));
  tidy(opening);
  sections.forEach((s) => tidy(s.slides));

  const settings = front.settings;
  const title = settings.title ?? (plainTitle(heading) || plainTitle(file.replace(/^.*\//, '').replace(/\.md$/, '')));
  const parsed: ParsedCourse = {
    course: {
      file,
      title,
      heading: heading || title,
      lang,
      settings,
      opening,
      sections,
      references: [linkReferences(front.body), abbreviations(front.body)].filter(Boolean).join('\n'),
      body: front.body,
      bodyLine: front.bodyLine,
    },
    diagnostics,
  };
  const clean = new Set(sections.filter((s) => dialects.clean[s.line - front.bodyLine]).map((s) => s.line));
  return { text, lines: text.split('\n'), parsed, words, headingLine, clean };
}

// Lines an edit may not touch to be read in its section alone: headings of sections and chapters,
// setext underlines, fences, comments, the dialects' blocks (their openings and closings) — each may
// reach past the section it is written in.
const REACHES_FURTHER = /```|~~~|<!--|-->|:::|%%|\{\{|!!!|\?\?\?|\+\+\+|^\s*#{1,2}(\s|$)|^\s*(=+|-+)\s*$/;
// Footnotes, link and abbreviation definitions serve the whole course.
const COURSE_WIDE = /\[\^|\]:|\*\[/;

/**
 * The course read again after an edit confined to one `##` section, reading that section alone (the
 * lines above it left blank, so that every line keeps its number) and the rest as it was read before;
 * undefined when the edit may reach further, then the whole course is read.
 */
function readAgain(last: Reading, text: string, file: string): Reading | undefined {
  const { course, diagnostics } = last.parsed;
  if (course.settings.marp || !last.text.endsWith(course.body)) return undefined;
  const old = last.lines;
  const lines = text.split('\n');
  let top = 0;
  while (top < lines.length && top < old.length && lines[top] === old[top]) top++;
  let tail = 0;
  while (tail < lines.length - top && tail < old.length - top && lines[lines.length - 1 - tail] === old[old.length - 1 - tail]) tail++;
  const [oldEnd, newEnd] = [old.length - tail, lines.length - tail];
  const delta = lines.length - old.length;
  // The section whose lines (from its heading to the next section's) hold the edit, its heading untouched.
  const k = course.sections.findIndex((s, i) => s.line - 1 < top && oldEnd <= (course.sections[i + 1]?.line ?? old.length + 1) - 1);
  const [section, next] = [course.sections[k], course.sections[k + 1]];
  if (!section) return undefined;
  const start = section.line - 1;
  const end = (next?.line ?? old.length + 1) - 1;
  const changed = [...old.slice(top, oldEnd), ...lines.slice(top, newEnd)];
  if (changed.some((line) => REACHES_FURTHER.test(line))) return undefined;
  // Whether a line is a definition depends on the lines around it (an HTML block, a fence), which an edit may change.
  if ([...old.slice(start, end), ...lines.slice(start, end + delta)].some((line) => COURSE_WIDE.test(line))) return undefined;
  // The section and the next start after a blank line (no HTML block runs into them); its slides and
  // the next's are all below their headings (no `#` chapter opens them), and the course's title is not in it.
  if (old[start - 1]?.trim() || (end < old.length && (old[end - 1]?.trim() || lines[end + delta - 1]?.trim()))) return undefined;
  if (![section, next].every((s) => !s || s.slides.every((slide) => slide.line >= s.line))) return undefined;
  if (last.headingLine !== undefined && last.headingLine > start && last.headingLine <= end) return undefined;
  // Nothing the dialects read (a fence, a box) is open where the section starts, nor where the next one does.
  if (!last.clean.has(section.line) || (next && !last.clean.has(next.line))) return undefined;
  // The language, from the small words counted before, less the old lines', plus the new lines'.
  let words: Map<string, number> | undefined;
  if (last.words) {
    words = new Map(last.words);
    for (const [word, n] of smallWords(old.slice(top, oldEnd).join('\n'))) words.set(word, (words.get(word) ?? 0) - n);
    for (const [word, n] of smallWords(lines.slice(top, newEnd).join('\n'))) words.set(word, (words.get(word) ?? 0) + n);
  }
  if (words && languageOf(words) !== course.lang) return undefined;
  const bodyStart = course.bodyLine - 1;
  // Below the section, a heading of the next one's kind: what the section leaves open (a fence, a
  // comment, a box) would swallow it.
  const probe = next ? ['', `## ${section.number ? '999. ' : ''}estrade`] : [];
  const alone = readCourse([...lines.slice(0, bodyStart), ...Array<string>(start - bodyStart).fill(''), ...lines.slice(start, end + delta), ...probe].join('\n'), file, { lang: course.lang });
  const read = alone.parsed;
  const probed = end + delta + 2;
  if (alone.headingLine !== undefined || read.course.opening.length || read.course.sections.length !== (next ? 2 : 1) || read.course.sections[0]!.line !== section.line) return undefined;
  if (next && (read.course.sections[1]!.line !== probed || !alone.clean.has(probed))) return undefined;
  const moved = <T extends { line: number }>(item: T): T => (delta ? { ...item, line: item.line + delta } : item);
  const after = (s: Section): Section => (delta ? { ...moved(s), slides: s.slides.map(moved) } : s);
  const inside = (line: number, from: number, to: number) => line > from && line <= to;
  const parsed: ParsedCourse = {
    course: {
      ...course,
      body: text.slice(last.text.length - course.body.length),
      sections: [...course.sections.slice(0, k), read.course.sections[0]!, ...course.sections.slice(k + 1).map(after)],
    },
    diagnostics: [
      ...diagnostics.filter((d) => d.line <= start),
      ...read.diagnostics.filter((d) => inside(d.line, start, end + delta)),
      ...diagnostics.filter((d) => d.line > end).map(moved),
    ],
  };
  const clean = new Set([...[...last.clean].filter((line) => line <= start), section.line, ...[...last.clean].filter((line) => line > end).map((line) => line + delta)]);
  return { text, lines, parsed, words, headingLine: last.headingLine === undefined || last.headingLine <= start ? last.headingLine : last.headingLine + delta, clean };
}
