// The teacher's course as Estrade understands it: sections made of slides, each with its source line.

export interface Diagnostic {
  file: string;
  line: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface CourseSettings {
  title?: string;
  author?: string;
  lang?: string;
  theme?: string;
  handout?: number;
  footer?: string;
  /** Marp classes for every slide, e.g. `invert` for the dark variant. */
  class?: string;
  typography?: boolean;
  /** `marp: true`: the file is already a Marp deck and is rendered as written. */
  marp?: boolean;
  /** Minutes a lesson lasts: the presenter's countdown (`estrade present`). */
  duration?: number;
  /** Where questions' answers are shown: after each question in the slides (the default), in the
   *  handouts too, or nowhere (`estrade present` reveals them in class). */
  answers?: 'slides' | 'handout' | 'none';
}

export interface Slide {
  title?: string;
  /** Markdown of the slide's content, without its title and without speaker notes. */
  body: string;
  notes: string[];
  /** 1-based line of the slide's heading (or first content line) in the course file. */
  line: number;
}

export interface Section {
  /** "1", "2"… when the heading is numbered. */
  number?: string;
  title: string;
  line: number;
  slides: Slide[];
  /** Minutes this part takes in class, from `<!-- duration: 20 -->` in it (`estrade present`). */
  duration?: number;
}

export interface Course {
  file: string;
  /** Title for metadata and page titles: the front matter's, else the first H1 without emoji. */
  title: string;
  /** The first H1 as written (may carry an emoji), shown on the title slide. */
  heading: string;
  lang: string;
  settings: CourseSettings;
  /** Slides before the first section: the course's opening. */
  opening: Slide[];
  sections: Section[];
  /** The course's link reference definitions, one per line: every deck carries them. */
  references: string;
  /** The Markdown after the front matter, and the line it starts on (for `marp: true` decks). */
  body: string;
  bodyLine: number;
}
