import { markTransient, noGrad } from '../autograd/engine.js';
import type { DType } from '../tensor/dtype.js';
import { fmt, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Parameter } from './parameter.js';

type Member = Tensor | Module;
/** Called after a module's forward with its arguments and output; may return a new output. */
export type ForwardHook = (module: Module, inputs: unknown[], output: any) => unknown;

/** Own members in declaration order, arrays (nested) flattened to `name.i`. */
function* flatMembers(name: string, v: unknown): Generator<[string, Member]> {
  if (v instanceof Tensor || v instanceof Module) yield [name, v];
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* flatMembers(`${name}.${i}`, v[i]);
}
const join = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Base class of layers and models. Parameters, buffers (other tensors, such as running means:
 * saved, not trained) and submodules are found by walking own properties in declaration order,
 * arrays included, and named with dots: `layers.0.weight`.
 * Example: class Net extends Module { fc = new Linear(4, 2); forward(x: Tensor) { return this.fc.forward(x); } }
 */
export abstract class Module {
  /** true in training mode (dropout active, batch norm uses batch statistics) */
  training = true;

  abstract forward(...args: any[]): any;

  /** @internal the named members of this module alone; Sequential names its layers 0, 1, … */
  protected members(): [string, Member][] {
    const out: [string, Member][] = [];
    for (const [k, v] of Object.entries(this)) if (k !== 'training') out.push(...flatMembers(k, v));
    return out;
  }

  /** Direct submodules with their names. */
  namedChildren(): [string, Module][] {
    return this.members().filter((e): e is [string, Module] => e[1] instanceof Module);
  }
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }
  /** This module and every submodule below it (pre-order, each once), with dotted names. */
  namedModules(prefix = '', seen = new Set<Module>()): [string, Module][] {
    if (seen.has(this)) return [];
    seen.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [k, m] of this.namedChildren()) out.push(...m.namedModules(join(prefix, k), seen));
    return out;
  }
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }
  /** Every tensor member below this module, shared ones under each of their names. */
  private namedTensors(prefix = '', path = new Set<Module>()): [string, Tensor][] {
    if (path.has(this)) return []; // a reference back up the tree is not a child
    path.add(this);
    const out: [string, Tensor][] = [];
    for (const [k, v] of this.members()) if (v instanceof Tensor) out.push([join(prefix, k), v]);
    for (const [k, m] of this.namedChildren()) out.push(...m.namedTensors(join(prefix, k), path));
    path.delete(this);
    return out;
  }
  /** Trainable parameters with dotted names; a parameter shared by two layers is listed once. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Tensor>();
    return this.namedTensors().filter((e): e is [string, Parameter] => {
      if (!(e[1] instanceof Parameter) || seen.has(e[1])) return false;
      seen.add(e[1]);
      return true;
    });
  }
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }
  /** Tensors that are saved with the model but not trained (running statistics). */
  namedBuffers(): [string, Tensor][] {
    return this.namedTensors().filter(([, t]) => !(t instanceof Parameter));
  }
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, t]) => t);
  }

  /**
   * Calls fn(module, inputs, output) after every forward of this module (a return value other
   * than undefined replaces the output), as torch's register_forward_hook; the lab reads feature
   * maps this way, and `output.retainGrad()` inside a hook keeps their gradients (saliency).
   * Example: const h = conv.registerForwardHook((m, args, out) => maps.push(out)); … h.remove();
   */
  registerForwardHook(fn: ForwardHook): { remove(): void } {
    const hooks = this.#forwardHooks;
    if (hooks.length === 0 && !Object.prototype.hasOwnProperty.call(this, 'forward')) {
      // an own, non-enumerable forward wraps the class's one, so callers keep calling .forward()
      const inner = this.forward;
      this.#hookedForward = (...args: unknown[]) => {
        let out = inner.apply(this, args);
        for (const h of [...hooks]) {
          const r = h(this, args, out);
          if (r !== undefined) out = r;
        }
        return out;
      };
      Object.defineProperty(this, 'forward', { configurable: true, writable: true, value: this.#hookedForward });
    }
    hooks.push(fn);
    return {
      remove: () => {
        const i = hooks.indexOf(fn);
        if (i >= 0) hooks.splice(i, 1);
      },
    };
  }
  #forwardHooks: ForwardHook[] = [];

  /**
   * @internal A built-in layer as shipped: its class declares an own static `pureLayer` (a
   * subclass may store tensors, so it does not inherit it), and no hook or patched forward sees
   * its tensors. Its forward then keeps no reference to its inputs or output (see chain()).
   */
  get isPureLayer(): boolean {
    const own = Object.getOwnPropertyDescriptor(this, 'forward');
    return Object.hasOwn(this.constructor, 'pureLayer') && this.#forwardHooks.length === 0 && (!own || own.value === this.#hookedForward);
  }
  #hookedForward: unknown = null;

  /** Sets training mode here and below (dropout, batch norm); returns this. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode: train(false). */
  eval(): this {
    return this.train(false);
  }
  /** Clears every parameter's .grad (set to null, as PyTorch's default). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }
  /** Freezes (false) or unfreezes (true) every parameter; frozen ones get no gradient. Returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }
  /** Number of parameter elements (only those with requiresGrad when trainableOnly is set). */
  numParameters({ trainableOnly = false } = {}): number {
    return this.parameters().reduce((n, p) => n + (trainableOnly && !p.requiresGrad ? 0 : p.size), 0);
  }
  /** Calls fn on every module below and including this one; returns this. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.modules()) fn(m);
    return this;
  }

  /**
   * Parameters and buffers by dotted name. The tensors share storage with the model (detached),
   * as in PyTorch: clone them to keep a snapshot while training goes on.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [k, t] of this.namedTensors()) out[k] = t.detach();
    return out;
  }
  /**
   * Copies tensors into the model's parameters and buffers in place (optimizers keep working).
   * Shape mismatches always throw; missing or unexpected keys throw when strict (the default).
   */
  loadStateDict(
    sd: Record<string, Tensor>,
    { strict = true }: { strict?: boolean } = {},
  ): { missingKeys: string[]; unexpectedKeys: string[] } {
    const own = new Map(this.namedTensors());
    const missingKeys = [...own.keys()].filter((k) => !(k in sd));
    const unexpectedKeys = Object.keys(sd).filter((k) => !own.has(k));
    const problems: string[] = [];
    for (const [k, t] of own) {
      const src = sd[k];
      if (src && !sameShape(src.shape, t.shape))
        problems.push(`shape mismatch for ${k}: checkpoint ${fmt(src.shape)}, model ${fmt(t.shape)}`);
    }
    if (strict && missingKeys.length) problems.push(`missing keys: ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length) problems.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
    if (problems.length) throw new Error(`loadStateDict: ${problems.join('; ')}`);
    noGrad(() => {
      for (const [k, t] of own) {
        const src = sd[k];
        if (!src) continue;
        if (!t.isContiguous()) throw new Error(`loadStateDict: ${k} is a strided view and cannot be written in place`);
        t.data.set(src.to(t.dtype).values(), t.offset);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts floating parameters and buffers to dtype (float64 for gradient checks), replacing
   * them: call it before creating an optimizer. Returns this.
   */
  to(dtype: DType): this {
    const done = new Map<Tensor, Tensor>(); // a tensor shared by two layers stays shared
    const convert = (v: Tensor): Tensor => {
      if (v.dtype === 'int32' || v.dtype === dtype) return v;
      if (v instanceof Parameter) return new Parameter(v.to(dtype), { requiresGrad: v.requiresGrad });
      return noGrad(() => v.to(dtype).clone());
    };
    const conv = (v: unknown): unknown => {
      if (v instanceof Tensor) {
        if (!done.has(v)) done.set(v, convert(v));
        return done.get(v);
      }
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = conv(v[i]);
      return v;
    };
    for (const m of this.modules()) {
      const self = m as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(m)) if (v instanceof Tensor || Array.isArray(v)) self[k] = conv(v);
    }
    return this;
  }
  double(): this {
    return this.to('float64');
  }
  float(): this {
    return this.to('float32');
  }

  /** Options shown in the summary, as `inFeatures=4, outFeatures=2`. */
  extraRepr(): string {
    return '';
  }
  /** A printable tree of the modules with their parameter counts and the total. */
  toString(): string {
    const total = this.numParameters();
    const trainable = this.numParameters({ trainableOnly: true });
    return `${this.describe()}\nTotal: ${count(total)} parameters (${count(trainable)} trainable)`;
  }
  private describe(): string {
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    const kids = this.namedChildren();
    if (kids.length === 0) {
      const own = this.members().reduce((n, [, v]) => n + (v instanceof Parameter ? v.size : 0), 0);
      return `${head})${own ? `  ${count(own)} params` : ''}`;
    }
    const lines = kids.map(([k, m]) => `  (${k}): ${m.describe().split('\n').join('\n  ')}`);
    return `${head}\n${lines.join('\n')}\n)`;
  }
}

/**
 * Runs `layers` in order, each on the previous one's output (Sequential's forward). An
 * intermediate output that only passed between pure layers (Module.isPureLayer) can be reached by
 * nothing but the autograd graph, so it is marked transient: backward hands its storage back for
 * the next step's forward instead of leaving it to the garbage collector. A pure layer's view of
 * it (Flatten) carries it on: the storage is marked once the view, too, is consumed by a pure layer.
 * Example: const logits = chain(x, [conv, pool, relu, flatten, fc]);
 */
export function chain(x: unknown, layers: readonly Module[]): any {
  let h = x;
  let carried: Tensor | null = null; // an output of this chain whose storage the view h shares
  for (let i = 0; i < layers.length; i++) {
    const out = layers[i].forward(h);
    const pure = i > 0 && h instanceof Tensor && out instanceof Tensor && layers[i - 1].isPureLayer && layers[i].isPureLayer;
    const view = pure && (out as Tensor).data === (h as Tensor).data;
    if (pure && !view) markTransient(carried ?? (h as Tensor), carried !== null);
    carried = view ? (carried ?? (h as Tensor)) : null;
    h = out;
  }
  return h;
}
