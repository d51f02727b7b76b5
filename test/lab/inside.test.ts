// Page 6 in headless Chromium: a drawing shows the feature maps of every LeNet layer, the learned
// filters and a saliency map with ink on it; the drawing made on page 5 is carried over.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('main .sketch-pad').boundingBox())!;
  await page.mouse.move(box.x + points[0][0] * box.width, box.y + points[0][1] * box.height);
  await page.mouse.down();
  for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 3 });
  await page.mouse.up();
}
const ONE: [number, number][] = [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]];

describe.skipIf(!hasChromium)('inside page (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  test('feature maps of every layer, the learned filters and a saliency map for a drawn 1', async () => {
    const { page, errors } = await lab.open('inside');
    await expect.poll(() => page.locator('[data-filters] canvas').count(), { timeout: 15_000 }).toBe(6 + 16 * 6);
    await stroke(page, ONE);
    await expect.poll(() => page.getAttribute('[data-testid="inside-top"]', 'data-top'), { timeout: 15_000 }).toBe('1');
    const layers = await page.locator('[data-layer]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-layer'), e.querySelectorAll('canvas').length]));
    expect(layers).toEqual([['conv1', 6], ['act1', 6], ['pool1', 6], ['conv2', 16], ['act2', 16], ['pool2', 16], ['fc1', 1], ['act3', 1], ['fc2', 1], ['act4', 1], ['fc3', 1]]);
    // the saliency map is not blank: its darkest pixel lies in the middle columns, where the stroke is
    const darkest = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="inside-saliency"]')!;
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let best = 0;
      for (let i = 1; i < 784; i++) if (d[4 * i] < d[4 * best]) best = i;
      return { x: best % 28, value: d[4 * best] };
    });
    expect(darkest.value).toBeLessThan(100);
    expect(Math.abs(darkest.x - 14)).toBeLessThanOrEqual(6);
    await page.getByLabel('Explain the class').selectOption('7');
    await expect.poll(() => page.textContent('[data-testid="inside-top"]')).toMatch(/explaining 7/);
    await lab.screenshot(page, 'inside');
    expect(errors).toEqual([]);
  });

  test('the Quick, Draw! small CNN is explained too, its larger filter banks cut to 16 × 16', async () => {
    const { page, errors } = await lab.open('inside');
    await page.getByLabel('Model').selectOption('quickdraw');
    await expect.poll(() => page.locator('[data-filters]').count(), { timeout: 15_000 }).toBe(3);
    expect(await page.locator('[data-filters] canvas').count()).toBe(16 + 16 * 16 + 16 * 16);
    const circle = Array.from({ length: 41 }, (_, i): [number, number] => [0.5 + 0.3 * Math.sin((i * Math.PI) / 20), 0.5 - 0.3 * Math.cos((i * Math.PI) / 20)]);
    await stroke(page, circle);
    await expect.poll(() => page.getAttribute('[data-testid="inside-top"]', 'data-top'), { timeout: 15_000 }).toMatch(/^(apple|bicycle|cat|diamond|eye|fish)$/);
    expect(await page.locator('[data-layer]').count()).toBeGreaterThan(8);
    await lab.screenshot(page, 'inside-quickdraw');
    expect(errors).toEqual([]);
  });

  test('the drawing from the draw page is carried over', async () => {
    const { page, errors } = await lab.open('draw');
    await page.waitForSelector('.prob-bars li');
    await stroke(page, ONE);
    await expect.poll(() => page.getAttribute('[data-testid="draw-top"]', 'data-top'), { timeout: 15_000 }).toBe('1');
    await page.click('a[data-page="inside"]');
    await expect.poll(() => page.getAttribute('[data-testid="inside-top"]', 'data-top'), { timeout: 15_000 }).toBe('1');
    expect(errors).toEqual([]);
  });
});
