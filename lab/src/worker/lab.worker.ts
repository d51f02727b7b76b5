// The lab's training worker: pages post jobs here so training never blocks the page.
import { init, manualSeed } from 'perceptio';
import { serve } from './serve.js';
import type { LabJobs } from './jobs.js';
import { classify2d } from './jobs/classify2d.js';
import { curves } from './jobs/curves.js';

serve<LabJobs>({
  classify2d: (p, ctx) => (manualSeed(p.seed), classify2d(p, ctx)),
  curves: (p, ctx) => (manualSeed(p.runs[0]?.seed ?? 0), curves(p, ctx)),
  // one thread: these networks' ops are far below the size where splitting them across threads
  // pays, and idle pool workers would only compete with this one for cores
}, () => init({ threads: 1 }));
