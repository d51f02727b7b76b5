// Page 2, training and overfitting: several networks train side by side in the worker on one
// small, noisy training set; their training and test loss curves show which one memorises.
import type { Page, PageContext } from '../page.js';
import { button, canvas, el, header, select, slider, status } from '../ui.js';
import type { RunningJob } from '../worker/client.js';
import type { RunConfig, RunSummary } from '../worker/jobs/curves.js';
import { activations } from '../worker/mlp.js';
import { labWorker } from '../worker/spawn.js';
import { curveChart, drawFits, runColors, type CurveChart } from './overfitting-chart.js';
import { makeSplit, preset, probe, type PresetName, type Task } from './overfitting-data.js';

const MAX_RUNS = 6;
const presets: PresetName[] = ['overfit', 'good', 'simple'];

function mount(root: HTMLElement, { t }: PageContext): () => void {
  const client = labWorker();
  const probeX = probe();
  let task: Task = 'regression';
  let data = makeSplit(task);
  let runs: RunConfig[] = presets.map(preset);
  let names: string[] = presets.map((p) => t(`overfitting.preset.${p}`));
  let job: RunningJob<RunSummary[]> | null = null;
  let chart: CurveChart | null = null;
  let curves: [number[], number[]][] = [];
  let fits: (Float32Array | null)[] = [];
  let accs: number[] = [];
  let frame = 0;

  const msg = status();
  const taskSel = select({ label: t('overfitting.task'), value: task, name: 'task', options: [['regression', t('overfitting.regression')], ['classification', t('overfitting.classification')]], onChange: () => newData() });
  const noise = slider({ label: t('overfitting.noise'), min: 0, max: 0.6, step: 0.05, value: 0.25, onInput: () => newData() });

  // the run editor: every hyperparameter of one network
  const from = select({ label: t('overfitting.startFrom'), value: 'overfit', options: presets.map((p) => [p, t(`overfitting.preset.${p}`)]), onChange: (v) => fill(preset(v as PresetName)) });
  const depth = slider({ label: t('overfitting.depth'), min: 0, max: 4, step: 1, value: 2 });
  const width = select({ label: t('overfitting.width'), value: '64', name: 'width', options: ['2', '4', '8', '16', '32', '64', '128'].map((v) => [v, v]) });
  const act = select({ label: t('overfitting.activation'), value: 'tanh', options: activations.map((a) => [a, a]) });
  const opt = select({ label: t('common.optimizer'), value: 'adam', options: [['sgd', 'SGD'], ['momentum', t('common.momentum')], ['adam', 'Adam']] });
  const lr = select({ label: t('common.lr'), value: '0.01', name: 'lr', options: ['0.001', '0.003', '0.01', '0.03', '0.1', '0.3'].map((v) => [v, v]) });
  const epochs = select({ label: t('common.epochs'), value: '300', name: 'epochs', options: ['50', '100', '200', '300', '600', '1000', '2000'].map((v) => [v, v]) });
  const batch = select({ label: t('common.batchSize'), value: '8', name: 'batch', options: ['1', '4', '8', '16', '32', '256'].map((v) => [v, v]) });
  const l2 = select({ label: t('common.l2'), value: '0', name: 'l2', options: ['0', '0.0003', '0.001', '0.003', '0.01', '0.03'].map((v) => [v, v]) });
  const dropout = select({ label: t('overfitting.dropout'), value: '0', name: 'dropout', options: ['0', '0.1', '0.2', '0.3', '0.5'].map((v) => [v, v]) });
  const patience = select({ label: t('overfitting.early'), value: '0', name: 'patience', options: [['0', t('overfitting.off')], ...['20', '50', '80', '150'].map((v): [string, string] => [v, t('overfitting.patience', { n: v })])] });

  const list = el('ol', { class: 'runs' });
  const addBtn = button(t('overfitting.add'), () => addRun(), { 'data-action': 'add' });
  const trainBtn = button(t('overfitting.trainAll'), () => train(), { class: 'primary', 'data-action': 'train' });
  const stopBtn = button(t('common.stop'), () => job?.stop(), { disabled: true, 'data-action': 'stop' });
  const presetBtn = button(t('overfitting.restore'), () => {
    runs = presets.map(preset);
    names = presets.map((p) => t(`overfitting.preset.${p}`));
    rebuild();
  });
  const chartHost = el('div', { class: 'chart', role: 'img', 'aria-label': t('overfitting.chartLabel') });
  const fitPlot = canvas(420, 240, t('overfitting.fitLabel'));
  const fitBox = el('figure', { style: 'margin:0' }, fitPlot.canvas, el('figcaption', { class: 'intro', text: t('overfitting.fitCaption') }));
  const table = el('table', { class: 'small' });

  root.append(
    header(t, 'overfitting'),
    el('div', { class: 'grid' },
      el('div', { class: 'panel' },
        taskSel.root, noise.root,
        el('h3', { text: t('overfitting.runs') }), list,
        el('div', { class: 'row' }, trainBtn, stopBtn, presetBtn),
        el('details', {},
          el('summary', { text: t('overfitting.editor') }),
          from.root, depth.root, width.root, act.root, opt.root, lr.root, epochs.root, batch.root, l2.root, dropout.root, patience.root,
          addBtn,
        ),
      ),
      el('div', {}, msg, chartHost, el('p', { class: 'intro', text: t('overfitting.chartCaption') }), table, fitBox),
    ),
  );

  function fill(r: RunConfig): void {
    depth.set(r.hidden.length);
    width.input.value = String(r.hidden[0] ?? 16);
    act.input.value = r.activation;
    opt.input.value = r.optimizer;
    lr.input.value = String(r.lr);
    epochs.input.value = String(r.epochs);
    batch.input.value = String(r.batchSize);
    l2.input.value = String(r.l2);
    dropout.input.value = String(r.dropout);
    patience.input.value = String(r.patience);
  }

  function addRun(): void {
    if (runs.length >= MAX_RUNS) {
      msg.textContent = t('overfitting.tooMany', { max: MAX_RUNS });
      return;
    }
    runs.push({
      hidden: Array.from({ length: depth.value() }, () => Number(width.input.value)),
      activation: act.input.value as RunConfig['activation'], optimizer: opt.input.value as RunConfig['optimizer'],
      lr: Number(lr.input.value), epochs: Number(epochs.input.value), batchSize: Number(batch.input.value),
      l2: Number(l2.input.value), dropout: Number(dropout.input.value), patience: Number(patience.input.value), seed: 1,
    });
    names.push(t('overfitting.custom', { n: runs.length }));
    rebuild();
  }

  const describe = (r: RunConfig) => t('overfitting.summary', {
    net: r.hidden.length ? r.hidden.join('×') : t('overfitting.linear'), lr: r.lr, epochs: r.epochs, l2: r.l2, dropout: r.dropout,
    early: r.patience ? t('overfitting.patience', { n: r.patience }) : t('overfitting.off'),
  });

  function rebuild(): void {
    job?.stop();
    job = null;
    setRunning(false);
    list.replaceChildren(...runs.map((r, i) => el('li', {},
      el('span', { class: 'swatch', style: `background:${runColors[i % runColors.length]}` }),
      el('strong', { text: names[i] + ': ' }), describe(r), ' ',
      button(t('overfitting.remove'), () => {
        runs.splice(i, 1);
        names.splice(i, 1);
        rebuild();
      }, { 'aria-label': t('overfitting.removeRun', { name: names[i] }), disabled: runs.length <= 1 }),
    )));
    chart?.destroy();
    chart = curveChart(chartHost, names, { epoch: t('overfitting.epoch'), loss: t(task === 'regression' ? 'overfitting.mse' : 'overfitting.ce'), train: t('overfitting.train'), test: t('overfitting.test') }, Math.max(260, Math.min(720, chartHost.clientWidth || window.innerWidth - 48)));
    curves = runs.map(() => [[], []]);
    fits = runs.map(() => null);
    accs = runs.map(() => NaN);
    fitBox.hidden = task !== 'regression';
    table.replaceChildren();
    draw();
    msg.textContent = t('overfitting.ready', { train: data.yTrain.length, test: data.yTest.length });
  }

  function newData(): void {
    task = taskSel.input.value as Task;
    data = makeSplit(task, { noise: noise.value() });
    rebuild();
  }

  function setRunning(on: boolean): void {
    trainBtn.disabled = on;
    stopBtn.disabled = !on;
    addBtn.disabled = on;
  }

  function draw(): void {
    frame = 0;
    chart?.update(curves);
    if (task === 'regression') drawFits(fitPlot.ctx, 420, 240, data, probeX, fits);
  }

  function train(): void {
    rebuild();
    setRunning(true);
    msg.textContent = t('overfitting.training');
    const running = client.run('curves', { data, runs, probe: task === 'regression' ? probeX : new Float32Array(0) }, (points) => {
      for (const p of points) {
        curves[p.run][0][p.epoch - 1] = p.train;
        curves[p.run][1][p.epoch - 1] = p.test;
        if (p.fit.length) fits[p.run] = p.fit;
        accs[p.run] = p.testAccuracy;
      }
      frame ||= requestAnimationFrame(draw); // at most one redraw per frame however fast epochs come
    });
    job = running;
    running.result.then(({ data: summaries }) => {
      if (job !== running) return;
      msg.textContent = t('overfitting.done');
      showTable(summaries);
    }, (e: Error) => {
      if (job === running) msg.textContent = t('common.failed', { message: e.message });
    }).finally(() => {
      if (job === running) {
        job = null;
        setRunning(false);
      }
    });
  }

  function showTable(s: RunSummary[]): void {
    const f = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '—');
    const head = ['overfitting.colRun', 'overfitting.colBest', 'overfitting.colFinalTrain', 'overfitting.colFinalTest', ...(task === 'classification' ? ['overfitting.colAcc'] : []), 'overfitting.colNote'];
    table.replaceChildren(
      el('caption', { text: t('overfitting.tableCaption') }),
      el('tr', {}, ...head.map((k) => el('th', { scope: 'col', text: t(k) }))),
      ...s.map((r, i) => el('tr', { 'data-run': i, 'data-rise': String(r.finalTest / r.bestTest) },
        el('th', { scope: 'row', style: `color:${runColors[i % runColors.length]}`, text: names[i] }),
        el('td', { text: `${f(r.bestTest)} (${r.bestEpoch})` }), el('td', { text: f(r.finalTrain) }), el('td', { text: f(r.finalTest) }),
        ...(task === 'classification' ? [el('td', { text: `${(100 * accs[i]).toFixed(1)}%` })] : []),
        el('td', { style: 'text-align:left', text: r.diverged ? t('overfitting.diverged') : r.stoppedEarly ? t('overfitting.stopped') : r.finalTest > 1.2 * r.bestTest ? t('overfitting.rising') : '' }),
      )),
    );
  }

  fill(preset('overfit'));
  rebuild();
  return () => {
    cancelAnimationFrame(frame);
    job?.stop();
    client.dispose();
    chart?.destroy();
  };
}

export const page: Page = { id: 'overfitting', titleKey: 'overfitting.title', mount };
