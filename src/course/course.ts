// Markdown notes → a Course: numbered `##` start sections, `###` start slides, `---` breaks,
// HTML comments become speaker notes. Pure: a string in, a value and diagnostics out.
import { abbreviations, linkReferences } from './blocks.ts';
import { standardMarkdown } from './dialects.ts';
import { fencedLines } from './fences.ts';
import { takeFootnotes, titleCalls, withFootnotes } from './footnotes.ts';
import { splitFrontMatter } from './front-matter.ts';
import { detectLanguage } from './language.ts';
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

export interface ParsedCourse {
  course: Course;
  diagnostics: Diagnostic[];
}

export function parseCourse(source: string, file: string): ParsedCourse {
  const text = source.replace(/\r\n?/g, '\n');
  const front = splitFrontMatter(text, file);
  const diagnostics = [...front.diagnostics];
  const lang = front.settings.lang ?? detectLanguage(front.body);
  // Admonitions, fenced divs, directives and shortcodes as CommonMark, line for line (a Marp deck of
  // the teacher's is Marp's Markdown already).
  const dialects = front.settings.marp ? { text: front.body, notes: [] } : standardMarkdown(front.body, lang);
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
  return {
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
}
