// Page 6: inside the CNN. For the drawn image: every layer's feature maps, the learned filters,
// and a saliency map of the pixels that drove the guess.
import './cnn-pages.css';
import { ready } from '../engine.js';
import type { Page } from '../page.js';
import { el, header, select, status } from '../ui.js';
import { heatmapRgba, paint } from '../canvas/pixels.js';
import { catalog, className, type ModelEntry } from './draw/catalog.js';
import { lastDrawing, loadModel, type Loaded } from './draw/model-store.js';
import { drawingPanel } from './draw/drawing-panel.js';
import { convFilters, explain, type LayerOutput } from './inside/explain.js';

const MAX_FILTERS = 16;

interface LayerPanel {
  readonly root: HTMLElement;
  /** the layer's name and shape, to know when a panel can be reused */
  readonly key: string;
  update(l: LayerOutput): void;
}
const layerKey = (l: LayerOutput) => `${l.name}:${l.shape.join('x')}`;

/**
 * One small canvas per channel (maps) or one strip (vectors); signed values blue/red, others
 * white → dark. Built once per model and repainted in place: creating hundreds of canvases on
 * every stroke cost far more than the network itself.
 */
function layerPanel(first: LayerOutput, t: (k: string, v?: Record<string, string | number>) => string): LayerPanel {
  const { name, shape } = first;
  const maps = el('div', { class: `inside-maps${shape.length === 1 ? ' vector' : shape[1] <= 10 ? ' small' : ''}` });
  const canvases =
    shape.length === 3
      ? Array.from({ length: shape[0] }, (_, k) => el('canvas', { role: 'img', 'aria-label': t('inside.channel', { layer: name, k: k + 1 }) }))
      : [el('canvas', { role: 'img', 'aria-label': t('inside.vector', { layer: name, n: first.values.length }) })];
  maps.append(...canvases);
  const update = (l: LayerOutput) => {
    const signed = l.values.some((v) => v < 0);
    if (l.shape.length !== 3) return paint(canvases[0], heatmapRgba(l.values, l.values.length, 1, { signed }));
    const [, h, w] = l.shape;
    canvases.forEach((cv, k) => paint(cv, heatmapRgba(l.values.subarray(k * h * w, (k + 1) * h * w), w, h, { signed })));
  };
  update(first);
  const root = el('section', { class: 'inside-layer', 'data-layer': name },
    el('h4', { text: `${name} · [${shape.join(' × ')}]` }),
    el('p', { class: 'hint', text: t(`inside.kind.${first.kind}`) }),
    maps);
  return { root, key: layerKey(first), update };
}

export const page: Page = {
  id: 'inside',
  titleKey: 'inside.title',
  mount(root, { t }) {
    let entry: ModelEntry = catalog.find((c) => c.id === lastDrawing.model) ?? catalog[0];
    let loaded: Loaded | null = null;
    let frame = 0;
    let panels: LayerPanel[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEnd = 0;
    let cost = 0;
    let alive = true;

    const modelStatus = status();
    const guess = el('p', { class: 'draw-top', 'aria-live': 'polite', 'data-testid': 'inside-top' });
    const input = el('canvas', { role: 'img', 'aria-label': t('inside.input') });
    const saliency = el('canvas', { role: 'img', 'aria-label': t('inside.saliency'), 'data-testid': 'inside-saliency' });
    const overlay = el('canvas', { role: 'img', 'aria-label': t('inside.overlay') });
    const layersBox = el('div', { 'data-testid': 'inside-layers' });
    const filtersBox = el('div', {});
    const targetSelect = select({ label: t('inside.target'), options: [], value: '', onChange: () => schedule() });
    const { root: panel, pad } = drawingPanel(t, entry, {
      stroke: () => {
        lastDrawing.strokes = pad.strokes();
        schedule();
      },
      model: (e) => {
        pad.clear();
        void switchModel(e);
      },
    });

    root.append(
      header(t, 'inside'),
      el('div', { class: 'grid' },
        panel,
        el('div', {},
          guess,
          modelStatus,
          el('h3', { text: t('inside.saliencyTitle') }),
          el('p', { class: 'hint', text: t('inside.saliencyHint') }),
          targetSelect.root,
          el('div', { class: 'inside-saliency' },
            el('figure', {}, input, el('figcaption', { text: t('inside.input') })),
            el('figure', {}, saliency, el('figcaption', { text: t('inside.saliency') })),
            el('figure', {}, overlay, el('figcaption', { text: t('inside.overlay') })),
          ),
        ),
      ),
      el('section', {}, el('h3', { text: t('inside.mapsTitle') }), el('p', { class: 'hint', text: t('inside.mapsHint') }), layersBox),
      el('section', {}, el('h3', { text: t('inside.filtersTitle') }), el('p', { class: 'hint', text: t('inside.filtersHint') }), filtersBox),
    );

    /**
     * A forward and backward pass plus hundreds of small canvases can take a second on a slow
     * machine; while the pen moves, render at most once per three render-times, so drawing stays
     * fluid, and render as soon as the stroke ends.
     */
    function schedule() {
      if (frame || timer !== undefined) return;
      const wait = pad.drawing ? Math.max(0, lastEnd + 2 * cost - performance.now()) : 0;
      timer = setTimeout(() => {
        timer = undefined;
        frame = requestAnimationFrame(render);
      }, wait);
    }
    function render() {
      frame = 0;
      if (!alive || !loaded) return;
      const started = performance.now();
      try {
        renderNow();
      } finally {
        lastEnd = performance.now();
        cost = lastEnd - started;
      }
    }
    function renderNow() {
      if (!loaded) return;
      const x = entry.prepare(pad.pixels());
      paint(input, heatmapRgba(x, 28, 28));
      if (pad.strokes().length === 0) {
        guess.textContent = t('draw.empty');
        delete guess.dataset.top;
        layersBox.replaceChildren();
        panels = [];
        paint(saliency, heatmapRgba(new Float32Array(784), 28, 28));
        paint(overlay, heatmapRgba(new Float32Array(784), 28, 28));
        return;
      }
      const chosen = targetSelect.input.value;
      const ex = explain(loaded.model, x, chosen === '' ? undefined : Number(chosen));
      const top = ex.probabilities.indexOf(Math.max(...ex.probabilities));
      guess.dataset.top = entry.classes[top];
      guess.textContent = t('inside.guess', {
        name: className(entry, entry.classes[top], t),
        p: (100 * ex.probabilities[top]).toFixed(0),
        target: className(entry, entry.classes[ex.target], t),
      });
      paint(saliency, heatmapRgba(ex.saliency, 28, 28));
      // the drawing in grey with the salient pixels in red on top
      const big = Math.max(...ex.saliency) || 1;
      const o = heatmapRgba(x, 28, 28);
      for (let i = 0; i < 784; i++) {
        const s = ex.saliency[i] / big;
        const g = 255 * (1 - 0.6 * x[i]);
        o.data.set([g + (255 - g) * s, g * (1 - s), g * (1 - s), 255], 4 * i);
      }
      paint(overlay, o);
      if (panels.map((p) => p.key).join() === ex.layers.map(layerKey).join()) ex.layers.forEach((l, i) => panels[i].update(l));
      else {
        panels = ex.layers.map((l) => layerPanel(l, t));
        layersBox.replaceChildren(...panels.map((p) => p.root));
      }
    }

    function renderFilters() {
      if (!loaded) return;
      filtersBox.replaceChildren(
        ...convFilters(loaded.model).map((f) => {
          const [o, i, kh, kw] = f.shape;
          // thousands of tiny canvases say no more than a few hundred: show at most 16 × 16
          const [rows, cols] = [Math.min(o, MAX_FILTERS), Math.min(i, MAX_FILTERS)];
          const grid = el('div', { class: 'inside-filters', role: 'group', 'aria-label': t('inside.filterGrid', { layer: f.name, o, i }) });
          // one input channel: the filters in a row; more: a row per filter, a column per input channel
          grid.style.gridTemplateColumns = `repeat(${i === 1 ? rows : cols}, 28px)`;
          for (let a = 0; a < rows; a++)
            for (let b = 0; b < cols; b++) {
              const cv = el('canvas', { role: 'img', 'aria-label': t('inside.filter', { layer: f.name, o: a + 1, i: b + 1 }) });
              const at = (a * i + b) * kh * kw;
              paint(cv, heatmapRgba(f.values.subarray(at, at + kh * kw), kw, kh, { signed: true }));
              grid.append(cv);
            }
          const subset = rows < o || cols < i ? el('p', { class: 'hint', text: t('inside.filterSubset', { rows, cols, o, i }) }) : '';
          return el('section', { class: 'inside-layer', 'data-filters': f.name }, el('h4', { text: `${f.name}.weight · [${f.shape.join(' × ')}]` }), subset, grid);
        }),
      );
    }

    async function switchModel(e: ModelEntry) {
      entry = e;
      lastDrawing.model = e.id;
      loaded = null;
      targetSelect.input.replaceChildren(
        el('option', { value: '', text: t('inside.targetTop') }),
        ...e.classes.map((c, i) => el('option', { value: i, text: className(e, c, t) })),
      );
      modelStatus.textContent = t('draw.loading');
      modelStatus.classList.remove('error');
      try {
        await ready();
        const l = await loadModel(e);
        if (!alive || entry !== e) return;
        loaded = l;
        modelStatus.textContent = l.tuned ? t('draw.tunedModel') : '';
        renderFilters();
        schedule();
      } catch (err) {
        if (!alive || entry !== e) return;
        modelStatus.textContent = t('draw.loadFailed', { message: (err as Error).message });
        modelStatus.classList.add('error');
      }
    }

    void switchModel(entry);
    if (lastDrawing.strokes.length) pad.setStrokes(lastDrawing.strokes);
    return () => {
      alive = false;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      pad.destroy();
    };
  },
};
