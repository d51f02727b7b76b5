// The stride / padding / dilation / transposed-convolution animation: a 3×3 kernel walks a small
// grid (or, transposed, each input cell stamps the kernel onto a larger output), one step per tick.
import { button, el, select } from '../../ui.js';
import { checkSettings, convSteps, outputSize, type ConvSettings } from './conv-geometry.js';

const SVG = 'http://www.w3.org/2000/svg';
const CELL = 30;

function rect(svg: SVGElement, x: number, y: number, cls: string): void {
  const r = document.createElementNS(SVG, 'rect');
  r.setAttribute('x', String(x * CELL + 1));
  r.setAttribute('y', String(y * CELL + 1));
  r.setAttribute('width', String(CELL - 2));
  r.setAttribute('height', String(CELL - 2));
  r.setAttribute('class', cls);
  svg.append(r);
}

function grid(side: number, label: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side * CELL} ${side * CELL}`);
  svg.setAttribute('width', String(side * CELL));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return svg;
}

/** Builds the animation with its controls; returns the section and a stop function for unmount. */
export function convAnimation(t: (k: string, v?: Record<string, string | number>) => string): { root: HTMLElement; stop(): void } {
  const s: ConvSettings = { size: 5, kernel: 3, stride: 1, padding: 0, dilation: 1, transposed: false };
  let step = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  const pictures = el('div', { class: 'conv-anim-grids' });
  const caption = el('p', { class: 'status', 'aria-live': 'polite' });
  const num = (key: keyof ConvSettings, values: number[]) =>
    select({ label: t(`filters.anim.${key}`), options: values.map((v) => [String(v), String(v)]), value: String(s[key]), onChange: (v) => ((s as unknown as Record<string, number>)[key] = Number(v), restart()) }).root;
  const mode = select({
    label: t('filters.anim.mode'),
    options: [['conv', t('filters.anim.conv')], ['transposed', t('filters.anim.transposed')]],
    value: 'conv',
    onChange: (v) => ((s.transposed = v === 'transposed'), restart()),
  });
  const play = button(t('filters.anim.pause'), () => (timer ? pause() : resume()), { 'aria-pressed': 'true' });
  const controls = el('div', { class: 'conv-anim-controls' },
    mode.root, num('size', [3, 4, 5, 6, 7]), num('stride', [1, 2, 3]), num('padding', [0, 1, 2]), num('dilation', [1, 2]),
    el('div', { class: 'row' }, button(t('filters.anim.back'), () => (pause(), go(step - 1))), play, button(t('filters.anim.next'), () => (pause(), go(step + 1)))),
  );

  function render() {
    const problem = checkSettings(s);
    if (problem) {
      pictures.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('filters.anim.empty') }));
      caption.textContent = '';
      return;
    }
    const steps = convSteps(s);
    const cur = steps[((step % steps.length) + steps.length) % steps.length];
    const out = outputSize(s);
    if (!s.transposed) {
      // the input with its padding ring, the kernel's taps, and the output filled up to this step
      const side = s.size + 2 * s.padding;
      const inp = grid(side, t('filters.anim.input'));
      for (let y = 0; y < side; y++)
        for (let x = 0; x < side; x++) {
          const pad = y < s.padding || x < s.padding || y >= s.padding + s.size || x >= s.padding + s.size;
          rect(inp, x, y, pad ? 'cell pad' : 'cell');
        }
      for (const [r, c] of cur.taps) rect(inp, c + s.padding, r + s.padding, 'cell tap');
      const o = grid(out, t('filters.anim.output'));
      const index = steps.indexOf(cur);
      steps.forEach((st, i) => rect(o, st.at[1], st.at[0], i === index ? 'cell tap' : i < index ? 'cell done' : 'cell'));
      pictures.replaceChildren(labelled(t('filters.anim.input'), inp), labelled(t('filters.anim.output'), o));
      caption.textContent = t('filters.anim.convCaption', { row: cur.at[0] + 1, col: cur.at[1] + 1, out, n: s.size });
    } else {
      // each input cell scatters the kernel; the padding crops that many cells off every side
      const inp = grid(s.size, t('filters.anim.input'));
      for (let y = 0; y < s.size; y++) for (let x = 0; x < s.size; x++) rect(inp, x, y, y === cur.at[0] && x === cur.at[1] ? 'cell tap' : 'cell');
      const full = out + 2 * s.padding;
      const o = grid(full, t('filters.anim.output'));
      for (let y = 0; y < full; y++)
        for (let x = 0; x < full; x++) {
          const cropped = y < s.padding || x < s.padding || y >= s.padding + out || x >= s.padding + out;
          rect(o, x, y, cropped ? 'cell pad' : 'cell');
        }
      for (const [r, c] of cur.taps) rect(o, c + s.padding, r + s.padding, 'cell tap');
      pictures.replaceChildren(labelled(t('filters.anim.input'), inp), labelled(t('filters.anim.output'), o));
      caption.textContent = t('filters.anim.transposedCaption', { row: cur.at[0] + 1, col: cur.at[1] + 1, out, n: s.size });
    }
  }
  const labelled = (text: string, svg: SVGSVGElement) => el('figure', {}, svg as unknown as Node, el('figcaption', { text }));
  const go = (i: number) => {
    step = i;
    render();
  };
  function pause() {
    if (timer) clearInterval(timer);
    timer = null;
    play.textContent = t('filters.anim.play');
    play.setAttribute('aria-pressed', 'false');
  }
  function resume() {
    timer = setInterval(() => go(step + 1), 700);
    play.textContent = t('filters.anim.pause');
    play.setAttribute('aria-pressed', 'true');
  }
  function restart() {
    step = 0;
    render();
  }
  // people who asked the system for less motion start paused and step by hand
  if (!globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches) resume();
  else pause();
  render();
  const root = el('section', { class: 'panel conv-anim' },
    el('h3', { text: t('filters.anim.title') }),
    el('p', { text: t('filters.anim.intro') }),
    controls, pictures, caption);
  return { root, stop: pause };
}
