// The worker side of the protocol: dispatches start/stop messages to registered job runners.
import type { FromWorker, JobContext, JobMap, JobRunner, JobSpec, ToWorker } from './protocol.js';

type Runners<J extends JobMap<J>> = { [K in keyof J]: JobRunner<J[K]> };

const scope = self as unknown as {
  postMessage(m: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

// A MessageChannel round trip yields to the event loop without setTimeout's 4 ms clamp, so a
// job can yield often (and notice stop quickly) at almost no cost.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
function yieldNow(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(0);
  });
}

/**
 * Serves jobs in this worker. `before` runs once before the first job (e.g. await init()).
 * Example: serve({ xor: async (p, ctx) => { …; ctx.progress({ loss }); return { accuracy } } });
 */
export function serve<J extends JobMap<J>>(runners: Runners<J>, before?: () => Promise<unknown>): void {
  const stopped = new Set<number>();
  const ready = before ? before() : Promise.resolve();
  scope.onmessage = async (e) => {
    const msg = e.data;
    if (msg.type === 'stop') {
      stopped.add(msg.id);
      return;
    }
    const { id, kind, params } = msg;
    const runner = (runners as unknown as Record<string, JobRunner<JobSpec>>)[kind];
    try {
      if (!runner) throw new Error(`unknown job kind '${kind}' (known: ${Object.keys(runners).join(', ')})`);
      await ready;
      let last = performance.now();
      const ctx: JobContext<unknown> = {
        progress: (data, transfer) => scope.postMessage({ type: 'progress', id, data }, transfer),
        get stopped() {
          return stopped.has(id);
        },
        // yields only when ~8 ms have passed, so calling it in every step costs nothing
        async yield() {
          if (performance.now() - last < 8) return;
          await yieldNow();
          last = performance.now();
        },
      };
      const data = await runner(params, ctx);
      scope.postMessage({ type: 'result', id, data, stopped: stopped.has(id) });
    } catch (err) {
      scope.postMessage({ type: 'error', id, message: (err as Error).message ?? String(err) });
    } finally {
      stopped.delete(id);
    }
  };
}
