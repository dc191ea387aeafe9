// What the grid games share: cells as a frozen array (0 empty, 1 the first player's stone, 2 the
// second's), their feature planes, their symmetries, and their text.
import type { Side, Symmetry } from './game.js';

export type Cell = 0 | 1 | 2;

export const stoneOf = (side: Side): Cell => (side === 0 ? 1 : 2);

/**
 * Three planes from the view of the player to move: their stones, the opponent's stones, and a
 * constant plane that is 1 when the player to move is the first player (the rules are not
 * symmetric in who moves first, e.g. for draws by a full board).
 */
export const encodeCells = (cells: readonly Cell[], toMove: Side, into: Float32Array, offset: number): void => {
  const n = cells.length, mine = stoneOf(toMove), first = toMove === 0 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    into[offset + i] = c === mine ? 1 : 0;
    into[offset + n + i] = c !== 0 && c !== mine ? 1 : 0;
    into[offset + 2 * n + i] = first;
  }
};

/** A symmetry from a map of board coordinates and the matching map of moves (each maps a new place to its original). */
export const symmetry = (name: string, height: number, width: number, source: (r: number, c: number) => readonly [number, number], moveSource: (m: number) => number, moveCount: number): Symmetry => {
  const cells = new Int32Array(height * width);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) {
    const [r0, c0] = source(r, c);
    cells[r * width + c] = r0 * width + c0;
  }
  return { name, cells, moves: Int32Array.from({ length: moveCount }, (_, m) => moveSource(m)) };
};

const MARK = ['.', 'X', 'O'] as const;

/** Rows of X (first player), O (second) and . (empty). */
export const showCells = (cells: readonly Cell[], width: number): string => {
  const rows: string[] = [];
  for (let i = 0; i < cells.length; i += width) rows.push(cells.slice(i, i + width).map((c) => MARK[c]).join(' '));
  return rows.join('\n');
};

/** A compact position id: one digit per cell. */
export const cellsId = (cells: readonly Cell[]): string => cells.join('');
