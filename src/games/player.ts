// A player chooses a move in each of a batch of positions: players that search with a network
// evaluate the positions of many games together, the others simply go one position at a time.
import { split, type Key } from '../random/key.js';
import type { Game } from './game.js';
import { NnTsError } from '../shape/errors.js';
import { intStream } from './stream.js';

export interface Player<S> {
  readonly name: string;
  /** One legal move for each state (none of them finished), drawn from `key` where the player is random. */
  chooseMoves(states: readonly S[], key: Key): number[];
}

/** A player that decides one position at a time, each with its own key. */
export const onePerPosition = <S>(name: string, choose: (s: S, key: Key) => number): Player<S> => ({
  name,
  chooseMoves: (states, k) => {
    if (states.length === 0) return [];
    const ks = split(k, states.length);
    return states.map((s, i) => choose(s, ks[i]));
  },
});

/** Throws unless every state still has a move to make (a player is never asked about a finished game). */
export const checkOngoing = <S>(op: string, game: Game<S>, states: readonly S[]): void => {
  const done = states.findIndex((s) => game.outcome(s) !== undefined);
  if (done >= 0) throw new NnTsError(op, `state ${done} is a finished game:\n${game.show(states[done])}`);
};

/** A uniformly random legal move (the weakest baseline). */
export const randomPlayer = <S>(game: Game<S>): Player<S> => onePerPosition('uniformly random', (s: S, k: Key) => {
  const moves = game.legalMoves(s);
  if (moves.length === 0) throw new NnTsError('randomPlayer', `the game is over:\n${game.show(s)}`);
  return moves[intStream(k).below(moves.length)];
});
