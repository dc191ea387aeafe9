// A Connect Four evaluation for alpha-beta: every window of four cells that only one player
// occupies counts for that player, more the fuller it is, and stones in the centre column count
// extra (they take part in the most windows).
import type { Cell } from './board.js';
import { stoneOf } from './board.js';
import { COLUMNS, ROWS, type ConnectFourState } from './connect-four.js';

/** The 69 windows of four cells in a row, as cell indices. */
const WINDOWS: readonly (readonly number[])[] = (() => {
  const out: number[][] = [];
  for (let r = 0; r < ROWS; r++) for (let c = 0; c < COLUMNS; c++)
    for (const [dr, dc] of [[0, 1], [1, 0], [1, 1], [1, -1]]) {
      const end = [r + 3 * dr, c + 3 * dc];
      if (end[0] < 0 || end[0] >= ROWS || end[1] < 0 || end[1] >= COLUMNS) continue;
      out.push([0, 1, 2, 3].map((i) => (r + i * dr) * COLUMNS + (c + i * dc)));
    }
  return out;
})();

/** Worth of a window holding 1, 2 or 3 stones of one player and no others. */
const WORTH = [0, 1, 4, 32];
const CENTRE_STONE = 3;

/** The heuristic from the view of the player to move (|score| < 2,500: at most 69 windows of 32). */
export const connectFourHeuristic = (s: ConnectFourState): number => {
  const mine: Cell = stoneOf(s.toMove);
  let score = 0;
  for (const w of WINDOWS) {
    let a = 0, b = 0;
    for (const i of w) { const c = s.cells[i]; if (c === mine) a++; else if (c !== 0) b++; }
    if (b === 0) score += WORTH[a];
    else if (a === 0) score -= WORTH[b];
  }
  const centre = (COLUMNS - 1) / 2;
  for (let r = 0; r < ROWS; r++) {
    const c = s.cells[r * COLUMNS + centre];
    if (c === mine) score += CENTRE_STONE;
    else if (c !== 0) score -= CENTRE_STONE;
  }
  return score;
};

/** Columns nearest the centre first (the usual move order for alpha-beta in Connect Four); stable among equals. */
export const centreFirst = (_s: ConnectFourState, moves: readonly number[]): readonly number[] => {
  const centre = (COLUMNS - 1) / 2;
  return moves.slice().sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
};

export const CONNECT_FOUR_WINDOWS = WINDOWS.length;
