// A depth-limited alpha-beta (negamax) player: exact scores for positions decided within the
// horizon, a heuristic beyond it. Wins score above any heuristic value, sooner wins higher.
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { permutationData } from '../random/sample.js';
import { scoreFor, type Game } from './game.js';
import { checkOngoing, onePerPosition, type Player } from './player.js';

export interface AlphaBetaOptions<S> {
  /** Plies searched (>= 1). */
  readonly depth: number;
  /** Score of an unfinished position from the view of the player to move, |score| < 10,000. */
  readonly heuristic: (s: S) => number;
  /** Moves in the order to try them (good moves first make more cut-offs); default: as legalMoves gives them. */
  readonly order?: (s: S, moves: readonly number[]) => readonly number[];
}

/** Above every heuristic score; a win found d plies ahead scores WIN - d. */
const WIN = 1e6;

/** The negamax score of `s` searched `depth` plies, from the view of the player to move (alpha-beta, fail-hard). */
export const alphaBetaScore = <S>(game: Game<S>, o: AlphaBetaOptions<S>, s: S, depth: number, alpha = -Infinity, beta = Infinity, ply = 0): number => {
  const out = game.outcome(s);
  if (out) return scoreFor(out, game.toMove(s)) * (WIN - ply);
  if (depth === 0) return o.heuristic(s);
  const moves = game.legalMoves(s);
  let a = alpha;
  for (const m of o.order ? o.order(s, moves) : moves) {
    const next = game.play(s, m);
    const same = game.toMove(next) === game.toMove(s);
    const v = same ? alphaBetaScore(game, o, next, depth - 1, a, beta, ply + 1) : -alphaBetaScore(game, o, next, depth - 1, -beta, -a, ply + 1);
    if (v > a) a = v;
    if (a >= beta) break;
  }
  return a;
};

/**
 * The alpha-beta player: the root moves are tried in an order shuffled by the key (a stable sort by
 * `order` keeps the shuffle among equals) and the first one of the best score is played, so equal
 * moves are chosen at random and games against it vary.
 */
export const alphaBetaPlayer = <S>(game: Game<S>, o: AlphaBetaOptions<S>): Player<S> => {
  checkOptions('alphaBetaPlayer', o, ['depth', 'heuristic', 'order'], 'required');
  if (!Number.isSafeInteger(o.depth) || o.depth < 1) throw new OptionError('alphaBetaPlayer', `depth must be an integer >= 1, got ${describe(o.depth)}`);
  if (typeof o.heuristic !== 'function') throw new OptionError('alphaBetaPlayer', `heuristic must be a function (state) => score, got ${describe(o.heuristic)}`);
  const inner = onePerPosition<S>(`alpha-beta depth ${o.depth}`, (s, k) => {
    const legal = game.legalMoves(s), perm = permutationData(k, legal.length);
    const shuffled = Array.from(perm, (i) => legal[i]);
    const moves = o.order ? o.order(s, shuffled) : shuffled;
    let best = moves[0], alpha = -Infinity;
    for (const m of moves) {
      const next = game.play(s, m);
      const same = game.toMove(next) === game.toMove(s);
      const v = same ? alphaBetaScore(game, o, next, o.depth - 1, alpha, Infinity, 1) : -alphaBetaScore(game, o, next, o.depth - 1, -Infinity, -alpha, 1);
      if (v > alpha) { alpha = v; best = m; }
    }
    return best;
  });
  return { name: inner.name, chooseMoves: (states, k) => (checkOngoing('alphaBetaPlayer', game, states), inner.chooseMoves(states, k)) };
};
