// Monte Carlo tree search guided by a policy/value evaluator (Silver et al. 2017): PUCT selection,
// Dirichlet noise on the root priors, value backup with the sign flipped at every change of player.
// Many searches run in lockstep, and each simulation round sends the leaves of all of them to the
// evaluator at once: with a network that is one batched forward pass per round, not one per leaf.
import { split, type Key } from '../random/key.js';
import { dirichletData } from '../random/gamma.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { scoreFor, type Game } from './game.js';

/** What an evaluator says about a position: prior move probabilities and a value in [-1, 1] for the player to move. */
export interface Evaluation {
  /** One entry per move of the game (moveCount); only the legal moves' entries are read. */
  readonly priors: Float32Array;
  readonly value: number;
}

/** Evaluates a batch of unfinished positions. */
export type Evaluator<S> = (states: readonly S[]) => readonly Evaluation[];

export interface PuctOptions {
  /** Simulations per search (each adds one leaf). */
  readonly simulations: number;
  /** Weight of the prior in PUCT: Q + c·P·√N / (1 + n). Default 1.5. */
  readonly cPuct?: number;
  /** Root noise P ← (1 − ε)·P + ε·Dir(α) over the legal moves (self-play exploration); none when absent. */
  readonly dirichlet?: { readonly alpha: number; readonly epsilon: number };
}

export interface SearchResult {
  /** Visits of each root move (moveCount entries). */
  readonly visits: Float32Array;
  /** Mean value of the root over the search, from the view of the player to move. */
  readonly value: number;
}

// A node's edges are indexed like its legal moves. The tree lives only inside one search call;
// it is built by mutation there and never escapes.
interface PuctNode<S> {
  readonly state: S;
  readonly moves: readonly number[];
  readonly priors: Float64Array;
  readonly visits: Float64Array;
  /** Sum of backed-up values per edge, from this node's player-to-move view. */
  readonly total: Float64Array;
  readonly children: (PuctNode<S> | undefined)[];
  /** Set once evaluated (or, for a finished game, its exact value from the player to move). */
  expanded: boolean;
  terminal: number | undefined;
  /** Visits of the node itself (its evaluation counts as one). */
  count: number;
  valueSum: number;
}

const makeNode = <S>(game: Game<S>, state: S): PuctNode<S> => {
  const o = game.outcome(state);
  const moves = o ? [] : game.legalMoves(state), n = moves.length;
  return {
    state, moves, priors: new Float64Array(n), visits: new Float64Array(n), total: new Float64Array(n),
    children: new Array<PuctNode<S> | undefined>(n).fill(undefined), expanded: false,
    terminal: o ? scoreFor(o, game.toMove(state)) : undefined, count: 0, valueSum: 0,
  };
};

/** Priors over the legal moves, renormalised (uniform when the evaluator gives them no mass). */
const expand = <S>(node: PuctNode<S>, e: Evaluation): void => {
  let total = 0;
  node.moves.forEach((m, i) => { const p = e.priors[m]; node.priors[i] = Number.isFinite(p) && p > 0 ? p : 0; total += node.priors[i]; });
  for (let i = 0; i < node.moves.length; i++) node.priors[i] = total > 0 ? node.priors[i] / total : 1 / node.moves.length;
  node.expanded = true;
};

const addNoise = <S>(node: PuctNode<S>, k: Key, alpha: number, epsilon: number): void => {
  if (node.moves.length < 2) return;
  const noise = dirichletData(k, new Array<number>(node.moves.length).fill(alpha));
  for (let i = 0; i < node.moves.length; i++) node.priors[i] = (1 - epsilon) * node.priors[i] + epsilon * noise[i];
};

/** The edge PUCT picks: argmax Q + c·P·√N/(1 + n), unvisited edges with Q = 0; ties to the lowest move. */
const selectEdge = <S>(node: PuctNode<S>, c: number): number => {
  const sqrtN = Math.sqrt(Math.max(1, node.count));
  let best = 0, bestScore = -Infinity;
  for (let i = 0; i < node.moves.length; i++) {
    const n = node.visits[i], q = n > 0 ? node.total[i] / n : 0;
    const score = q + (c * node.priors[i] * sqrtN) / (1 + n);
    if (score > bestScore) { bestScore = score; best = i; }
  }
  return best;
};

/** Adds `value` (from the leaf's player-to-move view) to every node and edge of the path, flipping the sign per change of player. */
const backup = <S>(game: Game<S>, path: readonly { node: PuctNode<S>; edge: number }[], leaf: PuctNode<S>, value: number): void => {
  const leafSide = game.toMove(leaf.state);
  leaf.count++;
  leaf.valueSum += value;
  for (const { node, edge } of path) {
    const v = game.toMove(node.state) === leafSide ? value : -value;
    node.visits[edge]++;
    node.total[edge] += v;
    node.count++;
    node.valueSum += v;
  }
};

export const checkPuctOptions = (op: string, o: PuctOptions): void => {
  checkOptions(op, o, ['simulations', 'cPuct', 'dirichlet'], 'required');
  if (!Number.isSafeInteger(o.simulations) || o.simulations < 1) throw new OptionError(op, `simulations must be an integer >= 1, got ${describe(o.simulations)}`);
  if (o.cPuct !== undefined && !(typeof o.cPuct === 'number' && Number.isFinite(o.cPuct) && o.cPuct >= 0)) throw new OptionError(op, `cPuct must be a finite number >= 0, got ${describe(o.cPuct)}`);
  if (o.dirichlet !== undefined) {
    checkOptions(`${op} (dirichlet)`, o.dirichlet, ['alpha', 'epsilon'], 'required');
    const { alpha, epsilon } = o.dirichlet;
    if (!(typeof alpha === 'number' && Number.isFinite(alpha) && alpha > 0)) throw new OptionError(op, `dirichlet.alpha must be a finite number > 0, got ${describe(alpha)}`);
    if (!(typeof epsilon === 'number' && epsilon >= 0 && epsilon <= 1)) throw new OptionError(op, `dirichlet.epsilon must be in [0, 1], got ${describe(epsilon)}`);
  }
};

/**
 * One search from each root, all in lockstep: the roots are evaluated in one batch, then every
 * simulation round descends once in each tree and evaluates all the new leaves in one batch.
 * Leaves that end the game are scored by the rules, not the evaluator. With Dirichlet noise the
 * result depends on `key` (one noise draw per root); without it the search is deterministic.
 */
export const puctSearch = <S>(game: Game<S>, evaluate: Evaluator<S>, roots: readonly S[], o: PuctOptions, k: Key): SearchResult[] => {
  checkPuctOptions('puctSearch', o);
  const c = o.cPuct ?? 1.5;
  const trees = roots.map((s) => makeNode(game, s));
  const open = trees.filter((t) => t.terminal === undefined);
  const rootEvals = open.length > 0 ? evaluate(open.map((t) => t.state)) : [];
  const noiseKeys = o.dirichlet && open.length > 0 ? split(k, open.length) : [];
  open.forEach((t, i) => {
    expand(t, rootEvals[i]);
    t.count = 1;
    t.valueSum = rootEvals[i].value;
    if (o.dirichlet) addNoise(t, noiseKeys[i], o.dirichlet.alpha, o.dirichlet.epsilon);
  });
  for (let sim = 0; sim < o.simulations; sim++) {
    const pending: { leaf: PuctNode<S>; path: { node: PuctNode<S>; edge: number }[] }[] = [];
    for (const root of open) {
      const path: { node: PuctNode<S>; edge: number }[] = [];
      let node = root;
      while (node.expanded && node.terminal === undefined) {
        const edge = selectEdge(node, c);
        path.push({ node, edge });
        const next = node.children[edge] ?? makeNode(game, game.play(node.state, node.moves[edge]));
        node.children[edge] = next;
        node = next;
      }
      if (node.terminal !== undefined) backup(game, path, node, node.terminal);
      else pending.push({ leaf: node, path });
    }
    if (pending.length === 0) continue;
    const evals = evaluate(pending.map((p) => p.leaf.state));
    pending.forEach(({ leaf, path }, i) => {
      expand(leaf, evals[i]);
      backup(game, path, leaf, evals[i].value);
    });
  }
  return trees.map((t) => {
    const visits = new Float32Array(game.moveCount);
    t.moves.forEach((m, i) => { visits[m] = t.visits[i]; });
    return { visits, value: t.count > 0 ? t.valueSum / t.count : (t.terminal ?? 0) };
  });
};

/**
 * The move distribution of visit counts at temperature τ: π(a) ∝ n(a)^(1/τ). τ = 0 puts all the mass
 * on the most visited move (ties to the lowest move).
 */
export const visitPolicy = (visits: Float32Array, temperature: number): Float32Array => {
  if (!(typeof temperature === 'number' && temperature >= 0 && Number.isFinite(temperature))) throw new OptionError('visitPolicy', `temperature must be a finite number >= 0, got ${describe(temperature)}`);
  const out = new Float32Array(visits.length);
  let top = 0;
  for (let i = 1; i < visits.length; i++) if (visits[i] > visits[top]) top = i;
  if (temperature === 0 || !(visits[top] > 0)) { out[top] = 1; return out; }
  // Scaled by the largest count first so that n^(1/τ) cannot overflow for small τ.
  let total = 0;
  for (let i = 0; i < visits.length; i++) { out[i] = visits[i] > 0 ? (visits[i] / visits[top]) ** (1 / temperature) : 0; total += out[i]; }
  for (let i = 0; i < visits.length; i++) out[i] /= total;
  return out;
};
