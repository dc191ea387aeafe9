// Checks of the arguments the public io functions get. TypeScript's types vanish at runtime and
// checkpoint paths and trees often come from configs and untyped code, so every function checks
// what it got and answers with a sentence naming the argument instead of a TypeError from deep inside.
// Each check returns the problem (completing "<argument> ...") or undefined when the value is fine.
import { optionsProblem as keysProblem } from '../shape/options.js';
import { Tensor } from '../tensor/tensor.js';

/** A short description of any value for a message; never throws (not even for proxies or null-prototype objects). */
export const describeValue = (u: unknown): string => {
  try {
    if (u === null) return 'null';
    if (u === undefined) return 'undefined';
    if (typeof u === 'string') return u.length > 40 ? `the string ${JSON.stringify(u.slice(0, 37))}...` : `the string ${JSON.stringify(u)}`;
    if (typeof u === 'number' || typeof u === 'boolean' || typeof u === 'bigint') return `the ${typeof u} ${String(u)}`;
    if (typeof u === 'symbol' || typeof u === 'function') return `a ${typeof u}`;
    if (Array.isArray(u)) return `an array of ${u.length}`;
    const name: unknown = Object.getPrototypeOf(u)?.constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'an object';
  } catch {
    return 'a value that cannot be inspected';
  }
};

export const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
};

/** A file path: node:fs would also take a number (a file descriptor, so 0 reads stdin), a Buffer or a URL. */
export const pathProblem = (path: unknown): string | undefined => {
  if (typeof path !== 'string') return `must be a file path string, got ${describeValue(path)}`;
  if (path === '') return 'must be a file path, got the empty string';
  if (path.includes('\0')) return `must not contain a NUL character, got ${describeValue(path)}`;
  return undefined;
};

/**
 * A tree of tensors as `leaves` walks it: a tensor, or arrays and plain objects of trees, with
 * null/undefined children skipped. Refuses other leaves (numbers, typed arrays, ...) and cycles,
 * on which `leaves` would throw or recurse forever. Iterative, so any depth is checked.
 */
export const treeProblem = (tree: unknown): string | undefined => {
  if (tree instanceof Tensor) return undefined;
  if (!Array.isArray(tree) && !isPlainObject(tree)) return `must be a tensor, or an array or plain object of tensors, got ${describeValue(tree)}`;
  // Depth-first with the current ancestors on the stack: a child that is an ancestor is a cycle
  // (a subtree shared by two parents is not, and is allowed).
  const ancestors = new Set<object>([tree]);
  const stack: { node: object; path: string; keys: string[]; next: number }[] = [{ node: tree, path: '', keys: Object.keys(tree), next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.next === frame.keys.length) {
      stack.pop();
      ancestors.delete(frame.node);
      continue;
    }
    const key = frame.keys[frame.next++];
    const child: unknown = Reflect.get(frame.node, key);
    const path = frame.path === '' ? key : `${frame.path}.${key}`;
    if (child === null || child === undefined || child instanceof Tensor) continue;
    if (!Array.isArray(child) && !isPlainObject(child)) return `has a leaf '${path}' that is not a tensor (got ${describeValue(child)})`;
    if (ancestors.has(child)) return `is cyclic: '${path}' contains itself`;
    ancestors.add(child);
    stack.push({ node: child, path, keys: Object.keys(child), next: 0 });
  }
  return undefined;
};

/** A flat name → tensor record (what decoding returns). */
export const recordProblem = (record: unknown): string | undefined => {
  if (!isPlainObject(record)) return `must be a plain object of name → tensor, got ${describeValue(record)}`;
  for (const [k, v] of Object.entries(record))
    if (!(v instanceof Tensor)) return `has '${k}' that is not a tensor (got ${describeValue(v)})`;
  return undefined;
};

/** `__metadata__`: absent, or a plain object of strings. */
export const metadataProblem = (metadata: unknown): string | undefined => {
  if (metadata === undefined) return undefined;
  if (!isPlainObject(metadata)) return `must be a plain object of strings, got ${describeValue(metadata)}`;
  for (const [k, v] of Object.entries(metadata))
    if (typeof v !== 'string') return `'${k}' must be a string, got ${describeValue(v)}`;
  return undefined;
};

/**
 * An options bag: absent, or an object with only the named fields, each absent, an object (`fs`) or a
 * boolean. Unlike the checks above, the whole sentence ("options ..."), in the wording every options
 * check shares (shape/options.ts).
 */
export const optionsProblem = (options: unknown, fields: Readonly<Record<string, 'object' | 'boolean'>>): string | undefined => {
  const keys = keysProblem(options, Object.keys(fields));
  if (keys !== undefined || typeof options !== 'object' || options === null) return keys;
  for (const [field, kind] of Object.entries(fields)) {
    const v: unknown = Reflect.get(options, field);
    if (v === undefined) continue;
    if (kind === 'boolean' ? typeof v !== 'boolean' : typeof v !== 'object') return `options .${field} must be ${kind === 'boolean' ? 'a boolean' : 'an object'}, got ${describeValue(v)}`;
  }
  return undefined;
};
