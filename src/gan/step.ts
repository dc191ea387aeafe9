// One step of the two-player game as a pure function: k discriminator updates (each on its own real
// batch and fresh noise), then one generator update, over two parameter trees and two optimiser
// states. The same state, batches and key give the same result, bit for bit.
import { valueAndGradWithAux } from '../autodiff/grad.js';
import type { Tree } from '../autodiff/tree.js';
import { scopedStep } from '../backend/scope.js';
import type { Layer } from '../nn/layer.js';
import { globalNorm } from '../optim/clip.js';
import type { Optimizer } from '../optim/types.js';
import { add, sigmoid } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { split, type Key } from '../random/key.js';
import { normal } from '../random/tensors.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';
import { sameShape, type Shape } from '../shape/shape.js';
import { item } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { discriminatorLoss, generatorLoss, generatorObjectives, type GeneratorObjective } from './objectives.js';
import { r1Penalty } from './r1.js';

/** A player: its network (a layer, possibly with state such as batch-norm statistics) and its optimiser. */
export interface Player<P extends Tree, S extends Tree, O> {
  readonly model: Layer<P, S>;
  readonly optimizer: Optimizer<O>;
}

/** What one player carries between steps. */
export interface PlayerState<P extends Tree = Tree, S extends Tree = Tree, O = unknown> {
  readonly params: P;
  readonly state: S;
  readonly opt: O;
}

export interface GanState<G extends PlayerState, D extends PlayerState> {
  readonly generator: G;
  readonly discriminator: D;
  /** Generator updates so far. */
  readonly step: number;
}

export interface GanOptions {
  /** Per-example noise shape, e.g. [100] or [100, 1, 1]. */
  readonly latent: Shape;
  /** The generator's criterion. Default 'nonSaturating'. */
  readonly objective?: GeneratorObjective;
  /** k: discriminator updates per generator update (one real batch each). Default 1. */
  readonly discriminatorSteps?: number;
  /** γ of the R1 penalty (γ/2)·E‖∇_x D(x)‖² added to D's loss; 0 (default) leaves it out. */
  readonly r1?: number;
}
const optionKeys = ['latent', 'objective', 'discriminatorSteps', 'r1'] as const;

/** What a step measured (D's numbers averaged over its k updates). */
export interface GanMetrics {
  /** −mean ln D(x) − mean ln(1 − D(G(z))) before each D update. */
  readonly dLoss: number;
  /** The generator's loss (its objective) before its update. */
  readonly gLoss: number;
  /** mean D(x) = σ(logit) on the real batches. */
  readonly dReal: number;
  /** mean D(G(z)) on the fakes D saw. */
  readonly dFake: number;
  /** The R1 penalty (0 when off). */
  readonly r1: number;
  /** ‖∇ generator loss‖ over all generator parameters: small when the objective saturates. */
  readonly gGradNorm: number;
  readonly dUpdates: number;
}

export type GanStep<G extends PlayerState, D extends PlayerState> =
  (gan: GanState<G, D>, realBatches: readonly Tensor[], key: Key) => { readonly gan: GanState<G, D>; readonly metrics: GanMetrics };

const readOptions = (o: GanOptions) => {
  const op = 'makeGanStep';
  checkOptions(op, o, optionKeys, 'required');
  if (!Array.isArray(o.latent) || !o.latent.every((d) => Number.isInteger(d) && d >= 1)) throw new OptionError(op, `latent must be a shape of positive integers, got ${show(o.latent)}`);
  const objective = o.objective ?? 'nonSaturating';
  if (!generatorObjectives.includes(objective)) throw new OptionError(op, `objective must be one of ${generatorObjectives.join(', ')}, got ${show(objective)}`);
  const k = o.discriminatorSteps ?? 1;
  if (!Number.isInteger(k) || k < 1) throw new OptionError(op, `discriminatorSteps must be a positive integer, got ${show(k)}`);
  const gamma = o.r1 ?? 0;
  if (!(typeof gamma === 'number' && Number.isFinite(gamma) && gamma >= 0)) throw new OptionError(op, `r1 must be a finite number ≥ 0, got ${show(gamma)}`);
  return { latent: [...o.latent], objective, k, gamma };
};

/** Fresh parameters, layer states and optimiser states for both players. */
export const initGan = <GP extends Tree, GS extends Tree, GO, DP extends Tree, DS extends Tree, DO>(
  g: Player<GP, GS, GO>, d: Player<DP, DS, DO>, key: Key, shapes: { readonly latent: Shape; readonly data: Shape },
): GanState<PlayerState<GP, GS, GO>, PlayerState<DP, DS, DO>> => {
  const [kg, kd] = split(key);
  const gi = g.model.init(kg, shapes.latent), di = d.model.init(kd, shapes.data);
  return {
    generator: { params: gi.params, state: gi.state, opt: g.optimizer.init(gi.params) },
    discriminator: { params: di.params, state: di.state, opt: d.optimizer.init(di.params) },
    step: 0,
  };
};

/**
 * The alternating update. Each call takes k real batches (all of one batch size B): for each, D
 * ascends ln D(x) + ln(1 − D(G(z))) (+ the R1 penalty) on fresh noise z; then G descends its
 * objective on fresh noise. Layers run in training mode; their states (batch-norm statistics) are
 * threaded through every application. On GL the step owns its device memory, so
 * `gan = step(gan, ...).gan` loops stay flat.
 */
export const makeGanStep = <GP extends Tree, GS extends Tree, GO, DP extends Tree, DS extends Tree, DO>(
  g: Player<GP, GS, GO>, d: Player<DP, DS, DO>, options: GanOptions,
): GanStep<PlayerState<GP, GS, GO>, PlayerState<DP, DS, DO>> => {
  const { latent, objective, k, gamma } = readOptions(options);
  type G = PlayerState<GP, GS, GO>;
  type D = PlayerState<DP, DS, DO>;
  type Carry = { readonly gan: GanState<G, D>; readonly metrics: GanMetrics };
  const run = scopedStep(({ gan }: Carry, reals: readonly Tensor[], key: Key): Carry => {
    const ks = split(key, k + 1);
    let gen = gan.generator, dis = gan.discriminator;
    let dLoss = 0, dReal = 0, dFake = 0, r1 = 0;
    for (let i = 0; i < k; i++) {
      const real = reals[i];
      const [kz, kg, kd] = split(ks[i], 3);
      const z = normal(kz, [real.shape[0], ...latent]);
      const made = g.model.apply(gen.params, gen.state, z, { training: true, key: kg });
      gen = { ...gen, state: made.state };
      const fake = made.y;
      const [[loss, aux], grads] = valueAndGradWithAux((p: DP) => {
        const [kr, kf, kp] = split(kd, 3);
        const onReal = d.model.apply(p, dis.state, real, { training: true, key: kr });
        const onFake = d.model.apply(p, onReal.state, fake, { training: true, key: kf });
        const base = discriminatorLoss(onReal.y, onFake.y);
        const penalty = gamma > 0 ? r1Penalty((x) => d.model.apply(p, dis.state, x, { training: true, key: kp }).y, real, gamma) : undefined;
        return [penalty ? add(base, penalty) : base, { state: onFake.state, real: onReal.y, fake: onFake.y, penalty }] as const;
      })(dis.params);
      const u = d.optimizer.step(dis.params, grads, dis.opt);
      dis = { params: u.params, state: aux.state, opt: u.state };
      dLoss += item(loss) / k;
      dReal += item(mean(sigmoid(aux.real))) / k;
      dFake += item(mean(sigmoid(aux.fake))) / k;
      r1 += aux.penalty ? item(aux.penalty) / k : 0;
    }
    const [kz, kg, kd] = split(ks[k], 3);
    const z = normal(kz, [reals[0].shape[0], ...latent]);
    const [[gLoss, after], gGrads] = valueAndGradWithAux((p: GP) => {
      const made = g.model.apply(p, gen.state, z, { training: true, key: kg });
      const judged = d.model.apply(dis.params, dis.state, made.y, { training: true, key: kd });
      return [generatorLoss(judged.y, objective), { g: made.state, d: judged.state }] as const;
    })(gen.params);
    const gGradNorm = globalNorm(gGrads);
    const u = g.optimizer.step(gen.params, gGrads, gen.opt);
    return {
      gan: { generator: { params: u.params, state: after.g, opt: u.state }, discriminator: { ...dis, state: after.d }, step: gan.step + 1 },
      metrics: { dLoss, gLoss: item(gLoss), dReal, dFake, r1, gGradNorm, dUpdates: k },
    };
  });
  const zero: GanMetrics = { dLoss: NaN, gLoss: NaN, dReal: NaN, dFake: NaN, r1: 0, gGradNorm: NaN, dUpdates: 0 };
  return (gan, realBatches, key) => {
    if (!Array.isArray(realBatches) || realBatches.length !== k)
      throw new ArgumentError('ganStep', 'realBatches', `must hold discriminatorSteps = ${k} real batches, got ${Array.isArray(realBatches) ? realBatches.length : show(realBatches)}`);
    const first = realBatches[0].shape;
    for (const [i, b] of realBatches.entries())
      if (!sameShape(b.shape, first)) throw new ShapeError('ganStep', `realBatches[${i}]`, b.shape, `must have the shape of realBatches[0] [${first.join(', ')}]`);
    return run({ gan, metrics: zero }, realBatches, key);
  };
};
