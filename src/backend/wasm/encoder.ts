// A small WebAssembly binary writer: the part of the format the SIMD engine's kernels need (one
// imported memory, functions with i32/f32/v128 locals, structured loops, scalar and SIMD
// instructions, exports), so the kernels are assembled from TypeScript with no assembler dependency.

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';
const valCode: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Unsigned LEB128 (section sizes, indices, SIMD opcodes, memory offsets). */
export const uleb = (value: number): number[] => {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

/** Signed LEB128 (i32.const immediates). */
export const sleb = (value: number): number[] => {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
};

const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];
const named = (s: string): number[] => { const b = utf8(s); return [...uleb(b.length), ...b]; };
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** SIMD opcodes (prefix 0xfd) the kernels use. */
export const simd = {
  load: 0x00, load32Splat: 0x09, store: 0x0b, const: 0x0c, f32x4Splat: 0x13, f32x4ExtractLane: 0x1f,
  f32x4Eq: 0x41, f32x4Lt: 0x43, f32x4Gt: 0x44, f32x4Le: 0x45, f32x4Ge: 0x46,
  and: 0x4e, andNot: 0x4f, or: 0x50, xor: 0x51, bitselect: 0x52,
  f32x4Floor: 0x68, f32x4Nearest: 0x6a,
  i32x4Shl: 0xab, i32x4Add: 0xae, i32x4Sub: 0xb1,
  f32x4Abs: 0xe0, f32x4Neg: 0xe1, f32x4Sqrt: 0xe3, f32x4Add: 0xe4, f32x4Sub: 0xe5, f32x4Mul: 0xe6,
  f32x4Div: 0xe7, f32x4Min: 0xe8, f32x4Max: 0xe9, i32x4TruncSatF32x4S: 0xf8, f32x4ConvertI32x4S: 0xfa,
  // two-lane float64 and the conversions between f32x4 and f64x2 (the transcendental kernels)
  store32Lane: 0x5a, store64Lane: 0x5b, load64Zero: 0x5d, f32x4DemoteF64x2Zero: 0x5e, f64x2PromoteLowF32x4: 0x5f,
  f64x2Splat: 0x14, f64x2ExtractLane: 0x21, f64x2Eq: 0x47, f64x2Lt: 0x49, f64x2Gt: 0x4a, f64x2Ge: 0x4c, f64x2Nearest: 0x94,
  i64x2ExtendLowI32x4S: 0xc7, i64x2Shl: 0xcb, i64x2Add: 0xce,
  f64x2Abs: 0xec, f64x2Neg: 0xed, f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Div: 0xf3,
  f64x2Pmin: 0xf6, f64x2Pmax: 0xf7, i32x4TruncSatF64x2SZero: 0xfc,
} as const;

/**
 * One function's code, written as a stack machine with a few structured helpers. Locals are
 * numbered after the parameters; `whileLoop` and `ifThen` keep block nesting balanced.
 */
export class FnBuilder {
  private readonly code: number[] = [];
  private readonly locals: ValType[] = [];

  constructor(readonly name: string, readonly params: readonly ValType[], readonly results: readonly ValType[] = []) {}

  /** A new local of type `t`; returns its index. */
  local(t: ValType): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  op(...bytes: number[]): this { for (const b of bytes) this.code.push(b); return this; }
  get(i: number): this { return this.op(0x20, ...uleb(i)); }
  set(i: number): this { return this.op(0x21, ...uleb(i)); }
  tee(i: number): this { return this.op(0x22, ...uleb(i)); }
  i32(v: number): this { return this.op(0x41, ...sleb(v)); }
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  f32(v: number): this {
    const b = new Uint8Array(new Float32Array([v]).buffer);
    return this.op(0x43, ...b);
  }
  simd(opcode: number, ...imm: number[]): this { return this.op(0xfd, ...uleb(opcode), ...imm); }
  /** v128.const with four equal f32 lanes. */
  f32x4(v: number): this {
    const b = new Uint8Array(new Float32Array([v, v, v, v]).buffer);
    return this.simd(simd.const, ...b);
  }
  /** v128.const with four equal i32 lanes. */
  i32x4(v: number): this {
    const b = new Uint8Array(new Int32Array([v, v, v, v]).buffer);
    return this.simd(simd.const, ...b);
  }

  /** v128.const with two equal f64 lanes. */
  f64x2(v: number): this {
    const b = new Uint8Array(new Float64Array([v, v]).buffer);
    return this.simd(simd.const, ...b);
  }
  /** v128.const with two equal i64 lanes (|v| < 2^31). */
  i64x2(v: number): this {
    const b = new Uint8Array(new Int32Array([v, v < 0 ? -1 : 0, v, v < 0 ? -1 : 0]).buffer);
    return this.simd(simd.const, ...b);
  }

  // Memory access: [address] → value (loads), [address, value] → (stores); `offset` is a constant byte offset.
  f32Load(offset = 0): this { return this.op(0x2a, 2, ...uleb(offset)); }
  f32Store(offset = 0): this { return this.op(0x38, 2, ...uleb(offset)); }
  i32Load(offset = 0): this { return this.op(0x28, 2, ...uleb(offset)); }
  /** f32.add of the two floats on the stack. */
  f32Add(): this { return this.op(0x92); }
  v128Load(offset = 0): this { return this.simd(simd.load, 4, ...uleb(offset)); }
  v128Store(offset = 0): this { return this.simd(simd.store, 4, ...uleb(offset)); }
  /** Loads two f32 (8 bytes) as float64 lanes: [address] → f64x2. */
  loadF32Pair(offset = 0): this { return this.simd(simd.load64Zero, 3, ...uleb(offset)).simd(simd.f64x2PromoteLowF32x4); }
  /** Stores an f64x2 rounded to two f32: [address, f64x2] → (); `lanes` 1 stores the first only. */
  storeF32Pair(lanes: 1 | 2 = 2, offset = 0): this {
    this.simd(simd.f32x4DemoteF64x2Zero);
    return lanes === 2 ? this.simd(simd.store64Lane, 3, ...uleb(offset), 0) : this.simd(simd.store32Lane, 2, ...uleb(offset), 0);
  }
  /** Loads one f32 and copies it to all four lanes. */
  loadSplat(offset = 0): this { return this.simd(simd.load32Splat, 2, ...uleb(offset)); }

  // i32 arithmetic on the stack.
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  ltS(): this { return this.op(0x48); }
  geS(): this { return this.op(0x4e); }
  gtS(): this { return this.op(0x4a); }
  leS(): this { return this.op(0x4c); }
  eqz(): this { return this.op(0x45); }
  /** [a, b, cond] → cond ? a : b */
  select(): this { return this.op(0x1b); }

  /** Calls the module's function `index`. */
  call(index: number): this { return this.op(0x10, ...uleb(index)); }

  /** local[i] += by */
  addTo(i: number, by: number): this { return this.get(i).i32(by).add().set(i); }

  /** while (cond) { body } — cond leaves an i32 on the stack. */
  whileLoop(cond: () => void, body: () => void): this {
    this.op(0x02, 0x40, 0x03, 0x40);
    cond();
    this.op(0x45, 0x0d, 0x01); // i32.eqz; br_if 1 (leave the block)
    body();
    this.op(0x0c, 0x00, 0x0b, 0x0b); // br 0 (loop again); end loop; end block
    return this;
  }

  /** for (i = from; i < to; i += step) { body }, with `from`/`to` pushing one i32 each. */
  forRange(i: number, from: () => void, to: () => void, step: number, body: () => void): this {
    from(); this.set(i);
    return this.whileLoop(() => { this.get(i); to(); this.ltS(); }, () => { body(); this.addTo(i, step); });
  }

  /** if (cond) { body } — cond leaves an i32 on the stack. */
  ifThen(cond: () => void, body: () => void): this {
    cond();
    this.op(0x04, 0x40);
    body();
    return this.op(0x0b);
  }

  /** if (cond) { then } else { otherwise }; with `result`, both arms leave one value of that type. */
  ifElse(cond: () => void, then: () => void, otherwise: () => void, result?: ValType): this {
    cond();
    this.op(0x04, result ? valCode[result] : 0x40);
    then();
    this.op(0x05);
    otherwise();
    return this.op(0x0b);
  }

  /** The code-section entry: local declarations (run-length grouped) then the instructions. */
  body(): number[] {
    const groups: number[][] = [];
    for (let i = 0; i < this.locals.length;) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      groups.push([...uleb(j - i), valCode[this.locals[i]]]);
      i = j;
    }
    const fn = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(fn.length), ...fn];
  }

  signature(): number[] {
    return [0x60, ...vec(this.params.map((t) => [valCode[t]])), ...vec(this.results.map((t) => [valCode[t]]))];
  }
}

export interface MemoryImport {
  /** Initial and largest size in 64 KiB pages. */
  readonly initial: number;
  readonly maximum: number;
  /** A shared memory (threads over one SharedArrayBuffer) or a plain one. */
  readonly shared: boolean;
}

/** A module that imports `env.memory` and exports every function under its name. */
export const assemble = (memory: MemoryImport, fns: readonly FnBuilder[]): Uint8Array<ArrayBuffer> => {
  const sigs: string[] = [];
  const typeOf = fns.map((f) => {
    const s = f.signature().join(',');
    const i = sigs.indexOf(s);
    return i >= 0 ? i : sigs.push(s) - 1;
  });
  const types = section(1, vec(sigs.map((s) => s.split(',').map(Number))));
  const limits = [memory.shared ? 0x03 : 0x01, ...uleb(memory.initial), ...uleb(memory.maximum)];
  const imports = section(2, vec([[...named('env'), ...named('memory'), 0x02, ...limits]]));
  const funcs = section(3, vec(typeOf.map((t) => uleb(t))));
  const exports = section(7, vec(fns.map((f, i) => [...named(f.name), 0x00, ...uleb(i)])));
  const code = section(10, vec(fns.map((f) => f.body())));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
};
