// The page side of the protocol: starts jobs on a worker and routes its messages back.
import type { FromWorker, JobMap, ToWorker } from './protocol.js';

export interface RunningJob<R> {
  /** Resolves with the result (also after stop), rejects with the worker's error message. */
  result: Promise<{ data: R; stopped: boolean }>;
  stop(): void;
}

/**
 * Starts typed jobs on one worker; dispose() terminates it (pages call it when unmounted).
 * Example: const c = new JobClient<LabJobs>(spawnLabWorker()); c.run('classify2d', params, onProgress);
 */
export class JobClient<J extends JobMap<J>> {
  private nextId = 1;
  private handlers = new Map<number, (m: FromWorker) => void>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.handlers.get(e.data.id)?.(e.data);
    worker.onerror = (e) => {
      // a worker that failed to load: fail every waiting job with its message
      e.preventDefault();
      for (const h of [...this.handlers.values()]) h({ type: 'error', id: 0, message: e.message || 'worker failed to start' });
    };
  }

  run<K extends keyof J & string>(kind: K, params: J[K]['params'], onProgress?: (p: J[K]['progress']) => void): RunningJob<J[K]['result']> {
    const id = this.nextId++;
    const result = new Promise<{ data: J[K]['result']; stopped: boolean }>((resolve, reject) => {
      this.handlers.set(id, (m) => {
        if (m.type === 'progress') return onProgress?.(m.data as J[K]['progress']);
        this.handlers.delete(id);
        if (m.type === 'result') resolve({ data: m.data as J[K]['result'], stopped: m.stopped });
        else reject(new Error(m.message));
      });
    });
    this.post({ type: 'start', id, kind, params });
    return { result, stop: () => this.post({ type: 'stop', id }) };
  }

  dispose(): void {
    this.handlers.clear();
    this.worker.terminate();
  }

  private post(m: ToWorker): void {
    this.worker.postMessage(m);
  }
}
