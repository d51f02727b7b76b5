// Page 5: draw a digit (or an apple, a cat…) and watch the CNN guess as you draw; teach it your
// own handwriting by fine-tuning in a worker.
import './cnn-pages.css';
import { ready } from '../engine.js';
import type { Page } from '../page.js';
import { button, el, header, status } from '../ui.js';
import { heatmapRgba, paint } from '../canvas/pixels.js';
import { JobClient } from '../worker/client.js';
import { catalog, className, type ModelEntry } from './draw/catalog.js';
import { predict, type Example } from './draw/finetune.js';
import type { FineTuneJobs, Weights } from './draw/finetune.worker.js';
import { forgetModel, lastDrawing, loadModel, loadSamples, type Loaded } from './draw/model-store.js';
import { createBars, type Bars } from './draw/probability-bars.js';
import { drawingPanel } from './draw/drawing-panel.js';
import { tensor } from 'perceptio';

/** The user's labelled drawings per model, kept for this visit. */
const taught = new Map<string, Example[]>();

export const page: Page = {
  id: 'draw',
  titleKey: 'draw.title',
  mount(root, { t }) {
    let entry: ModelEntry = catalog.find((c) => c.id === lastDrawing.model) ?? catalog[0];
    let loaded: Loaded | null = null;
    let bars: Bars | null = null;
    let frame = 0;
    let alive = true;
    let client: JobClient<FineTuneJobs> | null = null;
    let job: { stop(): void } | null = null;

    const modelStatus = status();
    const top = el('p', { class: 'draw-top', 'aria-live': 'polite', 'data-testid': 'draw-top' });
    const barsBox = el('div', { class: 'draw-bars' });
    const seen = el('canvas', { class: 'pixelated draw-seen', role: 'img', 'aria-label': t('draw.seen') });
    const { root: panel, pad } = drawingPanel(t, entry, { stroke: () => schedule(), model: (e) => void switchModel(e) });
    const teachStatus = status();
    const labelSelect = el('select', { id: 'draw-teach-label' });
    const count = el('p', { class: 'draw-count' });
    const stopButton = button(t('common.stop'), () => job?.stop(), { disabled: true });
    const tuneButton = button(t('draw.finetune'), () => void finetune(), { class: 'primary' });

    root.append(
      header(t, 'draw'),
      el('div', { class: 'grid draw-grid' },
        panel,
        el('div', {},
          el('h3', { text: t('draw.guess') }),
          top,
          modelStatus,
          barsBox,
          el('h3', { text: t('draw.seen') }),
          el('p', { class: 'hint', text: t('draw.seenHint') }),
          seen,
        ),
      ),
      el('section', { class: 'panel draw-teach' },
        el('h3', { text: t('draw.teachTitle') }),
        el('p', { text: t('draw.teachIntro') }),
        el('div', { class: 'row' },
          el('label', { for: 'draw-teach-label', text: t('draw.teachLabel') }),
          labelSelect,
          button(t('draw.addExample'), addExample),
        ),
        count,
        el('div', { class: 'row' }, tuneButton, stopButton, button(t('draw.resetWeights'), resetWeights)),
        teachStatus,
      ),
    );

    function schedule() {
      lastDrawing.strokes = pad.strokes();
      if (!frame) frame = requestAnimationFrame(guess);
    }

    /** Preprocesses the drawing, shows it as the network sees it, and updates the bars. */
    function guess() {
      frame = 0;
      if (!alive) return;
      const empty = pad.strokes().length === 0;
      const x = entry.prepare(pad.pixels());
      paint(seen, heatmapRgba(x, 28, 28));
      if (!loaded || empty) {
        bars?.update(null);
        top.textContent = empty ? t('draw.empty') : '';
        delete top.dataset.top;
        return;
      }
      const p = predict(loaded.model, x);
      bars?.update(p);
      let best = 0;
      for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
      top.dataset.top = entry.classes[best];
      top.textContent = t('draw.topGuess', { name: className(entry, entry.classes[best], t), p: (100 * p[best]).toFixed(0) });
    }

    async function switchModel(e: ModelEntry) {
      entry = e;
      lastDrawing.model = e.id;
      loaded = null;
      const names = e.classes.map((c) => className(e, c, t));
      bars = createBars(names, t('draw.barsLabel'));
      barsBox.replaceChildren(bars.element);
      labelSelect.replaceChildren(...e.classes.map((c, i) => el('option', { value: i, text: names[i] })));
      updateCount();
      modelStatus.textContent = t('draw.loading');
      modelStatus.classList.remove('error');
      schedule();
      try {
        await ready();
        const l = await loadModel(e);
        if (!alive || entry !== e) return;
        loaded = l;
        modelStatus.textContent = l.tuned ? t('draw.tunedModel') : '';
        schedule();
      } catch (err) {
        if (!alive || entry !== e) return;
        modelStatus.textContent = t('draw.loadFailed', { message: (err as Error).message });
        modelStatus.classList.add('error');
      }
    }

    function examples(): Example[] {
      if (!taught.has(entry.id)) taught.set(entry.id, []);
      return taught.get(entry.id)!;
    }
    function updateCount() {
      const list = examples();
      const per = entry.classes.map((c, i) => [className(entry, c, t), list.filter((e) => e.label === i).length] as const).filter(([, n]) => n > 0);
      count.textContent = list.length ? t('draw.examples', { n: list.length, list: per.map(([c, n]) => `${c}: ${n}`).join(', ') }) : t('draw.noExamples');
    }
    function addExample() {
      if (pad.strokes().length === 0) {
        teachStatus.textContent = t('draw.drawFirst');
        return;
      }
      examples().push({ pixels: entry.prepare(pad.pixels()), label: Number(labelSelect.value) });
      teachStatus.textContent = t('draw.added');
      updateCount();
      pad.clear();
    }

    async function finetune() {
      const e = entry;
      const mine = examples();
      if (!loaded) return;
      if (mine.length === 0) {
        teachStatus.textContent = t('draw.noExamples');
        return;
      }
      tuneButton.disabled = true;
      stopButton.disabled = false;
      teachStatus.classList.remove('error');
      try {
        const replay = await loadSamples(e);
        client ??= new JobClient<FineTuneJobs>(new Worker(new URL('./draw/finetune.worker.ts', import.meta.url), { type: 'module' }));
        const weights: Weights = {};
        for (const [k, v] of Object.entries(loaded.model.stateDict())) weights[k] = { shape: [...v.shape], data: Float32Array.from(v.values()) };
        const steps = 40;
        const running = client.run('finetune', { config: loaded.model.config, weights, mine, replay, steps, lr: 0.01 }, (p) => {
          teachStatus.textContent = t('draw.tuning', { step: p.step + 1, steps, loss: p.loss.toFixed(3) });
        });
        job = running;
        const { data } = await running.result;
        if (!alive || !loaded || entry !== e) return;
        loaded.model.loadStateDict(Object.fromEntries(Object.entries(data.weights).map(([k, w]) => [k, tensor(w.data, { shape: w.shape })])));
        loaded.tuned = true;
        modelStatus.textContent = t('draw.tunedModel');
        teachStatus.textContent = t('draw.tuned', { loss: (data.losses.at(-1) ?? NaN).toFixed(3) });
        schedule();
      } catch (err) {
        if (!alive) return;
        teachStatus.textContent = t('common.failed', { message: (err as Error).message });
        teachStatus.classList.add('error');
      } finally {
        job = null;
        if (alive) {
          tuneButton.disabled = false;
          stopButton.disabled = true;
        }
      }
    }

    function resetWeights() {
      forgetModel(entry);
      teachStatus.textContent = t('draw.resetDone');
      void switchModel(entry);
    }

    void switchModel(entry);
    if (lastDrawing.strokes.length) pad.setStrokes(lastDrawing.strokes);
    return () => {
      alive = false;
      cancelAnimationFrame(frame);
      job?.stop();
      client?.dispose();
      pad.destroy();
    };
  },
};
