// The policy/value network and its training: the layer laws on the network, the loss against a
// float64 reference, a fixed batch whose loss falls, self-play and the whole loop replaying
// bit for bit from the key, and a resumed loop that continues exactly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import {
  alphaZero, alphaZeroLoss, cachedEvaluator, connectFour, examplesBatch, l2Penalty, makeAlphaZeroStep, networkEvaluator,
  policyValueNet, sampleBatch, selfPlay, ticTacToe, transformExample, uniformEvaluator, addExamples, replayBuffer,
} from '../../src/games/index.js';
import { adam } from '../../src/optim/index.js';
import { initTrain } from '../../src/train/index.js';
import { item, key, normal, ShapeError, Tensor, tensor, toArray, uniform, useBackend, zeros } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('games');
/** Every parameter of a tree, in order, as numbers. */
const flat = (p: unknown): number[] => (p instanceof Tensor ? Array.from(toArray(p)) : p !== null && typeof p === 'object' ? Object.values(p).flatMap(flat) : []);
const tiny = () => policyValueNet(ticTacToe, { filters: 4, blocks: 1, valueHidden: 4 });

describe('policyValueNet', () => {
  const net = tiny();
  it('shape law ([3, 3, 3] → [10]: 9 logits and a value) on every backend, and the gradient law on cpu', () => {
    for (const b of testedBackends) {
      useBackend(b, { strict: true });
      holds(layerShapeLaw(net, [3, 3, 3], { batch: 3 }));
    }
    useBackend('cpu');
    holds(layerGradientLaw(net, [3, 3, 3], { seed: 3 }));
  });
  it('backends agree', () => { holds(layerBackendLaw(net, [3, 3, 3], { backends: testedBackends })); });
  it('shape law at Connect Four size (default 32 filters, 2 blocks): [3, 6, 7] → [8]', () => {
    useBackend('cpu');
    holds(layerShapeLaw(policyValueNet(connectFour), [3, 6, 7], { batch: 2 }));
  });
  it('the value is in (-1, 1); a mismatched input or a bad option is refused', () => {
    useBackend('cpu');
    const { params, state } = net.init(key(0), [3, 3, 3]);
    const y = toArray(net.apply(params, state, normal(key(1), [5, 3, 3, 3]), { training: false }).y);
    for (let i = 0; i < 5; i++) expect(Math.abs(y[i * 10 + 9])).toBeLessThan(1);
    expect(() => net.apply(params, state, zeros([2, 2, 3, 3]))).toThrow(ShapeError);
    expect(() => net.init(key(0), [3, 4, 4])).toThrow(ShapeError);
    expect(() => policyValueNet(ticTacToe, { filters: 0 })).toThrow('policyValueNet: filters must be an integer >= 1');
    expect(() => policyValueNet(ticTacToe, { width: 3 } as never)).toThrow('policyValueNet');
  });
});

describe('alphaZeroLoss', () => {
  it('matches a float64 reference: −Σ π log softmax(logits) and (v − z)², means over the batch', () => {
    useBackend('cpu');
    const B = 4, M = 9;
    const out = toArray(normal(key(2), [B, M + 1]));
    const pi = toArray(uniform(key(3), [B, M]));
    const z = [1, -1, 0, 1];
    const target = new Float32Array(B * (M + 1));
    let ce = 0, sq = 0;
    for (let b = 0; b < B; b++) {
      const row = Array.from(out.subarray(b * (M + 1), b * (M + 1) + M));
      const p = Array.from(pi.subarray(b * M, (b + 1) * M)), total = p.reduce((a, v) => a + v, 0);
      const top = Math.max(...row), lse = top + Math.log(row.reduce((a, v) => a + Math.exp(v - top), 0));
      p.forEach((v, m) => { target[b * (M + 1) + m] = v / total; ce -= (Math.fround(v / total)) * (row[m] - lse); });
      target[b * (M + 1) + M] = z[b];
      sq += (out[b * (M + 1) + M] - z[b]) ** 2;
    }
    const l = alphaZeroLoss(tensor(out, [B, M + 1]), tensor(target, [B, M + 1]), M);
    expect(item(l.policy)).toBeCloseTo(ce / B, 5);
    expect(item(l.value)).toBeCloseTo(sq / B, 5);
  });
  it('l2Penalty is c · Σ θ²', () => {
    useBackend('cpu');
    const { params } = tiny().init(key(4), [3, 3, 3]);
    const want = flat(params).reduce((a, v) => a + v * v, 0);
    expect(item(l2Penalty(params, 1e-3))).toBeCloseTo(1e-3 * want, 5);
  });
  it('refuses outputs and targets of the wrong shape, naming them', () => {
    expect(() => alphaZeroLoss(zeros([2, 9]), zeros([2, 9]), 9)).toThrow('alphaZeroLoss: output has shape [2, 9] but must be [B, 10]');
    expect(() => alphaZeroLoss(zeros([2, 10]), zeros([3, 10]), 9)).toThrow('alphaZeroLoss: target has shape [3, 10]');
  });
});

describe('self-play and training', () => {
  const opts = { games: 6, simulations: 8, temperatureMoves: 3, dirichlet: { alpha: 1, epsilon: 0.25 } };
  it('self-play gives one example per move, with π on the legal moves and z = ±1 or 0; same key, same games', () => {
    useBackend('cpu');
    const a = selfPlay(ticTacToe, uniformEvaluator(ticTacToe), opts, key(5));
    expect(a.examples.length).toBe(a.games.reduce((s, g) => s + g.moves, 0));
    for (const e of a.examples) {
      expect(Math.abs(e.policy.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
      e.policy.forEach((p, m) => { if (p > 0) expect(e.planes[m] + e.planes[9 + m]).toBe(0); }); // only empty cells
      expect([1, 0, -1]).toContain(e.outcome);
    }
    const b = selfPlay(ticTacToe, uniformEvaluator(ticTacToe), opts, key(5)), c = selfPlay(ticTacToe, uniformEvaluator(ticTacToe), opts, key(6));
    expect(b.examples).toEqual(a.examples);
    expect(c.examples).not.toEqual(a.examples);
  });
  it('with the network (cached, batched) self-play is deterministic too, and the cache answers like the network', () => {
    useBackend('cpu');
    const net = tiny(), { params, state } = net.init(key(7), [3, 3, 3]);
    const plain = networkEvaluator(ticTacToe, net, params, state), cached = cachedEvaluator(ticTacToe, plain);
    const s1 = selfPlay(ticTacToe, cached, opts, key(8)), s2 = selfPlay(ticTacToe, cachedEvaluator(ticTacToe, plain), opts, key(8));
    expect(s1.examples).toEqual(s2.examples);
    expect(cached.stats().hits).toBeGreaterThan(0);
    const positions = s1.games.map((g) => g.final).filter((s) => !ticTacToe.outcome(s));
    const somePositions = [ticTacToe.initial, ticTacToe.play(ticTacToe.initial, 4), ...positions];
    expect(cached(somePositions)).toEqual(plain(somePositions));
  });
  it('symmetries permute planes and policy together; batches are deterministic by key', () => {
    const { examples } = selfPlay(ticTacToe, uniformEvaluator(ticTacToe), opts, key(9));
    const rot = ticTacToe.symmetries[1];
    const e = examples[3], t = transformExample(ticTacToe, e, rot);
    for (let i = 0; i < 9; i++) { expect(t.policy[i]).toBe(e.policy[rot.moves[i]]); expect(t.planes[i]).toBe(e.planes[rot.cells[i]]); }
    const buf = addExamples(replayBuffer(20), examples);
    expect(buf.examples.length).toBe(Math.min(20, examples.length));
    expect(toArray(sampleBatch(ticTacToe, buf, 8, key(1)).y)).toEqual(toArray(sampleBatch(ticTacToe, buf, 8, key(1)).y));
  });
  it('on a fixed batch of self-play positions the loss is finite and falls', () => {
    useBackend('cpu');
    const net = tiny();
    const { examples } = selfPlay(ticTacToe, uniformEvaluator(ticTacToe), { ...opts, games: 4 }, key(10));
    const batch = examplesBatch(ticTacToe, examples.slice(0, 24));
    const step = makeAlphaZeroStep(net, adam({ lr: 0.02 }), { moveCount: 9, l2: 1e-4 });
    let ts = initTrain(net, adam({ lr: 0.02 }), key(11), [3, 3, 3]);
    const losses: number[] = [];
    for (let i = 0; i < 25; i++) { const r = step(ts, batch, key(i)); ts = r.train; losses.push(r.losses.total); expect(Number.isFinite(r.losses.total)).toBe(true); }
    expect(losses[24]).toBeLessThan(0.8 * losses[0]);
  });
});

describe('the loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nn-ts-alphazero-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const base = (generations: number, path?: string) => alphaZero({
    game: ticTacToe, model: tiny(), optimizer: adam({ lr: 0.01 }), key: key(12), generations, bufferCapacity: 200, progress: false, log: () => {},
    selfPlay: { games: 4, simulations: 6, temperatureMoves: 2, dirichlet: { alpha: 1, epsilon: 0.25 } },
    train: { steps: 3, batchSize: 8, l2: 1e-4 },
    ...(path ? { checkpoint: { path } } : {}),
  });
  it('two generations replay bit for bit from the key, and a run resumed after one generation ends with the same weights', () => {
    useBackend('cpu');
    const whole = base(2), again = base(2);
    expect(flat(again.train.params)).toEqual(flat(whole.train.params));
    expect(whole.history.map((h) => h.generation)).toEqual([1, 2]);
    expect(whole.history.every((h) => Number.isFinite(h.lossLast) && h.games === 4)).toBe(true);
    const path = join(dir, 'ttt.safetensors');
    base(1, path);
    const resumed = base(2, path);
    expect(resumed.resumedAfter).toBe(1);
    expect(resumed.train.step).toBe(6);
    expect(flat(resumed.train.params)).toEqual(flat(whole.train.params));
    expect(resumed.buffer.examples.length).toBe(whole.buffer.examples.length);
  });
  it('refuses bad options, naming them', () => {
    const ok = { game: ticTacToe, model: tiny(), optimizer: adam({ lr: 0.01 }), key: key(0), generations: 1, bufferCapacity: 10, selfPlay: { games: 1, simulations: 1 }, train: { steps: 1, batchSize: 4, l2: 0 } };
    expect(() => alphaZero({ ...ok, train: { steps: 1, batchSize: 0, l2: 0 } })).toThrow('alphaZero: train.batchSize must be an integer >= 1');
    expect(() => alphaZero({ ...ok, generations: -1 })).toThrow('alphaZero: generations must be an integer >= 0');
    expect(() => alphaZero({ ...ok, train: { steps: 1, batchSize: 4, l2: -1 } })).toThrow('makeAlphaZeroStep: l2 must be a finite number >= 0');
  });
});
