// Wasm linear memory above the static data: long-lived blocks (parameters, optimizer state),
// then the scratch arena, always last so that it can grow in place.
//
//   [static | thread control | persistent blocks and holes … | arena: base → end of memory]
//
// Tensors own ordinary typed arrays (the GC frees them), so each kernel call copies its operands
// into the arena, computes, and copies the result out; the arena is reused by every call and
// grows, never shrinks (wasm memory cannot). Persistent blocks are typed arrays that *are* views
// of this memory, handed out for tensors that live across many steps: kernels read and write
// them in place, without the copies (a 784×256 weight is 800 KB, copied in for every forward and
// in and out for every optimizer step otherwise). They exist only with shared memory: growing a
// SharedArrayBuffer-backed memory leaves earlier views valid, growing an unshared one detaches them.

const PAGE = 65536;
const ALIGN = 64; // cache line; also leaves room for whole-vector tails
// NOTE: addresses may pass 2³¹ (memory grows to 4 GiB): index views with >>> 2, never >> 2

interface Hole {
  at: number;
  bytes: number;
  /** made for the storage pool (counted in pooledInUse too) */
  pooled?: boolean;
}

export class Arena {
  private base: number;
  private top: number;
  private views: { f32: Float32Array; i32: Int32Array } | null = null;
  /** free gaps between persistent blocks, by address */
  private holes: Hole[] = [];
  /** the buffers persistent views were made on (a shared memory's buffer object changes on grow) */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private persistentBytes = 0;
  private pooledBytes = 0;
  private readonly registry: FinalizationRegistry<Hole> | null;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
    private readonly maxBytes: number,
    /** cap on persistent blocks in all; 0 disables them (an unshared memory) */
    private readonly maxPersistent = 0,
  ) {
    this.base = this.top = base;
    // a collected persistent array gives its block back; until then it is simply held
    this.registry = maxPersistent > 0 && typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((h) => this.reclaim(h)) : null;
  }

  /** Forgets every allocation of the previous kernel call. */
  reset(): void {
    this.top = this.base;
  }

  /** Makes room for `bytes` more (plus alignment padding); false when memory cannot grow enough. */
  reserve(bytes: number, count = 1): boolean {
    return this.ensure(this.top + bytes + count * ALIGN);
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

  /**
   * A zeroed float32 (or int32) array of n elements that is a view of this memory, or null (no shared
   * memory, over the cap, or memory cannot grow). Call between kernel calls only: it may move
   * the arena's base. Its block returns when the array is collected.
   */
  persistent(n: number, pooled?: boolean): Float32Array | null;
  persistent(n: number, pooled: boolean, int32: true): Int32Array | null;
  persistent(n: number, pooled = false, int32 = false): Float32Array | Int32Array | null {
    const bytes = Math.ceil((n * 4) / ALIGN) * ALIGN || ALIGN;
    if (!this.registry || this.persistentBytes + bytes > this.maxPersistent) return null;
    let at = -1;
    const i = this.holes.findIndex((h) => h.bytes >= bytes);
    if (i >= 0) {
      const h = this.holes[i];
      at = h.at;
      if (h.bytes === bytes) this.holes.splice(i, 1);
      else this.holes[i] = { at: h.at + bytes, bytes: h.bytes - bytes };
    } else {
      // take it from the bottom of the (idle) arena
      if (!this.ensure(this.base + bytes)) return null;
      at = this.base;
      this.base = this.top = this.base + bytes;
    }
    this.persistentBytes += bytes;
    if (pooled) this.pooledBytes += bytes;
    const buffer = this.memory.buffer;
    this.buffers.add(buffer);
    const view = int32 ? new Int32Array(buffer, at, n) : new Float32Array(buffer, at, n);
    view.fill(0); // a reused hole holds old values
    this.registry.register(view, { at, bytes, pooled });
    return view;
  }

  /** The byte address of a persistent array (or a subarray of one) in this memory, or −1. */
  addressOf(x: ArrayBufferView): number {
    return this.buffers.has(x.buffer) ? x.byteOffset : -1;
  }

  /** Bytes `place` will copy into the arena for these operands (those not views of this memory). */
  copyBytes(...xs: [ArrayBufferView, number][]): number {
    let bytes = 0;
    for (const [x, len] of xs) if (this.addressOf(x) < 0) bytes += len * 4;
    return bytes;
  }

  /**
   * The address of x[offset, offset + len): where it lies when x is a view of this memory (a
   * persistent array, or a pooled one), else a copy in the arena (reserve copyBytes first).
   */
  place(x: Float32Array | Int32Array, offset: number, len: number): number {
    const at = this.addressOf(x);
    if (at >= 0) return at + offset * 4;
    const p = this.alloc(len * 4);
    (x instanceof Int32Array ? this.i32 : this.f32).set(x.subarray(offset, offset + len), p >>> 2);
    return p;
  }

  /** Where a kernel writes `len` elements of out: out itself when it lies here, else arena room. */
  room(out: Float32Array | Int32Array, len: number): number {
    const at = this.addressOf(out);
    return at >= 0 ? at : this.alloc(len * 4);
  }

  /** Copies a result written at p back into out, unless out lies here (then it is there already). */
  unplace(out: Float32Array | Int32Array, p: number, len: number, offset = 0): void {
    if (this.addressOf(out) >= 0) return;
    const view = out instanceof Int32Array ? this.i32 : this.f32;
    out.set(view.subarray(p >>> 2, (p >>> 2) + len), offset);
  }

  /** Bytes held by live persistent arrays. */
  get persistentInUse(): number {
    return this.persistentBytes;
  }

  /** The part of persistentInUse made for the storage pool (persistent(n, true)). */
  get pooledInUse(): number {
    return this.pooledBytes;
  }

  /** @internal Returns a persistent block (its array was collected); exported for tests. */
  reclaim(h: Hole): void {
    this.persistentBytes -= h.bytes;
    if (h.pooled) this.pooledBytes -= h.bytes;
    const holes = this.holes;
    let i = 0;
    while (i < holes.length && holes[i].at < h.at) i++;
    holes.splice(i, 0, { at: h.at, bytes: h.bytes });
    // merge with the neighbours, then give a last hole back to the arena below it
    if (i + 1 < holes.length && holes[i].at + holes[i].bytes === holes[i + 1].at) {
      holes[i].bytes += holes[i + 1].bytes;
      holes.splice(i + 1, 1);
    }
    if (i > 0 && holes[i - 1].at + holes[i - 1].bytes === holes[i].at) {
      holes[i - 1].bytes += holes[i].bytes;
      holes.splice(i, 1);
    }
    const last = holes[holes.length - 1];
    if (last && last.at + last.bytes === this.base) {
      this.base = this.top = last.at;
      holes.pop();
    }
  }

  /** Grows memory so that it reaches `need` bytes. */
  private ensure(need: number): boolean {
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

  private current() {
    const buf = this.memory.buffer;
    if (!this.views || this.views.f32.buffer !== buf) {
      this.views = { f32: new Float32Array(buf), i32: new Int32Array(buf) };
    }
    return this.views;
  }
}
