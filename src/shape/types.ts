// Type-level shape rules. Literal dims are checked at compile time; a `number` dim (size known
// only at run time) is accepted here and checked at run time by every op.
import type { Shape } from './shape.js';

/** Shown in a compile error where shapes cannot fit: read `msg`, `a` and `b`. */
export interface ShapeMismatch<Msg extends string, A, B> { readonly __shapeMismatch: Msg; readonly a: A; readonly b: B }

type Last<T extends Shape> = T extends readonly [...infer _, infer L extends number] ? L : number;
type Init<T extends Shape> = T extends readonly [...infer I extends number[], number] ? I : number[];
type IsTuple<T extends Shape> = number extends T['length'] ? false : true;

type DimOf<X extends number, Y extends number> =
  X extends 1 ? Y : Y extends 1 ? X : number extends X ? Y : number extends Y ? X : X extends Y ? X : never;

/** NumPy broadcasting of two literal shapes (`never` inside where two dims clash). */
export type Broadcast<A extends Shape, B extends Shape> =
  IsTuple<A> extends false ? number[] : IsTuple<B> extends false ? number[] :
  A extends readonly [] ? [...B] : B extends readonly [] ? [...A] :
  [...Broadcast<Init<A>, Init<B>>, DimOf<Last<A>, Last<B>>];

type HasNever<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? ([H] extends [never] ? true : HasNever<R>) : false;

/** `unknown` when A and B broadcast, else a ShapeMismatch that makes the call a type error. */
export type BroadcastCheck<Op extends string, A extends Shape, B extends Shape> =
  HasNever<Broadcast<A, B>> extends true ? ShapeMismatch<`${Op}: shapes do not broadcast`, A, B> : unknown;

/** Shape after removing (or keeping as 1) the axis `Ax` (non-negative literal); other cases fall back to number[]. */
export type Reduced<S extends Shape, Ax, Keep extends boolean> =
  IsTuple<S> extends false ? number[] :
  Ax extends number ? (number extends Ax ? number[] : DropAt<S, Ax, Keep>) : Keep extends true ? { [K in keyof S]: 1 } : [];

type DropAt<S extends Shape, Ax extends number, Keep extends boolean, Acc extends number[] = []> =
  S extends readonly [infer H extends number, ...infer R extends number[]]
    ? Acc['length'] extends Ax ? [...Acc, ...(Keep extends true ? [1] : []), ...R] : DropAt<R, Ax, Keep, [...Acc, H]>
    : number[];

/** Matmul result: [M, K] × [K, N] → [M, N], batched [B, M, K] × [B, K, N] → [B, M, N]. */
export type MatmulShape<A extends Shape, B extends Shape> =
  A extends readonly [infer M extends number, number] ? (B extends readonly [number, infer N extends number] ? [M, N] : number[]) :
  A extends readonly [infer Bt extends number, infer M extends number, number]
    ? (B extends readonly [number, number, infer N extends number] ? [Bt, M, N] : B extends readonly [number, infer N extends number] ? [Bt, M, N] : number[])
    : number[];

/** Inner dimension agreement for matmul: unknown when fine, a ShapeMismatch when literal K's differ. */
export type MatmulCheck<A extends Shape, B extends Shape> =
  [Last<A>, B extends readonly [...number[], infer K extends number, number] ? K : number] extends [infer KA extends number, infer KB extends number]
    ? number extends KA ? unknown : number extends KB ? unknown : KA extends KB ? unknown
      : ShapeMismatch<'matmul: inner dimensions differ', A, B>
    : unknown;

/** Transpose of the last two axes. */
export type SwapLast<S extends Shape> = S extends readonly [...infer I extends number[], infer X extends number, infer Y extends number] ? [...I, Y, X] : number[];

// Small-number arithmetic by tuple length, for conv/pool output sizes (dims below 1000).
type Tup<N extends number, A extends unknown[] = []> = A['length'] extends N ? A : Tup<N, [...A, 0]>;
type Add<A extends number, B extends number> = [...Tup<A>, ...Tup<B>]['length'] & number;
type Sub<A extends number, B extends number> = Tup<A> extends [...Tup<B>, ...infer R] ? R['length'] : never;
type Div<A extends number, B extends number, Q extends unknown[] = []> =
  Tup<A> extends [...Tup<B>, ...infer R] ? Div<R['length'] & number, B, [...Q, 0]> : Q['length'];
type Lit<N> = N extends number ? (number extends N ? false : `${N}` extends `-${string}` | `${string}.${string}` ? false : true) : false;

/** floor((in + 2p − k) / s) + 1 for literal numbers, else number. */
export type WindowOut<In, K, S, P> =
  [Lit<In>, Lit<K>, Lit<S>, Lit<P>] extends [true, true, true, true]
    ? Add<Div<Sub<Add<In & number, Add<P & number, P & number>>, K & number>, S & number>, 1>
    : number;

/** Output shape of conv2d for literal NCHW / OIHW shapes and numeric stride and padding. */
export type Conv2dShape<X extends Shape, Wt extends Shape, St, P> =
  X extends readonly [infer N extends number, number, infer H extends number, infer W extends number]
    ? Wt extends readonly [infer O extends number, number, infer KH extends number, infer KW extends number]
      ? [N, O, WindowOut<H, KH, St, P>, WindowOut<W, KW, St, P>]
      : number[]
    : number[];

/** Rank-4 / channel checks for conv2d: unknown when fine (channels are checked at run time when groups ≠ 1). */
export type Conv2dCheck<X extends Shape, Wt extends Shape, G = 1> =
  [G] extends [1 | undefined] ? Conv2dCheckG1<X, Wt> : unknown;
type Conv2dCheckG1<X extends Shape, Wt extends Shape> =
  X extends readonly [number, infer C extends number, number, number]
    ? Wt extends readonly [number, infer CW extends number, number, number]
      ? number extends C ? unknown : number extends CW ? unknown : C extends CW ? unknown
        : ShapeMismatch<'conv2d: input channels differ from weight channels (with groups, check at run time)', X, Wt>
      : Wt extends readonly number[] ? (IsTuple<Wt> extends true ? ShapeMismatch<'conv2d: weight must be rank 4 [O, C/groups, KH, KW]', X, Wt> : unknown) : unknown
    : IsTuple<X> extends true ? ShapeMismatch<'conv2d: input must be rank 4 [N, C, H, W]', X, Wt> : unknown;

/** Output shape of a 2-D pool for literal shapes, numeric size/stride/padding. */
export type Pool2dShape<X extends Shape, K, St, P> =
  X extends readonly [infer N extends number, infer C extends number, infer H extends number, infer W extends number]
    ? [N, C, WindowOut<H, K, St, P>, WindowOut<W, K, St, P>]
    : number[];

/** Product of literal dims when small enough to count, else number. */
export type SizeOf<S extends Shape> = IsTuple<S> extends false ? number : S extends readonly [] ? 1 :
  S extends readonly [infer H extends number, ...infer R extends number[]] ? MulSmall<H, SizeOf<R>> : number;
type MulSmall<A extends number, B extends number> =
  [Lit<A>, Lit<B>] extends [true, true] ? (A extends 0 ? 0 : MulAcc<A, B, [], []>) : number;
type MulAcc<A extends number, B extends number, Acc extends unknown[], I extends unknown[]> =
  Acc['length'] extends 10000 ? number : I['length'] extends B ? Acc['length'] : MulAcc<A, B, [...Acc, ...Tup<A>], [...I, 0]>;

/** reshape check: unknown when sizes agree or are not countable; a ShapeMismatch when they differ. */
export type ReshapeCheck<S extends Shape, T extends Shape> =
  [SizeOf<S>, SizeOf<T>] extends [infer A extends number, infer B extends number]
    ? number extends A ? unknown : number extends B ? unknown : A extends B ? unknown
      : ShapeMismatch<'reshape: element counts differ', S, T>
    : unknown;
