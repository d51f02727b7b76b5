// The drawing panel pages 5 and 6 share: the model choice, the sketch pad, undo and clear.
import { button, el, select } from '../../ui.js';
import { createSketchPad, type SketchPad } from '../../canvas/sketch-pad.js';
import { catalog, type ModelEntry } from './catalog.js';

export function drawingPanel(
  t: (key: string) => string,
  entry: ModelEntry,
  on: { stroke(): void; model(e: ModelEntry): void },
): { root: HTMLElement; pad: SketchPad } {
  const pad = createSketchPad(el('div'), { label: t('draw.canvasLabel'), onChange: () => on.stroke() });
  const modelSelect = select({
    label: t('draw.model'),
    options: catalog.map((c) => [c.id, t(`draw.model.${c.id}`)]),
    value: entry.id,
    onChange: (v) => on.model(catalog.find((c) => c.id === v)!),
  });
  const root = el('div', { class: 'panel' },
    modelSelect.root,
    pad.canvas,
    el('p', { class: 'hint', text: t('draw.keyboardHint') }),
    el('div', { class: 'row' }, button(t('draw.undo'), () => pad.undo()), button(t('draw.clear'), () => pad.clear())),
  );
  return { root, pad };
}
