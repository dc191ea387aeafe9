// The network-guided searcher as a player: a PUCT search from each position (all positions of a
// batch searched in lockstep) and the most visited move, no root noise. Deterministic.
import { checkOngoing, type Player } from './player.js';
import { checkPuctOptions, puctSearch, visitPolicy, type Evaluator, type PuctOptions } from './puct.js';
import type { Game } from './game.js';

export const searchPlayer = <S>(game: Game<S>, evaluate: Evaluator<S>, o: Omit<PuctOptions, 'dirichlet'>, name = `PUCT (${o.simulations} simulations)`): Player<S> => {
  checkPuctOptions('searchPlayer', o);
  return {
    name,
    chooseMoves: (states, k) => {
      checkOngoing('searchPlayer', game, states);
      return puctSearch(game, evaluate, states, o, k).map((r) => visitPolicy(r.visits, 0).indexOf(1));
    },
  };
};
