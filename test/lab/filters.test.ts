// Page 4 in headless Chromium: Sobel on an uploaded image leaves flat areas at 0 and makes the
// edge bright; a kernel cell that is not a number and a file that is not an image get messages,
// not crashes; the convolution animation steps; no console errors.
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

/** A 64×48 PNG: black on the left half, white on the right, so the only edge is the vertical line x = 32. */
function halfAndHalf(): Buffer {
  const png = new PNG({ width: 64, height: 48 });
  for (let y = 0; y < 48; y++)
    for (let x = 0; x < 64; x++) {
      const v = x < 32 ? 0 : 255;
      png.data.set([v, v, v, 255], 4 * (y * 64 + x));
    }
  return PNG.sync.write(png);
}

/** The red channel of a row of a canvas on the page. */
const row = (page: Page, testid: string, y: number) =>
  page.evaluate(([id, yy]) => {
    const c = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`)!;
    const d = c.getContext('2d')!.getImageData(0, yy as number, c.width, 1).data;
    return { width: c.width, red: Array.from({ length: c.width }, (_, x) => d[4 * x]) };
  }, [testid, y] as const);

const renders = (page: Page) => page.getAttribute('[data-testid="filters-result"]', 'data-renders').then(Number);

describe.skipIf(!hasChromium)('filters page (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  test('Sobel on an uploaded image: flat areas become 0, the edge becomes bright', async () => {
    const { page, errors } = await lab.open('filters');
    await expect.poll(() => renders(page), { timeout: 15_000 }).toBeGreaterThan(0);
    let before = await renders(page);
    await page.setInputFiles('[data-testid="filters-upload"]', { name: 'edge.png', mimeType: 'image/png', buffer: halfAndHalf() });
    await expect.poll(() => renders(page)).toBeGreaterThan(before);
    const original = await row(page, 'filters-original', 24);
    expect(original.width).toBe(64);
    expect([original.red[5], original.red[60]]).toEqual([0, 255]);

    // the magnitude: 0 (black) on both flat halves, bright on the two columns either side of the edge
    await page.selectOption('[data-testid="filters-preset"]', 'sobel');
    await expect.poll(() => renders(page)).toBeGreaterThan(before);
    const mag = (await row(page, 'filters-result', 24)).red;
    expect(Math.max(...mag.slice(2, 29), ...mag.slice(35, 62))).toBeLessThanOrEqual(1);
    expect(Math.min(mag[31], mag[32])).toBeGreaterThanOrEqual(250);
    await lab.screenshot(page, 'filters-sobel');

    // Sobel x is signed: flat areas mid-grey (0), the dark-to-bright edge bright (positive)
    before = await renders(page);
    await page.selectOption('[data-testid="filters-preset"]', 'sobel-x');
    await expect.poll(() => renders(page)).toBeGreaterThan(before);
    const dx = (await row(page, 'filters-result', 24)).red;
    for (const x of [5, 20, 45, 60]) expect(Math.abs(dx[x] - 128)).toBeLessThanOrEqual(1);
    expect(dx[31]).toBeGreaterThanOrEqual(250);
    expect(errors).toEqual([]);
  });

  test('a kernel cell that is not a number shows a message and keeps the last result', async () => {
    const { page, errors } = await lab.open('filters');
    await expect.poll(() => renders(page), { timeout: 15_000 }).toBeGreaterThan(0);
    const before = await renders(page);
    await page.getByLabel('Kernel row 2, column 2').fill('abc');
    await expect.poll(() => page.textContent('[data-testid="filters-message"]')).toMatch(/Row 2, column 2: “abc” is not a number/);
    expect(await page.getAttribute('[data-cell="1,1"]', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('[data-testid="filters-preset"]')).toBe('custom');
    expect(await renders(page)).toBe(before);
    // a fraction is a number: the message goes and the result is redrawn
    await page.getByLabel('Kernel row 2, column 2').fill('1/2');
    await expect.poll(() => page.textContent('[data-testid="filters-message"]')).toBe('');
    expect(await renders(page)).toBeGreaterThan(before);
    expect(await page.getAttribute('[data-cell="1,1"]', 'aria-invalid')).toBe(null);
    expect(errors).toEqual([]);
  });

  test('a file that is not an image shows a message; the page keeps working', async () => {
    const { page, errors } = await lab.open('filters');
    await expect.poll(() => renders(page), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.setInputFiles('[data-testid="filters-upload"]', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect.poll(() => page.textContent('[data-testid="filters-message"]')).toMatch(/“notes.txt” is not an image/);
    // a file named like an image that does not decode
    await page.setInputFiles('[data-testid="filters-upload"]', { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
    await expect.poll(() => page.textContent('[data-testid="filters-message"]')).toMatch(/“broken.png” is not an image/);
    const before = await renders(page);
    await page.selectOption('[data-testid="filters-preset"]', 'gaussian');
    await expect.poll(() => renders(page)).toBeGreaterThan(before);
    expect(errors).toEqual([]);
  });

  test('the animation steps through a strided, padded convolution and a transposed one', async () => {
    const { page, errors } = await lab.open('filters');
    const anim = page.locator('.conv-anim');
    await anim.getByRole('button', { name: 'Pause' }).click();
    await anim.getByLabel('Stride').selectOption('2');
    await anim.getByLabel('Padding').selectOption('1');
    // 5×5 input, padding 1, stride 2: a 3×3 output; the first step reads the top-left window
    await expect.poll(() => anim.locator('.status').textContent()).toMatch(/Output cell \(row 1, column 1\) of 3×3 from a 5×5 input/);
    await anim.getByRole('button', { name: 'Step forward' }).click();
    await expect.poll(() => anim.locator('.status').textContent()).toMatch(/row 1, column 2\) of 3×3/);
    expect(await anim.locator('rect.tap').count()).toBe(10); // 9 input taps and the output cell
    await anim.getByLabel('Operation').selectOption('transposed');
    // transposed: (5 − 1)·2 − 2·1 + 3 = 9
    await expect.poll(() => anim.locator('.status').textContent()).toMatch(/the output is 9×9/);
    await anim.getByLabel('Dilation').selectOption('2');
    await anim.getByLabel('Operation').selectOption('conv');
    await anim.getByLabel('Input size').selectOption('3');
    await anim.getByLabel('Padding').selectOption('0');
    await expect.poll(() => anim.locator('[role="alert"]').textContent()).toMatch(/does not fit/);
    expect(errors).toEqual([]);
  });
});
