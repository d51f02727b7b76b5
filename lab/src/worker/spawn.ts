// Vite bundles a worker only from this literal `new Worker(new URL(…), …)` form.
import { JobClient } from './client.js';
import type { LabJobs } from './jobs.js';

/** A fresh training worker with its typed client; dispose() it when the page unmounts. */
export function labWorker(): JobClient<LabJobs> {
  return new JobClient<LabJobs>(new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'perceptio-lab' }));
}
