// The lab's training speed in the browser worker against Node: the same job code
// (lab/src/worker/jobs/classify2d.ts: an MLP on two spirals, Adam, fixed epochs) runs once in
// Node (loaded through Vite with the lab's aliases) and once in headless Chromium's Web Worker
// (the built lab's own worker, driven through its message protocol). Alike on both sides: the
// wasm backend on shared memory (the page is cross-origin isolated), 1 thread (the lab's worker
// asks for one), untimed warm-up runs each, then timed runs alternating between the two.
// Run from the repository root: npm run bench -- lab-worker [--epochs 20] [--repeats 5] [--warmup 3]
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { build, createServer } from 'vite';
import { serveLab } from '../cli/commands/lab.js';

const { values: args } = parseArgs({ options: { epochs: { type: 'string', default: '20' }, repeats: { type: 'string', default: '5' }, warmup: { type: 'string', default: '3' } } });
const EPOCHS = Number(args.epochs);
const REPEATS = Number(args.repeats);
const WARMUP = Math.max(1, Number(args.warmup));
const configFile = join(process.cwd(), 'lab', 'vite.config.ts');

/** The benchmark job: 1000 spiral points, 2 → 32 → 32 → 32 → 2 tanh, Adam, batch 32. */
async function jobParams(vite: Awaited<ReturnType<typeof createServer>>) {
  const { makeDataset } = await vite.ssrLoadModule('/src/data2d.ts');
  const d = makeDataset('spirals', { n: 1000, noise: 0.05, seed: 1 });
  return {
    x: d.x, y: d.y, classes: d.classes, hidden: [32, 32, 32], activation: 'tanh', loss: 'crossEntropy',
    optimizer: 'adam', lr: 0.01, batchSize: 32, l2: 0, seed: 1, maxEpochs: EPOCHS,
    grid: 8, bound: 1.4, snapshotMs: 1e9, // no progress snapshots: time the training alone
  };
}

interface Timing { ms: number; accuracy: number; backend: string; threads: number; steps: number }

/** Runs the job in Node, in this process, through the same module graph the lab bundles. */
async function nodeRunner(vite: Awaited<ReturnType<typeof createServer>>, params: object): Promise<() => Promise<Timing>> {
  const perceptio = await vite.ssrLoadModule('perceptio');
  await perceptio.init({ backend: 'wasm', threads: 1 });
  const { classify2d } = await vite.ssrLoadModule('/src/worker/jobs/classify2d.ts');
  const ctx = { progress() {}, stopped: false, yield: async () => {} };
  return () => (perceptio.manualSeed(1), classify2d(params, ctx));
}

/** Runs the job in the built lab's own worker in headless Chromium, through its protocol. */
async function browserRunner(params: object): Promise<{ run: () => Promise<Timing>; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-'));
  await build({ configFile, logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  const worker = readdirSync(join(dir, 'assets')).find((f) => /^lab\.worker-.*\.js$/.test(f));
  if (!worker) throw new Error(`no lab.worker-*.js in ${dir}/assets`);
  const server = await serveLab({ dir, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(process.env.CHROMIUM_FLAGS?.split(' ').filter(Boolean) ?? [])], // e.g. CHROMIUM_FLAGS=--js-flags=--max-semi-space-size=16
  });
  const page = await browser.newPage();
  await page.goto(server.url);
  console.log(`Chromium ${browser.version()}, page cross-origin isolated: ${await page.evaluate(() => crossOriginIsolated)}`);
  await page.evaluate((src) => {
    (globalThis as any).benchWorker = new Worker(src, { type: 'module' });
  }, `./assets/${worker}`);
  let id = 0;
  return {
    run: () => page.evaluate(({ params, id }) => new Promise<Timing>((resolve, reject) => {
      const w: Worker = (globalThis as any).benchWorker;
      w.onmessage = (e) => (e.data.type === 'result' ? resolve(e.data.data) : e.data.type === 'error' && reject(new Error(e.data.message)));
      w.postMessage({ type: 'start', id, kind: 'classify2d', params });
    }), { params, id: ++id }),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const vite = await createServer({ configFile, logLevel: 'warn', server: { middlewareMode: true, hmr: false }, appType: 'custom' });
try {
  const params = await jobParams(vite);
  const runNode = await nodeRunner(vite, params);
  const web = await browserRunner(params);
  // alternate the two, so that load from other processes falls on both alike
  const node: Timing[] = [], browser: Timing[] = [], cold: Timing[] = [];
  try {
    // not timed: JIT tier-up; Chromium's first runs also spend ~30% of their time in scavenges
    // (the 9th: ~6%), so a single warm-up run left the worker's timed runs bimodal
    for (let r = 0; r < WARMUP; r++) {
      const n = await runNode();
      const b = await web.run();
      if (r === 0) cold.push(n, b);
    }
    for (let r = 0; r < REPEATS; r++) {
      node.push(await runNode());
      browser.push(await web.run());
    }
  } finally {
    await web.close();
  }
  const best = (ts: Timing[]) => Math.min(...ts.map((t) => t.ms));
  const median = (ts: Timing[]) => ts.map((t) => t.ms).sort((a, b) => a - b)[ts.length >> 1];
  const row = (name: string, ts: Timing[]) =>
    `${name.padEnd(22)} ${`${ts[0].backend}×${ts[0].threads}`.padEnd(7)} ${(best(ts) / 1000).toFixed(2).padStart(7)} s  ${(best(ts) / ts[0].steps * 1000).toFixed(0).padStart(6)} µs/step  (median ${(median(ts) / 1000).toFixed(2)} s)  accuracy ${(100 * ts.at(-1)!.accuracy).toFixed(1)}%`;
  console.log(`MLP 2-32-32-32-2 on 1000 spiral points, Adam, batch 32, ${EPOCHS} epochs (${node[0].steps} steps), best of ${REPEATS}, load average ${loadavg()[0].toFixed(1)}`);
  console.log(row(`Node ${process.versions.node}`, node));
  console.log(row('Chromium Web Worker', browser));
  console.log(`browser / Node: ${(best(browser) / best(node)).toFixed(2)}× best, ${(median(browser) / median(node)).toFixed(2)}× median (target ≤ 1.5×)`);
  console.log(`first (cold) run: Node ${(cold[0].ms / 1000).toFixed(2)} s, Chromium ${(cold[1].ms / 1000).toFixed(2)} s: ${(cold[1].ms / cold[0].ms).toFixed(2)}×`);
} finally {
  await vite.close();
}
