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

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

// Each charset as a table of its 256 characters. Bytes iconv-lite leaves undefined are read as the
// control character of the same number, as browsers do; and Apple's Mac Roman puts its logo
// (U+F8FF) at 0xF0, which starts every emoji's UTF-8 bytes: the seed's whale depends on it.
const tables = new Map<Charset, { chars: string[]; bytes: Map<string, number> }>();
function table(charset: Charset) {
  let t = tables.get(charset);
  if (!t) {
    const chars = Array.from({ length: 256 }, (_, b) => {
      const c = iconv.decode(Buffer.from([b]), charset);
      return charset === 'macintosh' && b === 0xf0 ? '\uF8FF' : c === '\uFFFD' ? String.fromCharCode(b) : c;
    });
    t = { chars, bytes: new Map(chars.map((c, b) => [c, b])) };
    tables.set(charset, t);
  }
  return t;
}

/** Encodes text in a single-byte charset, or undefined when a character has no byte there. */
export function encodeLossless(text: string, charset: Charset): Uint8Array | undefined {
  const { bytes } = table(charset);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = bytes.get(text[i]!);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

export function decodeLegacy(bytes: Uint8Array, charset: Charset): string {
  const { chars } = table(charset);
  return Array.from(bytes, (b) => chars[b]!).join('');
}

// Marks of UTF-8 read as an 8-bit charset: the character a lead byte (0xC2–0xF4) stands for in that
// charset, followed by one a continuation byte (0x80–0xBF) stands for in the same charset.
const escape = (chars: string[]) => [...new Set(chars)].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const marks = mojibakeOrder.map((cs) => {
  const { chars } = table(cs);
  return new RegExp(`[${escape(chars.slice(0xc2, 0xf5))}][${escape(chars.slice(0x80, 0xc0))}]`, 'g');
});

export function mojibakeScore(text: string): number {
  // Each mark is two characters past ASCII in a row: most courses have none, and are read once.
  if (!/[^\x00-\x7f]{2}/.test(text)) return 0;
  return Math.max(...marks.map((mark) => text.match(mark)?.length ?? 0));
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
    const better = repaired !== undefined && repaired !== text && mojibakeScore(repaired) < before && strangeness(repaired) <= strangeness(text);
    return better ? [{ text: repaired, charset }] : [];
  });
  const rank = (c: { text: string }) => mojibakeScore(c.text) * 1000 - plausible(c.text);
  return candidates.sort((a, b) => rank(a) - rank(b))[0];
}

// Letters a French or English text is made of; used to choose among legacy charsets.
const PLAUSIBLE = /[A-Za-z0-9\s.,;:!?'"()«»éèêëàâäîïôöùûüçœæÉÈÊÀÂÎÔÙÛÇ€’“”–—…-]/g;

const plausible = (text: string) => text.match(PLAUSIBLE)?.length ?? 0;
// A repair must not bring in characters no course is written with (another script, combining
// marks, control characters): "l’é" is clean French, not Armenian read as Mac Roman.
// Allowed: Latin letters up to Latin Extended-A, the Windows-1252 extras (ƒ ˆ ˜), punctuation,
// symbols (arrows, maths, currency), spaces and emoji.
const STRANGE = /[^\u0000-\u017F\u0192\u02C6\u02DC\u2000-\u2BFF\p{Zs}\s\p{Extended_Pictographic}\u200D\uFE0F\uFB01\uFB02]/gu;
const strangeness = (text: string) => text.match(STRANGE)?.length ?? 0;

function bestLegacy(bytes: Uint8Array): { text: string; charset: Charset } {
  let best = { text: '', charset: legacyOrder[0] as Charset, score: -Infinity };
  for (const charset of legacyOrder) {
    const text = decodeLegacy(bytes, charset);
    const score = plausible(text) - 10 * (text.match(/[\u0080-\u009F\uFFFD]/g)?.length ?? 0);
    if (score > best.score) best = { text, charset, score };
  }
  return best;
}

/** UTF-16 text with its byte order mark (Windows Notepad's "Unicode"), or undefined. */
function utf16(bytes: Uint8Array): string | undefined {
  const order = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (!order) return undefined;
  try {
    return new TextDecoder(order, { fatal: true }).decode(bytes.subarray(2));
  } catch {
    return undefined;
  }
}

/** Length of the valid UTF-8 sequence starting at `i` (2–4), or 0 when there is none. */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number) => (bytes[i + k]! & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return i + 1 < bytes.length && cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const second = bytes[i + 1]!;
    const ok = i + 2 < bytes.length && cont(1) && cont(2) && !(b === 0xe0 && second < 0xa0) && !(b === 0xed && second > 0x9f);
    return ok ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const second = bytes[i + 1]!;
    const ok = i + 3 < bytes.length && cont(1) && cont(2) && cont(3) && !(b === 0xf0 && second < 0x90) && !(b === 0xf4 && second > 0x8f);
    return ok ? 4 : 0;
  }
  return 0;
}

/**
 * UTF-8 with a few stray bytes of another charset (a word pasted from an old document): each stray
 * byte is read as Windows-1252 and the rest as UTF-8. Undefined when the file has more stray bytes
 * than UTF-8 sequences, which makes it a legacy file, not a UTF-8 one.
 */
function utf8WithStrayBytes(bytes: Uint8Array): { text: string; stray: { line: number; byte: number; char: string }[] } | undefined {
  const { chars } = table('windows-1252');
  const stray: { line: number; byte: number; char: string }[] = [];
  let sequences = 0;
  let line = 1;
  let text = '';
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = sequenceAt(bytes, i);
    if (length) {
      sequences++;
      i += length;
      continue;
    }
    text += utf8.decode(bytes.subarray(start, i)) + chars[b]!;
    stray.push({ line, byte: b, char: chars[b]! });
    start = ++i;
  }
  if (!stray.length || stray.length > sequences) return undefined;
  return { text: text + utf8.decode(bytes.subarray(start)), stray };
}

export function decodeCourseBytes(bytes: Uint8Array): DecodedText {
  const repairs: string[] = [];
  let text = strictUtf8(bytes) ?? utf16(bytes);
  if (text !== undefined && (bytes[0] === 0xff || bytes[0] === 0xfe)) repairs.push('the file is UTF-16; it was read as such ("estrade doctor --fix" saves it as UTF-8)');
  const mixed = text === undefined ? utf8WithStrayBytes(bytes) : undefined;
  if (mixed) {
    text = mixed.text;
    const where = mixed.stray.slice(0, 3).map((s) => `line ${s.line}: 0x${s.byte.toString(16).toUpperCase()} read as "${s.char}"`).join(', ');
    repairs.push(`${mixed.stray.length} byte${mixed.stray.length > 1 ? 's are' : ' is'} not UTF-8 (${where}${mixed.stray.length > 3 ? ', …' : ''}); the rest of the file is UTF-8`);
  }
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
