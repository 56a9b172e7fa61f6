// Characters that no installed font can draw: Chromium would show an empty box on the slide. Each
// character is drawn in Chromium and compared with what it draws for characters that exist nowhere.
import type { Browser } from './browser.ts';
import { builtInFonts } from './themes.ts';

const FIND = `((chars, fonts) => {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const context = canvas.getContext('2d');
  context.font = '40px ' + fonts;
  const picture = (ch) => {
    context.clearRect(0, 0, 64, 64);
    context.fillText(ch, 4, 48);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join();
  };
  // Unassigned code points: what "no font has it" looks like.
  const missing = ['\\u0378', '\\uFFFF', '\\u{10FFFD}'].map(picture);
  return chars.filter((ch) => missing.includes(picture(ch)));
})`;

/** The characters of `text` that no installed font draws, each once, in order of appearance. */
export async function undrawable(text: string, browser: Browser): Promise<string[]> {
  const chars = [...new Set([...text].filter((c) => c.codePointAt(0)! > 0x7f && /[\p{L}\p{N}\p{P}\p{S}]/u.test(c)))];
  if (!chars.length) return [];
  return browser.withPage(async (page) => (await page.evaluate(`${FIND}(${JSON.stringify(chars)}, ${JSON.stringify(builtInFonts().text)})`)) as string[]);
}
