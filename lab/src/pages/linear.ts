// Page 1, the linear model: the lecture's land-price formula with a slider per weight, gradient
// descent one step at a time, and the loss surface over two weights with the path of descent.
import type { Page, PageContext } from '../page.js';
import { ready } from '../engine.js';
import { button, canvas, el, header, select, slider, status, type Slider } from '../ui.js';
import { FEATURES, gdStep, landData, lossAt, maxStableLr, quadratic, tensors, TRUE_WEIGHTS } from './linear-model.js';
import { drawContour, drawScatter, groupColor, W_AREA, W_ROAD } from './linear-plots.js';

const lrs = [0.001, 0.01, 0.03, 0.05, 0.07, 0.09, 0.12];
const SCATTER_W = 420, SCATTER_H = 300, CONTOUR = 300;

function mount(root: HTMLElement, { t }: PageContext): () => void {
  const data = landData();
  const q = quadratic(data);
  const { xT, yT } = tensors(data);
  const stable = maxStableLr(q);
  let w = [0, 0, 0];
  let path: number[][] = [w.slice()];
  let steps = 0;
  let frame = 0;
  let alive = true;

  const ranges: [number, number, number][] = [[W_AREA[0], W_AREA[1], 0.05], [-5, 15, 0.1], [W_ROAD[0], W_ROAD[1], 0.1]];
  const sliders: Slider[] = FEATURES.map((f, j) => slider({
    label: t(`linear.w.${f}`), min: ranges[j][0], max: ranges[j][1], step: ranges[j][2], value: 0, name: `w-${f}`,
    format: (v) => v.toFixed(2),
    onInput: () => {
      stop();
      w = sliders.map((s) => s.value());
      path = [w.slice()];
      steps = 0;
      redraw();
    },
  }));
  const lr = select({
    label: t('common.lr'), value: '0.03', name: 'lr',
    options: lrs.map((v) => [String(v), v > stable ? t('linear.lrTooLarge', { lr: v }) : String(v)]),
  });
  const formula = el('p', { class: 'formula', 'aria-live': 'polite' });
  const msg = status();
  const stepBtn = button(t('linear.step'), () => step(1), { 'data-action': 'step' });
  const runBtn = button(t('linear.run'), () => run(), { class: 'primary', 'data-action': 'run' });
  const stopBtn = button(t('common.stop'), () => stop(), { disabled: true, 'data-action': 'stop' });
  const resetBtn = button(t('common.reset'), () => setWeights([0, 0, 0]), { 'data-action': 'reset' });
  const bestBtn = button(t('linear.lecture'), () => setWeights([...TRUE_WEIGHTS]), { 'data-action': 'lecture' });
  const scatter = canvas(SCATTER_W, SCATTER_H, t('linear.scatterLabel'));
  const contour = canvas(CONTOUR, CONTOUR, t('linear.contourLabel'));
  const legend = el('div', { class: 'legend' }, ...[[0, 0], [1, 0], [0, 1], [1, 1]].map(([r, s]) =>
    el('span', {}, el('span', { class: 'swatch', style: `background:${groupColor(r, s)}` }), t(`linear.group.${r}${s}`))));

  root.append(
    header(t, 'linear'),
    el('div', { class: 'grid' },
      el('div', { class: 'panel' },
        el('h3', { text: t('linear.weights') }), ...sliders.map((s) => s.root), formula,
        el('h3', { text: t('linear.descent') }), lr.root,
        el('p', { class: 'intro', text: t('linear.stableHint', { lr: stable.toFixed(3) }) }),
        el('div', { class: 'row' }, stepBtn, runBtn, stopBtn),
        el('div', { class: 'row' }, resetBtn, bestBtn),
      ),
      el('div', {},
        msg,
        el('div', { class: 'row', style: 'align-items:flex-start' },
          el('figure', { style: 'margin:0' }, scatter.canvas, el('figcaption', {}, legend)),
          el('figure', { style: 'margin:0' }, contour.canvas, el('figcaption', { class: 'intro', text: t('linear.contourCaption') })),
        ),
      ),
    ),
  );

  function setWeights(v: number[]): void {
    stop();
    w = v.slice();
    path = [w.slice()];
    steps = 0;
    redraw();
  }

  function redraw(): void {
    sliders.forEach((s, j) => s.set(w[j]));
    const loss = lossAt(q, w);
    const f = (v: number) => (Math.abs(v) < 1e4 ? v.toFixed(2) : v.toExponential(1));
    formula.textContent = t('linear.formula', { a: f(w[0]), r: f(w[1]), d: f(w[2]) });
    const diverged = !Number.isFinite(loss) || loss > 1e6;
    msg.textContent = diverged ? t('linear.diverged', { steps }) : t('linear.loss', { loss: loss.toFixed(3), steps });
    msg.className = diverged ? 'status error' : 'status';
    msg.dataset.loss = String(loss);
    drawScatter(scatter.ctx, SCATTER_W, SCATTER_H, data, w);
    drawContour(contour.ctx, CONTOUR, q, w[1], path, [t('linear.axisArea'), t('linear.axisRoad')]);
  }

  /** Takes n steps; returns false once descent has converged or diverged. */
  function step(n: number): boolean {
    let going = true;
    for (let i = 0; i < n && going; i++) {
      const s = gdStep(xT, yT, w, Number(lr.input.value));
      w = s.w;
      steps++;
      path.push(w.slice());
      const size = Math.hypot(...s.grad);
      going = size > 1e-3 && Number.isFinite(size) && size < 1e8;
    }
    if (path.length > 2000) path = path.slice(-2000);
    redraw();
    return going;
  }

  function run(): void {
    stop();
    runBtn.disabled = stepBtn.disabled = true;
    stopBtn.disabled = false;
    // a few steps per frame: slow enough to watch the path, fast enough to converge in seconds
    const tick = () => {
      if (!alive) return;
      if (step(2) && steps < 3000) frame = requestAnimationFrame(tick);
      else stop();
    };
    frame = requestAnimationFrame(tick);
  }

  function stop(): void {
    cancelAnimationFrame(frame);
    runBtn.disabled = stepBtn.disabled = false;
    stopBtn.disabled = true;
  }

  redraw();
  // the first step computes with perceptio: disable stepping until its backend is chosen
  runBtn.disabled = stepBtn.disabled = true;
  ready().then(
    () => alive && stop(),
    (e: Error) => (msg.textContent = t('common.failed', { message: e.message })),
  );
  return () => {
    alive = false;
    cancelAnimationFrame(frame);
  };
}

export const page: Page = { id: 'linear', titleKey: 'linear.title', mount };
