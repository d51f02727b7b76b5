// Worker threads that run the same wasm kernels on the same shared linear memory.
//
// A control block of int32 words in that memory coordinates them without messages:
//   [GEN]      generation, bumped (and notified) when jobs are posted
//   [PENDING]  jobs not yet finished; the last worker to finish notifies the caller
//   [FAILED]   set by a worker whose kernel trapped
//   slot w     [fn, argc, result, ready, args…]: fn is an export index, −1 when empty, −2 to exit;
//              ready is set once the worker has instantiated the module
// The calling thread takes the first share of the work itself, then waits for PENDING to reach 0
// (Atomics.wait where it may block, as in Node; a spin on a browser's main thread).
import { canBlock, nodeBuiltin } from './feature-probe.js';

const GEN = 0;
const PENDING = 1;
const FAILED = 2;
const SLOT0 = 16;
const SLOT_INTS = 32;
const MAX_ARGS = SLOT_INTS - 4;
export const MAX_WORKERS = 15;
/** Bytes of linear memory the control block needs. */
export const CONTROL_BYTES = (SLOT0 + MAX_WORKERS * SLOT_INTS) * 4;

// After a job a worker polls for the next one this long before it sleeps: training runs its large
// ops back to back, and waking a sleeping thread costs tens of µs, a tenth of a split GEMM here.
const SPIN_MS = 0.3;

// Plain JS run by each worker: `require` exists in a Node eval worker, `self` in a Web Worker.
const workerSource = `
const start = ({ module, memory, control, slot, names }) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => exports[n]);
  const ctrl = new Int32Array(memory.buffer, control, ${SLOT0 + MAX_WORKERS * SLOT_INTS});
  Atomics.store(ctrl, slot + 3, 1);
  Atomics.notify(ctrl, slot + 3);
  let spinUntil = 0;
  for (;;) {
    const gen = Atomics.load(ctrl, ${GEN});
    if (Atomics.load(ctrl, slot) === -1) {
      if (performance.now() >= spinUntil) Atomics.wait(ctrl, ${GEN}, gen);
      continue;
    }
    const fn = Atomics.exchange(ctrl, slot, -1);
    if (fn === -2) return;
    if (fn >= 0) {
      const args = Array.from(ctrl.subarray(slot + 4, slot + 4 + ctrl[slot + 1]));
      try {
        ctrl[slot + 2] = fns[fn](...args) | 0;
      } catch {
        Atomics.store(ctrl, ${FAILED}, 1); // a trap: report it rather than leave the caller waiting
      }
      if (Atomics.sub(ctrl, ${PENDING}, 1) === 1) Atomics.notify(ctrl, ${PENDING});
      spinUntil = performance.now() + ${SPIN_MS};
    }
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

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    private readonly control: number,
    private readonly names: readonly string[],
    private readonly fns: readonly ((...args: number[]) => number)[],
  ) {
    this.ctrl = new Int32Array(memory.buffer, control, SLOT0 + MAX_WORKERS * SLOT_INTS);
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
      Atomics.store(this.ctrl, slot, -1);
      Atomics.store(this.ctrl, slot + 3, 0);
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
   * Calls fns[fn](...jobs[0]) here and fns[fn](...jobs[t]) on worker t, all at once; returns the
   * sum of the results. Arguments are int32 (pointers and sizes).
   */
  run(fn: number, jobs: readonly (readonly number[])[]): number {
    const remote = Math.min(jobs.length - 1, this.size - 1);
    if (remote > 0 && !this.waitReady()) return this.runHere(fn, jobs);
    const ctrl = this.ctrl;
    Atomics.store(ctrl, PENDING, remote);
    for (let t = 1; t <= remote; t++) {
      const slot = SLOT0 + (t - 1) * SLOT_INTS;
      const args = jobs[t];
      if (args.length > MAX_ARGS) throw new Error(`threads: ${args.length} arguments, at most ${MAX_ARGS}`);
      ctrl[slot + 1] = args.length;
      for (let i = 0; i < args.length; i++) ctrl[slot + 4 + i] = args[i];
      Atomics.store(ctrl, slot, fn);
    }
    if (remote > 0) this.wake();
    let total = 0;
    let failure: unknown = null;
    try {
      total = this.fns[fn](...jobs[0]);
      // shares beyond the worker count (never planned so, but harmless) run here
      for (let t = remote + 1; t < jobs.length; t++) total += this.fns[fn](...jobs[t]);
      // a share no worker has taken yet (its thread is not scheduled: a busy machine) is taken
      // back and run here, so a split op never waits for a thread that is not running
      for (let t = 1; t <= remote; t++) {
        const slot = SLOT0 + (t - 1) * SLOT_INTS;
        if (Atomics.compareExchange(ctrl, slot, fn, -1) !== fn) continue;
        try {
          ctrl[slot + 2] = this.fns[fn](...jobs[t]) | 0;
        } finally {
          Atomics.sub(ctrl, PENDING, 1);
        }
      }
    } catch (e) {
      failure = e; // still wait for the workers, or they would count down the next call
    }
    // the shares are equal, so the workers finish about when this thread does: poll, then sleep
    const spinUntil = performance.now() + SPIN_MS;
    for (let p = Atomics.load(ctrl, PENDING); p !== 0; p = Atomics.load(ctrl, PENDING)) {
      if (this.block && performance.now() > spinUntil) Atomics.wait(ctrl, PENDING, p, 50);
    }
    if (failure) throw failure;
    if (Atomics.exchange(ctrl, FAILED, 0)) throw new Error('wasm backend: a kernel failed on a worker thread');
    for (let t = 1; t <= remote; t++) total += ctrl[SLOT0 + (t - 1) * SLOT_INTS + 2];
    return total;
  }

  /** Stops all workers. */
  close(): void {
    this.resize(1);
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
      const w = SLOT0 + t * SLOT_INTS + 3;
      if (Atomics.load(this.ctrl, w) === 0) return w;
    }
    return -1;
  }
}
