// Bytes → text. Teachers' files arrive as UTF-8, as legacy 8-bit encodings, or as UTF-8 that was
// once decoded with the wrong charset and saved again ("mojibake"). We read all three and say so.
import iconv from 'iconv-lite';

export type Charset = 'macintosh' | 'windows-1252' | 'iso-8859-15' | 'latin1';

export interface DecodedText {
  text: string;
  /** What was repaired, in words, for a warning; empty when the bytes were clean UTF-8. */
  repairs: string[];
}

const BOM = '\uFEFF';
const utf8 = new TextDecoder('utf-8', { fatal: true });
const charsetNames: Record<Charset, string> = {
  macintosh: 'Mac Roman',
  'windows-1252': 'Windows-1252',
  'iso-8859-15': 'ISO-8859-15',
  latin1: 'Latin-1',
};
const mojibakeOrder: Charset[] = ['macintosh', 'windows-1252', 'latin1'];
const legacyOrder: Charset[] = ['windows-1252', 'iso-8859-15', 'macintosh'];

// Apple's Mac Roman puts its logo (U+F8FF) at 0xF0; iconv-lite leaves it out. The seed's whale
// emoji starts with byte 0xF0, so without this the repair would miss it.
const APPLE_LOGO = '\uF8FF';

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Encodes text in a single-byte charset, or undefined when a character has no byte there. */
export function encodeLossless(text: string, charset: Charset): Uint8Array | undefined {
  if (charset !== 'macintosh') {
    const bytes = iconv.encode(text, charset);
    return iconv.decode(bytes, charset) === text ? bytes : undefined;
  }
  const parts = text.split(APPLE_LOGO).map((part) => iconv.encode(part, charset));
  if (parts.some((bytes, i) => iconv.decode(bytes, charset) !== text.split(APPLE_LOGO)[i])) return undefined;
  const out: number[] = [];
  parts.forEach((bytes, i) => {
    if (i > 0) out.push(0xf0);
    out.push(...bytes);
  });
  return Uint8Array.from(out);
}

export function decodeLegacy(bytes: Uint8Array, charset: Charset): string {
  if (charset !== 'macintosh') return iconv.decode(Buffer.from(bytes), charset);
  return Array.from(bytes, (b) => (b === 0xf0 ? APPLE_LOGO : iconv.decode(Buffer.from([b]), charset))).join('');
}

// Marks of UTF-8 read as an 8-bit charset: a lead-byte character (Ã, Â, √, Ô, ‚, …) followed by a
// character that stands for a continuation byte. Clean French or English text has almost none.
const MOJIBAKE = /[ÃÂÅâ√¬≈‚][\u0080-\u00FF\u0152-\u0192\u02C6-\u02DC\u2013-\u2044\u20AC\u2122∂∆∏∑∞≠≤≥π∫Ω]|\uF8FF/g;

export function mojibakeScore(text: string): number {
  return text.match(MOJIBAKE)?.length ?? 0;
}

/**
 * Undoes one round of "UTF-8 decoded as some charset" when that yields valid, cleaner UTF-8. When
 * several charsets would do, the one giving the most ordinary letters wins (Mac Roman can turn
 * "Ã©" into a combining mark where Windows-1252 gives back "é").
 */
function undoOnce(text: string): { text: string; charset: Charset } | undefined {
  const before = mojibakeScore(text);
  if (before === 0) return undefined;
  const candidates = mojibakeOrder.flatMap((charset) => {
    const bytes = encodeLossless(text, charset);
    const repaired = bytes && strictUtf8(bytes);
    return repaired !== undefined && repaired !== text && mojibakeScore(repaired) < before ? [{ text: repaired, charset }] : [];
  });
  const rank = (c: { text: string }) => mojibakeScore(c.text) * 1000 - plausible(c.text);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

// Letters a French or English text is made of; used to choose among legacy charsets.
const PLAUSIBLE = /[A-Za-z0-9\s.,;:!?'"()«»éèêëàâäîïôöùûüçœæÉÈÊÀÂÎÔÙÛÇ€’“”–—…-]/g;

const plausible = (text: string) => text.match(PLAUSIBLE)?.length ?? 0;

function bestLegacy(bytes: Uint8Array): { text: string; charset: Charset } {
  let best = { text: '', charset: legacyOrder[0] as Charset, score: -Infinity };
  for (const charset of legacyOrder) {
    const text = decodeLegacy(bytes, charset);
    const score = plausible(text) - 5 * mojibakeScore(text);
    if (score > best.score) best = { text, charset, score };
  }
  return best;
}

export function decodeCourseBytes(bytes: Uint8Array): DecodedText {
  const repairs: string[] = [];
  let text = strictUtf8(bytes);
  if (text === undefined) {
    const legacy = bestLegacy(bytes);
    text = legacy.text;
    repairs.push(`the file is not UTF-8; it was read as ${charsetNames[legacy.charset]}`);
  }
  if (text.startsWith(BOM)) text = text.slice(1);
  for (let round = 0; round < 2; round++) {
    const undone = undoOnce(text);
    if (!undone) break;
    text = undone.text;
    repairs.push(`UTF-8 text had been decoded as ${charsetNames[undone.charset]}; it was repaired`);
  }
  return { text, repairs };
}
