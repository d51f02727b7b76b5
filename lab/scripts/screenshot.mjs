// Takes the README's screenshot (docs/lab.png): builds the lab, serves it with vite preview on
// 127.0.0.1, trains XOR on the playground in headless Chromium, and captures the viewport.
// Run: node lab/scripts/screenshot.mjs  (CHROMIUM_PATH overrides /usr/bin/chromium)
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configFile = root + 'lab/vite.config.ts';
const out = root + 'docs/lab.png';

await build({ configFile, logLevel: 'warn' });
const server = await preview({ configFile, logLevel: 'warn', preview: { host: '127.0.0.1', port: 4179, strictPort: false } });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 940 } });
  await page.goto(server.resolvedUrls.local[0] + '#/playground');
  await page.click('button[data-action="train"]');
  await page.waitForFunction(() => Number(document.querySelector('main .status')?.getAttribute('data-accuracy')) >= 0.98, null, { timeout: 60_000 });
  await page.click('button[data-action="stop"]');
  await page.waitForSelector('button[data-action="train"]:not([disabled])');
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await new Promise((ok) => server.httpServer.close(ok));
}
