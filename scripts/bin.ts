// Chromium starts first: it boots in its own process while Node loads the rest of Estrade.
const { startChromiumEarly } = await import('./render/chromium.ts');
if (process.argv[2] === 'build') startChromiumEarly();
const { main } = await import('./cli.ts');

process.exitCode = await main(process.argv.slice(2));
