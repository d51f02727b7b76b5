// The scratch arena in wasm linear memory. Tensors own ordinary typed arrays (the GC frees them),
// so each kernel call copies its operands in, computes, and copies the result out; the arena is
// reused by every call and grows, never shrinks (wasm memory cannot).

const PAGE = 65536;
const ALIGN = 64; // cache line; also leaves room for whole-vector tails
// NOTE: addresses may pass 2³¹ (memory grows to 4 GiB): index views with >>> 2, never >> 2

export class Arena {
  private top: number;
  private views: { f32: Float32Array; i32: Int32Array } | null = null;

  constructor(
    readonly memory: WebAssembly.Memory,
    readonly base: number,
    private readonly maxBytes: number,
  ) {
    this.top = base;
  }

  /** Forgets every allocation of the previous kernel call. */
  reset(): void {
    this.top = this.base;
  }

  /** Makes room for `bytes` more (plus alignment padding); false when memory cannot grow enough. */
  reserve(bytes: number, count = 1): boolean {
    const need = this.top + bytes + count * ALIGN;
    const have = this.memory.buffer.byteLength;
    if (need <= have) return true;
    if (need > this.maxBytes) return false;
    // grow geometrically so a sequence of growing ops does not grow every call
    const target = Math.min(this.maxBytes, Math.max(need, have * 1.5));
    try {
      this.memory.grow(Math.ceil((target - have) / PAGE));
    } catch {
      return false;
    }
    this.views = null;
    return true;
  }

  /** Byte address of a fresh 64-byte aligned block (call reserve first). */
  alloc(bytes: number): number {
    const p = this.top;
    this.top = Math.ceil((p + bytes) / ALIGN) * ALIGN;
    return p;
  }

  get f32(): Float32Array {
    return this.current().f32;
  }

  get i32(): Int32Array {
    return this.current().i32;
  }

  private current() {
    const buf = this.memory.buffer;
    if (!this.views || this.views.f32.buffer !== buf) {
      this.views = { f32: new Float32Array(buf), i32: new Int32Array(buf) };
    }
    return this.views;
  }
}
