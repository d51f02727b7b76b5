// The typed messages between a page and a training worker. A page starts a job by kind with its
// parameters, receives progress messages while it runs, and one result (or an error); stop ends
// it early, and the result then says stopped: true. Several jobs may share one worker.

/** What one kind of job takes, reports while running, and returns. */
export interface JobSpec {
  params: unknown;
  progress: unknown;
  result: unknown;
}
/** Job kinds by name; an interface such as LabJobs satisfies it without an index signature. */
export type JobMap<J = any> = { [K in keyof J]: JobSpec };

export type ToWorker =
  | { type: 'start'; id: number; kind: string; params: unknown }
  | { type: 'stop'; id: number };

export type FromWorker =
  | { type: 'progress'; id: number; data: unknown }
  | { type: 'result'; id: number; data: unknown; stopped: boolean }
  | { type: 'error'; id: number; message: string };

/** What a job's run function gets besides its parameters. */
export interface JobContext<P> {
  /** Posts a progress message (transferables are moved, not copied). */
  progress(data: P, transfer?: Transferable[]): void;
  /** True once the page asked this job to stop; long loops check it after each yield. */
  readonly stopped: boolean;
  /** Lets the worker read incoming messages (stop); cheap, call it every few milliseconds. */
  yield(): Promise<void>;
}

/**
 * A job implementation, registered with serve() in a worker entry file. Declared as a method so
 * its parameters are checked bivariantly: a map of jobs with an index signature still accepts
 * runners typed for their own parameters.
 */
export type JobRunner<S extends JobSpec> = {
  run(params: S['params'], ctx: JobContext<S['progress']>): Promise<S['result']> | S['result'];
}['run'];
