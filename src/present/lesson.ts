// A lesson as taught, kept beside the course: `lessons/2026-12-07T10-15/`, one folder a lesson. What
// the class does is appended as it happens (a line is on disk before the next one is taken), so
// Ctrl+C, a crash or a power cut loses nothing already answered; `estrade present` started again
// the same day goes on with that day's lesson.
import { closeSync, existsSync, fdatasync, fdatasyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import nodePath, { dirname, join } from 'node:path';

const two = (n: number) => String(n).padStart(2, '0');
const day = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
const LESSON = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}$/;

/** Where a course's lessons are kept: `lessons/` beside the first course named (or in its folder). */
export function lessonsBeside(inputs: string[], path: typeof nodePath = nodePath): string {
  const first = inputs[0] ?? 'slides';
  return path.join(path.extname(first) ? path.dirname(path.resolve(first)) : path.resolve(first), 'lessons');
}

/** The lesson's folder: today's latest one, or a new one named after now (made when first written to). */
export function lessonFolder(lessons: string, options: { now?: Date; fresh?: boolean } = {}): string {
  const now = options.now ?? new Date();
  const today = existsSync(lessons) ? readdirSync(lessons).filter((name) => LESSON.test(name) && name.startsWith(day(now))).sort() : [];
  const name = !options.fresh && today.length ? today.at(-1)! : `${day(now)}T${two(now.getHours())}-${two(now.getMinutes())}`;
  // Two new lessons in the same minute: the second one waits for no one, it takes the next name.
  let folder = join(lessons, name);
  for (let n = 2; options.fresh && existsSync(folder); n++) folder = join(lessons, `${name}-${n}`);
  return folder;
}

/** One CSV field, quoted when it must be (RFC 4180); a leading = + - @ is kept from spreadsheets' formulas. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows of a CSV file written by `CsvLog` (RFC 4180: quoted fields may hold commas, quotes, newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    }
    else if (c !== '\r') field += c;
  }
  // A last line cut short (the power went mid-write) is not a row.
  return rows;
}

/**
 * An append-only file of lines. Lines are written at once (in the system's hands: a crash or kill -9
 * of Estrade loses none) and synced to the disk right after, in the background (a power cut loses
 * at most the last moment's lines); the class never waits for the disk.
 */
export class LineLog {
  private fd: number | undefined;
  private syncing = false;
  private syncAgain = false;

  constructor(readonly path: string, private readonly header?: string) {}

  /** What the file holds so far. */
  text(): string {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8') : '';
  }

  /** Written before the caller answers anyone: what a student was told is counted is in the file. */
  protected appendLine(line: string): void {
    if (this.fd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      const before = existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0);
      this.fd = openSync(this.path, 'a');
      if (!before.length && this.header !== undefined) writeSync(this.fd, `${this.header}\n`);
      // A line cut short by a crash ends there: the next one starts on a line of its own.
      else if (before.length && before[before.length - 1] !== 0x0a) writeSync(this.fd, '\n');
    }
    writeSync(this.fd, `${line}\n`);
    this.sync();
  }

  private sync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    const fd = this.fd;
    if (fd === undefined) return;
    this.syncing = true;
    fdatasync(fd, () => {
      this.syncing = false;
      if (this.syncAgain && this.fd === fd) {
        this.syncAgain = false;
        this.sync();
      }
    });
  }

  close(): void {
    if (this.fd !== undefined) {
      fdatasyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = undefined;
  }
}

/** The lesson's answers: a CSV file a spreadsheet opens. */
export class CsvLog extends LineLog {
  constructor(path: string, header: string[]) {
    super(path, header.map(csvField).join(','));
  }

  /** The rows already in the file (without the header). */
  read(): string[][] {
    return parseCsv(this.text()).slice(1);
  }

  append(row: string[]): void {
    this.appendLine(row.map(csvField).join(','));
  }
}

/** The lesson's ink: one JSON object a line. */
export class JsonLog<T> extends LineLog {
  /** The objects already in the file; a line cut short by a crash is skipped. */
  read(): T[] {
    return this.text()
      .split('\n')
      .flatMap((line) => {
        try {
          return line.trim() ? [JSON.parse(line) as T] : [];
        } catch {
          return [];
        }
      });
  }

  append(value: T): void {
    this.appendLine(JSON.stringify(value));
  }
}
