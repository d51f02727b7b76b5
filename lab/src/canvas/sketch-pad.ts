// A drawing surface for mouse, pen and touch alike: pointer events unify the three, and strokes are
// kept as point lists so undo redraws all but the last one.

export type Point = [number, number];

export interface SketchPad {
  readonly canvas: HTMLCanvasElement;
  /** true while a pointer stroke is in progress */
  readonly drawing: boolean;
  /** the strokes so far, in canvas pixels */
  strokes(): Point[][];
  setStrokes(strokes: Point[][]): void;
  undo(): void;
  clear(): void;
  /** the pixels, white paper and black ink */
  pixels(): ImageData;
  destroy(): void;
}

export interface SketchOptions {
  /** canvas pixels per side (CSS scales it to the layout) */
  size?: number;
  /** stroke width in canvas pixels */
  lineWidth?: number;
  label: string;
  /** after every change: a point added, a stroke ended, undo, clear */
  onChange(): void;
}

/** Makes a square drawing canvas inside `parent`. Arrow keys move a keyboard pen and Space toggles it down, so it works without a pointer too. */
export function createSketchPad(parent: HTMLElement, { size = 280, lineWidth = 18, label, onChange }: SketchOptions): SketchPad {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  canvas.className = 'sketch-pad';
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  // without this a touch drag scrolls the page instead of drawing
  canvas.style.touchAction = 'none';
  parent.append(canvas);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  let strokes: Point[][] = [];
  let active: number | null = null;
  let keyPen: { at: Point; down: boolean } = { at: [size / 2, size / 2], down: false };

  const redraw = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    ctx.strokeStyle = '#000';
    ctx.fillStyle = '#000';
    ctx.lineWidth = lineWidth;
    ctx.lineCap = ctx.lineJoin = 'round';
    for (const s of strokes) {
      if (s.length === 1) {
        ctx.beginPath();
        ctx.arc(s[0][0], s[0][1], lineWidth / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      s.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      ctx.stroke();
    }
  };
  const toCanvas = (e: PointerEvent): Point => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) * size) / r.width, ((e.clientY - r.top) * size) / r.height];
  };
  const down = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    active = e.pointerId;
    strokes.push([toCanvas(e)]);
    redraw();
    onChange();
  };
  const move = (e: PointerEvent) => {
    if (active !== e.pointerId) return;
    // a pen or a fast mouse delivers several points per frame; keep them all for a smooth line
    const events = e.getCoalescedEvents?.() ?? [e];
    strokes[strokes.length - 1].push(...(events.length ? events : [e]).map(toCanvas));
    redraw();
    onChange();
  };
  const up = (e: PointerEvent) => {
    if (active !== e.pointerId) return;
    active = null;
    onChange();
  };
  const key = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 4 : 12;
    const moves: Record<string, Point> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key === ' ' || e.key === 'Enter') {
      keyPen.down = !keyPen.down;
      if (keyPen.down) strokes.push([[...keyPen.at]]);
    } else if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      keyPen.at = [Math.min(size, Math.max(0, keyPen.at[0] + dx)), Math.min(size, Math.max(0, keyPen.at[1] + dy))];
      if (keyPen.down) strokes[strokes.length - 1].push([...keyPen.at]);
    } else return;
    e.preventDefault();
    redraw();
    drawCursor();
    onChange();
  };
  const drawCursor = () => {
    ctx.strokeStyle = keyPen.down ? '#c00' : '#06c';
    ctx.lineWidth = 2;
    ctx.strokeRect(keyPen.at[0] - 6, keyPen.at[1] - 6, 12, 12);
  };
  const blur = () => redraw();
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  canvas.addEventListener('keydown', key);
  canvas.addEventListener('focus', drawCursor);
  canvas.addEventListener('blur', blur);
  redraw();

  return {
    canvas,
    get drawing() {
      return active !== null;
    },
    strokes: () => strokes.map((s) => s.map((p) => [...p] as Point)),
    setStrokes(s) {
      strokes = s.map((st) => st.map((p) => [...p] as Point));
      redraw();
      onChange();
    },
    undo() {
      strokes.pop();
      keyPen.down = false;
      redraw();
      onChange();
    },
    clear() {
      strokes = [];
      keyPen = { at: [size / 2, size / 2], down: false };
      redraw();
      onChange();
    },
    pixels() {
      // the keyboard cursor is drawn on top; read the ink without it
      redraw();
      const img = ctx.getImageData(0, 0, size, size);
      if (document.activeElement === canvas) drawCursor();
      return img;
    },
    destroy() {
      canvas.remove();
    },
  };
}
