// `npm run bench:classroom` (and the last row of `npm run bench`): `estrade present` with a class of
// simulated students. 100 students follow the teacher, each from an address of its own (127.0.0.x,
// as devices on a network); the teacher moves; how long until every student hears it (p50, p95),
// the server's memory with them connected, and whether it keeps serving after all drop at once.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get, type ClientRequest } from 'node:http';
import { resolve } from 'node:path';

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

export async function classroomLoad(options: { estrade: string; course: string; cwd: string; env: NodeJS.ProcessEnv; students?: number; moves?: number; port?: number }): Promise<ClassroomLoad> {
  const students = options.students ?? 100;
  const moves = options.moves ?? 30;
  const port = options.port ?? 8396;
  const server = spawn('node', [options.estrade, 'present', options.course, '--no-open', '--host', '127.0.0.1', '--port', String(port)], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    const base = `http://127.0.0.1:${port}`;
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
    server.kill();
  }
}

export const classroomLine = (r: ClassroomLoad) =>
  `\`estrade present\` with ${r.students} students: a move reaches every student in p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms (max ${r.max.toFixed(1)} ms, ${r.moves} moves; goal p95 ≤ 100 ms); server memory ${r.memoryMiB.toFixed(0)} MiB with them connected; ${r.survived ? 'serves again' : 'DID NOT serve again'} after all ${r.students} dropped at once`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(import.meta.dirname, '..');
  const result = await classroomLoad({ estrade: resolve(root, 'scripts/compiled/estrade.js'), course: resolve(root, 'slides/docker.md'), cwd: root, env: process.env });
  process.stdout.write(`${classroomLine(result)}\n`);
  if (!result.survived) process.exitCode = 1;
}
