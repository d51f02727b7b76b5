import { noGrad, zeroGradInPlace } from '../autograd/engine.js';
import type { Data } from '../backend/backend.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { allocPersistent, isPersistent } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

/** A zero tensor shaped like t, in persistent storage. */
function persistentLike(t: Tensor): Tensor {
  return new Tensor(allocPersistent(t.dtype, t.size), [...t.shape], t.dtype);
}

/** Options every optimizer has; each optimizer adds its own. */
export interface GroupOptions {
  lr: number;
}
/** A group of parameters sharing options; schedulers change `lr` here. */
export type ParamGroup<O extends GroupOptions> = O & { params: Tensor[] };
/** Parameters, or groups of them with options that override the defaults. */
export type ParamsInput<O extends GroupOptions> = Iterable<Tensor> | (Partial<O> & { params: Iterable<Tensor> })[];
/** Per-parameter state: step counts and buffers (contiguous, offset 0, the parameter's shape). */
export type ParamState = Record<string, number | Tensor>;

/** What stateDict returns: parameters are referred to by their index across all groups. */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/**
 * Base of the optimizers: parameter groups with per-group options, step(), zeroGrad() and a
 * state dict for resuming. Updates run in place on each parameter's storage, one fused loop per
 * parameter, under noGrad.
 */
export abstract class Optimizer<O extends GroupOptions> {
  readonly paramGroups: ParamGroup<O>[] = [];
  /** per-parameter state, created lazily on the first step */
  readonly state = new Map<Tensor, ParamState>();

  constructor(
    protected readonly name: string,
    params: ParamsInput<O>,
    readonly defaults: O,
  ) {
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new Error(`${name}: got an empty parameter list`);
    const groups = list.every((x) => x instanceof Tensor)
      ? [{ params: list as Tensor[] } as Partial<O> & { params: Tensor[] }]
      : (list as (Partial<O> & { params: Iterable<Tensor> })[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /** Adds a group; options it leaves out take the optimizer's defaults. */
  addParamGroup(group: Partial<O> & { params: Iterable<Tensor> }): void {
    if (group instanceof Tensor || !group || typeof group !== 'object' || !('params' in group))
      throw new Error(`${this.name}: expected parameters (tensors) or groups of the form { params, ...options }`);
    const params = [...group.params];
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) throw new Error(`${this.name}: parameter ${i} is not a tensor`);
      if (p.dtype === 'int32') throw new Error(`${this.name}: parameter ${i} is int32; only floating tensors can be optimized`);
      if (p.base !== null || !p.isContiguous())
        throw new Error(`${this.name}: parameter ${i} (shape ${fmt(p.shape)}) is a view; optimizers update storage in place, so pass leaf tensors such as Parameters`);
      if (seen.has(p)) throw new Error(`${this.name}: parameter ${i} appears in more than one group (or twice)`);
      seen.add(p);
    });
    const full = { ...this.defaults, ...group, params } as ParamGroup<O>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /** Throws on invalid options (negative learning rate, betas outside [0, 1) …). */
  protected validate(group: O): void {
    if (!(group.lr >= 0)) throw new Error(`${this.name}: invalid learning rate ${group.lr}`);
  }

  /** The first group's learning rate. */
  get lr(): number {
    return this.paramGroups[0].lr;
  }
  set lr(v: number) {
    this.paramGroups[0].lr = v;
  }

  /**
   * Clears the gradients of every optimized parameter. Gradients that backward created are zeroed
   * in place and refilled by the next backward (PyTorch's set_to_none=False): in JavaScript a
   * fresh large array costs page faults and garbage collection on every step, far more than
   * zeroing one. Gradients assigned by hand, and all of them with setToNone, become null.
   * Example: opt.zeroGrad(); loss.backward(); opt.step();
   */
  zeroGrad({ setToNone = false }: { setToNone?: boolean } = {}): void {
    for (const g of this.paramGroups)
      for (const p of g.params) {
        // a parameter in persistent memory gets its gradient there too (once), so the update
        // kernels read it in place
        if (setToNone || !zeroGradInPlace(p, (old) => (isPersistent(p.data) && !isPersistent(old.data) ? persistentLike(old) : old)))
          p.grad = null;
      }
  }

  /**
   * One update of every parameter that has a gradient. A closure, if given, is called first (to
   * recompute the loss and gradients) and its result returned, as in PyTorch.
   */
  step<R = void>(closure?: () => R): R | undefined {
    const result = closure?.();
    noGrad(() => {
      for (const group of this.paramGroups)
        for (const p of group.params) {
          if (!p.grad) continue;
          if (!sameShape(p.grad.shape, p.shape))
            throw new Error(`${this.name}: gradient ${fmt(p.grad.shape)} does not match parameter ${fmt(p.shape)}`);
          let st = this.state.get(p);
          if (!st) this.state.set(p, (st = {}));
          this.update(p.data, p.grad.to(p.dtype).values(), group, st, p);
        }
    });
    return result;
  }

  /** Updates one parameter's storage `w` from its flat gradient `g`. */
  protected abstract update(w: Data, g: Data, group: ParamGroup<O>, state: ParamState, p: Tensor): void;

  /** The buffer `key` of a parameter's state, created as zeros (or a copy of `init`) on first use. */
  protected buffer(state: ParamState, key: string, p: Tensor, init?: Data): Data {
    let t = state[key] as Tensor | undefined;
    if (!t) {
      // persistent: the backend's kernels update it in place on every step, without copies
      const data = allocPersistent(p.dtype, p.size);
      if (init) data.set(init);
      state[key] = t = new Tensor(data, [...p.shape], p.dtype);
    }
    return t.data;
  }

  /** Options and state (cloned) for a checkpoint; parameters are numbered across groups. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map(({ params, ...opts }) => ({
      ...structuredClone(opts),
      params: params.map((p) => {
        index.set(p, index.size);
        return index.size - 1;
      }),
    }));
    const state: Record<number, ParamState> = {};
    for (const [p, st] of this.state) {
      const i = index.get(p);
      if (i === undefined) continue;
      state[i] = Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]));
    }
    return { state, paramGroups };
  }

  /** Restores options and state saved by stateDict (the groups must have the same sizes). */
  loadStateDict(sd: OptimizerStateDict): void {
    const sizes = (gs: { params: unknown[] }[]) => gs.map((g) => g.params.length).join(', ');
    if (sd.paramGroups.length !== this.paramGroups.length || sizes(sd.paramGroups) !== sizes(this.paramGroups))
      throw new Error(
        `${this.name}.loadStateDict: the saved groups have [${sizes(sd.paramGroups)}] parameters, this optimizer [${sizes(this.paramGroups)}]`,
      );
    const params = this.paramGroups.flatMap((g) => g.params);
    const state = new Map<Tensor, ParamState>();
    for (const [key, st] of Object.entries(sd.state)) {
      const p = params[Number(key)];
      if (!p) throw new Error(`${this.name}.loadStateDict: state for parameter ${key}, but there are ${params.length}`);
      const copy: ParamState = {};
      for (const [k, v] of Object.entries(st)) {
        if (!(v instanceof Tensor)) {
          copy[k] = v;
          continue;
        }
        if (!sameShape(v.shape, p.shape))
          throw new Error(`${this.name}.loadStateDict: ${k} of parameter ${key} has shape ${fmt(v.shape)}, the parameter ${fmt(p.shape)}`);
        copy[k] = new Tensor(v.to(p.dtype).values().slice(), [...p.shape], p.dtype);
      }
      state.set(p, copy);
    }
    this.paramGroups.forEach((g, i) => {
      const { params: _ignored, ...opts } = sd.paramGroups[i];
      Object.assign(g, structuredClone(opts));
    });
    this.state.clear();
    for (const [p, st] of state) this.state.set(p, st);
  }
}
