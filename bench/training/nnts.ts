/**
 * nn-ts side of the LeNet-5 training benchmark: one TrainingImpl per nn-ts backend that works in
 * this process ('cpu', 'webasm', and 'headlessgl' when present), each selected with
 * useBackend(b, { strict: true }). A step is makeTrainStep(model, softmaxCrossEntropy, adam(1e-3)),
 * which reads the loss back to the host, so every timed step has finished.
 */
import { availableBackends, backendStats, key, softmax, tensor, toArray, unflattenTree, useBackend, type BackendName, type Tensor } from '../../src/index.js';
import type { ParamsOf, StateOf } from '../../src/nn/index.js';
import * as nn from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { softmaxCrossEntropy } from '../../src/losses/index.js';
import { initTrain, makeTrainStep, type TrainState } from '../../src/train/index.js';
import { PIXELS, countCorrect, gatherLabels, gatherRows, timeSteps, type HostData, type LeNetInit, type TrainingImpl } from './common.js';

/** LeNet-5 exactly as in the brief (NCHW input [B, 1, 28, 28]). Parameters live under keys '0', '3', '7', '9', '11'. */
export const lenet5 = () =>
  nn.sequential(
    nn.conv2d(1, 6, 5, { padding: 2 }), nn.relu(), nn.maxPool2d({ size: 2 }),
    nn.conv2d(6, 16, 5), nn.relu(), nn.maxPool2d({ size: 2 }),
    nn.flatten(), nn.dense(400, 120), nn.relu(), nn.dense(120, 84), nn.relu(), nn.dense(84, 10),
  );

const LR = 1e-3;
const makeOpt = () => adam({ lr: LR });
type OptState = ReturnType<ReturnType<typeof makeOpt>['init']>;

/** nn-ts' own initialisation (key 0), read back to the host: the shared starting point of every implementation. */
export function sharedInit(seed = 0): LeNetInit {
  const p = initTrain(lenet5(), makeOpt(), key(seed), [1, 28, 28]).params;
  const f = (t: Tensor | undefined) => {
    if (!t) throw new Error('lenet5 has a bias on every conv and dense layer');
    return Float32Array.from(toArray(t));
  };
  return {
    c1w: f(p[0].weight), c1b: f(p[0].bias),
    c2w: f(p[3].weight), c2b: f(p[3].bias),
    f1w: f(p[7].weight), f1b: f(p[7].bias),
    f2w: f(p[9].weight), f2b: f(p[9].bias),
    f3w: f(p[11].weight), f3b: f(p[11].bias),
  };
}

type Model = ReturnType<typeof lenet5>;

/** A fresh training state on the backend in use, with the shared initial parameters. */
function stateFrom(init: LeNetInit): TrainState<OptState, ParamsOf<Model>, StateOf<Model>> {
  const opt = makeOpt();
  const base = initTrain(lenet5(), opt, key(0), [1, 28, 28]);
  const params = unflattenTree(base.params, {
    '0.weight': tensor(init.c1w, [6, 1, 5, 5]), '0.bias': tensor(init.c1b, [6]),
    '3.weight': tensor(init.c2w, [16, 6, 5, 5]), '3.bias': tensor(init.c2b, [16]),
    '7.weight': tensor(init.f1w, [120, 400]), '7.bias': tensor(init.f1b, [120]),
    '9.weight': tensor(init.f2w, [84, 120]), '9.bias': tensor(init.f2b, [84]),
    '11.weight': tensor(init.f3w, [10, 84]), '11.bias': tensor(init.f3b, [10]),
  });
  return { params, state: base.state, opt: opt.init(params), step: 0 };
}

/** Softmax probabilities of the initial model on some images (cross-check against tfjs). */
export function initialProbabilities(backend: BackendName, init: LeNetInit, images: Float32Array): Float32Array {
  useBackend(backend, { strict: true });
  const ts = stateFrom(init);
  const n = images.length / PIXELS;
  const y = lenet5().apply(ts.params, ts.state, tensor(images, [n, 1, 28, 28]), { training: false }).y;
  return Float32Array.from(toArray(softmax(y)));
}

function makeImpl(backend: BackendName, data: HostData, init: LeNetInit): TrainingImpl {
  const activate = () => { useBackend(backend, { strict: true }); };
  const model = lenet5();
  const opt = makeOpt();
  const step = makeTrainStep(model, (logits, y) => softmaxCrossEntropy(logits, y), opt);
  const batchOf = (idx: Int32Array) => ({
    x: tensor(gatherRows(data.trainX, PIXELS, idx), [idx.length, 1, 28, 28]),
    y: tensor(gatherLabels(data.trainY, idx), [idx.length]),
  });
  activate();
  const threads = backendStats(backend).threads;
  return {
    name: `nn-ts-${backend}`,
    note: `nn-ts (gpu.js 2.24.1 mode '${backend}'${backend === 'headlessgl' ? ', Mesa llvmpipe unless a GPU X server is used' : ''}), ${threads} thread(s)`,
    async throughput(batches, opts) {
      activate();
      const prepared = batches.map(batchOf); // untimed: host gather + upload
      let ts = stateFrom(init);
      return timeSteps((i) => {
        ts = step(ts, prepared[i % prepared.length], key(i)).train;
      }, opts);
    },
    async trainAndEvaluate(orders) {
      activate();
      let ts = stateFrom(init);
      const t0 = performance.now();
      let lossSum = 0, seen = 0, s = 0;
      for (const epochBatches of orders) {
        lossSum = 0;
        seen = 0;
        for (const idx of epochBatches) {
          const r = step(ts, batchOf(idx), key(s++));
          ts = r.train;
          lossSum += r.loss * idx.length;
          seen += idx.length;
        }
      }
      const seconds = (performance.now() - t0) / 1000;
      let correct = 0;
      const chunk = 500;
      for (let i = 0; i < data.nTest; i += chunk) {
        const n = Math.min(chunk, data.nTest - i);
        const x = tensor(data.testX.subarray(i * PIXELS, (i + n) * PIXELS), [n, 1, 28, 28]);
        const logits = model.apply(ts.params, ts.state, x, { training: false }).y;
        correct += countCorrect(toArray(logits), data.testY.subarray(i, i + n));
      }
      return { accuracy: correct / data.nTest, epochs: orders.length, steps: s, seconds, lastEpochLoss: lossSum / Math.max(1, seen) };
    },
  };
}

/** nn-ts on every backend that works here ('webgl2' exists only in browsers). */
export function nntsImpls(data: HostData, init: LeNetInit, backends: readonly BackendName[] = availableBackends().filter((b) => b !== 'webgl2')): TrainingImpl[] {
  return backends.map((b) => makeImpl(b, data, init));
}
