// Reuse of the simd backend's result arrays. A fresh array's pages fault in on first write, which
// on this kind of virtual machine costs more than the op itself (measured: a fresh 0.8 MB array
// filled ~0.45 ms, a reused one 0.014 ms). Results are tracked by the library's scopes
// (backend/scope.ts), as GL textures are: when a scope releases a result (and every view of its
// buffer), its array goes back here for the next result of that length. A released tensor's
// reads throw, as on GL, so a reused array is never seen through its old tensor.

/** Most bytes the pool keeps, and most arrays of one length. */
const MAX_BYTES = 256 * 2 ** 20;
const MAX_PER_LENGTH = 16;

export class ArrayPool {
  private readonly free = new Map<number, Float32Array[]>();
  private bytes = 0;
  /** Storages alive per pooled buffer: its result and that result's views. */
  private readonly users = new WeakMap<ArrayBufferLike, { readonly base: Float32Array; count: number }>();

  constructor(private readonly onReuse: (a: Float32Array) => void) {}

  /** A released array of `length` floats, or undefined (then the caller makes one and `adopt`s it). */
  take(length: number): Float32Array | undefined {
    const a = this.free.get(length)?.pop();
    if (a) { this.bytes -= a.byteLength; this.onReuse(a); }
    return a;
  }

  /** Starts tracking an array the backend made (with one user: the result it backs). */
  adopt(a: Float32Array): void {
    if (!this.users.has(a.buffer)) this.users.set(a.buffer, { base: a, count: 0 });
    this.use(a);
  }

  /** Whether `a` (an array or a view of one) is tracked. */
  tracks(a: Float32Array): boolean { return this.users.has(a.buffer); }

  /** One more storage reads `a`'s buffer (a view). */
  use(a: Float32Array): void {
    const u = this.users.get(a.buffer);
    if (u) u.count++;
  }

  /** A storage that read `a`'s buffer was released; the last one returns the buffer for reuse. */
  drop(a: Float32Array): void {
    const u = this.users.get(a.buffer);
    if (!u || --u.count > 0) return;
    const list = this.free.get(u.base.length) ?? [];
    if (list.length >= MAX_PER_LENGTH || this.bytes + u.base.byteLength > MAX_BYTES) return;
    list.push(u.base);
    this.free.set(u.base.length, list);
    this.bytes += u.base.byteLength;
  }

  /** An array taken back because the engine could not fill it. */
  giveBack(a: Float32Array): void {
    const u = this.users.get(a.buffer);
    if (u) { u.count = 1; this.drop(a); }
  }
}
