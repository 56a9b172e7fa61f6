// Course → decks: one per section, plus the whole course. A section deck opens with its title slide
// and, from three content slides on, an agenda. Pure: values in, values out.
import { slicePieces } from './blocks.ts';
import { words } from './language.ts';
import { askedBody, hasAnswer, questionOf } from './questions.ts';
import { plainTitle } from './course.ts';
import { shortTitle, slugify } from './slug.ts';
import type { Course, Section, Slide } from './types.ts';

export type SlideKind = 'title' | 'section' | 'agenda' | 'content';

export interface DeckSlide extends Slide {
  kind: SlideKind;
  /** Set on the continuation slides that fitting adds. */
  continued?: boolean;
  /** A question's answer, shown on the slide after it (the class answers first). */
  answer?: boolean;
  /** Set by fitting on a slide whose table is wider than the slide: its tables' text size, in pixels,
   *  and whether a word too long for its column may break (the last resort, at the smallest size). */
  tableFontPx?: number;
  tableWrap?: boolean;
}

export interface PlanOptions {
  /** Answer slides after questions; without, the answers are nowhere in the decks. */
  answers: boolean;
}

const planOptions = (course: Course): PlanOptions => ({ answers: course.settings.answers !== 'none' });

export interface Deck {
  /** 1-based section number in the course; absent for the whole-course deck. */
  index?: number;
  /** File name without extension: `01-qu-est-ce-que-docker`, or the course name. */
  name: string;
  title: string;
  /** `<title>` and PDF title: course and section. */
  pageTitle: string;
  lang: string;
  /** French spacing before ; : ! ? and inside « » (French courses, unless turned off). */
  typography: boolean;
  footer: string;
  /** Classes for every slide (the course's `class:`, e.g. `invert`). */
  className?: string;
  slides: DeckSlide[];
  /** A `marp: true` course: its Markdown is rendered as written. */
  markdown?: string;
  /** Minutes in class: the part's `duration`, else the lesson's (the presenter's countdown). */
  minutes?: number;
  /** The course's link reference definitions, after the last slide. */
  references?: string;
}

/** "2. Concepts clés": a section deck's number and title; undefined for the whole course. */
export const numberedTitle = (deck: { index?: number; title: string }) => (deck.index === undefined ? undefined : `${deck.index}. ${deck.title}`);

const agendaSlide = (titles: string[], heading: string, line: number): DeckSlide => ({
  kind: 'agenda',
  title: heading,
  body: titles.map((t, i) => `${i + 1}. ${t}`).join('\n'),
  notes: [],
  line,
});

const sectionLabel = (course: Course, section: Section, index: number) =>
  `${words(course.lang).part} ${section.number ?? index}`;

/** Content slides; a question is asked on its slide (no answer marked) and answered on the next. */
function contentSlides(slides: Slide[], options: PlanOptions): DeckSlide[] {
  return slides.flatMap((s): DeckSlide[] => {
    const question = questionOf(s);
    if (!question) return [{ ...s, kind: 'content' }];
    const asked: DeckSlide = { ...s, kind: 'content', body: askedBody(s.body, question) };
    return options.answers && hasAnswer(question) ? [asked, { ...s, kind: 'content', answer: true, notes: [] }] : [asked];
  });
}

/** A section's slides, by the section: its deck and the whole course's deck are made of the same ones. */
const madeSlides = new WeakMap<Section, { key: string; slides: DeckSlide[] }>();

function sectionSlides(course: Course, section: Section, index: number, options: PlanOptions): DeckSlide[] {
  const key = `${index}\u0000${options.answers}\u0000${course.lang}\u0000${course.heading}`;
  const made = madeSlides.get(section);
  if (made?.key === key) return made.slides;
  const slides = newSectionSlides(course, section, index, options);
  madeSlides.set(section, { key, slides });
  return slides;
}

function newSectionSlides(course: Course, section: Section, index: number, options: PlanOptions): DeckSlide[] {
  const opener: DeckSlide = {
    kind: 'section',
    title: section.title,
    body: `${sectionLabel(course, section, index)} · ${course.heading}`,
    notes: [],
    line: section.line,
  };
  const content = contentSlides(section.slides, options);
  const titles = [...new Set(content.map((s) => s.title).filter((t): t is string => !!t))];
  const agenda = content.length >= 3 ? [agendaSlide(titles, words(course.lang).agenda, section.line)] : [];
  return [opener, ...agenda, ...content];
}

export const usesFrenchTypography = (course: Course) => course.lang.startsWith('fr') && course.settings.typography !== false;

export function courseName(file: string): string {
  return slugify(file.replace(/^.*[\\/]/, '').replace(/\.(md|markdown)$/i, ''), 64);
}

/** A paragraph of a few lines, nothing else: an introduction that reads as the title slide's lead. */
const LEAD_LENGTH = 280;
const isLead = (slide: Slide | undefined): slide is Slide => {
  if (!slide || slide.title || slide.notes.length || slide.body.length > LEAD_LENGTH || /!\[/.test(slide.body)) return false;
  // One paragraph, read as the slides read it: sentences of one block, no list, code, table or HTML.
  const pieces = slicePieces(slide.body);
  return pieces.length > 0 && pieces.every((p) => p.kind === 'sentence' && p.group === pieces[0]!.group && p.quote === undefined);
};

/**
 * The course's title slide: one title everywhere (the front matter's `title:` when there is one, as
 * footers, PDFs and pages say it; the `#` heading as written otherwise), the heading kept as a
 * subtitle when it says more, an introduction of a few lines as its lead, then the author.
 */
function courseTitleSlide(course: Course): DeckSlide {
  const given = course.settings.title;
  const subtitle = given && plainTitle(course.heading) !== plainTitle(given) ? course.heading : '';
  const lead = isLead(course.opening[0]) ? course.opening[0].body.trim() : '';
  const body = [subtitle && `**${subtitle}**`, lead, course.settings.author ?? ''].filter(Boolean).join('\n\n');
  return { kind: 'title', title: given ?? course.heading, body, notes: [], line: 1 };
}

/** What comes before the first section, but the lead; an untitled first part is the introduction. */
function openingSlides(course: Course, options: PlanOptions): DeckSlide[] {
  const rest = isLead(course.opening[0]) ? course.opening.slice(1) : course.opening;
  const named = rest.map((s, i) => (i === 0 && !s.title && s === course.opening[0] ? { ...s, title: words(course.lang).introduction } : s));
  return contentSlides(named, options);
}

export function sectionDecks(course: Course, options = planOptions(course)): Deck[] {
  return course.sections.map((section, i) => {
    const index = i + 1;
    // What the teacher wrote before the first section (an introduction, a table of contents, a
    // picture) opens the first lesson, after the course's title slide: it is in a deck students get.
    const opening = i === 0 && course.opening.length ? [courseTitleSlide(course), ...openingSlides(course, options)] : [];
    return {
      index,
      name: `${String(index).padStart(2, '0')}-${slugify(section.title)}`,
      title: plainTitle(section.title),
      pageTitle: `${course.title} — ${plainTitle(section.title)}`,
      lang: course.lang,
      minutes: section.duration ?? course.settings.duration,
      references: course.references || undefined,
      typography: usesFrenchTypography(course),
      className: course.settings.class,
      footer: course.settings.footer ?? `${course.title} · ${shortTitle(plainTitle(section.title), course.lang)}`,
      slides: [...opening, ...sectionSlides(course, section, index, options)],
    };
  });
}

export function wholeCourseDeck(course: Course, options = planOptions(course)): Deck {
  const contents = course.sections.length >= 2
    ? [agendaSlide(course.sections.map((s) => s.title), words(course.lang).contents, 1)]
    : [];
  return {
    name: courseName(course.file),
    title: course.title,
    pageTitle: course.title,
    lang: course.lang,
    minutes: course.settings.duration,
    references: course.references || undefined,
    typography: usesFrenchTypography(course),
    className: course.settings.class,
    footer: course.settings.footer ?? course.title,
    slides: [courseTitleSlide(course), ...openingSlides(course, options), ...contents, ...course.sections.flatMap((s, i) => sectionSlides(course, s, i + 1, options))],
  };
}

/** A `marp: true` file: one deck, as written. */
export function marpDeck(course: Course, source: string): Deck {
  // Without a lang directive, marp-cli takes the machine's locale (`lang="C"`): the course's is used.
  const front = /^\uFEFF?---\r?\n[\s\S]*?\n---/.exec(source)?.[0] ?? '';
  const markdown = /^lang:/m.test(front) ? source : source.replace(/^(\uFEFF?---\r?\n)/, `$1lang: ${course.lang}\n`);
  return {
    index: 1,
    name: courseName(course.file),
    title: course.title,
    pageTitle: course.title,
    lang: course.lang,
    minutes: course.settings.duration,
    typography: false,
    footer: '',
    slides: [],
    markdown,
  };
}
