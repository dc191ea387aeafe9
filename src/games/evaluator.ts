// Evaluators for the tree search: the network (one batched forward pass for any number of
// positions), a cache in front of any evaluator, and the uniform evaluator (no knowledge).
import type { Tree } from '../autodiff/tree.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Layer } from '../nn/layer.js';
import { NnTsError } from '../shape/errors.js';
import { encodeBatch, type Game } from './game.js';
import type { Evaluation, Evaluator } from './puct.js';

/**
 * The network's priors (softmax of the logits over the legal moves; illegal moves get 0) and value,
 * with batch norm in inference mode. All positions go through the network in one forward pass.
 */
export const networkEvaluator = <S, P extends Tree, LS extends Tree>(game: Game<S>, model: Layer<P, LS>, params: P, state: LS): Evaluator<S> => (states) => {
  if (states.length === 0) return [];
  const [c, h, w] = game.planes, M = game.moveCount;
  const x = fromHost(encodeBatch(game, states), [states.length, c, h, w]);
  const y = toArray(model.apply(params, state, x, { training: false }).y);
  if (y.length !== states.length * (M + 1)) throw new NnTsError('networkEvaluator', `the network gave ${y.length} numbers for ${states.length} positions; a policyValueNet gives moveCount + 1 = ${M + 1} per position`);
  return states.map((s, i): Evaluation => {
    const row = y.subarray(i * (M + 1), (i + 1) * (M + 1)), legal = game.legalMoves(s);
    const priors = new Float32Array(M);
    let top = -Infinity;
    for (const m of legal) top = Math.max(top, row[m]);
    let total = 0;
    for (const m of legal) { priors[m] = Math.exp(row[m] - top); total += priors[m]; }
    for (const m of legal) priors[m] /= total;
    return { priors, value: row[M] };
  });
};

/**
 * The same evaluator with its answers kept by position id (`game.id`), so a position seen again,
 * in the same search or another game, costs nothing. Only for deterministic evaluators; make a new
 * cache whenever the network's parameters change. Holds at most `capacity` positions (the oldest go first).
 */
export const cachedEvaluator = <S>(game: Game<S>, evaluate: Evaluator<S>, capacity = 1_000_000): Evaluator<S> & { readonly stats: () => { hits: number; misses: number; size: number } } => {
  const memo = new Map<string, Evaluation>();
  let hits = 0, misses = 0;
  const f = (states: readonly S[]): Evaluation[] => {
    const ids = states.map((s) => game.id(s));
    const todo: S[] = [], todoIds: string[] = [];
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (memo.has(id)) hits++;
      else if (!seen.has(id)) { seen.add(id); todo.push(states[i]); todoIds.push(id); misses++; }
      else hits++;
    });
    const fresh = todo.length > 0 ? evaluate(todo) : [];
    const now = new Map(todoIds.map((id, i) => [id, fresh[i]] as const));
    const out = ids.map((id) => memo.get(id) ?? now.get(id));
    for (const [id, e] of now) {
      if (memo.size >= capacity) { const oldest = memo.keys().next(); if (!oldest.done) memo.delete(oldest.value); }
      memo.set(id, e);
    }
    return out.map((e, i) => {
      if (e === undefined) throw new NnTsError('cachedEvaluator', `the evaluator gave no answer for position ${i}`);
      return e;
    });
  };
  return Object.assign(f, { stats: () => ({ hits, misses, size: memo.size }) });
};

/** Equal priors on the legal moves and value 0: a search with it is plain PUCT with no knowledge. */
export const uniformEvaluator = <S>(game: Game<S>): Evaluator<S> => (states) => states.map((s) => {
  const priors = new Float32Array(game.moveCount), legal = game.legalMoves(s);
  for (const m of legal) priors[m] = 1 / legal.length;
  return { priors, value: 0 };
});
