// Small DOM helpers shared by the pages: every control is created with its label attached, so
// pages stay accessible without repeating the wiring.

type Attrs = Record<string, string | number | boolean | undefined>;

let uid = 0;
/** A unique element id, for label ↔ control pairs. */
export const newId = (prefix: string): string => `${prefix}-${++uid}`;

/** Creates an element with attributes (false/undefined omitted) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children);
  return e;
}

/** The page's heading, explanation and "try this" prompt. */
export function header(t: (k: string) => string, id: string): HTMLElement {
  return el('section', {},
    el('h2', { text: t(`${id}.title`) }),
    el('p', { class: 'intro', text: t(`${id}.intro`) }),
    el('p', { class: 'try' }, el('strong', { text: t('common.tryThis') + ' ' }), t(`${id}.try`)),
  );
}

export interface Slider {
  root: HTMLElement;
  input: HTMLInputElement;
  value(): number;
  set(v: number): void;
}

/** A labelled range input with its value shown beside the label. */
export function slider(o: {
  label: string; min: number; max: number; step: number; value: number;
  format?: (v: number) => string; onInput?: (v: number) => void; name?: string;
}): Slider {
  const id = newId('s');
  const fmt = o.format ?? String;
  const input = el('input', { type: 'range', id, min: o.min, max: o.max, step: o.step, value: o.value, name: o.name });
  const out = el('output', { for: id, text: fmt(o.value) });
  input.addEventListener('input', () => {
    out.textContent = fmt(Number(input.value));
    o.onInput?.(Number(input.value));
  });
  return {
    root: el('div', { class: 'field' }, el('label', { for: id, text: o.label }), out, input),
    input,
    value: () => Number(input.value),
    set(v) {
      input.value = String(v);
      out.textContent = fmt(Number(input.value));
    },
  };
}

/** A labelled select; options are [value, label] pairs. */
export function select(o: { label: string; options: [string, string][]; value: string; onChange?: (v: string) => void; name?: string }): {
  root: HTMLElement; input: HTMLSelectElement;
} {
  const id = newId('sel');
  const input = el('select', { id, name: o.name }, ...o.options.map(([v, l]) => el('option', { value: v, text: l })));
  input.value = o.value;
  input.addEventListener('change', () => o.onChange?.(input.value));
  return { root: el('div', { class: 'field' }, el('label', { for: id, text: o.label }), input), input };
}

/** A labelled checkbox. */
export function checkbox(label: string, checked: boolean, onChange?: (v: boolean) => void): { root: HTMLElement; input: HTMLInputElement } {
  const id = newId('c');
  const input = el('input', { type: 'checkbox', id, checked });
  input.addEventListener('change', () => onChange?.(input.checked));
  return { root: el('div', { class: 'check' }, input, el('label', { for: id, text: label })), input };
}

export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs, text: label });
  b.addEventListener('click', onClick);
  return b;
}

/** A canvas sized in CSS pixels, drawn at the device's pixel ratio so it stays sharp. */
export function canvas(width: number, height: number, label: string): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const c = el('canvas', { width: Math.round(width * dpr), height: Math.round(height * dpr), role: 'img', 'aria-label': label });
  c.style.width = `${width}px`;
  const ctx = c.getContext('2d')!;
  ctx.scale(dpr, dpr);
  return { canvas: c, ctx };
}

/** A live region for status lines and error messages (screen readers announce changes). */
export function status(): HTMLElement {
  return el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}
