// The jobs the lab's shared worker runs, by kind (a page's JobClient<LabJobs> is typed by this).
import type { Classify2dJob } from './jobs/classify2d.js';
import type { CurvesJob } from './jobs/curves.js';

export interface LabJobs {
  classify2d: Classify2dJob;
  curves: CurvesJob;
}
