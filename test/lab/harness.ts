// End-to-end harness for the lab: builds it once per test run, serves the build on a free port
// of 127.0.0.1 with the same server as `perceptio lab`, and drives Debian's Chromium through
// playwright-core. Console errors and uncaught exceptions are collected per page; screenshots go
// to test-artifacts/lab/<name>.png.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveLab } from '../../cli/commands/lab.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const artifacts = join(root, 'test-artifacts', 'lab');
const buildDir = join(root, 'test-artifacts', 'lab-dist');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the lab unless this test run (the vitest process, the forks' parent) already did.
 * Test files run in parallel forks, so a lock directory makes one of them build.
 */
export async function buildOnce(): Promise<string> {
  const stamp = join(buildDir, '.built-by');
  const lock = buildDir + '.lock';
  const run = String(process.ppid);
  mkdirSync(join(root, 'test-artifacts'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === run) return buildDir;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) throw new Error(`lab build lock ${lock} held for 3 minutes; remove it if no test is running`);
      await sleep(200);
    }
  }
  try {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === run) return buildDir;
    const { build } = await import('vite');
    await build({ configFile: join(root, 'lab', 'vite.config.ts'), logLevel: 'warn', build: { outDir: buildDir, emptyOutDir: true } });
    writeFileSync(stamp, run);
    return buildDir;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface LabPage {
  page: Page;
  /** console errors, uncaught exceptions and failed requests seen so far */
  errors: string[];
}

export interface Lab {
  url: string;
  browser: Browser;
  /** A new tab (phone-sized when asked) at `#/<id>`, with error collection. */
  open(id?: string, opts?: { width?: number; height?: number; lang?: 'en' | 'ru' }): Promise<LabPage>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startLab(): Promise<Lab> {
  await buildOnce();
  const server = await serveLab({ dir: buildDir, port: 0 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await server.close();
    throw e;
  }
  mkdirSync(artifacts, { recursive: true });
  return {
    url: server.url,
    browser,
    async open(id, { width = 1280, height = 900, lang = 'en' } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, locale: lang === 'ru' ? 'ru-RU' : 'en-US' });
      // only the first visit: a reload must keep what the page's switch remembered
      await context.addInitScript((l) => localStorage.getItem('perceptio-lab-lang') ?? localStorage.setItem('perceptio-lab-lang', l), lang);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`exception: ${e.message}`));
      // a reload cancels the requests still in flight (net::ERR_ABORTED): not a failure of the page
      page.on('requestfailed', (r) => {
        const why = r.failure()?.errorText ?? '';
        if (!why.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} ${why}`);
      });
      await page.goto(server.url + (id ? `#/${id}` : ''), { waitUntil: 'load' });
      return { page, errors };
    },
    async screenshot(page, name) {
      const file = join(artifacts, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
