import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser.ts';
import puppeteer from 'puppeteer-core';
import { startChromium, chromiumArgs, connectionFor, ESTRADE_DISABLED_FEATURES, ESTRADE_FLAGS, oneProcessFor, PipeTransport, sandboxUnavailable, warmUpPage } from '../src/render/chromium.ts';
import { spawn } from 'node:child_process';
import { Browser, printPdf } from '../src/render/browser.ts';
import { estradeBrowser } from './helpers/estrade-browser.ts';
import { DevTools } from '../src/render/devtools.ts';
import { builtInFonts } from '../src/render/themes.ts';
import { systemBrowsers } from '../src/render/browsers.ts';
import { tempDir } from './helpers/temp.ts';
import { main } from '../src/cli.ts';

describe('finding the browser', () => {
  it('takes CHROME_PATH first when it exists', () => {
    expect(findBrowser({ CHROME_PATH: process.execPath }, ['/usr/bin/chromium'])).toBe(process.execPath);
  });

  it("falls back to the system browsers, then to Puppeteer's cache (where `estrade browser install` puts one)", () => {
    expect(findBrowser({ CHROME_PATH: '/nowhere/chrome' }, ['/nowhere/chromium', process.execPath])).toBe(process.execPath);
    // A cache as Puppeteer and @puppeteer/browsers lay it out, with two builds: the newest is taken.
    const cache = tempDir('estrade-cache-');
    for (const build of ['131.0.6778.204', '148.0.7778.97']) {
      const shell = join(cache, 'chrome-headless-shell', `linux-${build}`, 'chrome-headless-shell-linux64', 'chrome-headless-shell');
      mkdirSync(dirname(shell), { recursive: true });
      writeFileSync(shell, '');
    }
    expect(findBrowser({ PUPPETEER_CACHE_DIR: cache }, ['/nowhere/chromium'])).toBe(join(cache, 'chrome-headless-shell', 'linux-148.0.7778.97', 'chrome-headless-shell-linux64', 'chrome-headless-shell'));
  });

  it('says in one line where it looked and how to get a browser when there is none', () => {
    const cache = tempDir('estrade-cache-');
    expect(() => findBrowser({ CHROME_PATH: '/nowhere/chrome', PUPPETEER_CACHE_DIR: cache }, ['/nowhere/chromium'])).toThrow(
      new RegExp(`^no Chrome or Chromium found \\(/nowhere/chrome, the usual places, Puppeteer's cache ${cache}\\) — run \`npx estrade browser install\`, install Chrome or Chromium, or set CHROME_PATH to its executable$`),
    );
  });

  it("knows the usual places of Chrome, Chromium, Edge and Brave on Linux, macOS and Windows", () => {
    const windows = systemBrowsers('win32', { PROGRAMFILES: 'D:\\Apps', LOCALAPPDATA: 'C:\\Users\\Élève\\AppData\\Local' }, 'C:\\Users\\Élève');
    expect(windows).toContain('D:\\Apps\\Google\\Chrome\\Application\\chrome.exe');
    expect(windows).toContain('C:\\Users\\Élève\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(windows).toContain('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
    expect(windows.every((p) => /^[A-Z]:\\/.test(p))).toBe(true);
    const mac = systemBrowsers('darwin', {}, '/Users/prof');
    expect(mac[0]).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(mac).toContain('/Users/prof/Applications/Brave Browser.app/Contents/MacOS/Brave Browser');
    const linux = systemBrowsers('linux', {}, '/home/prof');
    expect(linux[0]).toBe('/usr/bin/chromium-headless-shell');
    expect(linux).toEqual(expect.arrayContaining(['/usr/bin/chromium', '/usr/bin/google-chrome-stable', '/usr/bin/microsoft-edge', '/usr/bin/brave-browser']));
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

  it('carries the commands of the connection made on it (devtools.ts): each answer to its own command, a refusal as an error, and everything waiting fails when Chromium goes', async () => {
    const { toBrowser, fromBrowser, transport } = pipe();
    const devtools = new DevTools(transport);
    const created = devtools.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const refused = devtools.send('Page.navigate', { url: 'x' }, 'S1');
    refused.catch(() => undefined);
    const [first, second] = String(toBrowser.read()).split('\0').filter(Boolean).map((m) => JSON.parse(m) as { id: number; method: string; params: object; sessionId?: string });
    expect(first).toMatchObject({ method: 'Target.createTarget', params: { url: 'about:blank' } });
    expect(first!.sessionId).toBeUndefined();
    expect(second).toMatchObject({ method: 'Page.navigate', sessionId: 'S1' });
    expect(second!.id).not.toBe(first!.id);
    // Answered in the other order, with an event between them.
    fromBrowser.write(`{"id":${second!.id},"error":{"message":"Cannot navigate to invalid URL"}}\0{"method":"Target.targetCreated","params":{}}\0{"id":${first!.id},"result":{"targetId":"T"}}\0`);
    await expect(created).resolves.toEqual({ targetId: 'T' });
    await expect(refused).rejects.toThrow(/^Protocol error \(Page.navigate\): Cannot navigate to invalid URL$/);
    const waiting = devtools.send('Runtime.evaluate', { expression: '1' });
    fromBrowser.destroy();
    await expect(waiting).rejects.toThrow(/Connection closed/);
    expect(devtools.connected).toBe(false);
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

describe("Chromium's first tabs", () => {
  it('show words in the fonts of the theme, code and emoji included, to load those fonts early', () => {
    const page = decodeURIComponent(warmUpPage(builtInFonts(':root { --font: "A Sans", serif; --font-code: "A Mono", monospace; }')).replace(/^data:text\/html;charset=utf-8,/, ''));
    expect(page).toContain('p{font-family:"A Sans", serif}');
    expect(page).toContain('code{font-family:"A Mono", monospace}');
    expect(page).toMatch(/<b>/);
    expect(page).toMatch(/<i>/);
    expect(page).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('are the pages handed out first: the measuring page and the printing pages need no new renderer', async () => {
    const browser = new Browser({ started: startChromium(findBrowser(), { tabs: 3 }) });
    try {
      const pages = [await browser.takePage(), await browser.takePage(), await browser.takePage()];
      // Each shows the warm-up words: they are the tabs opened at the start, not new blank pages.
      for (const page of pages) expect(await page.evaluate('document.body.textContent')).toContain('Aé');
      expect(new Set(pages).size).toBe(3);
      const fourth = await browser.takePage();
      expect(await fourth.evaluate('document.body.textContent')).toBe('');
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('a Browser, owned by whoever does the work', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // Its profile, as its command line says (Linux's /proc): a ruler of the test's own.
  const profileOf = (pid: number) => /--user-data-dir=([^\0]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))![1]!;

  it('is its own Chromium: closing one stops its process and profile, the other works on, and a closed one refuses work', async () => {
    const [one, two] = [new Browser(), new Browser()];
    try {
      expect(await one.withPage((p) => p.evaluate('1 + 1'))).toBe(2);
      expect(await two.withPage((p) => p.evaluate('2 + 2'))).toBe(4);
      const [pidOne, pidTwo] = [one.pid!, two.pid!];
      expect(pidOne).not.toBe(pidTwo);
      const [profileOne, profileTwo] = [profileOf(pidOne), profileOf(pidTwo)];
      expect(existsSync(profileOne) && existsSync(profileTwo)).toBe(true);
      await one.close();
      expect(alive(pidOne)).toBe(false);
      expect(existsSync(profileOne)).toBe(false);
      expect(await two.withPage((p) => p.evaluate('3 + 3'))).toBe(6);
      await expect(one.takePage()).rejects.toThrow(/closed/);
      expect(one.pid).toBeUndefined();
      await two.close();
      expect(alive(pidTwo) || existsSync(profileTwo)).toBe(false);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 60_000);

  it('a command stops the Chromium started early for it, even when it fails before using it', async () => {
    const early = startChromium(findBrowser(), { tabs: 2 });
    const profile = profileOf(early.pid!);
    const err: string[] = [];
    const code = await main(['build', join(tempDir('estrade-early-'), 'absent.md')], { out: () => undefined, err: (l) => err.push(l) }, early);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/absent\.md/);
    expect(alive(early.pid!)).toBe(false);
    expect(existsSync(profile)).toBe(false);
  }, 60_000);
});

describe('a build runs Chromium as one process', () => {
  it('with the headless shell anywhere, never full Chromium or Chrome (they quit so in the middle of builds)', () => {
    expect(oneProcessFor('/usr/bin/chromium-headless-shell', 'win32')).toBe(true);
    expect(oneProcessFor('/usr/bin/chromium', 'linux')).toBe(false);
    expect(oneProcessFor('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'win32')).toBe(false);
    expect(oneProcessFor('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'darwin')).toBe(false);
    // A teacher whose browser crashes so goes back to Chromium's own processes.
    expect(oneProcessFor('/usr/bin/chromium-headless-shell', 'linux', { ESTRADE_ONE_PROCESS: '0' })).toBe(false);
    expect(oneProcessFor('/usr/bin/chromium-headless-shell', 'linux', {})).toBe(true);
    expect(chromiumArgs('/usr/bin/chromium', '/p', false, 'about:blank', true)).toContain('--single-process');
    expect(chromiumArgs('/usr/bin/chromium', '/p', false)).not.toContain('--single-process');
  });

  it.each(['/usr/bin/chromium-headless-shell'].filter((b) => existsSync(b)))('%s: no renderer or GPU process beside the browser during a whole build', async (browserPath) => {
    // A temporary folder of its own: Chromium's profile is in it, which tells its processes apart.
    const tmp = tempDir('estrade-processes-');
    const build = spawn('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', join(tempDir('estrade-processes-'), 'dist')], { env: { ...process.env, CHROME_PATH: browserPath, TMPDIR: tmp }, stdio: 'ignore' });
    const kinds = new Set<string>();
    // Chromium's processes: the browser (its profile is in our folder) and every process below it.
    const look = () => {
      const processes = new Map<string, { parent: string; args: string[] }>();
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]!;
          processes.set(pid, { parent, args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') });
        } catch {
          // Gone meanwhile.
        }
      }
      // Only browsers run as one process: should one quit, the build runs again with Chromium's own
      // processes (cli.ts), whose renderers are not this test's business.
      const browsers = new Set([...processes].filter(([, p]) => p.args.some((a) => a.startsWith(`--user-data-dir=${tmp}`)) && p.args.includes('--single-process')).map(([pid]) => pid));
      const below = (pid: string): boolean => browsers.has(pid) || (processes.has(pid) && pid !== '1' && below(processes.get(pid)!.parent));
      // Chromium rewrites its children's command line into one string: the type is found inside.
      for (const [pid, p] of processes) if (below(pid)) kinds.add(/--type=([\w-]+)/.exec(p.args.join(' '))?.[1] ?? 'browser');
    };
    const watching = setInterval(look, 10);
    const code = await new Promise((done) => build.on('exit', done));
    clearInterval(watching);
    expect(code).toBe(0);
    expect(kinds.has("browser")).toBe(true);
    expect([...kinds].filter((k) => k === 'renderer' || k === 'gpu-process')).toEqual([]);
  }, 60_000);
});

describe('full Chromium during a build', () => {
  it.each(['/usr/bin/chromium'].filter((b) => existsSync(b)))('%s keeps its own processes: not --single-process, a renderer beside the browser', async (browserPath) => {
    const tmp = tempDir('estrade-processes-');
    const build = spawn('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--no-pdf', '--out', join(tempDir('estrade-processes-'), 'dist')], { env: { ...process.env, CHROME_PATH: browserPath, TMPDIR: tmp }, stdio: 'ignore' });
    let single = false;
    const kinds = new Set<string>();
    const look = () => {
      for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (!args.includes(tmp)) continue;
          if (args.includes('--single-process')) single = true;
          kinds.add(/--type=([\w-]+)/.exec(args)?.[1] ?? 'browser');
        } catch {
          // Gone meanwhile.
        }
      }
    };
    const watching = setInterval(look, 10);
    const code = await new Promise((done) => build.on('exit', done));
    clearInterval(watching);
    expect(code).toBe(0);
    expect(single).toBe(false);
    expect(kinds.has('browser')).toBe(true);
    expect(kinds.has('renderer')).toBe(true);
  }, 60_000);
});

describe("the built-in theme's fonts", () => {
  it('lists the emoji fonts before the CJK fonts: a character that no Latin font has (an emoji) would make Chromium load every CJK font listed before (20 MB each) first', () => {
    const stack = /--font:\s*([^;]+);/.exec(readFileSync('themes/estrade.css', 'utf8'))![1]!.split(',').map((f) => f.trim().replace(/'/g, ''));
    const firstCjk = stack.findIndex((f) => /CJK/.test(f));
    expect(firstCjk).toBeGreaterThan(-1);
    for (const emoji of ['Noto Color Emoji', 'Apple Color Emoji', 'Segoe UI Emoji']) {
      expect(stack.indexOf(emoji)).toBeGreaterThan(-1);
      expect(stack.indexOf(emoji)).toBeLessThan(firstCjk);
    }
  });
});

describe('a browser that cannot run', () => {
  const run = promisify(execFile);
  const notExecutable = join(tempDir('estrade-nobrowser-'), 'chrome');
  writeFileSync(notExecutable, 'not a browser', { mode: 0o644 });
  it.each([
    [notExecutable, /Chromium at \S+chrome could not start: .*EACCES — set CHROME_PATH/],
    ['/bin/false', /Chromium at \/bin\/false quit \(exit 1\) — set CHROME_PATH/],
  ])('CHROME_PATH=%s: one line, exit 1, nothing written', async (path, message) => {
    const out = join(tempDir('estrade-nobrowser-'), 'dist');
    const failed = await run('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--out', out], { env: { ...process.env, CHROME_PATH: path } }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in failed && failed.code).toBe(1);
    // Besides the note that the sandbox is off when running as root (CI).
    const stderr = (failed as { stderr: string }).stderr.replace(/^estrade: note: .*\n/m, '').trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe("Estrade's own Chromium start", () => {
  const featureList = (args: string[], flag: string) => (args.find((a) => a.startsWith(`${flag}=`)) ?? '').slice(flag.length + 1).split(',').filter(Boolean);

  it("passes every launch flag of the installed Puppeteer, and only those besides its own (update PUPPETEER_FLAGS in src/render/chromium.ts when this fails)", () => {
    const theirs = puppeteer.defaultArgs({ headless: 'shell' }).filter((a) => !a.startsWith('--user-data-dir'));
    const ours = chromiumArgs('/usr/bin/chromium-headless-shell', '/profile', false);
    const plain = (args: string[]) => args.filter((a) => !/^--(disable|enable)-features=/.test(a));
    expect(plain(theirs).filter((a) => !ours.includes(a)), "Puppeteer's flags that Estrade does not pass").toEqual([]);
    expect(plain(ours).filter((a) => !theirs.includes(a)).sort(), 'flags of our own').toEqual([...ESTRADE_FLAGS, '--remote-debugging-pipe', '--user-data-dir=/profile'].sort());
    for (const flag of ['--disable-features', '--enable-features']) {
      const mine = featureList(ours, flag);
      expect(featureList(theirs, flag).filter((f) => !mine.includes(f)), flag).toEqual([]);
      expect(mine.filter((f) => !featureList(theirs, flag).includes(f)), flag).toEqual(flag === '--disable-features' ? ESTRADE_DISABLED_FEATURES : []);
    }
  });

  it('keeps the sandbox on for a user, and turns it off as root or in a container, saying why', () => {
    const none = () => false;
    expect(sandboxUnavailable({}, 1000, none)).toBeUndefined();
    expect(chromiumArgs('/usr/bin/chromium', '/p', false)).not.toContain('--no-sandbox');
    expect(sandboxUnavailable({}, 0, none)).toBe('running as root');
    expect(sandboxUnavailable({}, 1000, (p) => p === '/.dockerenv')).toBe('running in a container');
    expect(sandboxUnavailable({ CHROME_NO_SANDBOX: '1' }, 1000, none)).toBe('CHROME_NO_SANDBOX is set');
    expect(chromiumArgs('/usr/bin/chromium', '/p', true)).toContain('--no-sandbox');
  });

  it('says in one line when the sandbox is off, as root', async () => {
    if (process.getuid?.() !== 0) return expect(sandboxUnavailable({}, process.getuid?.(), () => false)).toBeUndefined();
    const out = join(tempDir('estrade-sandbox-'), 'dist');
    const { stderr } = await promisify(execFile)('node', ['lib/estrade.js', 'build', 'tests/fixtures/small/short-course.md', '--no-pdf', '--out', out]);
    expect(stderr.split('\n').filter((l) => /Chromium.*sandbox/.test(l))).toEqual(['estrade: note: Chromium runs without its sandbox (running as root)']);
  }, 60_000);
});

describe("the layers Chromium prints (printPdf)", () => {
  it('carry neither a structure tree nor an outline, which the PDFs put together from them would drop', async () => {
    const page = await estradeBrowser().takePage();
    try {
      await page.setContent('<h1>Un titre</h1><p>Un paragraphe, <b>gras</b>.</p><h2>Une partie</h2><ul><li>un point</li></ul>');
      const pdf = Buffer.from(await printPdf(page, { printBackground: true }));
      const text = pdf.toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      // Chromium's command line asks for both by default (--export-tagged-pdf, --generate-pdf-document-outline).
      expect(text).not.toMatch(/\/StructTreeRoot/);
      expect(text).not.toMatch(/\/Outlines/);
      // What it prints for pages that ask for them.
      const tagged = Buffer.from(await printPdf(page, { printBackground: true, generateTaggedPDF: true, generateDocumentOutline: true })).toString('latin1');
      expect(tagged).toMatch(/\/StructTreeRoot/);
      expect(tagged).toMatch(/\/Outlines/);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('how Estrade reaches Chromium', () => {
  const elf = () => '\x7fELF\x02\x01\x01';
  it('uses the pipe, unless a snap or WSL cannot pass it on', () => {
    expect(connectionFor('/usr/bin/chromium', {}, () => '#!/bin/sh\n# Chromium launcher\nexec /usr/lib/chromium/chromium "$@"', '/nowhere')).toBe('pipe');
    expect(connectionFor('/opt/google/chrome/chrome', {}, elf, '/nowhere')).toBe('pipe');
    expect(connectionFor('/snap/bin/chromium', {}, elf, '/nowhere')).toBe('websocket');
    // Ubuntu's launcher, which hands over to the snap.
    expect(connectionFor('/usr/bin/chromium-browser', {}, () => '#!/bin/sh\nexec /snap/bin/chromium "$@"\n', '/nowhere')).toBe('websocket');
    if (process.platform === 'linux') {
      expect(connectionFor('/usr/bin/chromium', {}, (p) => (p === '/proc/version' ? 'Linux version 5.15.153.1-microsoft-standard-WSL2' : elf()))).toBe('websocket');
    }
  });

  it('does as ESTRADE_BROWSER_CONNECTION says', () => {
    expect(connectionFor('/usr/bin/chromium', { ESTRADE_BROWSER_CONNECTION: 'websocket' }, elf, '/nowhere')).toBe('websocket');
    expect(connectionFor('/snap/bin/chromium', { ESTRADE_BROWSER_CONNECTION: ' Pipe ' }, elf, '/nowhere')).toBe('pipe');
  });

  it('asks Chromium for the pipe or a free port, never both', () => {
    const pipe = chromiumArgs('/usr/bin/chromium', '/tmp/p', false, 'about:blank', false, 'pipe');
    const socket = chromiumArgs('/usr/bin/chromium', '/tmp/p', false, 'about:blank', false, 'websocket');
    expect(pipe).toContain('--remote-debugging-pipe');
    expect(pipe.some((a) => a.startsWith('--remote-debugging-port'))).toBe(false);
    expect(socket).toContain('--remote-debugging-port=0');
    expect(socket).not.toContain('--remote-debugging-pipe');
  });
});
