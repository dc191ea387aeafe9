// Deterministic freeing of device buffers (GL textures) in the scopes the library owns, and of the
// simd backend's result buffers, which it keeps for its next results (a new array costs page
// faults). Other host buffers are ordinary garbage-collected memory; on GL a FinalizationRegistry
// remains the backstop for tensors that escape every scope.
import { tensorsIn } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Storage } from './types.js';

// A scope holds what it tracks until it ends, so host buffers (which the collector would otherwise
// take as soon as they are dropped) are tracked only up to HOST_BYTES a scope: a long scope then
// keeps at most that much alive, and what it does not track is ordinary garbage-collected memory
// (more than the simd backend keeps as spares could not be reused anyway). GL textures: all.
const HOST_BYTES = 64 << 20;
interface Frame { readonly list: Storage[]; hostBytes: number }
const stack: Frame[] = [];
const owned = new WeakSet<Storage>();
const hostTracked = new WeakSet<Storage>();

/** @internal called by a backend for every buffer it creates that a scope should free; `host` for host buffers (tracked within the cap). */
export const track = (s: Storage, host = false): void => {
  const f = stack[stack.length - 1];
  if (!f) return;
  if (host) {
    if (f.hostBytes + 4 * s.size > HOST_BYTES) return;
    f.hostBytes += 4 * s.size;
    hostTracked.add(s);
  }
  f.list.push(s);
};

/** Storages of every tensor reachable from a value (trees, arrays, objects; traced tensors included). */
const reachable = (v: unknown): Set<Storage> => {
  const into = new Set<Storage>();
  for (const { value } of tensorsIn(v)) {
    let t: Tensor | undefined = value;
    while (t) { if (t.storage) into.add(t.storage); t = t.box?.inner; }
  }
  return into;
};

const release = (s: Storage) => s.backend.release(s);

/**
 * Runs `fn`; afterwards frees the buffers (GL textures, simd results) created inside it that its result does not hold.
 * The result's buffers belong to the enclosing scope (if any). A tensor created inside and kept by
 * a side channel (a closure, a global) is freed too (on simd, the first 64 MB of results a scope
 * makes): return it instead.
 */
export const scoped = <T>(fn: () => T): T => {
  stack.push({ list: [], hostBytes: 0 });
  let created: Storage[] = [];
  let result: T;
  try { result = fn(); } finally { created = stack.pop()!.list; }
  if (created.length) {
    const keep = reachable(result);
    for (const s of created) if (keep.has(s)) track(s, hostTracked.has(s)); else release(s);
  }
  return result;
};

/**
 * Makes a state-to-state step (a training step) that owns its state's device memory: each call
 * frees what the call made and did not return, and the buffers of the state it was given that an
 * earlier call of the step made and the new state no longer holds. Loops like
 * `for (...) state = step(state)` then keep device memory flat with no user calls.
 * Do not read a state after passing it to the step again (reading it says it was released).
 */
export const scopedStep = <S, A extends unknown[] = []>(fn: (state: S, ...args: A) => S) => (state: S, ...args: A): S => {
  const next = scoped(() => fn(state, ...args));
  const keep = reachable(next);
  for (const s of reachable(state)) if (owned.has(s) && !keep.has(s)) release(s);
  for (const s of keep) owned.add(s);
  return next;
};
