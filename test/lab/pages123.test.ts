// Pages 1 and 2 in headless Chromium: gradient descent on the land-price model reaches the
// lecture's weights and diverges with a too-large learning rate; the overfitting page's big
// network ends with a test loss above its best while the regularised one does not.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasChromium, startLab, type Lab } from './harness.js';

describe.skipIf(!hasChromium)('linear and overfitting pages (headless Chromium)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  const loss = async (page: import('playwright-core').Page) => Number(await page.getAttribute('main .status', 'data-loss'));

  test('linear: descent finds the lecture weights; a too-large learning rate diverges', async () => {
    const { page, errors } = await lab.open('linear');
    await page.waitForSelector('button[data-action="run"]:not([disabled])');
    const start = await loss(page);
    await page.selectOption('select[name="lr"]', '0.05');
    await page.click('button[data-action="run"]');
    await page.waitForSelector('button[data-action="run"]:not([disabled])', { timeout: 30_000 });
    const fitted = await loss(page);
    const w = await page.$$eval('input[type="range"]', (is) => is.map((i) => Number((i as HTMLInputElement).value)));
    console.log(`linear: loss ${start.toFixed(1)} → ${fitted.toFixed(3)}, weights ${w.join(', ')}`);
    expect(fitted).toBeLessThan(3); // the noise variance is 1.5² = 2.25
    expect(w[0]).toBeCloseTo(2.5, 0);
    expect(Math.abs(w[1] - 4.1)).toBeLessThan(1);
    expect(Math.abs(w[2] - 10)).toBeLessThan(1);
    await lab.screenshot(page, 'linear-fitted');

    await page.click('button[data-action="reset"]');
    await page.selectOption('select[name="lr"]', '0.12');
    let last = await loss(page);
    for (let i = 0; i < 12; i++) await page.click('button[data-action="step"]');
    last = await loss(page);
    expect(last).toBeGreaterThan(1e3 * start);
    expect(await page.textContent('main .status')).toMatch(/Diverged/);
    expect(errors).toEqual([]);
  });

  test('overfitting: the big network’s test loss rises, the regularised one stays lower', async () => {
    const { page, errors } = await lab.open('overfitting');
    await page.click('button[data-action="train"]');
    await page.waitForSelector('table tr[data-run="2"]', { timeout: 60_000 });
    const rows = await page.$$eval('table tr[data-run]', (trs) => trs.map((tr) => Number(tr.getAttribute('data-rise'))));
    const finals = await page.$$eval('table tr[data-run] td:nth-of-type(3)', (tds) => tds.map((td) => Number(td.textContent)));
    console.log(`overfitting: final test / best test per run ${rows.map((r) => r.toFixed(2)).join(', ')}; final test ${finals.join(', ')}`);
    expect(rows[0]).toBeGreaterThan(1.2); // overfits: ends well above its best
    expect(finals[1]).toBeLessThan(finals[0]); // regularised ends lower
    await lab.screenshot(page, 'overfitting-trained');
    expect(errors).toEqual([]);
  });
});
