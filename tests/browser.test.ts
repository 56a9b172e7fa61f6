import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../scripts/render/browser.ts';
import { PipeTransport } from '../scripts/render/chromium.ts';

describe('finding the browser', () => {
  it('takes CHROME_PATH first when it exists', () => {
    expect(findBrowser({ CHROME_PATH: process.execPath }, ['/usr/bin/chromium'])).toBe(process.execPath);
  });

  it('falls back to the system browsers, then to Puppeteer’s', () => {
    expect(findBrowser({ CHROME_PATH: '/nowhere/chrome' }, ['/nowhere/chromium', process.execPath])).toBe(process.execPath);
    expect(findBrowser({}, [], [() => process.execPath])).toBe(process.execPath);
  });

  it('says what it tried and how to set CHROME_PATH when there is none', () => {
    expect(() => findBrowser({ CHROME_PATH: '/nowhere/chrome' }, ['/nowhere/chromium'], [() => '/nowhere/puppeteer-chrome'])).toThrow(
      /no Chrome or Chromium found \(tried \/nowhere\/chrome, \/nowhere\/chromium, \/nowhere\/puppeteer-chrome\) — install one \(Debian: apt-get install chromium-headless-shell\) or set CHROME_PATH/,
    );
  });
});

describe('the pipe to Chromium', () => {
  const pipe = () => {
    const toBrowser = new PassThrough();
    const fromBrowser = new PassThrough();
    const transport = new PipeTransport(toBrowser, fromBrowser);
    const received: string[] = [];
    transport.onmessage = (m) => received.push(m);
    return { toBrowser, fromBrowser, transport, received };
  };
  const turn = () => new Promise((done) => setImmediate(done));

  it('ends every message it sends with a NUL byte', () => {
    const { toBrowser, transport } = pipe();
    transport.send('{"id":1}');
    transport.send('{"id":2}');
    expect(String(toBrowser.read())).toBe('{"id":1}\0{"id":2}\0');
  });

  it('cuts what it reads at NUL bytes, across chunks and with several messages a chunk', async () => {
    const { fromBrowser, received } = pipe();
    fromBrowser.write('{"id":1,"text":"é');
    fromBrowser.write('t\u00e9"}\0{"id":2}\0{"id"');
    fromBrowser.write(':3}\0');
    for (let i = 0; i < 5; i++) await turn();
    expect(received).toEqual(['{"id":1,"text":"été"}', '{"id":2}', '{"id":3}']);
  });

  it('tells of a close that happened before anyone listened', async () => {
    const { fromBrowser, transport } = pipe();
    fromBrowser.destroy();
    await turn();
    let closed = false;
    transport.onclose = () => (closed = true);
    await turn();
    expect(closed).toBe(true);
  });

  it('keeps a multi-byte character split between two chunks whole', async () => {
    const { fromBrowser, received } = pipe();
    const bytes = Buffer.from('{"t":"🐳"}\0');
    fromBrowser.write(bytes.subarray(0, 8));
    fromBrowser.write(bytes.subarray(8));
    for (let i = 0; i < 3; i++) await turn();
    expect(received).toEqual(['{"t":"🐳"}']);
  });
});

describe('a browser that cannot run', () => {
  const run = promisify(execFile);
  const notExecutable = join(mkdtempSync(join(tmpdir(), 'estrade-nobrowser-')), 'chrome');
  writeFileSync(notExecutable, 'not a browser', { mode: 0o644 });
  it.each([
    [notExecutable, /Chromium at \S+chrome could not start: .*EACCES — set CHROME_PATH/],
    ['/bin/false', /Chromium at \/bin\/false quit \(exit 1\) — set CHROME_PATH/],
  ])('CHROME_PATH=%s: one line, exit 1, nothing written', async (path, message) => {
    const out = join(mkdtempSync(join(tmpdir(), 'estrade-nobrowser-')), 'dist');
    const failed = await run('node', ['scripts/estrade.mjs', 'build', 'tests/fixtures/small/short-course.md', '--out', out], { env: { ...process.env, CHROME_PATH: path } }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(1);
    const stderr = (failed as { stderr: string }).stderr.trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
