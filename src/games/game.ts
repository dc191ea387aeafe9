// A two-player, zero-sum, perfect-information game as a value: states are immutable, moves are
// integers in [0, moveCount), and everything a search or a network needs is a pure function.
import { NnTsError } from '../shape/errors.js';

/** Player 0 moves first, player 1 second. */
export type Side = 0 | 1;

/** A finished game's winner (null: a draw), or undefined while it goes on. */
export type Outcome = { readonly winner: Side | null } | undefined;

/**
 * A relabelling of the board that maps the rules onto themselves (a rotation, a mirror). `cells[i]`
 * is the cell of the original board that lands on cell i; `moves[m]` is the original move that
 * becomes move m. Used to augment training data: the position's planes and its policy target are
 * permuted together.
 */
export interface Symmetry {
  readonly name: string;
  readonly cells: Int32Array;
  readonly moves: Int32Array;
}

export interface Game<S> {
  readonly name: string;
  /** Feature planes of one encoded state: [channels, height, width]. */
  readonly planes: readonly [number, number, number];
  /** Size of the policy: moves are the integers 0..moveCount-1. */
  readonly moveCount: number;
  /** Symmetries of the board, the identity first. */
  readonly symmetries: readonly Symmetry[];
  readonly initial: S;
  toMove(s: S): Side;
  /** Legal moves in increasing order; empty once the game is over. */
  legalMoves(s: S): readonly number[];
  /** The state after `move`; throws an IllegalMoveError for a move that is not legal in `s`. */
  play(s: S, move: number): S;
  outcome(s: S): Outcome;
  /** Planes from the view of the player to move (their stones first), row-major [C, H, W], written at `offset`. */
  encode(s: S, into: Float32Array, offset: number): void;
  /** A string that identifies the position (memo and cache keys). */
  id(s: S): string;
  /** The board as text, for logs and error messages. */
  show(s: S): string;
}

/** A move that the rules do not allow in the position: names the game, the move and the legal ones. */
export class IllegalMoveError extends NnTsError {
  override readonly name = 'IllegalMoveError';
  constructor(game: string, readonly move: number, readonly legal: readonly number[]) {
    super(`${game}.play`, legal.length === 0
      ? `move ${String(move)} is illegal: the game is over`
      : `move ${String(move)} is illegal here; legal moves are ${legal.join(', ')}`);
  }
}

/** The final score from `side`'s view: +1 win, 0 draw, -1 loss. */
export const scoreFor = (o: { readonly winner: Side | null }, side: Side): number => (o.winner === null ? 0 : o.winner === side ? 1 : -1);

/** The state after a sequence of moves from the start (checked move by move). */
export const playMoves = <S>(game: Game<S>, moves: readonly number[], from: S = game.initial): S => moves.reduce((s, m) => game.play(s, m), from);

/** Encodes a batch of states into one [B, C, H, W] buffer. */
export const encodeBatch = <S>(game: Game<S>, states: readonly S[]): Float32Array => {
  const [c, h, w] = game.planes, size = c * h * w;
  const out = new Float32Array(states.length * size);
  states.forEach((s, i) => game.encode(s, out, i * size));
  return out;
};
