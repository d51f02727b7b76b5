// One bar per class, as a list people and screen readers can read: "7: 92%".

export interface Bars {
  readonly element: HTMLElement;
  update(probabilities: ArrayLike<number> | null): void;
}

/** A list of labelled bars; null probabilities (nothing drawn) show empty bars. */
export function createBars(labels: string[], caption: string): Bars {
  const list = document.createElement('ol');
  list.className = 'prob-bars';
  list.setAttribute('aria-label', caption);
  const rows = labels.map((label) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'prob-label';
    name.textContent = label;
    const track = document.createElement('span');
    track.className = 'prob-track';
    const fill = document.createElement('span');
    fill.className = 'prob-fill';
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'prob-value';
    li.append(name, track, value);
    list.append(li);
    return { li, fill, value };
  });
  return {
    element: list,
    update(p) {
      let top = -1;
      if (p) for (let i = 0; i < rows.length; i++) if (top < 0 || p[i] > p[top]) top = i;
      rows.forEach((r, i) => {
        const v = p ? p[i] : 0;
        r.fill.style.width = `${(100 * v).toFixed(1)}%`;
        r.value.textContent = p ? `${(100 * v).toFixed(1)}%` : '–';
        r.li.classList.toggle('best', i === top);
      });
    },
  };
}
