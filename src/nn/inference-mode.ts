// A layer run in evaluation mode whatever the caller's mode: batch norm uses (and keeps) its running
// statistics, dropout passes everything through. For the frozen part of a transferred model, whose
// statistics belong to the base task and must not drift towards the few target examples.
import type { Tree } from '../autodiff/tree.js';
import { checkLayer } from './args.js';
import type { Layer } from './layer.js';

/** `f` applied with `training: false`; its state comes back unchanged. Combine with `freeze` for a fixed feature extractor. */
export const inferenceMode = <P extends Tree, S extends Tree, X, Y>(f: Layer<P, S, X, Y>): Layer<P, S, X, Y> => (checkLayer('inferenceMode', 'f', f), {
  kind: `inference ${f.kind}`,
  init: (k, s) => f.init(k, s),
  apply: (p, st, x, ctx) => f.apply(p, st, x, { ...ctx, training: false }),
});
