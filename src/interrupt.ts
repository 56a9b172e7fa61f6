// What must be undone when the teacher presses Ctrl+C (or the system sends SIGTERM): Node's default
// is to die at once, which would leave Chromium's profile and staging folders behind. Clean-ups are
// synchronous, so that the process exits inside the signal handler and the interrupted work never
// gets to carry on (or to report the browser it just lost as an error).
import { writeSync } from 'node:fs';

type Task = () => void;

const tasks = new Set<Task>();
let outputWritten = false;

/** Registers a clean-up for an interrupt; returns the function that unregisters it. */
export function atInterrupt(task: Task): () => void {
  tasks.add(task);
  return () => void tasks.delete(task);
}

/** From now on an interrupt says the new output is in place. */
export function markOutputWritten(): void {
  outputWritten = true;
}

/** Runs every registered clean-up once, each whatever the others do. */
export function cleanUpAfterInterrupt(): void {
  const pending = [...tasks];
  tasks.clear();
  for (const task of pending) {
    try {
      task();
    } catch {
      // Cleaning up as much as can be is all that is left to do.
    }
  }
}

/** The handlers exitCleanlyOnInterrupt installed, until a session takes interrupts over. */
const installed = new Set<(signal: NodeJS.Signals) => void>();

/** SIGINT and SIGTERM clean up, say so in one line and exit 130/143. */
export function exitCleanlyOnInterrupt(): void {
  const handler = (signal: NodeJS.Signals) => {
    cleanUpAfterInterrupt();
    const state = outputWritten ? 'the new output was written' : 'nothing was written; the previous output is unchanged';
    // Synchronous: a pipe written with console.error may not be flushed before process.exit.
    writeSync(2, `estrade: interrupted (${signal}) — ${state}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  installed.add(handler);
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

/**
 * From now on an interrupt is the caller's to handle: `estrade dev` and `estrade present`, once
 * serving, stop their own way (the lesson written, the pages closed). Until then an interrupt
 * cleans up and exits like any command's. Resolves with the next SIGINT or SIGTERM.
 */
export function nextInterrupt(): Promise<NodeJS.Signals> {
  for (const handler of installed) {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  }
  installed.clear();
  return new Promise((heard) => {
    const once = (signal: NodeJS.Signals) => {
      process.off('SIGINT', once);
      process.off('SIGTERM', once);
      heard(signal);
    };
    process.once('SIGINT', once);
    process.once('SIGTERM', once);
  });
}
