// Which cells one step of a (transposed) convolution touches, for the animation on the filters
// page. Pure arithmetic, checked in the tests against the shapes F.conv2d and F.convTranspose2d give.

export interface ConvSettings {
  /** input side (square) */
  size: number;
  /** kernel side (square) */
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
  transposed: boolean;
}

/** One frame: an output cell and the input cells (in input coordinates, may lie in the padding) it pairs with kernel taps. */
export interface ConvStep {
  /** the cell being written: of the output for a convolution, of the input being scattered for a transposed one */
  at: [number, number];
  /** [row, column, kernel row, kernel column] per tap */
  taps: [number, number, number, number][];
}

/** Output side: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1 for a convolution, (n − 1)s − 2p + d(k − 1) + 1 for a transposed one. */
export function outputSize({ size: n, kernel: k, stride: s, padding: p, dilation: d, transposed }: ConvSettings): number {
  return transposed ? (n - 1) * s - 2 * p + d * (k - 1) + 1 : Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;
}

/** Why the settings make no picture, or null when they do. */
export function checkSettings(c: ConvSettings): string | null {
  if (outputSize(c) < 1) return 'empty';
  if (c.transposed && c.padding > c.dilation * (c.kernel - 1)) return 'empty';
  return null;
}

/**
 * The steps in order. Convolution: output (i, j) gathers input (i·s − p + a·d, j·s − p + b·d) for
 * kernel taps (a, b). Transposed: input (i, j) scatters to output (i·s − p + a·d, j·s − p + b·d),
 * the same index map read the other way round, which is why it is the convolution's gradient.
 */
export function convSteps(c: ConvSettings): ConvStep[] {
  const steps: ConvStep[] = [];
  const cells = c.transposed ? c.size : outputSize(c);
  for (let i = 0; i < cells; i++)
    for (let j = 0; j < cells; j++) {
      const taps: ConvStep['taps'] = [];
      for (let a = 0; a < c.kernel; a++)
        for (let b = 0; b < c.kernel; b++) taps.push([i * c.stride - c.padding + a * c.dilation, j * c.stride - c.padding + b * c.dilation, a, b]);
      steps.push({ at: [i, j], taps });
    }
  return steps;
}
