import type { Callback, EpochLogs, FitContext } from './callbacks.js';

/** Where progress goes: process.stdout and process.stderr fit, as does a string collector in tests. */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** default process.stdout */
  stream?: ProgressStream;
  /** draw a live bar (default: whether the stream is a terminal) */
  tty?: boolean;
  /** least milliseconds between redraws of the bar (default 100) */
  interval?: number;
}

/** 83 → '1:23'; 3723 → '1:02:03' */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/** 'loss 0.3012 · valLoss 0.2870 · valAccuracy 0.9215': every number except epoch, lr and time. */
export function formatLogs(logs: Record<string, number | undefined>): string {
  return Object.entries(logs)
    .filter(([k, v]) => v !== undefined && k !== 'epoch' && k !== 'seconds' && k !== 'lr')
    .map(([k, v]) => `${k} ${v!.toFixed(4)}`)
    .join(' · ');
}

/**
 * Shows training progress: on a terminal a bar redrawn in place with ETA and running loss, and a
 * summary line per epoch; elsewhere (logs, CI) only the summary lines.
 * Example: fit(model, { …, callbacks: [new Progress()] })
 *   epoch 2/5 [██████████░░░░░░░░░░] 63/125 ETA 0:03 · loss 0.3012
 */
export class Progress implements Callback {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly interval: number;
  private epochStart = 0;
  private lastDraw = 0;
  private runningLoss = 0;
  private width = 0;

  constructor(opts: ProgressOptions = {}) {
    this.stream = opts.stream ?? process.stdout;
    this.tty = opts.tty ?? this.stream.isTTY === true;
    this.interval = opts.interval ?? 100;
  }

  onEpochBegin(): void {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.runningLoss = 0;
  }

  onBatchEnd(step: number, { loss }: { loss: number }, ctx: FitContext): void {
    this.runningLoss += (loss - this.runningLoss) / step; // mean of the epoch so far
    if (!this.tty) return;
    const now = performance.now();
    if (now - this.lastDraw < this.interval && step !== ctx.stepsPerEpoch) return;
    this.lastDraw = now;
    const elapsed = (now - this.epochStart) / 1000;
    const total = ctx.stepsPerEpoch;
    const epoch = ctx.history.length + 1;
    let line = `epoch ${epoch}/${ctx.epochs} `;
    if (total) {
      const filled = Math.round((20 * step) / total);
      const eta = (elapsed / step) * (total - step);
      line += `[${'█'.repeat(filled)}${'░'.repeat(20 - filled)}] ${step}/${total} ETA ${formatDuration(eta)}`;
    } else line += `step ${step} ${formatDuration(elapsed)}`;
    this.draw(`${line} · loss ${this.runningLoss.toFixed(4)}`);
  }

  onEpochEnd(epoch: number, logs: EpochLogs, ctx: FitContext): void {
    const secs = logs.seconds ?? (performance.now() - this.epochStart) / 1000;
    const line = `epoch ${epoch}/${ctx.epochs} ${secs.toFixed(1)}s · ${formatLogs(logs)}`;
    if (this.tty) this.draw(line);
    this.stream.write(this.tty ? '\n' : line + '\n');
    this.width = 0;
  }

  private draw(line: string): void {
    const cols = this.stream.columns ?? 120;
    const text = line.length >= cols ? line.slice(0, cols - 1) : line;
    // pad over the remains of a longer previous line
    this.stream.write('\r' + text.padEnd(this.width));
    this.width = text.length;
  }
}
