// Server-sent events to many open pages (a class of 200 devices): each message is written once per
// page without waiting for anyone. A page that stops reading (a phone asleep, a stalled Wi-Fi) is let
// go once a bounded amount waits for it, and its browser's EventSource connects again and hears the
// current state; a comment line every 20 s keeps school proxies from closing idle streams.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EventStreamOptions {
  /** Bytes that may wait for one page before it is let go. */
  maxBacklog?: number;
  /** Milliseconds between heartbeats. */
  heartbeatMs?: number;
}

const HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' };

export class EventStream {
  /** Each open page, with what it said it is (the dev pages' path). */
  private readonly clients = new Map<ServerResponse, string>();
  private readonly maxBacklog: number;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(options: EventStreamOptions = {}) {
    this.maxBacklog = options.maxBacklog ?? 1024 * 1024;
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), options.heartbeatMs ?? 20_000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  /** Answers a request with the stream; `first` is what this page hears before anyone else's news;
   *  `tag`, what the page is, for messages meant for some pages only. */
  open(req: IncomingMessage, res: ServerResponse, first: string, tag = ''): void {
    res.writeHead(200, HEADERS);
    res.write(first);
    this.clients.set(res, tag);
    const gone = () => this.clients.delete(res);
    req.on('close', gone);
    res.on('close', gone);
  }

  /** Sends one message (any JSON value) to every page, or to the pages whose tag `to` accepts. */
  send(message: unknown, to?: (tag: string) => boolean): void {
    this.write(`data: ${JSON.stringify(message)}\n\n`, to);
  }

  private write(data: string, to?: (tag: string) => boolean): void {
    for (const [client, tag] of this.clients) {
      if (to && !to(tag)) continue;
      if (client.writableLength > this.maxBacklog) {
        this.clients.delete(client);
        client.destroy();
        continue;
      }
      client.write(data);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients.keys()) client.end();
    this.clients.clear();
  }
}
