// Laws every layer obeys, runnable on your own layers: the output shape `init` promises is the one
// `apply` gives; gradients with respect to the input and every parameter agree with finite
// differences; every backend computes the same output.
import { availableBackends } from '../src/backend/select.js';
import type { BackendName } from '../src/backend/types.js';
import { leaves, mapLeaves } from '../src/autodiff/tree.js';
import type { Layer, Params } from '../src/nn/layer.js';
import { key as makeKey, split } from '../src/random/key.js';
import { normal } from '../src/random/tensors.js';
import { fmt, sameShape, type Shape } from '../src/shape/shape.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { backendAgreementLaw, gradientLaw, type GradientLawOptions, type LawResult } from './predicates.js';

export interface LayerLawOptions extends GradientLawOptions {
  /** Batch size of the test input (default 2). */
  readonly batch?: number;
  /** The input to use instead of a normal sample (e.g. integer ids for an embedding). */
  readonly input?: Tensor;
  /** Apply in training mode (with a fixed key, so dropout masks repeat between evaluations). */
  readonly training?: boolean;
  /** Skip the gradient with respect to the input (integer inputs). */
  readonly inputConstant?: boolean;
  readonly backends?: readonly BackendName[];
}

const setup = (layer: Layer, inputShape: Shape, o: LayerLawOptions) => {
  const [kInit, kX, kApply] = split(makeKey(o.seed ?? 1), 3);
  const init = layer.init(kInit, inputShape);
  const x = o.input ?? normal(kX, [o.batch ?? 2, ...inputShape]);
  const ctx = { training: o.training ?? false, key: kApply };
  return { init, x, ctx };
};

/** `apply` returns the shape `init` promised (with the batch axis in front). */
export const layerShapeLaw = (layer: Layer, inputShape: Shape, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputShape, o);
  const y = layer.apply(init.params, init.state, x, ctx).y;
  const want = [x.shape[0], ...init.outputShape];
  return { law: `${layer.kind} shape`, ok: sameShape(y.shape, want), detail: `apply gave ${fmt(y.shape)}, init promised ${fmt(want)}` };
};

/** Gradients of the output with respect to the input and every parameter pass the gradient law. */
export const layerGradientLaw = (layer: Layer, inputShape: Shape, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputShape, o);
  const ps = leaves(init.params);
  const f = (...xs: Tensor[]) => {
    let i = 1;
    const params = mapLeaves(init.params, () => xs[i++]) as Params;
    return layer.apply(params, init.state, xs[0], ctx).y;
  };
  const r = gradientLaw(f, [x, ...ps.map((p) => p.value)], { ...o, constant: o.inputConstant ? [0] : [] });
  return { ...r, law: `${layer.kind} gradient (input${ps.length ? `, ${ps.map((p) => p.path).join(', ')}` : ''})` };
};

/** Every available backend computes the same output. */
export const layerBackendLaw = (layer: Layer, inputShape: Shape, o: LayerLawOptions = {}): LawResult => {
  const { init, x, ctx } = setup(layer, inputShape, o);
  const backends = o.backends ?? availableBackends().filter((b) => b !== 'webgl2');
  return backendAgreementLaw((xx) => layer.apply(init.params, init.state, xx, ctx).y, [x], { backends, atol: 1e-4, rtol: 1e-3 });
};

/** All layer laws; throws with the failing law's numbers. */
export const layerLaws = (layer: Layer, inputShape: Shape, o: LayerLawOptions = {}): void => {
  for (const r of [layerShapeLaw(layer, inputShape, o), layerGradientLaw(layer, inputShape, o), layerBackendLaw(layer, inputShape, o)])
    if (!r.ok) throw new Error(`${r.law} law failed: ${r.detail}`);
};
