// What the dev server tells the open pages, over server-sent events.

export type DevMessage =
  /** A deck's slides that changed (0-based index, the slide's marp-core `<svg>`), how many slides it
   *  has now, and its speaker notes, slide by slide; the page swaps them in place when it can. */
  | { type: 'slides'; deck: string; slides: number; changed: [number, string][]; notes: string[][]; jump?: number }
  /** The page must load again (new slide count, new theme, new course list); `jump` is 1-based. */
  | { type: 'reload'; path: string; jump?: number }
  /** A problem in a course (`/name/`): shown over its pages and the index until fixed. */
  | { type: 'problems'; course: string; lines: string[] }
  | { type: 'fixed'; course: string };

/** The URL path of a deck page, e.g. `/docker/01-intro.html`. */
export const deckPath = (course: string, deck: string) => `/${course}/${deck}.html`;
export const EVENTS_PATH = '/__estrade/events';

/** An address only this machine reaches: a dev server there may show the teacher's notes. */
export const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;
