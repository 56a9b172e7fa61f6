// HTML that Marp would show as text (it keeps only a list of safe elements): an inline <svg> drawing
// becomes a picture, an <iframe> (a video, a live demo) a link to it, a <script> goes; other unknown
// tags give up their tags and keep their text. Each change is reported. Pure.

export interface HtmlChange {
  /** The HTML as written, to find its line. */
  found: string;
  message: string;
}

import { outsideCode } from './prose.ts';

const SVG = /<svg\b[\s\S]*?<\/svg>/gi;
const IFRAME = /<iframe\b([^>]*)>(?:[\s\S]*?<\/iframe>)?/gi;
const SCRIPT = /<script\b[\s\S]*?<\/script>/gi;
// Not an autolink (<https://…>, <prof@ecole.fr>), which Markdown makes a link, nor a link's
// destination written between angle brackets (![schéma](<images à moi/schéma.png>)).
const TAG = /(?<!\]\()<\/?([a-zA-Z][\w-]*)\b(?![:@.+])[^>]*>/g;
const attribute = (attrs: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(["'])(.*?)\\1`, 'i').exec(attrs)?.[2];

function convert(text: string, allowed: ReadonlySet<string>, changes: HtmlChange[]): string {
  const opened: string[] = [];
  return text
    .replace(SVG, (svg) => {
      changes.push({ found: svg.slice(0, 40), message: 'an inline <svg> drawing is shown as a picture' });
      return `<img alt="" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
    })
    .replace(IFRAME, (whole, attrs: string) => {
      const src = attribute(attrs, 'src') ?? '';
      const title = attribute(attrs, 'title') ?? src;
      changes.push({ found: whole.slice(0, 40), message: `an <iframe> cannot be shown in a slide that works offline; it became a link to ${src || 'nothing (it has no src)'}` });
      return src ? `[${title}](${src})` : '';
    })
    .replace(SCRIPT, (whole) => {
      changes.push({ found: whole.slice(0, 40), message: 'a <script> does not run in slides; it was left out' });
      return '';
    })
    .replace(TAG, (tag, name: string) => {
      const element = name.toLowerCase();
      if (allowed.has(element) || element === 'style') return tag;
      // One warning an element: its closing tag goes without a word once its opening tag was reported.
      const closing = tag.startsWith('</');
      if (closing && opened.includes(element)) {
        opened.splice(opened.lastIndexOf(element), 1);
        return '';
      }
      if (!closing) opened.push(element);
      changes.push({ found: tag, message: `<${element}> is not HTML a slide can show; its text is kept without it` });
      return '';
    });
}

/** Rewrites what Marp would show as text, outside code; `allowed` are the element names Marp keeps. */
export function showableHtml(markdown: string, allowed: ReadonlySet<string>): { markdown: string; changes: HtmlChange[] } {
  if (!/<[a-zA-Z]/.test(markdown)) return { markdown, changes: [] };
  const changes: HtmlChange[] = [];
  return { markdown: outsideCode(markdown, (text) => convert(text, allowed, changes)), changes };
}
