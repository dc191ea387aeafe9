// Tic-tac-toe on a 3 × 3 board: moves are the cells 0..8 in row-major order, X moves first.
import { cellsId, encodeCells, showCells, stoneOf, symmetry, type Cell } from './board.js';
import { IllegalMoveError, type Game, type Outcome, type Side } from './game.js';

export interface TicTacToeState {
  readonly cells: readonly Cell[];
  readonly toMove: Side;
  readonly outcome: Outcome;
}

const LINES: readonly (readonly [number, number, number])[] = [
  [0, 1, 2], [3, 4, 5], [6, 7, 8], [0, 3, 6], [1, 4, 7], [2, 5, 8], [0, 4, 8], [2, 4, 6],
];

const outcomeOf = (cells: readonly Cell[], lastMove: number, mover: Side): Outcome => {
  const stone = stoneOf(mover);
  if (LINES.some((l) => l.includes(lastMove) && l.every((i) => cells[i] === stone))) return { winner: mover };
  return cells.every((c) => c !== 0) ? { winner: null } : undefined;
};

const state = (cells: readonly Cell[], toMove: Side, outcome: Outcome): TicTacToeState =>
  Object.freeze({ cells: Object.freeze(cells), toMove, outcome });

/** The dihedral group of the square: 4 rotations, each with and without a mirror. */
const D4 = (() => {
  const maps: [string, (r: number, c: number) => readonly [number, number]][] = [
    ['identity', (r, c) => [r, c]], ['rotate 90', (r, c) => [2 - c, r]], ['rotate 180', (r, c) => [2 - r, 2 - c]], ['rotate 270', (r, c) => [c, 2 - r]],
    ['mirror', (r, c) => [r, 2 - c]], ['transpose', (r, c) => [c, r]], ['flip', (r, c) => [2 - r, c]], ['anti-transpose', (r, c) => [2 - c, 2 - r]],
  ];
  return maps.map(([name, f]) => {
    const cell = (m: number) => { const [r, c] = f(Math.floor(m / 3), m % 3); return r * 3 + c; };
    return symmetry(name, 3, 3, f, cell, 9);
  });
})();

const legal = (s: TicTacToeState): number[] => (s.outcome ? [] : s.cells.flatMap((c, i) => (c === 0 ? [i] : [])));

export const ticTacToe: Game<TicTacToeState> = {
  name: 'tic-tac-toe',
  planes: [3, 3, 3],
  moveCount: 9,
  symmetries: D4,
  initial: state(new Array<Cell>(9).fill(0), 0, undefined),
  toMove: (s) => s.toMove,
  legalMoves: legal,
  play: (s, move) => {
    if (s.outcome || !Number.isInteger(move) || move < 0 || move > 8 || s.cells[move] !== 0) throw new IllegalMoveError('ticTacToe', move, legal(s));
    const cells = s.cells.slice();
    cells[move] = stoneOf(s.toMove);
    return state(cells, s.toMove === 0 ? 1 : 0, outcomeOf(cells, move, s.toMove));
  },
  outcome: (s) => s.outcome,
  encode: (s, into, offset) => encodeCells(s.cells, s.toMove, into, offset),
  id: (s) => cellsId(s.cells),
  show: (s) => showCells(s.cells, 3),
};
