// Page 4: convolution as image filters. Pick a preset or type your own kernel, on a sample, an
// upload or a drawing; the result is the same conv2d the CNN layers use. Below, an animation of
// stride, padding, dilation and the transposed convolution.
import type { Tensor } from 'perceptio';
import './cnn-pages.css';
import { ready } from '../engine.js';
import type { Page } from '../page.js';
import { button, el, header, newId, select } from '../ui.js';
import { paint, rgbaToTensor, tensorToRgba, type Rgba } from '../canvas/pixels.js';
import { createSketchPad, type SketchPad } from '../canvas/sketch-pad.js';
import { convAnimation } from './filters/conv-animation.js';
import { imageFromFile, NotAnImageError, sampleImage } from './filters/image-source.js';
import { formatCell, parseCells } from './filters/kernel-cells.js';
import { applyKernel, applyPreset, kernelDisplay, presetDisplay, presetKernel, PRESETS, toDisplay, type Border, type Display, type PresetName } from './filters/presets.js';

type Shown = Display | 'abs';

export const page: Page = {
  id: 'filters',
  titleKey: 'filters.title',
  mount(root, { t }) {
    let image: Rgba = sampleImage();
    let preset: PresetName | 'custom' = 'sobel';
    let cells: HTMLInputElement[][] = [];
    let pad: SketchPad | null = null;
    let frame = 0;
    let engine = false;

    const message = el('p', { class: 'error', role: 'alert', 'data-testid': 'filters-message' });
    const original = el('canvas', { class: 'filters-image', role: 'img', 'aria-label': t('filters.original'), 'data-testid': 'filters-original' });
    const result = el('canvas', { class: 'filters-image', role: 'img', 'aria-label': t('filters.result'), 'data-testid': 'filters-result' });
    const fileId = newId('file');
    const file = el('input', { type: 'file', id: fileId, accept: 'image/*', 'data-testid': 'filters-upload' });
    const drawBox = el('div', { class: 'filters-draw', hidden: true });
    const note = el('p', { class: 'hint' });
    const gridBox = el('div', { class: 'kernel-grid' });
    const presetSelect = select({
      label: t('filters.preset'),
      options: [...PRESETS.map((p): [string, string] => [p, t(`filters.preset.${p}`)]), ['custom', t('filters.preset.custom')]],
      value: preset,
      onChange: (v) => choosePreset(v as PresetName | 'custom'),
    });
    presetSelect.input.dataset.testid = 'filters-preset';
    const sizeSelect = select({
      label: t('filters.size'),
      options: [3, 5, 7].map((n): [string, string] => [String(n), `${n}×${n}`]),
      value: '3',
      onChange: (v) => {
        const n = Number(v);
        buildGrid(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === (n - 1) / 2 && j === i ? 1 : 0))));
        setPreset('custom');
        schedule();
      },
    });
    const borderSelect = select({
      label: t('filters.border'),
      options: (['reflect', 'replicate', 'zero', 'circular'] as Border[]).map((b): [string, string] => [b, t(`filters.border.${b}`)]),
      value: 'reflect',
      onChange: () => schedule(),
    });
    const displaySelect = select({
      label: t('filters.display'),
      options: (['auto', 'clip', 'signed', 'abs'] as const).map((d): [string, string] => [d, t(`filters.display.${d}`)]),
      value: 'auto',
      onChange: () => schedule(),
    });
    const anim = convAnimation(t);

    root.append(
      header(t, 'filters'),
      el('div', { class: 'grid filters-grid' },
        el('div', { class: 'panel' },
          el('div', { class: 'filters-file' }, el('label', { for: fileId, text: t('filters.upload') }), file),
          el('div', { class: 'row' }, button(t('filters.sample'), useSample), button(t('filters.draw'), startDrawing)),
          drawBox,
          presetSelect.root,
          el('h3', { text: t('filters.kernel') }),
          note,
          gridBox,
          sizeSelect.root,
          borderSelect.root,
          displaySelect.root,
        ),
        el('div', {},
          message,
          el('div', { class: 'filters-pair' },
            el('figure', {}, original, el('figcaption', { text: t('filters.original') })),
            el('figure', {}, result, el('figcaption', { text: t('filters.result') })),
          ),
        ),
      ),
      anim.root,
    );

    function buildGrid(rows: number[][]) {
      const n = rows.length;
      cells = rows.map((r, i) =>
        r.map((v, j) => {
          const input = el('input', { type: 'text', inputmode: 'decimal', value: formatCell(v), 'aria-label': t('filters.cell', { row: i + 1, col: j + 1 }), 'data-cell': `${i},${j}` });
          input.addEventListener('input', () => {
            setPreset('custom');
            schedule();
          });
          return input;
        }),
      );
      gridBox.style.gridTemplateColumns = `repeat(${n}, minmax(2.6rem, 4rem))`;
      gridBox.replaceChildren(...cells.flat());
      sizeSelect.input.value = String(n);
    }
    function setPreset(p: PresetName | 'custom') {
      preset = p;
      presetSelect.input.value = p;
      note.textContent = p === 'sobel' ? t('filters.note.magnitude') : p === 'median' ? t('filters.note.median') : p === 'custom' ? t('filters.note.custom') : '';
    }
    function choosePreset(p: PresetName | 'custom') {
      setPreset(p);
      if (p !== 'custom') {
        const k = presetKernel(p);
        if (k) buildGrid(k);
        cells.flat().forEach((c) => (c.disabled = k === null));
      }
      schedule();
    }

    function schedule() {
      if (!frame) frame = requestAnimationFrame(run);
    }
    /** Filters the image with the chosen preset or the edited kernel and paints the result. */
    function run() {
      frame = 0;
      if (!engine) return; // ready() schedules the first run
      cells.flat().forEach((c) => c.removeAttribute('aria-invalid'));
      const x = rgbaToTensor(image, 'rgb');
      paint(original, image);
      let y: Tensor;
      let auto: Display;
      if (preset === 'custom') {
        const parsed = parseCells(cells.map((r) => r.map((c) => c.value)));
        if (!parsed.ok) {
          for (const e of parsed.errors) cells[e.row - 1][e.column - 1].setAttribute('aria-invalid', 'true');
          const e = parsed.errors[0];
          message.textContent = t('filters.badCell', { row: e.row, col: e.column, text: e.text });
          return; // the last good result stays on screen
        }
        y = applyKernel(parsed.rows, x, borderSelect.input.value as Border);
        auto = kernelDisplay(parsed.rows);
      } else {
        y = applyPreset(preset, x, borderSelect.input.value as Border);
        auto = presetDisplay(preset);
      }
      message.textContent = '';
      const shown = (displaySelect.input.value === 'auto' ? auto : displaySelect.input.value) as Shown;
      paint(result, tensorToRgba(shown === 'abs' ? toDisplay(y.abs(), 'stretch') : toDisplay(y, shown)));
      result.dataset.renders = String(Number(result.dataset.renders ?? 0) + 1); // lets tests wait for a repaint
    }

    function useSample() {
      stopDrawing();
      image = sampleImage();
      message.textContent = '';
      schedule();
    }
    function startDrawing() {
      if (!pad) {
        pad = createSketchPad(drawBox, {
          size: 160,
          lineWidth: 8,
          label: t('filters.drawLabel'),
          onChange: () => {
            image = pad!.pixels();
            schedule();
          },
        });
        drawBox.append(button(t('draw.clear'), () => pad?.clear()));
      }
      drawBox.hidden = false;
      image = pad.pixels();
      pad.canvas.focus();
      schedule();
    }
    function stopDrawing() {
      drawBox.hidden = true;
    }
    file.addEventListener('change', async () => {
      const f = file.files?.[0];
      if (!f) return;
      try {
        const img = await imageFromFile(f);
        stopDrawing();
        image = img;
        message.textContent = '';
        schedule();
      } catch (e) {
        message.textContent = e instanceof NotAnImageError ? t('filters.notImage', { name: f.name }) : t('filters.loadFailed', { message: (e as Error).message });
      }
    });

    choosePreset(preset);
    void ready().finally(() => {
      engine = true;
      schedule();
    });
    return () => {
      cancelAnimationFrame(frame);
      anim.stop();
      pad?.destroy();
    };
  },
};
