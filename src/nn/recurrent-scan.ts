import type { Data } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import { fresh } from '../autograd/forward.js';
import { fmt } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { CellKind } from './rnn-cell.js';

// The fused recurrence behind the `recurrentScan` primitive: one direction of one layer over a
// whole sequence, with backpropagation through time written out by hand.
//
// Why a primitive: built from per-step Tensor ops, each step reads its slice of the input
// projection gi [T, N, G·H], and a slice's backward embeds its gradient into a zero tensor of
// gi's full size, so T steps cost O(T²) in the backward pass (an LSTM of hidden 256 over 64
// steps spent 95% of its training step there: 3 s instead of 0.15 s). Here the gate math of a
// step is one loop over [N, G·H], the only per-step kernel is the matmul h·W_hhᵀ (and dA·W_hh
// backward), and the weight gradient is one GEMM over all steps.

/** Which optional inputs follow gi, wHh, h0: c0 (LSTM), b_hh (GRU with bias), mask [T, N]. */
export interface ScanAttrs {
  kind: CellKind;
  reverse: boolean;
  hasBias: boolean;
  hasMask: boolean;
}

type Floats = Float32Array | Float64Array;

/** States per step in the output: h, and c for an LSTM. */
export const stateCount = (kind: CellKind) => (kind === 'lstm' ? 2 : 1);
const gates = (kind: CellKind) => (kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function unpack(inputs: Tensor[], a: ScanAttrs) {
  const [gi, w, h0] = inputs;
  let i = 3;
  const c0 = a.kind === 'lstm' ? inputs[i++] : null;
  const b = a.hasBias ? inputs[i++] : null;
  const mask = a.hasMask ? inputs[i++] : null;
  const [T, N, GH] = gi.shape;
  const H = h0.shape[1];
  if (GH !== gates(a.kind) * H || w.shape[0] !== GH || w.shape[1] !== H)
    throw new Error(`recurrentScan: gi ${fmt(gi.shape)}, W_hh ${fmt(w.shape)} and h0 ${fmt(h0.shape)} do not fit a ${a.kind} of hidden size ${H}`);
  const arr = (t: Tensor | null) => (t ? (t.values() as Floats) : null);
  return { T, N, H, GH, gi: arr(gi)!, w: arr(w)!, h0: arr(h0)!, c0: arr(c0), b: arr(b), mask: arr(mask) };
}

/** y = x·W_hhᵀ ([rows, H] @ [GH, H]ᵀ) into out, x read from xOffset. */
function hTimesWt(x: Data, xOffset: number, w: Data, out: Data, rows: number, H: number, GH: number): void {
  getBackend().kernels.matmul(x, w, out, {
    batch: 1, m: rows, k: H, n: GH, aBatchStride: 0, bBatchStride: 0, transA: false, transB: true, aOffset: xOffset, bOffset: 0,
  });
}

/**
 * Runs the recurrence; returns the states after every step, [T, S, N, H] (S = 2 for an LSTM:
 * h then c). A masked step (mask 0) keeps its row's previous state.
 */
export function scanForward(inputs: Tensor[], a: ScanAttrs): Tensor {
  const { T, N, H, GH, gi, w, h0, c0, b, mask } = unpack(inputs, a);
  const S = stateCount(a.kind);
  const Y = fresh([T, S, N, H], inputs[0].dtype, false);
  const y = Y.data as Floats;
  const acc = new (gi.constructor as Float32ArrayConstructor)(N * GH);
  const NH = N * H;
  const bb = b ?? new Float64Array(GH); // a GRU without bias
  for (let k = 0; k < T; k++) {
    const t = a.reverse ? T - 1 - k : k;
    const tp = a.reverse ? t + 1 : t - 1; // the step before t in processing order
    const [hp, hpOff] = k === 0 ? [h0, 0] : [y, tp * S * NH];
    const [cp, cpOff] = k === 0 ? [c0!, 0] : [y, (tp * S + 1) * NH];
    hTimesWt(hp, hpOff, w, acc, N, H, GH);
    const hOut = t * S * NH;
    const g0 = t * N * GH;
    for (let n = 0; n < N; n++) {
      const keep = mask !== null && mask[t * N + n] === 0;
      const r = n * GH;
      for (let j = 0; j < H; j++) {
        const hPrev = hp[hpOff + n * H + j];
        let h: number;
        if (keep) h = hPrev;
        else if (a.kind === 'lstm') {
          // gates i, f, g, o; c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c')
          const ig = sigmoid(gi[g0 + r + j] + acc[r + j]);
          const fg = sigmoid(gi[g0 + r + H + j] + acc[r + H + j]);
          const gg = Math.tanh(gi[g0 + r + 2 * H + j] + acc[r + 2 * H + j]);
          const og = sigmoid(gi[g0 + r + 3 * H + j] + acc[r + 3 * H + j]);
          const c = fg * cp[cpOff + n * H + j] + ig * gg;
          y[hOut + NH + n * H + j] = c;
          h = og * Math.tanh(c);
        } else if (a.kind === 'gru') {
          // r, z = σ(gi + W_h·h + b_h); n = tanh(gi_n + r·(W_hn·h + b_hn)); h' = n + z·(h − n)
          const rg = sigmoid(gi[g0 + r + j] + acc[r + j] + bb[j]);
          const zg = sigmoid(gi[g0 + r + H + j] + acc[r + H + j] + bb[H + j]);
          const ng = Math.tanh(gi[g0 + r + 2 * H + j] + rg * (acc[r + 2 * H + j] + bb[2 * H + j]));
          h = ng + zg * (hPrev - ng);
        } else {
          const v = gi[g0 + r + j] + acc[r + j];
          h = a.kind === 'rnnTanh' ? Math.tanh(v) : v > 0 ? v : 0;
        }
        y[hOut + n * H + j] = h;
        if (keep && S === 2) y[hOut + NH + n * H + j] = cp[cpOff + n * H + j];
      }
    }
  }
  return Y;
}

/**
 * Backpropagation through time. g: the gradient of the output states [T, S, N, H]. Gate
 * pre-activations are recomputed from the stored states with one GEMM (h_prev of every step ·
 * W_hhᵀ) rather than kept from the forward pass. Returns gradients in the order of the inputs.
 */
export function scanBackward(g: Tensor, inputs: Tensor[], Y: Tensor, a: ScanAttrs): (Tensor | null)[] {
  const { T, N, H, GH, gi, w, h0, c0, b, mask } = unpack(inputs, a);
  const S = stateCount(a.kind);
  const NH = N * H;
  const dtype = inputs[0].dtype;
  const y = Y.values() as Floats;
  const gy = g.values() as Floats;
  const Arr = gi.constructor as Float32ArrayConstructor;
  // the state each step started from, [T, N, H] in time order
  const hPrev = new Arr(T * NH);
  const cPrev = S === 2 ? new Arr(T * NH) : null;
  for (let k = 0; k < T; k++) {
    const t = a.reverse ? T - 1 - k : k;
    const tp = a.reverse ? t + 1 : t - 1;
    hPrev.set(k === 0 ? h0 : y.subarray(tp * S * NH, tp * S * NH + NH), t * NH);
    if (cPrev) cPrev.set(k === 0 ? c0! : y.subarray((tp * S + 1) * NH, (tp * S + 2) * NH), t * NH);
  }
  const acc = new Arr(T * N * GH);
  hTimesWt(hPrev, 0, w, acc, T * N, H, GH);
  const dGi = fresh([T, N, GH], dtype, true);
  const dgi = dGi.data as Floats;
  // GRU: the gradient of W_hh·h + b_hh differs from that of gi in the n gate (scaled by r)
  const dgh = a.kind === 'gru' ? new Arr(T * N * GH) : dgi;
  const dH = new Arr(NH);
  const dC = new Arr(NH);
  const back = new Arr(NH);
  const bb = b ?? new Float64Array(GH);
  for (let k = T - 1; k >= 0; k--) {
    const t = a.reverse ? T - 1 - k : k;
    const gOff = t * S * NH;
    for (let i = 0; i < NH; i++) dH[i] += gy[gOff + i];
    if (S === 2) for (let i = 0; i < NH; i++) dC[i] += gy[gOff + NH + i];
    const g0 = t * N * GH;
    for (let n = 0; n < N; n++) {
      const keep = mask !== null && mask[t * N + n] === 0;
      const r = n * GH;
      for (let j = 0; j < H; j++) {
        const s = n * H + j;
        const dh = dH[s];
        if (keep) continue; // the state passes through unchanged: dH, dC carry over
        if (a.kind === 'lstm') {
          const ig = sigmoid(gi[g0 + r + j] + acc[g0 + r + j]);
          const fg = sigmoid(gi[g0 + r + H + j] + acc[g0 + r + H + j]);
          const gg = Math.tanh(gi[g0 + r + 2 * H + j] + acc[g0 + r + 2 * H + j]);
          const og = sigmoid(gi[g0 + r + 3 * H + j] + acc[g0 + r + 3 * H + j]);
          const tc = Math.tanh(y[gOff + NH + s]);
          const dc = dC[s] + dh * og * (1 - tc * tc);
          dgi[g0 + r + j] = dc * gg * ig * (1 - ig);
          dgi[g0 + r + H + j] = dc * cPrev![t * NH + s] * fg * (1 - fg);
          dgi[g0 + r + 2 * H + j] = dc * ig * (1 - gg * gg);
          dgi[g0 + r + 3 * H + j] = dh * tc * og * (1 - og);
          dC[s] = dc * fg;
          dH[s] = 0;
        } else if (a.kind === 'gru') {
          const hp = hPrev[t * NH + s];
          const rg = sigmoid(gi[g0 + r + j] + acc[g0 + r + j] + bb[j]);
          const zg = sigmoid(gi[g0 + r + H + j] + acc[g0 + r + H + j] + bb[H + j]);
          const an = acc[g0 + r + 2 * H + j] + bb[2 * H + j];
          const ng = Math.tanh(gi[g0 + r + 2 * H + j] + rg * an);
          // h' = (1 − z)·n + z·h
          const dn = dh * (1 - zg) * (1 - ng * ng);
          const dr = dn * an * rg * (1 - rg);
          const dz = dh * (hp - ng) * zg * (1 - zg);
          dgi[g0 + r + j] = dgh[g0 + r + j] = dr;
          dgi[g0 + r + H + j] = dgh[g0 + r + H + j] = dz;
          dgi[g0 + r + 2 * H + j] = dn;
          dgh[g0 + r + 2 * H + j] = dn * rg;
          dH[s] = dh * zg;
        } else {
          const h = y[gOff + s];
          dgi[g0 + r + j] = a.kind === 'rnnTanh' ? dh * (1 - h * h) : h > 0 ? dh : 0;
          dH[s] = 0;
        }
      }
    }
    // dh_prev += dA·W_hh ([N, GH] @ [GH, H]); kept rows already hold their carried gradient
    getBackend().kernels.matmul(dgh, w, back, {
      batch: 1, m: N, k: GH, n: H, aBatchStride: 0, bBatchStride: 0, transA: false, transB: false, aOffset: g0, bOffset: 0,
    });
    for (let i = 0; i < NH; i++) dH[i] += back[i];
  }
  const grads: (Tensor | null)[] = [dGi];
  // dW_hh = Σ_t dA_tᵀ·h_prev,t: [GH, T·N] @ [T·N, H], one GEMM
  const dW = fresh([GH, H], dtype, false);
  getBackend().kernels.matmul(dgh, hPrev, dW.data, {
    batch: 1, m: GH, k: T * N, n: H, aBatchStride: 0, bBatchStride: 0, transA: true, transB: false, aOffset: 0, bOffset: 0,
  });
  grads.push(dW, fromArray(dH, [N, H], dtype));
  if (S === 2) grads.push(fromArray(dC, [N, H], dtype));
  if (a.hasBias) {
    const db = fresh([GH], dtype, true);
    const d = db.data as Floats;
    for (let row = 0; row < T * N; row++) for (let j = 0; j < GH; j++) d[j] += dgh[row * GH + j];
    grads.push(db);
  }
  if (a.hasMask) grads.push(null);
  return grads;
}

function fromArray(src: Floats, shape: number[], dtype: Tensor['dtype']): Tensor {
  const t = fresh(shape, dtype, false);
  (t.data as Floats).set(src);
  return t;
}
