// Checks shared by every public function that takes an options object, and a way to show any value
// in an error message (strings, cycles, functions) without the message itself throwing.
import { OptionError } from './errors.js';

/** A short description of any value for an error message: `a string ('ab')`, `null`, `an array of 3`, ... Never throws. */
export const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case 'undefined': return 'undefined';
    case 'string': return `a string ('${v.length > 20 ? `${v.slice(0, 20)}…` : v}')`;
    case 'number': case 'boolean': return String(v);
    case 'bigint': return `the bigint ${v}n`;
    case 'symbol': return 'a symbol';
    case 'function': return 'a function';
    default: {
      const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
      return typeof name === 'string' && name !== 'Object' ? `a ${name}` : 'an object';
    }
  }
};

/** JSON of a value for a message, or its description where JSON fails (cycles, bigints) or says nothing (undefined, functions). */
export const show = (v: unknown): string => {
  if (typeof v !== 'object' || v === null) return typeof v === 'string' ? JSON.stringify(v) : describe(v); // JSON says null for NaN
  try {
    const s = JSON.stringify(v);
    if (typeof s === 'string') return s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch { /* a cycle or a bigint: describe it instead */ }
  return describe(v);
};

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether an options bag may be left out (most) or must be given (an optimiser needs its `lr`). */
export type OptionsPresence = 'optional' | 'required';

/**
 * What is wrong with an options bag, as a sentence, or undefined when it is fine: it must be a plain
 * object (or absent, when optional) whose keys are all in `allowed`, so a misspelt option is refused
 * instead of ignored without a word. A null value is refused too (leave the option out for its
 * default). The one wording of these checks: `checkOptions` throws it, the io functions return it.
 */
export const optionsProblem = (options: unknown, allowed: readonly string[], presence: OptionsPresence = 'optional'): string | undefined => {
  if (options === undefined && presence === 'optional') return undefined;
  if (!isRecord(options)) return `options must be an object, got ${describe(options)}`;
  for (const [k, v] of Object.entries(options)) {
    if (!allowed.includes(k)) return `unknown option '${k}'; expected one of ${allowed.length ? allowed.join(', ') : '(none)'}`;
    if (v === null) return `option '${k}' is null; leave it out (or pass undefined) for its default`;
  }
  return undefined;
};

/** Throws an OptionError naming `op` for any problem `optionsProblem` finds. */
export const checkOptions = (op: string, options: unknown, allowed: readonly string[], presence: OptionsPresence = 'optional'): void => {
  const problem = optionsProblem(options, allowed, presence);
  if (problem !== undefined) throw new OptionError(op, problem);
};

/** Throws an OptionError unless an option is absent or a boolean. */
export const checkBoolean = (op: string, name: string, v: unknown): void => {
  if (v !== undefined && typeof v !== 'boolean') throw new OptionError(op, `${name} must be true or false, got ${describe(v)}`);
};

const isNumberPair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

/** A window option (stride, dilation, size): absent, a number or a pair [h, w] of numbers (their ranges are checked where they are read). */
export const checkPairOption = (op: string, name: string, v: unknown): void => {
  if (v !== undefined && typeof v !== 'number' && !isNumberPair(v)) throw new OptionError(op, `${name} must be a number or a pair [h, w], got ${show(v)}`);
};

/** A padding option: absent, a number, 'same', 'valid', [ph, pw] or [[top, bottom], [left, right]] (ranges are checked where it is read). */
export const checkPaddingOption = (op: string, v: unknown, pairs = true): void => {
  const ok = v === undefined || typeof v === 'number' || v === 'same' || v === 'valid' || isNumberPair(v) ||
    (pairs && Array.isArray(v) && v.length === 2 && v.every(isNumberPair));
  if (!ok) throw new OptionError(op, `padding must be a number, [ph, pw]${pairs ? ', [[top, bottom], [left, right]]' : ''}, 'same' or 'valid', got ${show(v)}`);
};
