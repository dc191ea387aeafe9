// Pure Monte Carlo tree search (UCT, Kocsis & Szepesvári 2006): UCB1 selection, one random
// playout per simulation, and the most visited move at the root. The reference a network-guided
// search is measured against at the same number of simulations.
import type { Key } from '../random/key.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { scoreFor, type Game } from './game.js';
import { checkOngoing, onePerPosition, type Player } from './player.js';
import { intStream, type IntStream } from './stream.js';

export interface UctOptions {
  /** Simulations per move (each: selection, expansion of one child, a random playout, backup). */
  readonly simulations: number;
  /** Exploration constant of UCB1 (default √2, for scores in [-1, 1] mapped to [0, 1]). */
  readonly exploration?: number;
}

// The tree is built and thrown away inside one decision; nodes are mutated only there.
interface UctNode<S> {
  readonly state: S;
  readonly untried: number[];
  readonly children: { move: number; node: UctNode<S> }[];
  visits: number;
  /** Total score from the view of the player who moved into this node. */
  score: number;
}

const newNode = <S>(game: Game<S>, state: S, rng: IntStream): UctNode<S> => {
  const untried = game.legalMoves(state).slice();
  // Expansion takes untried moves from the end: shuffle so the order carries no bias.
  for (let i = untried.length - 1; i > 0; i--) { const j = rng.below(i + 1); [untried[i], untried[j]] = [untried[j], untried[i]]; }
  return { state, untried, children: [], visits: 0, score: 0 };
};

/** Plays random legal moves to the end; the outcome's score from `side`'s view. */
const playout = <S>(game: Game<S>, s: S, side: 0 | 1, rng: IntStream): number => {
  let state = s;
  for (let o = game.outcome(state); !o; o = game.outcome(state)) {
    const moves = game.legalMoves(state);
    state = game.play(state, moves[rng.below(moves.length)]);
  }
  const o = game.outcome(state);
  return o ? scoreFor(o, side) : 0;
};

/** The most visited root move after `simulations` UCT simulations from `root`. */
export const uctSearch = <S>(game: Game<S>, root: S, o: UctOptions, k: Key): { move: number; visits: Map<number, number> } => {
  const rng = intStream(k), c = o.exploration ?? Math.SQRT2;
  const top = newNode(game, root, rng);
  for (let sim = 0; sim < o.simulations; sim++) {
    const path: UctNode<S>[] = [top];
    let node = top;
    while (node.untried.length === 0 && node.children.length > 0) {
      const logN = Math.log(node.visits);
      let best = node.children[0].node, bestU = -Infinity;
      for (const { node: ch } of node.children) {
        // mean score in [-1, 1] mapped to [0, 1] so the constant means what it means for UCB1
        const u = (ch.score / ch.visits + 1) / 2 + c * Math.sqrt(logN / ch.visits);
        if (u > bestU) { bestU = u; best = ch; }
      }
      node = best;
      path.push(node);
    }
    if (node.untried.length > 0 && !game.outcome(node.state)) {
      const move = node.untried.pop();
      if (move !== undefined) {
        const child = newNode(game, game.play(node.state, move), rng);
        node.children.push({ move, node: child });
        node = child;
        path.push(node);
      }
    }
    // Score from the view of the player to move at the leaf, then credited to each node's mover.
    const leafSide = game.toMove(node.state);
    const result = playout(game, node.state, leafSide, rng);
    for (let i = path.length - 1; i >= 0; i--) {
      const n = path[i];
      n.visits++;
      if (i > 0) n.score += game.toMove(path[i - 1].state) === leafSide ? result : -result;
    }
  }
  const visits = new Map(top.children.map(({ move, node }) => [move, node.visits] as const));
  let move = top.children[0]?.move ?? game.legalMoves(root)[0], most = -1;
  for (const ch of top.children) if (ch.node.visits > most) { most = ch.node.visits; move = ch.move; }
  return { move, visits };
};

/** The pure MCTS player (UCT with random playouts). */
export const uctPlayer = <S>(game: Game<S>, o: UctOptions): Player<S> => {
  checkOptions('uctPlayer', o, ['simulations', 'exploration'], 'required');
  if (!Number.isSafeInteger(o.simulations) || o.simulations < 1) throw new OptionError('uctPlayer', `simulations must be an integer >= 1, got ${describe(o.simulations)}`);
  if (o.exploration !== undefined && !(typeof o.exploration === 'number' && o.exploration >= 0 && Number.isFinite(o.exploration)))
    throw new OptionError('uctPlayer', `exploration must be a finite number >= 0, got ${describe(o.exploration)}`);
  const inner = onePerPosition<S>(`pure MCTS (${o.simulations} simulations)`, (s, k) => uctSearch(game, s, o, k).move);
  return { name: inner.name, chooseMoves: (states, k) => (checkOngoing('uctPlayer', game, states), inner.chooseMoves(states, k)) };
};
