// The suite's own temporary folder: a run sees only its files, and fails when its tests leave any.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import watchTmp from './helpers/tmp-watch.ts';
import { chromiumTemp } from '../src/render/chromium.ts';
import { tempDir } from './helpers/temp.ts';

describe("the run's temporary folder", () => {
  it('is a folder of its own for the run, removed at its end, and the end fails on anything left', () => {
    const outside = tmpdir();
    const end = watchTmp();
    const run = tmpdir();
    expect(run).not.toBe(outside);
    expect(run.startsWith(outside)).toBe(true);
    mkdirSync(join(run, 'estrade-forgotten'));
    writeFileSync(join(run, 'puppeteer-profile'), '');
    expect(end).toThrow(/left 2 file\(s\) or folder\(s\).*estrade-forgotten, puppeteer-profile/);
    expect(existsSync(run)).toBe(false);
    expect(tmpdir()).toBe(outside);
  });

  it('ends quietly when nothing was left', () => {
    const end = watchTmp();
    const run = tmpdir();
    expect(end).not.toThrow();
    expect(existsSync(run)).toBe(false);
  });
});

describe("Chromium's temporary folder", () => {
  it('goes in the short folder ESTRADE_SHORT_TMPDIR names when the profile is too deep for its socket', () => {
    const short = process.env.ESTRADE_SHORT_TMPDIR!;
    expect(short.startsWith(tmpdir())).toBe(true);
    const deep = join(tempDir('estrade-deep-'), 'x'.repeat(60));
    mkdirSync(deep);
    const scratch = chromiumTemp(deep);
    expect(scratch.startsWith(`${short}/estrade-`)).toBe(true);
    expect(Buffer.byteLength(scratch) + '/org.chromium.Chromium.XXXXXX/SingletonSocket'.length).toBeLessThan(104);
    const shallow = tempDir('e-');
    expect(chromiumTemp(shallow)).toBe(join(shallow, 'tmp'));
  });
});
