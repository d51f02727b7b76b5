// Worker threads that run the same wasm kernels on the same shared linear memory.
//
// A control block of int32 words in that memory coordinates them without messages:
//   [GEN]      generation, bumped (and notified) when jobs are posted
//   [DONE]     jobs finished in the current run; the thread finishing the last one notifies it
//   [FAILED]   set by a thread whose kernel trapped
//   [NEXT]     run << 7 | next job to claim (CLOSED between runs); threads claim jobs with a
//              compare-exchange, so a thread that runs late (a busy core) simply takes fewer
//   [COUNT] [FN]  jobs in the current run and the export index they call
//   slot w     [state, ready]: state −2 asks worker w to exit; ready is set once it has
//              instantiated the module
//   job j      [argc, result, args…]
// The calling thread claims jobs too, then waits until DONE reaches COUNT (Atomics.wait where it
// may block, as in Node; a spin on a browser's main thread). The run number in NEXT keeps a
// thread that read NEXT during one run from claiming a job of the next.
import { canBlock, nodeBuiltin } from './feature-probe.js';

const GEN = 0;
const DONE = 1;
const FAILED = 2;
const NEXT = 3;
const COUNT = 4;
const FN = 5;
const SLOT0 = 16;
const SLOT_INTS = 2;
export const MAX_WORKERS = 15;
const JOB0 = SLOT0 + MAX_WORKERS * SLOT_INTS;
const JOB_INTS = 32;
const MAX_ARGS = JOB_INTS - 2;
/** Jobs one run posts at most; run() posts longer lists in rounds. */
export const MAX_JOBS = 64;
const CLOSED = 127; // no job to claim: above any job index (MAX_JOBS ≤ 127)
const TOTAL_INTS = JOB0 + MAX_JOBS * JOB_INTS;
/** Bytes of linear memory the control block needs. */
export const CONTROL_BYTES = TOTAL_INTS * 4;

// After a job a worker polls for the next one this long before it sleeps: training runs its large
// ops back to back, and waking a sleeping thread costs tens of µs, a tenth of a split GEMM here.
const SPIN_MS = 0.3;

/** The control words claim() reads, passed in: its source also runs in the workers. */
const LAYOUT = { next: NEXT, count: COUNT, fn: FN, done: DONE, failed: FAILED, job0: JOB0, jobInts: JOB_INTS };
type Fns = readonly ((...args: number[]) => number)[];

/**
 * Claims and runs jobs of the current run until none is left; true when it ran any. Self-contained
 * (no outer names), so the workers run its source too; onError gets a kernel's error.
 */
function claim(ctrl: Int32Array, fns: Fns, onError: (e: unknown) => void, L: typeof LAYOUT): boolean {
  let ran = false;
  for (;;) {
    const w = Atomics.load(ctrl, L.next);
    const j = w & 127;
    if (j >= Atomics.load(ctrl, L.count)) return ran;
    if (Atomics.compareExchange(ctrl, L.next, w, w + 1) !== w) continue;
    const at = L.job0 + j * L.jobInts;
    try {
      ctrl[at + 1] = fns[ctrl[L.fn]](...Array.from(ctrl.subarray(at + 2, at + 2 + ctrl[at]))) | 0;
    } catch (e) {
      Atomics.store(ctrl, L.failed, 1);
      onError(e);
    }
    if (Atomics.add(ctrl, L.done, 1) + 1 === Atomics.load(ctrl, L.count)) Atomics.notify(ctrl, L.done);
    ran = true;
  }
}

// Plain JS run by each worker: `require` exists in a Node eval worker, `self` in a Web Worker.
const workerSource = `
const claim = ${claim.toString()};
const L = ${JSON.stringify(LAYOUT)};
const start = ({ module, memory, control, slot, names }) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => exports[n]);
  const ctrl = new Int32Array(memory.buffer, control, ${TOTAL_INTS});
  Atomics.store(ctrl, slot + 1, 1);
  Atomics.notify(ctrl, slot + 1);
  let spinUntil = 0;
  for (;;) {
    const gen = Atomics.load(ctrl, ${GEN});
    if (Atomics.load(ctrl, slot) === -2) return;
    if (claim(ctrl, fns, () => undefined, L)) spinUntil = performance.now() + ${SPIN_MS};
    else if (performance.now() >= spinUntil) Atomics.wait(ctrl, ${GEN}, gen);
  }
};
if (typeof require === 'function') start(require('node:worker_threads').workerData);
else self.onmessage = (e) => start(e.data);
`;

interface WorkerHandle {
  terminate(): unknown;
}
type NodeWorkerCtor = new (src: string, opts: { eval: true; workerData: unknown }) => WorkerHandle & {
  unref(): void;
  on(event: 'error', cb: (e: unknown) => void): void;
};

function spawn(data: Record<string, unknown>): WorkerHandle | null {
  const wt = nodeBuiltin<{ Worker: NodeWorkerCtor }>('node:worker_threads');
  if (wt) {
    const w = new wt.Worker(workerSource, { eval: true, workerData: data });
    w.unref(); // idle workers must not keep the process alive
    w.on('error', () => undefined);
    return w;
  }
  const g = globalThis as { Worker?: new (url: string) => WorkerHandle & { postMessage(d: unknown): void }; Blob?: typeof Blob };
  if (typeof g.Worker !== 'function' || typeof URL?.createObjectURL !== 'function') return null;
  const w = new g.Worker(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
  w.postMessage(data);
  return w;
}

export class ThreadPool {
  private readonly ctrl: Int32Array;
  private workers: WorkerHandle[] = [];
  private readonly block = canBlock();
  private broken = false;
  private runs = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly control: number,
    private readonly names: readonly string[],
    private readonly fns: readonly ((...args: number[]) => number)[],
  ) {
    this.ctrl = new Int32Array(memory.buffer, control, TOTAL_INTS);
    Atomics.store(this.ctrl, NEXT, CLOSED);
  }

  /** Threads taking part in a split op, the calling one included. */
  get size(): number {
    return this.broken ? 1 : this.workers.length + 1;
  }

  /** Starts or stops workers so that `threads` threads (the caller included) share large ops. */
  resize(threads: number): void {
    const want = Math.max(0, Math.min(MAX_WORKERS, Math.floor(threads) - 1));
    while (this.workers.length > want) {
      const slot = SLOT0 + (this.workers.length - 1) * SLOT_INTS;
      Atomics.store(this.ctrl, slot, -2);
      this.wake();
      this.workers.pop()!.terminate();
    }
    while (this.workers.length < want) {
      const slot = SLOT0 + this.workers.length * SLOT_INTS;
      Atomics.store(this.ctrl, slot, 0);
      Atomics.store(this.ctrl, slot + 1, 0);
      const w = spawn({ module: this.module, memory: this.memory, control: this.control, slot, names: this.names });
      if (!w) break;
      this.workers.push(w);
    }
    this.broken = false;
  }

  /** Resolves once every worker has instantiated the module (browsers must await this). */
  async ready(timeoutMs = 10_000): Promise<boolean> {
    const t0 = Date.now();
    while (this.notReady() >= 0) {
      if (Date.now() - t0 > timeoutMs) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  /**
   * Calls fns[fn](...jobs[j]) for every job, on this thread and the workers at once: each thread
   * takes the next job not yet taken, so a thread that runs late takes fewer. Returns the sum of
   * the results. Arguments are int32 (pointers and sizes).
   */
  run(fn: number, jobs: readonly (readonly number[])[]): number {
    if (jobs.length < 2 || this.size < 2 || !this.waitReady()) return this.runHere(fn, jobs);
    let total = 0;
    for (let j0 = 0; j0 < jobs.length; j0 += MAX_JOBS) total += this.round(fn, jobs.slice(j0, j0 + MAX_JOBS));
    return total;
  }

  /** Stops all workers. */
  close(): void {
    this.resize(1);
  }

  private round(fn: number, jobs: readonly (readonly number[])[]): number {
    const ctrl = this.ctrl;
    ctrl[FN] = fn;
    jobs.forEach((args, j) => {
      if (args.length > MAX_ARGS) throw new Error(`threads: ${args.length} arguments, at most ${MAX_ARGS}`);
      const at = JOB0 + j * JOB_INTS;
      ctrl[at] = args.length;
      ctrl.set(args, at + 2);
    });
    Atomics.store(ctrl, DONE, 0);
    Atomics.store(ctrl, COUNT, jobs.length);
    this.runs = (this.runs + 1) & 0xffffff;
    Atomics.store(ctrl, NEXT, this.runs << 7); // publish: from here on any thread may claim
    this.wake();
    let failure: unknown = null;
    claim(ctrl, this.fns, (e) => (failure ??= e), LAYOUT);
    // the others are finishing the jobs they took: poll, then sleep
    const spinUntil = performance.now() + SPIN_MS;
    for (let d = Atomics.load(ctrl, DONE); d !== jobs.length; d = Atomics.load(ctrl, DONE)) {
      if (this.block && performance.now() > spinUntil) Atomics.wait(ctrl, DONE, d, 50);
    }
    Atomics.store(ctrl, NEXT, CLOSED); // before the next run rewrites the jobs
    const failed = Atomics.exchange(ctrl, FAILED, 0);
    if (failure) throw failure;
    if (failed) throw new Error('wasm backend: a kernel failed on a worker thread');
    let total = 0;
    for (let j = 0; j < jobs.length; j++) total += ctrl[JOB0 + j * JOB_INTS + 1];
    return total;
  }

  private runHere(fn: number, jobs: readonly (readonly number[])[]): number {
    let total = 0;
    for (const args of jobs) total += this.fns[fn](...args);
    return total;
  }

  private wake(): void {
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
  }

  // Node workers start on their own threads, so the caller may block until they are up.
  private waitReady(): boolean {
    const t0 = Date.now();
    for (let w = this.notReady(); w >= 0; w = this.notReady()) {
      if (!this.block || Date.now() - t0 > 10_000) {
        this.broken = true; // never came up: run single-threaded from now on
        return false;
      }
      Atomics.wait(this.ctrl, w, 0, 100);
    }
    return true;
  }

  // index of the ready word of the first worker not yet up, or −1
  private notReady(): number {
    for (let t = 0; t < this.workers.length; t++) {
      const w = SLOT0 + t * SLOT_INTS + 1;
      if (Atomics.load(this.ctrl, w) === 0) return w;
    }
    return -1;
  }
}
