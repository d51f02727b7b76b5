// Page 3 in headless Chromium: the XOR network trains in the worker to ≥ 95 % accuracy within
// 10 seconds, a perceptron cannot, and a CSV with the wrong columns gets a message, not a crash.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

describe.skipIf(!hasChromium)('playground page (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  const accuracy = async (page: import('playwright-core').Page) => Number(await page.getAttribute('main .status', 'data-accuracy'));

  test('XOR reaches ≥ 95% accuracy within 10 seconds of pressing Train', async () => {
    const { page, errors } = await lab.open('playground');
    await page.waitForSelector('button[data-action="train"]');
    const started = Date.now();
    await page.click('button[data-action="train"]');
    await page.waitForFunction(() => Number(document.querySelector('main .status')?.getAttribute('data-accuracy')) >= 0.95, null, { timeout: 10_000, polling: 100 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`playground: XOR ≥ 95% after ${seconds.toFixed(2)} s`);
    expect(seconds).toBeLessThan(10);
    expect(await page.getAttribute('main .status', 'data-backend')).toBe('wasm'); // the SIMD kernels, in the worker
    // the thumbnails: one per hidden neuron (2 layers × 8) plus the output
    expect(await page.locator('.neurons canvas').count()).toBe(17);
    await page.click('button[data-action="stop"]');
    await page.waitForSelector('button[data-action="train"]:not([disabled])');
    await lab.screenshot(page, 'playground-xor-trained');
    expect(errors).toEqual([]);
  });

  test('a perceptron (no hidden layer) cannot learn XOR', async () => {
    const { page, errors } = await lab.open('playground');
    await page.locator('input[type="range"]').nth(1).fill('0'); // hidden layers (after noise)
    await page.click('button[data-action="train"]');
    await page.waitForTimeout(2500);
    await page.click('button[data-action="stop"]');
    await page.waitForSelector('button[data-action="train"]:not([disabled])');
    expect(await accuracy(page)).toBeLessThan(0.85);
    expect(errors).toEqual([]);
  });

  test('one step shows that step’s gradients; a CSV with wrong columns shows a message', async () => {
    const { page, errors } = await lab.open('playground');
    await page.getByLabel('Show gradients of the last step').check();
    await page.click('button[data-action="step"]');
    await page.waitForFunction(() => /\(1 steps\)/.test(document.querySelector('main .status')?.textContent ?? ''));
    await page.selectOption('select[name="dataset"]', 'csv');
    await page.getByLabel('…or paste rows of x, y, label').fill('x,y\n1,2\n3,4\n5,6\n7,8');
    await page.getByRole('button', { name: 'Use this CSV' }).click();
    await expect.poll(() => page.textContent('[role="alert"]')).toMatch(/2 columns; expected 3/);
    // a picture chosen by mistake: a message, not a crash
    await page.getByLabel('CSV file (columns x, y, label)').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82]) });
    await expect.poll(() => page.textContent('[role="alert"]')).toMatch(/at least 4 are needed|columns; expected 3|not a number/);
    await page.getByLabel('…or paste rows of x, y, label').fill('x,y,label\n0,0,a\n0,1,b\n1,0,b\n1,1,a\n0.5,0.5,a');
    await page.getByRole('button', { name: 'Use this CSV' }).click();
    await expect.poll(() => page.textContent('main .status')).toMatch(/5 points in 2 classes/);
    await page.click('button[data-action="train"]');
    await page.waitForFunction(() => Number(document.querySelector('main .status')?.getAttribute('data-accuracy')) >= 0);
    expect(errors).toEqual([]);
  });
});
