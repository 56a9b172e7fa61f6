// `estrade present`: `estrade dev` (courses built in memory, edits shown in place) served to the
// classroom network, with the four views and the teacher's key.
import { networkInterfaces } from 'node:os';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Log } from '../build.ts';
import { DevSession } from '../dev/session.ts';
import type { Chromium } from '../render/chromium.ts';
import { Classroom } from './classroom.ts';
import { newKey } from './key.ts';
import type { InkRecord } from './ink.ts';
import { CsvLog, JsonLog, lessonFolder, lessonsBeside } from './lesson.ts';
import { lessonHandout } from './lesson-pdf.ts';
import { CSV_HEADER } from './live-questions.ts';

export interface PresentOptions {
  inputs: string[];
  port: number;
  /** All interfaces unless told otherwise: students' devices must reach the server. */
  host?: string;
  minutes?: number;
  /** Where lessons are kept (default: `lessons/` beside the first course). */
  lessons?: string;
  /** A new lesson even if one was taught earlier today (else it goes on). */
  newLesson?: boolean;
  /** Students give their first name with their answers. */
  names?: boolean;
  log: Log;
  /** A Chromium started early (src/bin.ts), handed to the session's estrade dev. */
  chromium?: Chromium;
}

export interface ClassroomUrls {
  projector: string;
  presenter: string;
  remote: string;
  students: string;
}

/**
 * Sized for a school: 200 students and the teacher's views. A student's page holds one event stream
 * and, for a moment, a few files; behind a school's NAT a whole class is one address, so one address
 * may hold most of them. Above these, new connections are refused until others close.
 */
export const MAX_CONNECTIONS = 600;
export const CONNECTIONS_PER_ADDRESS = 400;

/** The address students type: this machine's first network address, or the one listened on. */
export function classroomAddress(host: string, interfaces = networkInterfaces()): string {
  if (host !== '0.0.0.0' && host !== '::') return host.includes(':') ? `[${host}]` : host;
  const lan = Object.values(interfaces).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  return lan?.address ?? '127.0.0.1';
}

export class PresentSession {
  readonly key: string;
  private readonly dev: DevSession;
  private classroom?: Classroom;
  private answers?: CsvLog;
  /** The lesson's folder, once started. */
  lesson = '';

  constructor(private readonly options: PresentOptions) {
    this.key = newKey();
    this.dev = new DevSession({ inputs: options.inputs, port: options.port, host: options.host ?? '0.0.0.0', log: options.log, pdf: true, audience: 'students', chromium: options.chromium });
  }

  async start(): Promise<ClassroomUrls> {
    const server = this.dev.server;
    server.connectionsPerAddress = CONNECTIONS_PER_ADDRESS;
    server.maxConnections = MAX_CONNECTIONS;
    // The port is known once listening: the addresses in the QR codes are read then.
    const urls: Partial<ClassroomUrls> = {};
    this.lesson = lessonFolder(this.options.lessons ?? lessonsBeside(this.options.inputs), { fresh: this.options.newLesson });
    this.answers = new CsvLog(join(this.lesson, 'answers.csv'), CSV_HEADER);
    const ink = new JsonLog<InkRecord>(join(this.lesson, 'ink.jsonl'));
    const classroom = new Classroom({
      answers: this.answers,
      ink,
      names: this.options.names,
      voted: () => this.writeSummary(),
      key: this.key,
      decks: () => this.dev.decks(),
      files: server.files,
      minutes: this.options.minutes,
      get studentsUrl() {
        return urls.students!;
      },
      get remoteUrl() {
        return urls.remote!;
      },
    });
    this.classroom = classroom;
    server.route = classroom.route;
    server.onMessage((m) => classroom.heard(m));
    await this.dev.start();
    classroom.ink.restore(ink.read());
    const earlier = classroom.questions.restore(this.dev.decks().map((d) => ({ id: d.id, source: d.source, html: d.rendered.html })), this.answers.read());
    if (earlier) this.options.log.info(`lesson: ${this.lesson} goes on (${earlier} answers given earlier)`);
    const base = `http://${classroomAddress(this.options.host ?? '0.0.0.0')}:${server.address().port}`;
    const key = encodeURIComponent(this.key);
    Object.assign(urls, {
      projector: `${base}/projector#key=${key}`,
      presenter: `${base}/presenter#key=${key}`,
      remote: `${base}/remote#key=${key}`,
      students: `${base}/`,
    });
    return urls as ClassroomUrls;
  }

  /** Settles when every edit seen so far is built and shown. */
  settled(): Promise<void> {
    return this.dev.settled();
  }

  /** The lesson's answers, question by question, beside its answers.csv (written whole, then renamed). */
  private writeSummary(): void {
    const questions = this.classroom?.questions;
    if (!questions?.totals().answers) return;
    const path = join(this.lesson, 'summary.md');
    try {
      mkdirSync(this.lesson, { recursive: true });
      writeFileSync(`${path}.part`, questions.summary(`Lesson ${basename(this.lesson)}: answers`));
      renameSync(`${path}.part`, path);
    } catch (e) {
      this.options.log.warn(`the lesson's summary could not be written to ${path}: ${(e as Error).message} (answers.csv has every answer)`);
    }
  }

  /** The lesson as taught, ink included, and its handout, in the lesson's folder: what the end of a lesson leaves. */
  private async writeLesson(): Promise<void> {
    const lesson = await this.classroom?.lesson().catch(() => undefined);
    if (!lesson) return;
    const first = this.dev.decks()[0];
    const handout = await lessonHandout(lesson, { title: first?.title ?? 'Lesson', lang: first?.lang ?? 'en' });
    mkdirSync(this.lesson, { recursive: true });
    for (const [name, bytes] of [['lesson.pdf', lesson], ['lesson-handout.pdf', handout]] as const) {
      writeFileSync(join(this.lesson, `${name}.part`), bytes);
      renameSync(join(this.lesson, `${name}.part`), join(this.lesson, name));
    }
    this.options.log.info(`lesson: ${join(this.lesson, 'lesson.pdf')} (the slides shown, with the ink) and lesson-handout.pdf`);
  }

  async stop(): Promise<void> {
    const totals = this.classroom?.questions.totals();
    this.writeSummary();
    await this.writeLesson().catch((e: Error) => this.options.log.warn(`the lesson's PDF could not be written: ${e.message} (ink.jsonl has the ink: "estrade lesson" writes it again)`));
    this.classroom?.close();
    if (totals?.answers) this.options.log.info(`lesson: ${totals.answers} answers to ${totals.questions} questions in ${join(this.lesson, 'answers.csv')}`);
    await this.dev.stop();
  }
}
