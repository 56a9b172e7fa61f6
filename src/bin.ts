// Ctrl+C during a build removes Chromium's profile and the staging folder, and so it does while
// `estrade dev` and `estrade present` start; once serving, they stop their own way (cli.ts).
const command = process.argv[2];
(await import('./interrupt.ts')).exitCleanlyOnInterrupt();
// Chromium starts next: it boots in its own process while Node loads the rest of Estrade.
// Its first tabs open too: the measuring page, then for a build the printing pages unless there is
// nothing to print. A build ends with its work: Chromium runs as one process where that works
// (render/chromium.ts); estrade dev and present keep theirs for hours, with its own processes.
const { startInstalledChromium } = await import('./render/chromium.ts');
const early =
  command === 'build' ? startInstalledChromium({ tabs: process.argv.includes('--no-pdf') ? 1 : 3, oneProcess: true })
  : command === 'dev' || command === 'present' ? startInstalledChromium({ tabs: 1 })
  : undefined;
const { main } = await import('./cli.ts');

process.exitCode = await main(process.argv.slice(2), undefined, early);
