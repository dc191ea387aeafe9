// Laws every layer obeys, runnable on your own layers: the output shape `init` promises is the one
// `apply` gives; gradients with respect to every input tensor and every parameter agree with
// finite differences; every backend computes the same output. Layers with several inputs (a
// record or tuple spec) and several outputs obey the same laws, leaf by leaf.
import { availableBackends } from '../src/backend/select.js';
import type { BackendName } from '../src/backend/types.js';
import { leaves, mapLeaves, type Tree } from '../src/autodiff/tree.js';
import type { AnyLayer } from '../src/nn/layer.js';
import { isShapeSpec, type Spec } from '../src/nn/spec.js';
import { concat, reshape } from '../src/ops/index.js';
import { key as makeKey, split, type Key } from '../src/random/key.js';
import { normal } from '../src/random/tensors.js';
import { ArgumentError } from '../src/shape/errors.js';
import { describe } from '../src/shape/options.js';
import { fmt, sameShape } from '../src/shape/shape.js';
import { Tensor } from '../src/tensor/tensor.js';
import { backendAgreementLaw, gradientLaw, type GradientLawOptions, type LawResult } from './predicates.js';

export interface LayerLawOptions extends GradientLawOptions {
  /** Batch size of the test input (default 2). */
  readonly batch?: number;
  /** The input to use instead of normal samples of the spec (integer ids, a mask, a carried state). */
  readonly input?: unknown;
  /** Apply in training mode (with a fixed key, so dropout masks repeat between evaluations). */
  readonly training?: boolean;
  /** Hold input leaves constant in the gradient law: all of them (integer ids), or those at these dotted paths (a mask). */
  readonly inputConstant?: boolean | readonly string[];
  readonly backends?: readonly BackendName[];
  /** The output's batch size where it is not the input's (a graph readout gives one row per graph). */
  readonly outputBatch?: number;
}

/** Normal samples [batch, ...shape] for every shape in the spec, in its structure. */
const sample = (k: Key, spec: Spec, batch: number): Tree => {
  if (isShapeSpec(spec)) return normal(k, [batch, ...spec]);
  const entries = Array.isArray(spec) ? spec.map((s: Spec, i) => [String(i), s] as const) : Object.entries(spec);
  const ks = split(k, Math.max(entries.length, 1));
  const parts = entries.flatMap(([name, s], i) => (s === undefined ? [] : [[name, sample(ks[i], s, batch)] as const]));
  return Array.isArray(spec) ? parts.map(([, t]) => t) : Object.fromEntries(parts);
};

/**
 * The tensors of a layer's input or output with their paths, and a way to put others in their
 * places: arrays and plain objects are walked, tensors are leaves, anything else (a graph, node
 * offsets: domain values) is held as it is. Layer laws differentiate through every leaf.
 */
interface Parts { readonly leaves: { path: string; value: Tensor }[]; readonly rebuild: (ts: readonly Tensor[]) => unknown }
const isPlain = (u: object): boolean => Array.isArray(u) || Object.getPrototypeOf(u) === Object.prototype || Object.getPrototypeOf(u) === null;
const partsOf = (u: unknown): Parts => {
  const found: { path: string; value: Tensor }[] = [];
  const walk = (v: unknown, path: string): ((ts: readonly Tensor[]) => unknown) => {
    if (v instanceof Tensor) { const i = found.length; found.push({ path, value: v }); return (ts) => ts[i]; }
    if (v === null || typeof v !== 'object' || !isPlain(v)) return () => v;
    const at = (k: string) => (path ? `${path}.${k}` : k);
    if (Array.isArray(v)) { const cs = v.map((c: unknown, i) => walk(c, at(String(i)))); return (ts) => cs.map((c) => c(ts)); }
    const cs = Object.keys(v).sort().map((k) => [k, walk(Object.entries(v).find(([kk]) => kk === k)?.[1], at(k))] as const);
    return (ts) => Object.fromEntries(cs.map(([k, c]) => [k, c(ts)]));
  };
  const rebuild = walk(u, '');
  return { leaves: found, rebuild };
};

const setup = (layer: AnyLayer, spec: Spec, o: LayerLawOptions) => {
  const [kInit, kX, kApply] = split(makeKey(o.seed ?? 1), 3);
  const init = layer.init(kInit, spec);
  const x = partsOf(o.input !== undefined ? o.input : sample(kX, spec, o.batch ?? 2));
  const ctx = { training: o.training ?? false, key: kApply };
  return { init, x, ctx };
};

/** One tensor of every output leaf, flattened and joined (the laws compare and differentiate it). */
const joined = (y: unknown): Tensor => {
  const ls = partsOf(y).leaves;
  return ls.length === 1 ? ls[0].value : concat(ls.map((l) => reshape(l.value, [l.value.size])), 0);
};

/** Every (path, shape) an output spec promises, with the batch axis in front. */
const promised = (spec: Spec, batch: number, at = ''): { path: string; shape: number[] }[] => {
  if (isShapeSpec(spec)) return [{ path: at, shape: [batch, ...spec] }];
  const entries = Array.isArray(spec) ? spec.map((s: Spec, i) => [String(i), s] as const) : Object.entries(spec);
  return entries.flatMap(([k, s]) => (s === undefined ? [] : promised(s, batch, at ? `${at}.${k}` : k)));
};

const batchOf = (x: Parts): number => x.leaves[0]?.value.shape[0] ?? 0;

/** `apply` returns the shapes `init` promised (with the batch axis in front), output leaf by output leaf. */
export const layerShapeLaw = (layer: AnyLayer, inputSpec: Spec, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputSpec, o);
  const y = partsOf(layer.apply(init.params, init.state, x.rebuild(x.leaves.map((l) => l.value)), ctx).y).leaves;
  // the batch axis is the input's, except where a layer maps one batch to another (a readout: nodes → graphs);
  // then every output shares the output's own first axis
  const batch = o.outputBatch ?? batchOf(x);
  const want = promised(init.outputShape, batch).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(y.map((l) => [l.path, l.value.shape]));
  const got = y.map((l) => `${l.path || 'y'} ${fmt(l.value.shape)}`).join(', ');
  const ok = want.length === y.length && want.every((w) => { const g = byPath.get(w.path); return g !== undefined && sameShape(w.shape, g); });
  return { law: `${layer.kind} shape`, ok, detail: `apply gave ${got}, init promised ${want.map((w) => `${w.path || 'y'} ${fmt(w.shape)}`).join(', ')}` };
};

/** Gradients of the output with respect to every input leaf (but the constant ones) and every parameter pass the gradient law. */
export const layerGradientLaw = (layer: AnyLayer, inputSpec: Spec, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputSpec, o);
  const xs = x.leaves, ps = leaves(init.params);
  const constantInput = (path: string) => o.inputConstant === true || (Array.isArray(o.inputConstant) && o.inputConstant.includes(path));
  const f = (...ts: Tensor[]) => {
    let i = 0;
    const input = x.rebuild(ts.slice(0, xs.length));
    i = xs.length;
    const params = mapLeaves(init.params, () => ts[i++]);
    return joined(layer.apply(params, init.state, input, ctx).y);
  };
  const constant = xs.flatMap((l, i) => (constantInput(l.path) ? [i] : []));
  const r = gradientLaw(f, [...xs.map((l) => l.value), ...ps.map((p) => p.value)], { ...o, constant });
  const named = [...xs.filter((l) => !constantInput(l.path)).map((l) => (l.path ? `input ${l.path}` : 'input')), ...ps.map((p) => p.path)];
  return { ...r, law: `${layer.kind} gradient (${named.join(', ') || 'nothing to differentiate'})` };
};

/** Every available backend computes the same output. */
export const layerBackendLaw = (layer: AnyLayer, inputSpec: Spec, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputSpec, o);
  const backends = o.backends ?? availableBackends().filter((b) => b !== 'webgl2');
  const f = (...ts: Tensor[]) => {
    let i = 0;
    return joined(layer.apply(init.params, init.state, x.rebuild(ts), ctx).y);
  };
  return backendAgreementLaw(f, x.leaves.map((l) => l.value), { backends, atol: 1e-4, rtol: 1e-3 });
};

/** All layer laws; throws with the failing law's numbers. */
export const layerLaws = (layer: AnyLayer, inputSpec: Spec, o: LayerLawOptions = {}): void => {
  for (const r of [layerShapeLaw(layer, inputSpec, o), layerGradientLaw(layer, inputSpec, o), layerBackendLaw(layer, inputSpec, o)])
    if (!r.ok) throw new Error(`${r.law} law failed: ${r.detail}`);
};
