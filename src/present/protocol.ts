// What `estrade present`'s server and its views (src/present/page/classroom.ts, in the browser) say
// to each other: the class's state, the decks, ink, questions and the events. Types only, so that
// both sides are checked against the same words.

export type Tool = 'pen' | 'highlighter' | 'laser';

export interface Stroke {
  id: string;
  /** `deck#slide`, or `deck#b<board id>` for a whiteboard page. */
  page: string;
  tool: Tool;
  color: string;
  /** Line width in slide units (1280 wide). */
  width: number;
  /** x, y in slide units, one decimal, one pair after the other. */
  points: number[];
}

export interface Board {
  id: string;
  deck: string;
  /** The slide it follows. */
  after: number;
}

/** What every view may know of a question: the counts and the right answer only once closed. */
export interface QuestionView {
  deck: string;
  number: number;
  kind: 'choice' | 'open';
  prompt: string;
  /** A choice question's options, as plain text. */
  options?: string[];
  count: number;
  closed: boolean;
  results?: ChoiceResults | OpenResults;
}

export interface ChoiceResults {
  counts: number[];
  right: number[];
  explanation?: string;
}

export interface OpenResults {
  /** Answers grouped by identical text (case, accents and spacing aside), the most given first. */
  groups: { text: string; count: number; right: boolean }[];
  answer: string;
}

/** A student's answer: an option's index, or a few words. */
export type Answer = number | string;

export interface ClassState {
  deck: string;
  slide: number;
  /** A whiteboard page after the slide, when the class is on one. */
  board?: string;
  blank: boolean;
  /** Milliseconds since the lesson's timer started, when the state was sent. */
  elapsed: number;
  /** Minutes the lesson lasts, if known (`--minutes`, else the course's `duration:`). */
  minutes?: number;
  /** The part on screen: milliseconds since the class entered it, and its own minutes if it says. */
  part: { elapsed: number; minutes?: number };
  /** The question on the class's slide, if it asks one. */
  question?: QuestionView;
}

/** A deck as the views list it: no slides, no notes. */
export interface DeckEntry {
  id: string;
  title: string;
  lang: string;
  slides: number;
  pdf?: string;
  handout?: string;
}

/** `GET /__present/decks`. */
export interface DeckListing {
  decks: DeckEntry[];
  state: ClassState;
  /** The students' address. */
  students: string;
  /** Students give their first name with their answers. */
  names?: true;
}

/** `GET /__present/deck?id=`: a deck's slides for the views. */
export interface DeckSlides {
  id: string;
  lang: string;
  css: string;
  /** Each slide's `<svg>`, in order. */
  slides: string[];
  /** The code blocks the teacher wrote, whole (a slide may show a cut piece of one). */
  code: string[];
}

/** `GET /__present/notes?id=` (the teacher's key). */
export interface DeckNotes {
  notes: string[][];
}

/** `GET /__present/ink?deck=`: a part's ink, for a page that arrives late. */
export interface DeckInk {
  strokes: Stroke[];
  boards: Board[];
}

/** `GET /__present/question` and `POST /__present/answer`: a question and this student's answer. */
export interface QuestionAnswer {
  question: QuestionView;
  yours: Answer | null;
}
export interface AnswerTaken {
  view: QuestionView;
  yours: Answer;
}

/** What the server sends of the ink as it is drawn. */
export type InkEvent =
  | { op: 'start'; stroke: Stroke }
  | { op: 'points'; id: string; points: number[] }
  | { op: 'end'; id: string }
  | { op: 'erase'; ids: string[] }
  | { op: 'clear'; page: string }
  | { op: 'board'; board: Board };

/** The server's events (`/__present/events`), heard by every view. */
export type ClassEvent =
  | { type: 'state'; state: ClassState }
  /** A deck's slides changed (`*`: every deck, a theme changed). */
  | { type: 'deck'; id: string }
  | { type: 'question'; question: QuestionView }
  | ({ type: 'ink' } & InkEvent);

/** What a teacher's view sends to `POST /api/ink`. */
export type InkCall =
  | { op: 'start'; id: string; page: string; tool: Tool; color: string; width: number; points: number[] }
  | { op: 'points'; id: string; points: number[] }
  | { op: 'end'; id: string }
  | { op: 'erase'; ids: string[] }
  | { op: 'undo'; page: string }
  | { op: 'clear'; page: string };
