// Self-play: games of the searcher against itself, all in lockstep so that every simulation round
// of every game's search goes to the evaluator as one batch. Each move leaves a training example:
// the position, the visit distribution of its search and, once the game ends, its outcome.
import { foldIn, split, type Key } from '../random/key.js';
import { categoricalData } from '../random/sample.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { scoreFor, type Game, type Side } from './game.js';
import { checkPuctOptions, puctSearch, visitPolicy, type Evaluator, type PuctOptions } from './puct.js';

/** One position to learn from: its planes [C·H·W], the search's move distribution π [moveCount], and the outcome z for the player to move. */
export interface Example {
  readonly planes: Float32Array;
  readonly policy: Float32Array;
  readonly outcome: number;
}

export interface SelfPlayOptions extends PuctOptions {
  readonly games: number;
  /** Moves played by sampling from π at temperature 1 (exploration); after them, the most visited move. Default 0. */
  readonly temperatureMoves?: number;
}

export interface SelfPlayResult<S> {
  readonly examples: readonly Example[];
  /** Winner of each game (null: a draw) and its length in moves. */
  readonly games: readonly { readonly winner: Side | null; readonly moves: number; readonly final: S }[];
}

/** Plays `games` games and returns their examples in game order, move order. Same key, same evaluator: same games. */
export const selfPlay = <S>(game: Game<S>, evaluate: Evaluator<S>, o: SelfPlayOptions, k: Key): SelfPlayResult<S> => {
  checkOptions('selfPlay', o, ['games', 'temperatureMoves', 'simulations', 'cPuct', 'dirichlet'], 'required');
  if (!Number.isSafeInteger(o.games) || o.games < 0) throw new OptionError('selfPlay', `games must be a non-negative integer, got ${describe(o.games)}`);
  const warm = o.temperatureMoves ?? 0;
  if (!Number.isSafeInteger(warm) || warm < 0) throw new OptionError('selfPlay', `temperatureMoves must be a non-negative integer, got ${describe(warm)}`);
  const search: PuctOptions = { simulations: o.simulations, ...(o.cPuct !== undefined ? { cPuct: o.cPuct } : {}), ...(o.dirichlet ? { dirichlet: o.dirichlet } : {}) };
  checkPuctOptions('selfPlay', search);
  const [c, h, w] = game.planes, size = c * h * w;
  const states: S[] = new Array<S>(o.games).fill(game.initial);
  const records: { planes: Float32Array; policy: Float32Array; side: Side }[][] = states.map(() => []);
  for (let ply = 0; states.some((s) => !game.outcome(s)); ply++) {
    const live = states.flatMap((s, i) => (game.outcome(s) ? [] : [i]));
    const [kSearch, kMove] = split(foldIn(k, ply));
    const results = puctSearch(game, evaluate, live.map((i) => states[i]), search, kSearch);
    const moveKeys = split(kMove, live.length);
    live.forEach((g, j) => {
      const s = states[g], policy = visitPolicy(results[j].visits, ply < warm ? 1 : 0);
      const planes = new Float32Array(size);
      game.encode(s, planes, 0);
      records[g].push({ planes, policy, side: game.toMove(s) });
      const logits = Float32Array.from(policy, (p) => (p > 0 ? Math.log(p) : -Infinity));
      states[g] = game.play(s, categoricalData(moveKeys[j], logits, 1, game.moveCount)[0]);
    });
  }
  const finals = states.map((s) => {
    const out = game.outcome(s);
    if (!out) throw new OptionError('selfPlay', 'a game ended without an outcome');
    return out;
  });
  return {
    examples: records.flatMap((r, g) => r.map((e) => ({ planes: e.planes, policy: e.policy, outcome: scoreFor(finals[g], e.side) }))),
    games: finals.map((f, g) => ({ winner: f.winner, moves: records[g].length, final: states[g] })),
  };
};
