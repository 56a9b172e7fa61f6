// Chromium starts first: it boots in its own process while Node loads the rest of Estrade.
const { warmUpBrowser } = await import('./render/browser.ts');
if (process.argv[2] === 'build') warmUpBrowser();
const { main } = await import('./cli.ts');

process.exitCode = await main(process.argv.slice(2));
