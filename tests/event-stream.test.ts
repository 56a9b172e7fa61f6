// The classroom's event streams over real sockets: a page that stops reading is let go once a
// bounded backlog waits for it, the others hear everything, and idle streams hear a heartbeat.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream } from '../src/dev/event-stream.ts';

let server: Server | undefined;
let stream: EventStream | undefined;

afterEach(async () => {
  stream?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
});

async function serve(options: ConstructorParameters<typeof EventStream>[0]): Promise<number> {
  const events = new EventStream(options);
  stream = events;
  server = createServer((req, res) => events.open(req, res, ': hello\n\n'));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** Reads a stream as a page would, counting the messages it hears. */
function reader(port: number) {
  const heard = { messages: 0, text: '' };
  const controller = new AbortController();
  const done = fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal }).then(async (r) => {
    const body = r.body!.getReader();
    for (;;) {
      const { done: end, value } = await body.read();
      if (end) break;
      const text = Buffer.from(value).toString();
      heard.text += text.length < 200 ? text : '';
      heard.messages += (text.match(/^data: /gm) ?? []).length;
    }
  }).catch(() => undefined);
  return { heard, stop: () => { controller.abort(); return done; } };
}

const opened = (s: EventStream, n: number) => new Promise<void>((r) => { const t = setInterval(() => { if (s.size >= n) { clearInterval(t); r(); } }, 10); });

describe('event streams', () => {
  it('let go of a page that stops reading, while the others hear every message at once', async () => {
    const port = await serve({ maxBacklog: 1024 * 1024 });
    const fast = reader(port);
    // A phone that fell asleep: connected, asks for the stream, never reads a byte.
    const slow: Socket = connect({ host: '127.0.0.1', port });
    slow.on('error', () => undefined);
    slow.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    slow.pause();
    await opened(stream!, 2);
    const big = 'x'.repeat(64 * 1024);
    let most = 0;
    for (let i = 0; i < 400; i++) {
      stream!.send({ i, big });
      most = Math.max(most, stream!.size);
      await new Promise((r) => setImmediate(r));
    }
    // The server let the sleeping page go (its socket is closed on the server's side).
    expect(most).toBe(2);
    expect(stream!.size).toBe(1);
    await new Promise<void>((r) => { const t = setInterval(() => { if (fast.heard.messages >= 400) { clearInterval(t); r(); } }, 20); setTimeout(() => { clearInterval(t); r(); }, 10_000); });
    expect(fast.heard.messages).toBe(400);
    slow.destroy();
    await fast.stop();
  });

  it('sends a heartbeat to idle streams', async () => {
    const port = await serve({ heartbeatMs: 50 });
    const page = reader(port);
    await opened(stream!, 1);
    await expect.poll(() => (page.heard.text.match(/^: heartbeat$/gm) ?? []).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await page.stop();
  });
});
