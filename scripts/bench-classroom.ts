// `npm run bench:classroom` (and the last row of `npm run bench`): `estrade present` with a class of
// simulated students. 100 students follow the teacher, each from an address of its own (127.0.0.x,
// as devices on a network); the teacher moves; how long until every student hears it (p50, p95),
// the server's memory with them connected, and whether it keeps serving after all drop at once.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface ClassroomLoad {
  students: number;
  moves: number;
  p50: number;
  p95: number;
  max: number;
  /** Resident memory of the server process with every student connected, in MiB. */
  memoryMiB: number;
  /** Serving again after every student dropped at once: a page, a move, a new student. */
  survived: boolean;
}

export const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

/** `estrade present` as a process of its own, its lessons in a folder of the bench's; once it printed its views. */
async function startPresent(options: { estrade: string; course: string; cwd: string; env: NodeJS.ProcessEnv; port: number }) {
  const lessons = mkdtempSync(join(tmpdir(), 'estrade-bench-lessons-'));
  const server = spawn('node', [options.estrade, 'present', options.course, '--no-open', '--host', '127.0.0.1', '--port', String(options.port), '--lessons', lessons], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGINT');
      await exited;
    }
    rmSync(lessons, { recursive: true, force: true });
  };
  try {
    const printed = await new Promise<string>((done, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`estrade present did not start:\n${out}`)), 120_000);
      server.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/^students: /m.test(out)) {
          clearTimeout(timer);
          done(out);
        }
      });
      server.once('exit', (code) => fail(new Error(`estrade present stopped (${code}):\n${out}`)));
    });
    const key = decodeURIComponent(/^remote: \S*key=([^\s&#]+)/m.exec(printed)![1]!);
    return { server, key, base: `http://127.0.0.1:${options.port}`, lessons, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Once the server has made the parts' PDFs (in the background after it starts): a lesson's steady state. */
async function settled(base: string): Promise<void> {
  for (const until = performance.now() + 60_000; performance.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    const listing = (await (await fetch(`${base}/__present/decks`)).json()) as { decks: { handout?: string }[] };
    if (listing.decks.every((d) => d.handout)) return;
  }
}

export async function classroomLoad(options: { estrade: string; course: string; cwd: string; env: NodeJS.ProcessEnv; students?: number; moves?: number; port?: number }): Promise<ClassroomLoad> {
  const students = options.students ?? 100;
  const moves = options.moves ?? 30;
  const port = options.port ?? 8396;
  const { server, key, base, stop } = await startPresent({ ...options, port });
  try {
    const { decks } = (await (await fetch(`${base}/__present/decks`)).json()) as { decks: { id: string; slides: number }[] };
    const deck = decks.find((d) => d.slides >= 2)!;

    // Each student: an event stream from an address of its own; `heard` resolves moves.
    const waiting = new Map<number, { left: number; started: number; times: number[]; done: () => void }>();
    const connected: ClientRequest[] = [];
    let ready = 0;
    const allReady = new Promise<void>((done) => {
      for (let i = 0; i < students; i++) {
        const request = get({ host: '127.0.0.1', port, path: '/__present/events', localAddress: `127.0.${Math.floor(i / 200)}.${(i % 200) + 2}` }, (res) => {
          let buffer = '';
          let first = true;
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = /^data: (.*)$/m.exec(event)?.[1];
              if (!data) continue;
              const message = JSON.parse(data) as { type: string; state?: { slide: number } };
              if (message.type !== 'state') continue;
              if (first) {
                first = false;
                if (++ready === students) done();
              }
              const move = waiting.get(message.state!.slide);
              if (move) {
                move.times.push(performance.now() - move.started);
                if (--move.left === 0) move.done();
              }
            }
          });
        });
        request.on('error', () => undefined);
        connected.push(request);
      }
    });
    await allReady;

    const post = (path: string, body: object) => fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const times: number[] = [];
    for (let m = 0; m < moves; m++) {
      // The class starts on slide 1: to slide 2 and back.
      const slide = m % 2 === 0 ? 2 : 1;
      const heard = new Promise<void>((done) => waiting.set(slide, { left: students, started: performance.now(), times, done }));
      const response = await post('/api/goto', { deck: deck.id, slide });
      if (!response.ok) throw new Error(`the move was refused: ${response.status}`);
      await heard;
      waiting.delete(slide);
      await new Promise((r) => setTimeout(r, 30));
    }
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const memoryMiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;

    // Everyone leaves at once; the server must go on.
    for (const request of connected) request.destroy();
    await new Promise((r) => setTimeout(r, 500));
    const page = await fetch(`${base}/`);
    const moved = await post('/api/goto', { deck: deck.id, slide: 1 });
    const newcomer = await new Promise<boolean>((done) => {
      const request = get({ host: '127.0.0.1', port, path: '/__present/events' }, (res) => res.once('data', (d: Buffer) => {
        done(d.toString().includes('"type":"state"'));
        request.destroy();
      }));
      request.on('error', () => done(false));
    });
    return { students, moves, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), memoryMiB, survived: page.ok && moved.ok && newcomer };
  } finally {
    await stop();
  }
}

export const classroomLine = (r: ClassroomLoad) =>
  `\`estrade present\` with ${r.students} students: a move reaches every student in p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (max ${r.max.toFixed(1)} ms, ${r.moves} moves; goal p95 ≤ 100 ms); server memory ${r.memoryMiB.toFixed(0)} MiB with them connected; ${r.survived ? 'serves again' : 'DID NOT serve again'} after all ${r.students} dropped at once`;

/** What an event stream hears, message by message, from an address of its own. */
function listen(port: number, address: string, heard: (message: { type: string; [key: string]: unknown }) => void): Promise<ClientRequest> {
  return new Promise((done) => {
    const request = get({ host: '127.0.0.1', port, path: '/__present/events', localAddress: address }, (res) => {
      let buffer = '';
      done(request);
      res.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) heard(JSON.parse(data) as { type: string });
        }
      });
    });
    request.on('error', () => undefined);
  });
}

export interface QuestionLoad {
  students: number;
  counted: number;
  written: number;
  p50: number;
  p95: number;
  max: number;
}

/** 100 students answer a question within the same second, each from an address of its own, all
 *  listening to the class's events; how long from an answer sent to the presenter's count holding it. */
export async function questionLoad(options: { estrade: string; cwd: string; env: NodeJS.ProcessEnv; students?: number; port?: number }): Promise<QuestionLoad> {
  const students = options.students ?? 100;
  const port = options.port ?? 8397;
  // A course written for the bench: a few slides, one question.
  const dir = mkdtempSync(join(tmpdir(), 'estrade-bench-questions-'));
  const course = join(dir, 'quiz.md');
  writeFileSync(course, '---\nlang: en\n---\n# Quiz\n\n## Ports\n\n### Which port for HTTP?\n\n- [ ] 21\n- [x] 80\n- [ ] 443\n- [ ] 22\n\n### Next\n\nMore.\n');
  const { key, base, lessons, stop } = await startPresent({ ...options, course, port });
  const connected: ClientRequest[] = [];
  try {
    const deck = 'quiz/01-ports';
    // The presenter's count, as it hears it: when it first held each number.
    const countAt: number[] = [];
    let best = 0;
    connected.push(await listen(port, '127.0.1.1', (m) => {
      const view = (m.type === 'question' ? m.question : (m.state as { question?: unknown } | undefined)?.question) as { count: number } | undefined;
      if (view && view.count > best) {
        for (let c = best + 1; c <= view.count; c++) countAt[c] = performance.now();
        best = view.count;
      }
    }));
    for (let i = 0; i < students; i++) connected.push(await listen(port, `127.0.${2 + Math.floor(i / 200)}.${(i % 200) + 2}`, () => undefined));
    await settled(base);
    const { slides } = (await (await fetch(`${base}/__present/deck?id=${encodeURIComponent(deck)}`)).json()) as { slides: string[] };
    const slide = slides.findIndex((svg) => svg.includes('data-question="1"')) + 1;
    const moved = await fetch(`${base}/api/goto`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify({ deck, slide }) });
    if (!moved.ok) throw new Error(`the move to the question was refused: ${moved.status}`);
    // Every student answers at a random moment of the same second.
    const sent = await Promise.all(Array.from({ length: students }, (_, i) => new Promise<{ at: number; count: number }>((done, fail) => {
      setTimeout(async () => {
        const at = performance.now();
        try {
          const r = await fetch(`${base}/__present/answer`, { method: 'POST', body: JSON.stringify({ deck, number: 1, voter: `bench-student-${i}`, answer: i % 4 }) });
          const body = (await r.json()) as { view?: { count: number }; error?: string };
          if (!body.view) throw new Error(`an answer was refused: ${body.error}`);
          done({ at, count: body.view.count });
        } catch (e) {
          fail(e);
        }
      }, Math.random() * 1000);
    })));
    const deadline = performance.now() + 5000;
    while (best < students && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const times = sent.filter((s) => countAt[s.count] !== undefined).map((s) => Math.max(0, countAt[s.count]! - s.at));
    const final = (await (await fetch(`${base}/__present/question?deck=${encodeURIComponent(deck)}&number=1`)).json()) as { question: { count: number } };
    const [lesson] = readdirSync(lessons);
    const written = readFileSync(join(lessons, lesson!, 'answers.csv'), 'utf8').trim().split('\n').length - 1;
    return { students, counted: final.question.count, written, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
  } finally {
    for (const request of connected) request.destroy();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const questionLine = (r: QuestionLoad) =>
  `a live question, ${r.students} students answering within one second: ${r.counted} counted, ${r.written} written to answers.csv; answer → presenter's count p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (max ${r.max.toFixed(1)} ms; goal p95 ≤ 200 ms)`;

export interface InkLoad {
  students: number;
  seconds: number;
  points: number;
  p50: number;
  p95: number;
  max: number;
  /** The server's resident memory a few seconds in, and at the end, in MiB. */
  memoryStartMiB: number;
  memoryEndMiB: number;
}

/** 100 students listening while the teacher draws without a pause, 60 points a second (a batch every
 *  33 ms, a new stroke every 2 s): how long from a point sent to every student holding it, and the
 *  server's memory over the time. Each point's x is its number, so that a student knows which it got. */
export async function inkLoad(options: { estrade: string; cwd: string; env: NodeJS.ProcessEnv; students?: number; seconds?: number; port?: number }): Promise<InkLoad> {
  const students = options.students ?? 100;
  const seconds = options.seconds ?? 60;
  const port = options.port ?? 8398;
  const dir = mkdtempSync(join(tmpdir(), 'estrade-bench-ink-'));
  const course = join(dir, 'ink.md');
  writeFileSync(course, '---\nlang: en\n---\n# Ink\n\n## Drawing\n\n### A slide to draw on\n\nSome text.\n');
  const { server, key, base, stop } = await startPresent({ ...options, course, port });
  const connected: ClientRequest[] = [];
  const rss = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  try {
    await settled(base);
    const sentAt: number[] = [];
    const heard = new Map<number, number>();
    const times: number[] = [];
    for (let i = 0; i < students; i++) {
      connected.push(await listen(port, `127.0.${2 + Math.floor(i / 200)}.${(i % 200) + 2}`, (m) => {
        if (m.type !== 'ink' || m.op !== 'points') return;
        const points = m.points as number[];
        for (let p = 0; p < points.length; p += 2) {
          const n = Math.round(points[p]! * 10) + Math.round(points[p + 1]! - 100) * 10_000;
          times.push(performance.now() - sentAt[n]!);
          heard.set(n, (heard.get(n) ?? 0) + 1);
        }
      }));
    }
    const post = (body: object) => fetch(`${base}/api/ink`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
    const page = 'ink/01-drawing#2';
    let n = 0;
    let stroke = 0;
    let memoryStartMiB = 0;
    const end = performance.now() + seconds * 1000;
    for (let tick = 0; performance.now() < end; tick++) {
      if (tick % 60 === 0) {
        if (tick) await post({ op: 'end', id: `bench-stroke-${stroke++}` });
        await post({ op: 'start', id: `bench-stroke-${stroke}`, page, tool: 'pen', color: '#d62828', width: 5, points: [] });
      }
      if (tick === 150) memoryStartMiB = rss();
      // Two points, numbered: x holds the number's last four digits (a tenth apart), y the rest.
      const batch: number[] = [];
      for (let k = 0; k < 2; k++, n++) {
        sentAt[n] = performance.now();
        batch.push((n % 10_000) / 10, 100 + Math.floor(n / 10_000));
      }
      await post({ op: 'points', id: `bench-stroke-${stroke}`, points: batch });
      await new Promise((r) => setTimeout(r, Math.max(0, 33 - 2)));
    }
    await post({ op: 'end', id: `bench-stroke-${stroke}` });
    await new Promise((r) => setTimeout(r, 500));
    const memoryEndMiB = rss();
    const everyone = [...heard.values()].filter((c) => c === students).length;
    if (everyone !== n) throw new Error(`${n - everyone} of ${n} points did not reach every student`);
    return { students, seconds, points: n, p50: percentile(times, 50), p95: percentile(times, 95), max: times.reduce((a, b) => Math.max(a, b), 0), memoryStartMiB, memoryEndMiB };
  } finally {
    for (const request of connected) request.destroy();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const inkLine = (r: InkLoad) =>
  `ink, ${r.students} students while the teacher draws 60 points a second for ${r.seconds} s (${r.points} points, every one to every student): point → student p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (max ${r.max.toFixed(1)} ms; goal p95 ≤ 50 ms); server memory ${r.memoryStartMiB.toFixed(0)} MiB at 5 s, ${r.memoryEndMiB.toFixed(0)} MiB at the end`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const estrade = resolve(root, 'lib/estrade.js');
  const result = await classroomLoad({ estrade, course: resolve(root, 'slides/docker.md'), cwd: root, env: process.env });
  process.stdout.write(`${classroomLine(result)}\n`);
  const questions = await questionLoad({ estrade, cwd: root, env: process.env });
  process.stdout.write(`${questionLine(questions)}\n`);
  const ink = await inkLoad({ estrade, cwd: root, env: process.env, seconds: Number(process.env.BENCH_INK_SECONDS ?? 60) });
  process.stdout.write(`${inkLine(ink)}\n`);
  if (!result.survived || questions.counted !== questions.students || questions.written !== questions.students) process.exitCode = 1;
}
