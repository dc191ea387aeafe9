// Matches between players. Games run in lockstep, so a player that searches with a network sees
// the positions of all the games where it is to move as one batch.
import { foldIn, split, type Key } from '../random/key.js';
import { OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { scoreFor, type Game, type Side } from './game.js';
import type { Player } from './player.js';

export interface Tally { wins: number; draws: number; losses: number }

export interface MatchResult {
  /** From the first-named player's view, over all games and by the side it played. */
  readonly total: Tally;
  readonly asFirst: Tally;
  readonly asSecond: Tally;
}

const empty = (): Tally => ({ wins: 0, draws: 0, losses: 0 });
const count = (t: Tally, score: number): void => { if (score > 0) t.wins++; else if (score < 0) t.losses++; else t.draws++; };

/** Plays the games from `starts`, `sides[i]` being the side `a` plays in game i; returns the final states. */
const playAll = <S>(game: Game<S>, a: Player<S>, b: Player<S>, starts: readonly S[], sides: readonly Side[], k: Key): S[] => {
  const states = starts.slice();
  for (let ply = 0; states.some((s) => !game.outcome(s)); ply++) {
    const [ka, kb] = split(foldIn(k, ply));
    for (const [player, mine, pk] of [[a, true, ka], [b, false, kb]] as const) {
      const idx = states.flatMap((s, i) => (!game.outcome(s) && (game.toMove(s) === sides[i]) === mine ? [i] : []));
      if (idx.length === 0) continue;
      const moves = player.chooseMoves(idx.map((i) => states[i]), pk);
      idx.forEach((g, j) => { states[g] = game.play(states[g], moves[j]); });
    }
  }
  return states;
};

/** `games` games (even: half with `a` moving first, half with `b` first) from the start position. */
export const playMatch = <S>(game: Game<S>, a: Player<S>, b: Player<S>, games: number, k: Key): MatchResult => {
  if (!Number.isSafeInteger(games) || games < 0) throw new OptionError('playMatch', `games must be a non-negative integer, got ${describe(games)}`);
  const sides = Array.from({ length: games }, (_, i): Side => (i % 2 === 0 ? 0 : 1));
  const finals = playAll(game, a, b, sides.map(() => game.initial), sides, k);
  const r = { total: empty(), asFirst: empty(), asSecond: empty() };
  finals.forEach((s, i) => {
    const o = game.outcome(s);
    const score = o ? scoreFor(o, sides[i]) : 0;
    count(r.total, score);
    count(sides[i] === 0 ? r.asFirst : r.asSecond, score);
  });
  return r;
};

export interface EveryReplyResult<S> extends MatchResult {
  /** Distinct games played (one per line of the opponent's choices). */
  readonly games: number;
  /** The final positions of the games the player lost. */
  readonly lost: readonly S[];
}

/**
 * The player against every line of an opponent that may answer with any move of `replies(s)`: the
 * games branch at each of the opponent's moves into one game per reply, while the player picks its
 * move as usual (a deterministic player, such as a greedy search, gives one game per line). With
 * `replies` = every optimal move of a solved game, a player that never loses here never loses to
 * any perfect player, whatever it picks among equal moves. Both sides are played.
 */
export const againstEveryReply = <S>(game: Game<S>, player: Player<S>, replies: (s: S) => readonly number[], k: Key): EveryReplyResult<S> => {
  const r = { total: empty(), asFirst: empty(), asSecond: empty() };
  const lost: S[] = [];
  let games = 0;
  for (const side of [0, 1] as const) {
    let frontier: S[] = [game.initial];
    for (let ply = 0; frontier.length > 0; ply++) {
      const next: S[] = [];
      const mine = frontier.filter((s) => game.toMove(s) === side);
      const moves = mine.length > 0 ? player.chooseMoves(mine, foldIn(foldIn(k, side), ply)) : [];
      mine.forEach((s, i) => next.push(game.play(s, moves[i])));
      for (const s of frontier) if (game.toMove(s) !== side) for (const m of replies(s)) next.push(game.play(s, m));
      frontier = [];
      for (const s of next) {
        const o = game.outcome(s);
        if (!o) { frontier.push(s); continue; }
        const score = scoreFor(o, side);
        games++;
        count(r.total, score);
        count(side === 0 ? r.asFirst : r.asSecond, score);
        if (score < 0) lost.push(s);
      }
    }
  }
  return { ...r, games, lost };
};
