// The suite's own temporary folder: a run sees only its files, and fails when its tests leave any.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import watchTmp from './helpers/tmp-watch.ts';

describe("the run's temporary folder", () => {
  it('is a folder of its own for the run, removed at its end, and the end fails on what was left', () => {
    const outside = tmpdir();
    const end = watchTmp();
    const run = tmpdir();
    expect(run).not.toBe(outside);
    expect(run.startsWith(outside)).toBe(true);
    mkdirSync(join(run, 'estrade-forgotten'));
    mkdirSync(join(run, 'someone-else'));
    expect(end).toThrow(/left 1 folder\(s\).*estrade-forgotten/);
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
