// The lab's layout in headless Chromium: every page in the navigation loads without console
// errors (and gets a screenshot), and the language switch changes the visible text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

describe.skipIf(!hasChromium)('lab shell (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  test('every page in the navigation loads without console errors; screenshots saved', async () => {
    const { page, errors } = await lab.open();
    const ids = await page.$$eval('#nav a', (as) => as.map((a) => (a as HTMLAnchorElement).dataset.page!));
    expect(ids.slice(0, 3)).toEqual(['linear', 'overfitting', 'playground']);
    for (const id of ids) {
      await page.click(`#nav a[data-page="${id}"]`);
      await page.waitForSelector(`main[data-page="${id}"] h2`);
      await page.waitForTimeout(400); // let workers start and first frames draw
      expect(await page.getAttribute(`#nav a[data-page="${id}"]`, 'aria-current')).toBe('page');
      await lab.screenshot(page, id);
    }
    expect(errors).toEqual([]);
  });

  test('the language switch changes the visible text and is remembered', async () => {
    const { page, errors } = await lab.open('playground');
    const heading = () => page.textContent('main h2');
    expect(await heading()).toBe('Neurons and the MLP');
    await page.click('#lang button[data-lang="ru"]');
    expect(await heading()).toBe('Нейроны и многослойный перцептрон');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.textContent('#nav')).toContain('Нейроны');
    await page.reload();
    await page.waitForSelector('main h2');
    expect(await heading()).toBe('Нейроны и многослойный перцептрон');
    await page.click('#lang button[data-lang="en"]');
    expect(await heading()).toBe('Neurons and the MLP');
    expect(errors).toEqual([]);
  });
});
