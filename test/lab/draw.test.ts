// Page 5 in headless Chromium: a "1" stroke and a "0" loop drawn with the mouse are guessed as
// 1 and 0 by the shipped LeNet weights; undo and clear work; the Quick, Draw! model loads; fine-tuning
// on the user's own examples runs in the worker and changes the guess; no console errors.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

/** Drags the mouse through points given as fractions of the drawing canvas. */
async function stroke(page: Page, points: [number, number][], selector = 'main .sketch-pad'): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 3 });
  await page.mouse.up();
}

export const ONE: [number, number][] = [[0.52, 0.15], [0.5, 0.5], [0.48, 0.85]];
export const ZERO: [number, number][] = Array.from({ length: 41 }, (_, i) => {
  const a = (2 * Math.PI * i) / 40;
  return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.33 * Math.cos(a)];
});

const top = (page: Page) => page.getAttribute('[data-testid="draw-top"]', 'data-top');

describe.skipIf(!hasChromium)('draw page (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  test('a "1" stroke and a "0" loop are guessed as 1 and 0; undo and clear', async () => {
    const { page, errors } = await lab.open('draw');
    await page.waitForSelector('.prob-bars li');
    await expect.poll(() => page.textContent('[data-testid="draw-top"]')).toMatch(/Draw something/);
    await stroke(page, ONE);
    await expect.poll(() => top(page), { timeout: 15_000 }).toBe('1');
    await lab.screenshot(page, 'draw-one');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => top(page)).toBe(null);
    await stroke(page, ZERO);
    await expect.poll(() => top(page), { timeout: 15_000 }).toBe('0');
    expect(await page.locator('.prob-bars li').count()).toBe(10);
    // a "1" stroke across the "0" changes the guess; undo takes it away again
    await stroke(page, ONE);
    await page.getByRole('button', { name: 'Undo stroke' }).click();
    await expect.poll(() => top(page)).toBe('0');
    await lab.screenshot(page, 'draw-zero');
    expect(errors).toEqual([]);
  });

  test('drawing works from the keyboard: arrows move the pen, Space puts it down', async () => {
    const { page, errors } = await lab.open('draw');
    await page.waitForSelector('.prob-bars li');
    await page.focus('main .sketch-pad');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Space');
    for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect.poll(() => top(page), { timeout: 15_000 }).toBe('1');
    expect(errors).toEqual([]);
  });

  test('the Quick, Draw! model loads and guesses one of its six categories', async () => {
    const { page, errors } = await lab.open('draw');
    await page.getByLabel('Model').selectOption('quickdraw');
    await expect.poll(() => page.locator('.prob-bars li').count()).toBe(6);
    await stroke(page, ZERO);
    await expect.poll(() => top(page), { timeout: 15_000 }).toMatch(/^(apple|bicycle|cat|diamond|eye|fish)$/);
    expect(errors).toEqual([]);
  });

  test('fine-tuning on the user\'s examples runs in the worker and teaches a new answer', async () => {
    const { page, errors } = await lab.open('draw');
    await page.waitForSelector('.prob-bars li');
    // teach that a horizontal bar is a 7, a label the shipped model does not give it
    const BAR: [number, number][] = [[0.2, 0.5], [0.5, 0.5], [0.8, 0.5]];
    await stroke(page, BAR);
    await expect.poll(() => top(page), { timeout: 15_000 }).not.toBe(null);
    const before = await top(page);
    const taught = before === '7' ? '4' : '7';
    for (let i = 0; i < 3; i++) {
      if (i) await stroke(page, BAR.map(([x, y]) => [x, y + 0.08 * i]));
      await page.getByLabel('This drawing is').selectOption(taught);
      await page.getByRole('button', { name: 'Add as example' }).click();
    }
    await expect.poll(() => page.textContent('.draw-count')).toMatch(/^3 examples/);
    await page.getByRole('button', { name: 'Fine-tune' }).click();
    await expect.poll(() => page.textContent('.draw-teach .status'), { timeout: 60_000 }).toMatch(/Fine-tuned/);
    await stroke(page, BAR);
    await expect.poll(() => top(page), { timeout: 15_000 }).toBe(taught);
    // the shipped weights come back on request
    await page.getByRole('button', { name: 'Back to the shipped weights' }).click();
    await expect.poll(() => top(page), { timeout: 15_000 }).toBe(before);
    expect(errors).toEqual([]);
  });
});
