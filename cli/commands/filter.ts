import { basename, dirname, extname, join } from 'node:path';
import { num, parse, report, UsageError, type Command } from '../args.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import {
  applyFilter, BORDERS, filters, formatOf, parseKernel, readImage, toDisplay, writeImage,
  type Border, type Display, type FilterParams,
} from '../../src/vision/index.js';

const DISPLAYS: readonly Display[] = ['clip', 'signed', 'stretch', 'angle'];
const PARAMS = ['size', 'sigma', 'amount', 'length', 'angle'] as const;

const help = `Usage: perceptio filter <image.png|.jpg> --kernel <name | matrix> [-o out.png] [options]
       perceptio filter --list

Filters a PNG or JPEG image with a classic matrix filter (through the same depthwise conv2d as the
CNN layers) and writes the result as PNG or JPEG, chosen by the output name.

  -k, --kernel <k>   a named filter (see --list) or a matrix: rows split by ';', values by ','
                     e.g. --kernel "0,-1,0;-1,5,-1;0,-1,0" (fractions such as 1/16 too);
                     sizes must be odd (a centre pixel)
  -o, --out <file>   output .png, .jpg or .jpeg (default: <image>-<filter>.png beside the input)
  -b, --border <m>   zero | replicate | reflect (default; mirrors without repeating the edge,
                     as OpenCV's default) | circular
  --sigma <s>        Gaussian / unsharp standard deviation in pixels (default 1)
  --size <n>         box and median window (odd, default 3)
  --amount <a>       unsharp strength (default 1)
  --length <n>       motion blur length in pixels (default 9);  --angle <deg>  its direction (0)
  --normalize        divide a matrix by the sum of its values (a custom blur)
  --gray             convert to grayscale (BT.601 luma) before filtering
  --range <r>        how results map to [0, 1]: clip (blurs) | signed (derivatives: 0 is mid gray) |
                     stretch (magnitudes: the maximum is white) | angle; each filter has a default
  --quality <q>      JPEG quality 1–100 (default 90)
  --list             print the named filters
  --json             print one JSON object

Examples:
  perceptio filter photo.jpg --kernel sobel -o edges.png
  perceptio filter photo.jpg --kernel gaussian --sigma 2 -o soft.jpg
  perceptio filter photo.png --kernel "1,2,1;2,4,2;1,2,1" --normalize --border replicate
`;

function list(json: boolean): number {
  const entries = Object.entries(filters).map(([name, f]) => ({ name, description: f.description, params: f.params, range: f.display }));
  report(json, { filters: entries, borders: BORDERS }, [
    ...entries.map((e) => `  ${e.name.padEnd(18)}${e.description}`),
    `  ${'"a,b,c;d,e,f;…"'.padEnd(18)}any matrix with odd sizes (--normalize to divide by its sum)`,
    `\nBorders: ${BORDERS.join(', ')} (--border, default reflect).`,
  ].join('\n'));
  return 0;
}

/** A matrix from the command line, every problem a UsageError naming the bad cell or the size. */
function customKernel(text: string, normalize: boolean): Tensor {
  let k: Tensor;
  try {
    k = parseKernel(text);
  } catch (e) {
    throw new UsageError(`unreadable --kernel: ${(e as Error).message.replace(/^kernel: /, '')}`);
  }
  const [kh, kw] = k.shape;
  if (kh % 2 === 0 || kw % 2 === 0)
    throw new UsageError(`--kernel "${text}" is ${kh}×${kw}: a filter needs odd sizes (3×3, 5×5, 1×3 …) so that it has a centre pixel`);
  if (!normalize) return k;
  const total = k.sum().item();
  if (Math.abs(total) < 1e-12) throw new UsageError(`--normalize: the values of "${text}" sum to 0 (a derivative kernel cannot be normalised)`);
  return k.div(total);
}

export const command: Command = {
  summary: 'apply a classic image filter (blur, sharpen, sobel, custom matrix …) to a PNG or JPEG',
  help,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      kernel: { type: 'string', short: 'k' },
      out: { type: 'string', short: 'o' },
      border: { type: 'string', short: 'b' },
      range: { type: 'string' },
      quality: { type: 'string' },
      normalize: { type: 'boolean' },
      gray: { type: 'boolean' },
      list: { type: 'boolean' },
      size: { type: 'string' },
      sigma: { type: 'string' },
      amount: { type: 'string' },
      length: { type: 'string' },
      angle: { type: 'string' },
    });
    const v = values as Partial<Record<'kernel' | 'out' | 'border' | 'range' | 'quality' | (typeof PARAMS)[number], string>> &
      Partial<Record<'normalize' | 'gray' | 'list' | 'json', boolean>>;
    const json = v.json === true;
    if (v.list) return list(json);
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one image, got ${positionals.length}` : 'which image? (a PNG or JPEG file)');
    if (v.kernel === undefined) throw new UsageError('which filter? pass --kernel <name> or --kernel "a,b,c;d,e,f;g,h,i" (see --list)');
    const input = positionals[0];
    const kernelArg = v.kernel;
    const entry = Object.hasOwn(filters, kernelArg) ? filters[kernelArg] : null;
    if (!entry && !/[,;]|^[\s\d.+\-/]+$/.test(kernelArg)) throw new UsageError(`unknown filter '${kernelArg}' (run 'perceptio filter --list')`);
    const border = (v.border ?? 'reflect') as Border;
    if (!BORDERS.includes(border)) throw new UsageError(`--border must be one of ${BORDERS.join(', ')}, got '${v.border}'`);
    if (v.range !== undefined && !DISPLAYS.includes(v.range as Display)) throw new UsageError(`--range must be one of ${DISPLAYS.join(', ')}, got '${v.range}'`);
    const quality = num(v.quality, 'quality', 90);
    if (!(quality >= 1 && quality <= 100)) throw new UsageError(`--quality must be in [1, 100], got ${quality}`);
    const params: FilterParams = { border };
    for (const p of PARAMS) {
      if (v[p] === undefined) continue;
      if (!entry?.params.includes(p))
        throw new UsageError(`--${p} does not apply to ${entry ? `'${kernelArg}'` : 'a matrix'} (it takes ${entry?.params.map((q: string) => `--${q}`).join(', ') || 'no parameters'})`);
      params[p] = num(v[p], p, 0);
    }
    if (v.normalize && entry) throw new UsageError('--normalize applies to a matrix given with --kernel, not to a named filter');
    let kernel: Tensor | null = null;
    try {
      kernel = entry ? (entry.kernel?.(params) ?? null) : customKernel(kernelArg, v.normalize === true);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError((e as Error).message);
    }
    if (entry === filters.median && params.size !== undefined && !(Number.isInteger(params.size) && params.size >= 1 && params.size % 2 === 1))
      throw new UsageError(`--size must be a positive odd integer so the window has a centre, got ${params.size}`);
    const name = entry ? kernelArg : 'custom';
    const out = v.out ?? join(dirname(input), `${basename(input, extname(input))}-${name}.png`);
    try {
      formatOf(out);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }

    const started = performance.now();
    const image = readImage(input, { mode: v.gray ? 'gray' : 'auto' }); // file problems: exit 1
    const result = entry ? entry.apply(image, params) : applyFilter(image, kernel!, params);
    const display = (v.range as Display | undefined) ?? entry?.display ?? 'clip';
    writeImage(out, toDisplay(result, display), { quality });
    const seconds = (performance.now() - started) / 1000;
    const [min, max] = [result.min().item(), result.max().item()];
    const [c, h, w] = image.shape;
    report(json, {
      input, output: out, filter: name, kernel: kernel?.toArray() ?? null, border, params: Object.fromEntries(PARAMS.filter((p) => params[p] !== undefined).map((p) => [p, params[p]])),
      shape: image.shape, range: display, min, max, seconds,
    }, `${name}${kernel ? ` (${kernel.shape.join('×')} kernel)` : ''} on ${input} (${w}×${h}, ${c === 1 ? 'gray' : 'RGB'}), border ${border} → ${out}\n` +
      `values ${min.toPrecision(4)} … ${max.toPrecision(4)}, shown with --range ${display}; ${seconds.toFixed(2)} s`);
    return 0;
  },
};
