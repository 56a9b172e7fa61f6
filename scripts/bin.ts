// Ctrl+C during a build removes Chromium's profile and the staging folder; `estrade dev` and
// `estrade present` stop their own way.
const command = process.argv[2];
if (command !== 'dev' && command !== 'present') (await import('./interrupt.ts')).exitCleanlyOnInterrupt();
// Chromium starts next: it boots in its own process while Node loads the rest of Estrade.
const { startChromiumEarly } = await import('./render/chromium.ts');
if (command === 'build') startChromiumEarly();
const { main } = await import('./cli.ts');

process.exitCode = await main(process.argv.slice(2));
