// Exact game values by memoised negamax, for games small enough to solve (tic-tac-toe has 5,478
// reachable positions), and the perfect player built on them.
import type { Key } from '../random/key.js';
import { scoreFor, type Game } from './game.js';
import { checkOngoing, onePerPosition, type Player } from './player.js';
import { intStream } from './stream.js';

export interface Solver<S> {
  /** The value of `s` with perfect play from the view of the player to move: +1 win, 0 draw, -1 loss. */
  value(s: S): number;
  /** The moves of `s` that keep its value (all legal moves with the best value), in increasing order. */
  optimalMoves(s: S): number[];
  /** Positions solved so far. */
  readonly size: number;
}

/** A solver whose table of values grows as positions are asked about (positions are told apart by `game.id`). */
export const solver = <S>(game: Game<S>): Solver<S> => {
  const memo = new Map<string, number>();
  const value = (s: S): number => {
    const o = game.outcome(s);
    if (o) return scoreFor(o, game.toMove(s));
    const id = game.id(s);
    const known = memo.get(id);
    if (known !== undefined) return known;
    const me = game.toMove(s);
    let best = -Infinity;
    for (const m of game.legalMoves(s)) {
      const next = game.play(s, m);
      const v = game.toMove(next) === me ? value(next) : 0 - value(next); // 0 - x, not -x: a draw is +0, never -0
      if (v > best) best = v;
      if (best === 1) break; // nothing beats a win
    }
    memo.set(id, best);
    return best;
  };
  const moveValue = (s: S, m: number): number => {
    const next = game.play(s, m);
    return game.toMove(next) === game.toMove(s) ? value(next) : 0 - value(next);
  };
  return {
    value,
    optimalMoves: (s) => {
      const moves = game.legalMoves(s), vs = moves.map((m) => moveValue(s, m));
      const best = Math.max(...vs);
      return moves.filter((_, i) => vs[i] === best);
    },
    get size() { return memo.size; },
  };
};

/** The perfect player: one of the optimal moves, uniformly at random from the key. */
export const perfectPlayer = <S>(game: Game<S>, solved: Solver<S> = solver(game)): Player<S> => {
  const inner = onePerPosition('perfect minimax', (s: S, k: Key) => {
    const best = solved.optimalMoves(s);
    return best[intStream(k).below(best.length)];
  });
  return { name: inner.name, chooseMoves: (states, k) => (checkOngoing('perfectPlayer', game, states), inner.chooseMoves(states, k)) };
};
