// Page 3, neurons and the MLP: a perceptron or a deeper network on 2-D data, trained in the
// worker, with the decision surface, every neuron's output and one step's gradients on the edges.
import { CsvError, datasetNames, makeDataset, parseCsv2d, type Points2d } from '../data2d.js';
import { classColors, css, drawPoints, paintDecision, paintNeuron } from '../draw2d.js';
import type { Page, PageContext } from '../page.js';
import { button, canvas, checkbox, el, header, newId, select, slider, status } from '../ui.js';
import type { Classify2dParams, Snapshot2d } from '../worker/jobs/classify2d.js';
import { activations } from '../worker/mlp.js';
import type { RunningJob } from '../worker/client.js';
import { labWorker } from '../worker/spawn.js';
import { animateBackprop, drawNetwork, type EdgeView } from './playground-network.js';

const SIZE = 320;
const GRID = 40;
const BOUND = 1.4;
const THUMB = 56;
const lrs = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];

function mount(root: HTMLElement, { t }: PageContext): () => void {
  const client = labWorker();
  let data: Points2d = makeDataset('xor');
  let job: RunningJob<Snapshot2d> | null = null;
  let last: Snapshot2d | null = null;
  let cancelAnim = () => {};

  const msg = status();
  const csvMsg = el('p', { class: 'error', role: 'alert', hidden: true });
  const dataset = select({
    label: t('playground.dataset'), value: 'xor', name: 'dataset',
    options: [...datasetNames.map((d): [string, string] => [d, t(`playground.ds.${d}`)]), ['csv', t('playground.ds.csv')]],
    onChange: () => loadData(),
  });
  const noise = slider({ label: t('playground.noise'), min: 0, max: 0.5, step: 0.05, value: 0.1, onInput: () => loadData() });
  const csvText = el('textarea', { id: newId('csv'), rows: 4, placeholder: 'x,y,label\n0.1,0.5,a\n…', spellcheck: 'false' });
  const csvFile = el('input', { type: 'file', id: newId('file'), accept: '.csv,text/csv,text/plain' });
  const csvBox = el('div', { hidden: true },
    el('label', { for: csvFile.id, text: t('playground.csvFile') }), csvFile,
    el('label', { for: csvText.id, text: t('playground.csvPaste') }), csvText,
    button(t('playground.csvUse'), () => useCsv(csvText.value)),
  );
  csvFile.addEventListener('change', async () => {
    const f = csvFile.files?.[0];
    if (f) useCsv(await f.text());
  });

  const depth = slider({ label: t('playground.depth'), min: 0, max: 6, step: 1, value: 2, onInput: () => reset(), format: (v) => (v === 0 ? t('playground.perceptron') : String(v)) });
  const width = slider({ label: t('playground.width'), min: 1, max: 16, step: 1, value: 8, onInput: () => reset() });
  const activation = select({ label: t('playground.activation'), value: 'tanh', options: activations.map((a) => [a, t(`playground.act.${a}`)]), onChange: () => reset() });
  const loss = select({ label: t('playground.loss'), value: 'crossEntropy', options: [['crossEntropy', t('playground.crossEntropy')], ['mse', t('playground.mse')]], onChange: () => reset() });
  const optimizer = select({ label: t('common.optimizer'), value: 'adam', options: [['sgd', 'SGD'], ['momentum', t('common.momentum')], ['adam', 'Adam']], onChange: () => reset() });
  const lr = slider({ label: t('common.lr'), min: 0, max: lrs.length - 1, step: 1, value: 3, format: (i) => String(lrs[i]), onInput: () => reset() });
  const batch = select({ label: t('common.batchSize'), value: '16', options: ['1', '8', '16', '32', '64', '256'].map((b) => [b, b]), onChange: () => reset() });
  const l2 = select({ label: t('common.l2'), value: '0', options: ['0', '0.0001', '0.001', '0.01', '0.1'].map((b) => [b, b]), onChange: () => reset() });

  const trainBtn = button(t('common.train'), () => train(), { class: 'primary', 'data-action': 'train' });
  const stopBtn = button(t('common.stop'), () => job?.stop(), { disabled: true, 'data-action': 'stop' });
  const stepBtn = button(t('playground.step'), () => train(1), { 'data-action': 'step' });
  const resetBtn = button(t('common.reset'), () => reset(), { 'data-action': 'reset' });

  const plane = canvas(SIZE, SIZE, t('playground.planeLabel'));
  const legend = el('div', { class: 'legend' });
  const neurons = el('div', { class: 'neurons', role: 'group', 'aria-label': t('playground.neurons') });
  neurons.style.cssText = 'display:flex;gap:0.75rem;overflow-x:auto;padding-bottom:0.25rem';
  const net = canvas(SIZE, 220, t('playground.networkLabel'));
  let view: EdgeView = 'weights';
  const gradView = checkbox(t('playground.showGrads'), false, (on) => {
    view = on ? 'gradients' : 'weights';
    drawNet(on);
  });

  root.append(
    header(t, 'playground'),
    el('div', { class: 'grid' },
      el('div', { class: 'panel' },
        dataset.root, noise.root, csvBox, csvMsg, depth.root, width.root, activation.root, loss.root,
        optimizer.root, lr.root, batch.root, l2.root,
        el('div', { class: 'row' }, trainBtn, stopBtn, stepBtn, resetBtn),
      ),
      el('div', {},
        msg,
        el('div', { class: 'row', style: 'align-items:flex-start;gap:1rem' },
          el('figure', { style: 'margin:0' }, plane.canvas, el('figcaption', {}, legend)),
          el('section', { style: 'flex:1;min-width:220px' },
            el('h3', { style: 'margin-top:0', text: t('playground.neurons') }), el('p', { class: 'intro', text: t('playground.neuronsHelp') }), neurons),
        ),
        el('h3', { text: t('playground.backprop') }), el('p', { class: 'intro', text: t('playground.backpropHelp') }),
        gradView.root, net.canvas,
      ),
    ),
  );

  function hidden(): number[] {
    return Array.from({ length: depth.value() }, () => width.value());
  }

  function loadData(): void {
    const name = dataset.input.value;
    csvBox.hidden = name !== 'csv';
    noise.root.hidden = name === 'csv';
    if (name === 'csv') return;
    csvMsg.hidden = true;
    data = makeDataset(name as (typeof datasetNames)[number], { noise: noise.value() });
    reset();
  }

  function useCsv(text: string): void {
    try {
      data = parseCsv2d(text);
      csvMsg.hidden = true;
      reset();
      msg.textContent = t('playground.csvLoaded', { rows: data.y.length, classes: data.classes });
    } catch (e) {
      csvMsg.hidden = false;
      csvMsg.textContent = e instanceof CsvError ? t(e.key, e.vars) : String(e);
    }
  }

  function reset(): void {
    job?.stop();
    job = null;
    last = null;
    setRunning(false);
    drawPlane();
    neurons.replaceChildren();
    drawNet(false);
    msg.textContent = t('playground.ready', { points: data.y.length });
  }

  function params(steps?: number): Classify2dParams {
    return {
      x: data.x, y: data.y, classes: data.classes, hidden: hidden(),
      activation: activation.input.value as Classify2dParams['activation'],
      loss: loss.input.value as Classify2dParams['loss'],
      optimizer: optimizer.input.value as Classify2dParams['optimizer'],
      lr: lrs[lr.value()], batchSize: Number(batch.input.value), l2: Number(l2.input.value),
      seed: 1, maxEpochs: steps ? Infinity : 2000, maxSteps: steps, init: last?.params,
      grid: GRID, bound: BOUND, snapshotMs: 150,
    };
  }

  function setRunning(on: boolean): void {
    trainBtn.disabled = on;
    stepBtn.disabled = on;
    stopBtn.disabled = !on;
  }

  function train(steps?: number): void {
    if (job) return;
    setRunning(true);
    const started = last;
    const running = client.run('classify2d', params(steps), (s) => show(s, false));
    job = running;
    running.result.then(
      ({ data: s }) => {
        if (job !== running) return; // reset while it ran
        show(s, steps !== undefined);
        if (started && steps) msg.textContent += ' ' + t('playground.stepDone');
      },
      (e: Error) => {
        if (job === running) msg.textContent = t('common.failed', { message: e.message });
      },
    ).finally(() => {
      if (job === running) {
        job = null;
        setRunning(false);
      }
    });
  }

  function show(s: Snapshot2d, animate: boolean): void {
    last = s;
    const acc = (100 * s.accuracy).toFixed(1);
    msg.textContent = Number.isFinite(s.loss)
      ? t('playground.progress', { epoch: s.epoch, steps: s.steps, loss: s.loss.toFixed(4), accuracy: acc, seconds: (s.ms / 1000).toFixed(1) })
      : t('playground.diverged');
    msg.dataset.accuracy = String(s.accuracy);
    msg.dataset.backend = s.backend; // which kernels the worker ran: the e2e test expects wasm
    drawPlane();
    drawNeurons(s);
    drawNet(animate && view === 'gradients');
  }

  function drawPlane(): void {
    const { ctx } = plane;
    ctx.clearRect(0, 0, SIZE, SIZE);
    if (last) paintDecision(ctx, SIZE, last.probs, data.classes, GRID);
    drawPoints(ctx, SIZE, data.x, data.y, BOUND);
    const names = 'labels' in data ? (data as { labels: string[] }).labels : Array.from({ length: data.classes }, (_, c) => t('playground.class', { c }));
    legend.replaceChildren(...names.map((n, c) => el('span', {}, el('span', { class: 'swatch', style: `background:${css(classColors[c % classColors.length])}` }), n)));
  }

  function drawNeurons(s: Snapshot2d): void {
    const cols = s.neurons.map((layer, l) => {
      const w = layer.length / (GRID * GRID);
      const col = el('div', { style: 'display:grid;gap:4px;align-content:start' }, el('small', { text: t('playground.layer', { l: l + 1 }) }));
      for (let j = 0; j < w; j++) {
        const th = canvas(THUMB, THUMB, t('playground.neuronLabel', { l: l + 1, j: j + 1 }));
        paintNeuron(th.ctx, THUMB, layer.subarray(j * GRID * GRID, (j + 1) * GRID * GRID), GRID);
        col.append(th.canvas);
      }
      return col;
    });
    const out = el('div', { style: 'display:grid;gap:4px;align-content:start' }, el('small', { text: t('playground.output') }));
    const th = canvas(THUMB, THUMB, t('playground.output'));
    paintDecision(th.ctx, THUMB, s.probs, data.classes, GRID);
    out.append(th.canvas);
    neurons.replaceChildren(...cols, out);
  }

  function drawNet(animate: boolean): void {
    cancelAnim();
    const sizes = [2, ...hidden(), data.classes];
    const values = last ? (view === 'gradients' ? last.grads : last.weights) : sizes.slice(1).map((n, l) => new Float32Array(n * sizes[l]));
    const draw = (reveal: number) => drawNetwork(net.ctx, SIZE, 220, sizes, values, reveal);
    if (animate) cancelAnim = animateBackprop(draw);
    else draw(1);
  }

  loadData();
  return () => {
    cancelAnim();
    job?.stop();
    client.dispose();
  };
}

export const page: Page = { id: 'playground', titleKey: 'playground.title', mount };
