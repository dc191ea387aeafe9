// Connect Four: 6 rows × 7 columns, stones drop to the lowest empty cell of a column; moves are
// the columns 0..6. Cells are row-major with row 0 at the top. Four in a row (horizontal,
// vertical or diagonal) wins; a full board is a draw.
import { cellsId, encodeCells, showCells, stoneOf, symmetry, type Cell } from './board.js';
import { IllegalMoveError, type Game, type Outcome, type Side } from './game.js';

export const ROWS = 6;
export const COLUMNS = 7;

export interface ConnectFourState {
  readonly cells: readonly Cell[];
  /** Stones in each column. */
  readonly heights: readonly number[];
  readonly toMove: Side;
  readonly outcome: Outcome;
}

const DIRECTIONS: readonly (readonly [number, number])[] = [[0, 1], [1, 0], [1, 1], [1, -1]];

/** Stones of `stone` in a line through (r, c) along (dr, dc), the stone at (r, c) included. */
export const lineLength = (cells: readonly Cell[], r: number, c: number, dr: number, dc: number, stone: Cell): number => {
  let n = 1;
  for (const sgn of [1, -1]) {
    let rr = r + sgn * dr, cc = c + sgn * dc;
    while (rr >= 0 && rr < ROWS && cc >= 0 && cc < COLUMNS && cells[rr * COLUMNS + cc] === stone) { n++; rr += sgn * dr; cc += sgn * dc; }
  }
  return n;
};

const state = (cells: readonly Cell[], heights: readonly number[], toMove: Side, outcome: Outcome): ConnectFourState =>
  Object.freeze({ cells: Object.freeze(cells), heights: Object.freeze(heights), toMove, outcome });

const legal = (s: ConnectFourState): number[] => {
  if (s.outcome) return [];
  const out: number[] = [];
  for (let c = 0; c < COLUMNS; c++) if (s.heights[c] < ROWS) out.push(c);
  return out;
};

export const connectFour: Game<ConnectFourState> = {
  name: 'connect-four',
  planes: [3, ROWS, COLUMNS],
  moveCount: COLUMNS,
  symmetries: [
    symmetry('identity', ROWS, COLUMNS, (r, c) => [r, c], (m) => m, COLUMNS),
    symmetry('mirror', ROWS, COLUMNS, (r, c) => [r, COLUMNS - 1 - c], (m) => COLUMNS - 1 - m, COLUMNS),
  ],
  initial: state(new Array<Cell>(ROWS * COLUMNS).fill(0), new Array<number>(COLUMNS).fill(0), 0, undefined),
  toMove: (s) => s.toMove,
  legalMoves: legal,
  play: (s, move) => {
    if (s.outcome || !Number.isInteger(move) || move < 0 || move >= COLUMNS || s.heights[move] >= ROWS) throw new IllegalMoveError('connectFour', move, legal(s));
    const r = ROWS - 1 - s.heights[move], stone = stoneOf(s.toMove);
    const cells = s.cells.slice(), heights = s.heights.slice();
    cells[r * COLUMNS + move] = stone;
    heights[move]++;
    const won = DIRECTIONS.some(([dr, dc]) => lineLength(cells, r, move, dr, dc, stone) >= 4);
    const outcome: Outcome = won ? { winner: s.toMove } : heights.every((h) => h === ROWS) ? { winner: null } : undefined;
    return state(cells, heights, s.toMove === 0 ? 1 : 0, outcome);
  },
  outcome: (s) => s.outcome,
  encode: (s, into, offset) => encodeCells(s.cells, s.toMove, into, offset),
  id: (s) => cellsId(s.cells),
  show: (s) => `${showCells(s.cells, COLUMNS)}\n${Array.from({ length: COLUMNS }, (_, c) => c).join(' ')}`,
};
