/**
 * The histogram kernels as a WebAssembly module, written here as bytecode so the package needs no
 * build step for them. Measured on synth-binary-200k's bins, the wasm loop adds a row's gradient
 * pair to its slots about twice as fast as the same loop in JS (1.0 vs 2.2 ns per slot): no bounds
 * checks, and one f64x2 add serves Σg and Σh together.
 *
 * Every kernel has the signature
 *   (bins, values, idx, begin, end, nf, f0, f1, hist, offs) → junk (the words read ahead, xor-ed)
 * and adds, for rows i = idx[begin..end) and features f0 ≤ f < f1, the row's value to the slot at
 * byte hist + offs[f] + bins[i·nf + f]·slotBytes: bins is the row-major matrix of each feature's
 * own bin (u8 when every feature has ≤ 256 bins: half the bytes per row of u16, ~15% faster),
 * values either interleaved (g, h) f64 pairs (one f64x2 per slot) or packed quantized gradients
 * (one f64). Threads take disjoint feature ranges, so they write disjoint slots: no reduction.
 */

export const kernelNames = ['exact8', 'exact16', 'packed8', 'packed16'] as const;
export const partitionNames = ['partition8', 'partition16'] as const;
/** kernelNames[k] + 'Claim': the same kernel over a table of chunks that threads claim (claimBody) */
export const claimNames = kernelNames.map((name) => `${name}Claim`);
/** kernelNames[k] + 'Cols': the same sums over consecutive rows, feature by feature (columnsBody) */
const columnNames = kernelNames.map((name) => `${name}Cols`);
/** Bytes of one chunk in a claim table: i32 begin, end, hist, parent, f0, f1, byColumns. */
export const CHUNK_BYTES = 28;

// opcodes used below
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const GET = 0x20;
const SET = 0x21;
const TEE = 0x22;
const I32_LOAD = 0x28;
const F64_LOAD = 0x2b;
const I32_LOAD8_U = 0x2d;
const I32_LOAD16_U = 0x2f;
const I32_STORE = 0x36;
const F64_STORE = 0x39;
const CALL = 0x10;
const SELECT = 0x1b;
const DROP_ = 0x1a;
const ELSE = 0x05;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_LT_S = 0x48;
const I32_GE_S = 0x4e;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const I32_SHR_U = 0x76;
const I32_XOR = 0x73;
const F64_ADD = 0xa0;
const F64_SUB = 0xa1;
const SIMD = 0xfd;
const BULK = 0xfc; // memory.fill is BULK 0x0b
const ATOMIC = 0xfe; // i32.atomic.rmw.add is ATOMIC 0x1e

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const str = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// parameters, then locals
const BINS = 0, VALUES = 1, IDX = 2, BEGIN = 3, END_ROW = 4, NF = 5, F0 = 6, F1 = 7, HIST = 8, OFFS = 9;
const P = 10, ROW = 11, ROW_END4 = 12, ROW_END = 13, ADDR = 14, OFF = 15, VALUE = 16;
const Q = 17, Q_END = 18, ACC = 19, AHEAD = 20;
/** rows touched ahead at once (see `touch` in kernelBody); of 4, 8, 16 and 32, 16 was fastest on synth's deep levels */
const LOOKAHEAD = 16;

/** The body of one kernel: binShift 0 (u8 bins) or 1 (u16); exact: f64x2 pairs, else packed f64. */
function kernelBody(binShift: number, exact: boolean): number[] {
  const slotShift = exact ? 4 : 3;
  const loadBin = (offset: number) => (binShift === 0 ? [I32_LOAD8_U, 0, ...uleb(offset)] : [I32_LOAD16_U, 1, ...uleb(offset)]);
  // hist[offs[f] + bin] += value, for the feature at row + u
  const addAt = (u: number) => [
    GET, HIST, GET, OFF, I32_LOAD, 2, ...uleb(4 * u), I32_ADD,
    GET, ROW, ...loadBin(u << binShift), I32_CONST, slotShift, I32_SHL, I32_ADD, TEE, ADDR, GET, ADDR,
    ...(exact
      ? [SIMD, 0x00, 3, 0, GET, VALUE, SIMD, ...uleb(0xf0), SIMD, 0x0b, 3, 0] // v128.load, f64x2.add, v128.store
      : [F64_LOAD, 3, 0, GET, VALUE, F64_ADD, F64_STORE, 3, 0]),
  ];
  const span = [GET, F1, GET, F0, I32_SUB]; // features this call covers
  const rowSetup = [
    GET, IDX, GET, P, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0, SET, ADDR, // i = idx[p]
    GET, VALUES, GET, ADDR, I32_CONST, slotShift, I32_SHL, I32_ADD, // the row's value
    ...(exact ? [SIMD, 0x00, 3, 0] : [F64_LOAD, 3, 0]), SET, VALUE,
    GET, BINS, GET, ADDR, GET, NF, I32_MUL, GET, F0, I32_ADD, I32_CONST, binShift, I32_SHL, I32_ADD, SET, ROW,
    GET, ROW, ...span, I32_CONST, binShift, I32_SHL, I32_ADD, SET, ROW_END,
    GET, ROW, ...span, I32_CONST, ...sleb(-4), I32_AND, I32_CONST, binShift, I32_SHL, I32_ADD, SET, ROW_END4,
    GET, OFFS, GET, F0, I32_CONST, 2, I32_SHL, I32_ADD, SET, OFF,
  ];
  const loopTo = (endLocal: number, body: number[], features: number) => [
    BLOCK, 0x40, LOOP, 0x40,
    GET, ROW, GET, endLocal, I32_GE_U, BR_IF, 1,
    ...body,
    GET, ROW, I32_CONST, ...sleb(features << binShift), I32_ADD, SET, ROW,
    GET, OFF, I32_CONST, ...sleb(4 * features), I32_ADD, SET, OFF,
    BR, 0,
    END, END,
  ];
  // Every LOOKAHEAD rows, read one word of each of the next LOOKAHEAD rows' bins and value: a deep
  // node's rows are scattered, and a row's 50-odd slot updates fill the CPU's reorder window, so
  // unlike a plain loop this keeps those rows' cache misses in flight together instead of one per
  // row (wasm has no prefetch instruction; the words are xor-ed into the result so they stay read)
  const touch = [
    GET, P, GET, BEGIN, I32_SUB, I32_CONST, LOOKAHEAD - 1, I32_AND, I32_EQZ, IF, 0x40,
    GET, P, I32_CONST, LOOKAHEAD, I32_ADD, SET, Q,
    GET, P, I32_CONST, 2 * LOOKAHEAD, I32_ADD, TEE, Q_END, GET, END_ROW, GET, Q_END, GET, END_ROW, I32_LT_S,
    SELECT, SET, Q_END,
    BLOCK, 0x40, LOOP, 0x40,
    GET, Q, GET, Q_END, I32_GE_S, BR_IF, 1,
    GET, IDX, GET, Q, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0, SET, AHEAD,
    GET, ACC,
    GET, BINS, GET, AHEAD, GET, NF, I32_MUL, GET, F0, I32_ADD, I32_CONST, binShift, I32_SHL, I32_ADD, TEE, ADDR,
    ...loadBin(0), I32_XOR,
    GET, ADDR, ...span, I32_CONST, 1, I32_SUB, I32_CONST, binShift, I32_SHL, I32_ADD, ...loadBin(0), I32_XOR,
    GET, VALUES, GET, AHEAD, I32_CONST, slotShift, I32_SHL, I32_ADD, I32_LOAD, 2, 0, I32_XOR,
    SET, ACC,
    GET, Q, I32_CONST, 1, I32_ADD, SET, Q, BR, 0,
    END, END,
    END,
  ];
  const code = [
    GET, BEGIN, SET, P,
    BLOCK, 0x40, LOOP, 0x40,
    GET, P, GET, END_ROW, I32_GE_S, BR_IF, 1,
    ...touch,
    ...rowSetup,
    // four slots per step: independent read-modify-writes the CPU can overlap
    ...loopTo(ROW_END4, [...addAt(0), ...addAt(1), ...addAt(2), ...addAt(3)], 4),
    ...loopTo(ROW_END, addAt(0), 1),
    GET, P, I32_CONST, 1, I32_ADD, SET, P, BR, 0,
    END, END,
    GET, ACC,
  ];
  const locals = vec([[6, I32], [1, exact ? V128 : F64], [4, I32]]);
  const fn = [...locals, ...code, END];
  return [...uleb(fn.length), ...fn];
}

/**
 * The body of partitionN (col, goLeft, idx, scratch, begin, end) → first right index: the stable,
 * branch-free partition of idx[begin..end) by goLeft[col[i]] (grow.ts has its JS twin).
 */
function partitionBody(binShift: number): number[] {
  const COL = 0, GO_LEFT = 1, IDXP = 2, SCRATCH = 3, FROM = 4, TO = 5;
  const Q = 6, Q_END = 7, WL = 8, WR = 9, I = 10, L = 11;
  const loadBin = binShift === 0 ? [I32_LOAD8_U, 0, 0] : [I32_LOAD16_U, 1, 0];
  const code = [
    GET, IDXP, GET, FROM, I32_CONST, 2, I32_SHL, I32_ADD, TEE, Q, SET, WL,
    GET, IDXP, GET, TO, I32_CONST, 2, I32_SHL, I32_ADD, SET, Q_END,
    GET, SCRATCH, SET, WR,
    BLOCK, 0x40, LOOP, 0x40,
    GET, Q, GET, Q_END, I32_GE_U, BR_IF, 1,
    GET, Q, I32_LOAD, 2, 0, SET, I,
    GET, GO_LEFT, GET, COL, GET, I, I32_CONST, binShift, I32_SHL, I32_ADD, ...loadBin, I32_ADD, I32_LOAD8_U, 0, 0,
    I32_CONST, 2, I32_SHL, SET, L, // 4 when the row goes left, else 0
    GET, WL, GET, I, I32_STORE, 2, 0, GET, WR, GET, I, I32_STORE, 2, 0,
    GET, WL, GET, L, I32_ADD, SET, WL,
    GET, WR, I32_CONST, 4, I32_ADD, GET, L, I32_SUB, SET, WR,
    GET, Q, I32_CONST, 4, I32_ADD, SET, Q, BR, 0,
    END, END,
    // the right part follows the left one
    GET, SCRATCH, SET, Q, GET, WL, SET, I,
    BLOCK, 0x40, LOOP, 0x40,
    GET, Q, GET, WR, I32_GE_U, BR_IF, 1,
    GET, I, GET, Q, I32_LOAD, 2, 0, I32_STORE, 2, 0,
    GET, Q, I32_CONST, 4, I32_ADD, SET, Q, GET, I, I32_CONST, 4, I32_ADD, SET, I, BR, 0,
    END, END,
    GET, WL, GET, IDXP, I32_SUB, I32_CONST, 2, I32_SHR_U,
  ];
  const fn = [...vec([[6, I32]]), ...code, END];
  return [...uleb(fn.length), ...fn];
}

/** Rows per block of the column-wise kernel: their values (2 MB for all of synth's 160,000) stay in L2. */
const COLUMN_BLOCK = 4096;

/**
 * The body of a column-wise kernel, (cols, values, n, begin, end, nf, f0, f1, hist, offs) → 0 with
 * cols the column-major bins [nf][n]: sums rows begin..end (all of them in order: the root), a block
 * of rows at a time, one feature after another. A feature's slots (4 KB) then stay in L1 while its
 * column and the block's values stream in, where the row-wise kernel's updates scatter over the
 * whole histogram (200 KB). Each slot still adds its rows in increasing order: the same sums, bit for bit.
 */
function columnsBody(binShift: number, exact: boolean): number[] {
  const COLS = 0, N = 2;
  const RB = 10, RBE = 11, F = 12, H = 13, CP = 14, CE = 15, V = 16, A = 17, CE4 = 18;
  const slotShift = exact ? 4 : 3;
  const loadBin = (u: number) => (binShift === 0 ? [I32_LOAD8_U, 0, u] : [I32_LOAD16_U, 1, 2 * u]);
  const colAt = (row: number) => [GET, COLS, GET, F, GET, N, I32_MUL, GET, row, I32_ADD, I32_CONST, binShift, I32_SHL, I32_ADD];
  // hist[bin of row u] += value of row u, rows counted from CP and V
  const addRow = (u: number) => [
    GET, H, GET, CP, ...loadBin(u), I32_CONST, slotShift, I32_SHL, I32_ADD, TEE, A, GET, A,
    ...(exact
      ? [SIMD, 0x00, 4, 0, GET, V, SIMD, 0x00, 4, ...uleb(16 * u), SIMD, ...uleb(0xf0), SIMD, 0x0b, 4, 0]
      : [F64_LOAD, 3, 0, GET, V, F64_LOAD, 3, ...uleb(8 * u), F64_ADD, F64_STORE, 3, 0]),
  ];
  const rowsTo = (endLocal: number, rows: number) => [
    BLOCK, 0x40, LOOP, 0x40,
    GET, CP, GET, endLocal, I32_GE_U, BR_IF, 1,
    ...Array.from({ length: rows }, (_, u) => addRow(u)).flat(),
    GET, CP, I32_CONST, rows << binShift, I32_ADD, SET, CP,
    GET, V, I32_CONST, ...sleb(rows << slotShift), I32_ADD, SET, V,
    BR, 0,
    END, END,
  ];
  const code = [
    GET, BEGIN, SET, RB,
    BLOCK, 0x40, LOOP, 0x40,
    GET, RB, GET, END_ROW, I32_GE_S, BR_IF, 1,
    GET, RB, I32_CONST, ...sleb(COLUMN_BLOCK), I32_ADD, TEE, RBE, GET, END_ROW, GET, RBE, GET, END_ROW, I32_LT_S, SELECT, SET, RBE,
    GET, F0, SET, F,
    BLOCK, 0x40, LOOP, 0x40,
    GET, F, GET, F1, I32_GE_S, BR_IF, 1,
    GET, HIST, GET, OFFS, GET, F, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0, I32_ADD, SET, H,
    ...colAt(RB), SET, CP,
    ...colAt(RBE), SET, CE,
    GET, CP, GET, RBE, GET, RB, I32_SUB, I32_CONST, ...sleb(-4), I32_AND, I32_CONST, binShift, I32_SHL, I32_ADD, SET, CE4,
    GET, VALUES, GET, RB, I32_CONST, slotShift, I32_SHL, I32_ADD, SET, V,
    // four rows per step, as the row-wise kernel takes four features
    ...rowsTo(CE4, 4),
    ...rowsTo(CE, 1),
    GET, F, I32_CONST, 1, I32_ADD, SET, F, BR, 0,
    END, END,
    GET, RBE, SET, RB, BR, 0,
    END, END,
    I32_CONST, 0,
  ];
  const fn = [...vec([[9, I32]]), ...code, END];
  return [...uleb(fn.length), ...fn];
}

/**
 * The body of a claim kernel (bins, values, idx, table, count, nf, offs, counter) → junk: takes the
 * next chunk number from the i32 at `counter` (an atomic add) until all `count` chunks of the
 * table are taken. A chunk (begin, end, hist, parent, f0, f1) zeroes hist's slots of features
 * f0 ≤ f < f1, sums rows idx[begin..end) there with kernel `base`, and, when parent ≠ 0, subtracts
 * them from the parent's (leaving the sibling's histogram, see grow.ts). Chunks of one node cover
 * disjoint features, so threads never write the same slot; and as each thread takes work while
 * any is left, one that the OS runs late (a busy machine) leaves its share to the others rather
 * than holding them up. offs has nf + 1 entries, the last one the histogram's bytes.
 */
function claimBody(base: number, byColumns: number, exact: boolean): number[] {
  const TABLE = 3, COUNT = 4, NF_C = 5, OFFS_C = 6, COUNTER = 7, COLS_C = 8, N_C = 9;
  const C = 10, E = 11, ACC_C = 12, LO = 13, HI = 14, H = 15, X = 16, PAR = 17;
  const step = exact ? 16 : 8;
  const sub = exact
    ? [GET, X, GET, X, SIMD, 0x00, 4, 0, GET, X, GET, H, I32_ADD, SIMD, 0x00, 4, 0, SIMD, ...uleb(0xf1), SIMD, 0x0b, 4, 0]
    : [GET, X, GET, X, F64_LOAD, 3, 0, GET, X, GET, H, I32_ADD, F64_LOAD, 3, 0, F64_SUB, F64_STORE, 3, 0];
  const offsOf = (field: number) => [GET, OFFS_C, GET, E, I32_LOAD, 2, field, I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, 2, 0];
  const code = [
    BLOCK, 0x40, LOOP, 0x40,
    GET, COUNTER, I32_CONST, 1, ATOMIC, 0x1e, 2, 0, TEE, C, GET, COUNT, I32_GE_U, BR_IF, 1,
    GET, TABLE, GET, C, I32_CONST, CHUNK_BYTES, I32_MUL, I32_ADD, SET, E,
    ...offsOf(16), SET, LO,
    ...offsOf(20), SET, HI,
    GET, E, I32_LOAD, 2, 8, TEE, H, GET, LO, I32_ADD, I32_CONST, 0, GET, HI, GET, LO, I32_SUB, BULK, 0x0b, 0,
    GET, E, I32_LOAD, 2, 24, IF, 0x40,
    GET, COLS_C, GET, VALUES, GET, N_C, GET, E, I32_LOAD, 2, 0, GET, E, I32_LOAD, 2, 4, GET, NF_C,
    GET, E, I32_LOAD, 2, 16, GET, E, I32_LOAD, 2, 20, GET, H, GET, OFFS_C, CALL, byColumns, DROP_,
    ELSE,
    GET, ACC_C,
    GET, BINS, GET, VALUES, GET, IDX, GET, E, I32_LOAD, 2, 0, GET, E, I32_LOAD, 2, 4, GET, NF_C,
    GET, E, I32_LOAD, 2, 16, GET, E, I32_LOAD, 2, 20, GET, H, GET, OFFS_C, CALL, base, I32_XOR, SET, ACC_C,
    END,
    // parent − child over the chunk's bytes: X walks the parent, X + (hist − parent) the child
    GET, E, I32_LOAD, 2, 12, TEE, PAR, IF, 0x40,
    GET, H, GET, PAR, I32_SUB, SET, H,
    GET, PAR, GET, LO, I32_ADD, SET, X,
    GET, PAR, GET, HI, I32_ADD, SET, HI,
    BLOCK, 0x40, LOOP, 0x40,
    GET, X, GET, HI, I32_GE_U, BR_IF, 1,
    ...sub,
    GET, X, I32_CONST, step, I32_ADD, SET, X, BR, 0,
    END, END,
    END,
    BR, 0,
    END, END,
    GET, ACC_C,
  ];
  const fn = [...vec([[8, I32]]), ...code, END];
  return [...uleb(fn.length), ...fn];
}

/**
 * The module's bytes. It imports its memory as env.memory: `shared` (with its maximum in pages)
 * for worker threads, which instantiate the same module on the same memory.
 */
export function kernelModule(pages: number, shared: boolean): Uint8Array<ArrayBuffer> {
  const ints = (count: number) => vec(Array.from({ length: count }, () => [I32]));
  const types = [[0x60, ...ints(10), ...ints(1)], [0x60, ...ints(6), ...ints(1)]];
  const names = [...kernelNames, ...partitionNames, ...claimNames, ...columnNames];
  const limits = shared ? [0x03, ...uleb(pages), ...uleb(pages)] : [0x00, ...uleb(pages)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('memory'), 0x02, ...limits]])),
    ...section(3, vec(names.map((name) => [name.startsWith('partition') ? 1 : 0]))),
    ...section(7, vec(names.map((name, k) => [...str(name), 0x00, k]))),
    ...section(10, vec([kernelBody(0, true), kernelBody(1, true), kernelBody(0, false), kernelBody(1, false),
      partitionBody(0), partitionBody(1),
      ...kernelNames.map((name, k) => claimBody(k, names.indexOf(columnNames[k]), name.startsWith('exact'))),
      ...kernelNames.map((name, k) => columnsBody(k & 1, name.startsWith('exact')))])),
  ];
  return Uint8Array.from(bytes);
}
