// The rules of tic-tac-toe and Connect Four: wins in every direction, draws, illegal moves refused
// with a clear error, the planes the network sees, and symmetries that map the rules onto themselves.
import { describe, expect, it } from 'vitest';
import {
  connectFour, encodeBatch, IllegalMoveError, playMoves, ticTacToe, type ConnectFourState, type Game,
} from '../../src/games/index.js';

describe('tic-tac-toe', () => {
  it('starts empty with X to move and nine legal moves', () => {
    expect(ticTacToe.toMove(ticTacToe.initial)).toBe(0);
    expect(ticTacToe.legalMoves(ticTacToe.initial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ticTacToe.outcome(ticTacToe.initial)).toBeUndefined();
  });
  it.each([
    ['row', [0, 3, 1, 4, 2], 0], ['column', [1, 0, 4, 3, 8, 6], 1], ['diagonal', [0, 1, 4, 2, 8], 0], ['anti-diagonal', [0, 2, 1, 4, 3, 6], 1],
  ] as const)('a %s wins', (_name, moves, winner) => {
    const s = playMoves(ticTacToe, moves);
    expect(ticTacToe.outcome(s)).toEqual({ winner });
    expect(ticTacToe.legalMoves(s)).toEqual([]);
  });
  it('a full board without a line is a draw', () => {
    // X O X / X O O / O X X
    const s = playMoves(ticTacToe, [0, 1, 2, 4, 3, 5, 7, 6, 8]);
    expect(ticTacToe.outcome(s)).toEqual({ winner: null });
  });
  it('refuses occupied cells, cells off the board, non-integers and moves after the end, naming the legal moves', () => {
    const s = playMoves(ticTacToe, [4]);
    expect(() => ticTacToe.play(s, 4)).toThrow(IllegalMoveError);
    expect(() => ticTacToe.play(s, 4)).toThrow('ticTacToe.play: move 4 is illegal here; legal moves are 0, 1, 2, 3, 5, 6, 7, 8');
    expect(() => ticTacToe.play(s, 9)).toThrow('move 9 is illegal');
    expect(() => ticTacToe.play(s, -1)).toThrow('move -1 is illegal');
    expect(() => ticTacToe.play(s, 1.5)).toThrow('move 1.5 is illegal');
    const over = playMoves(ticTacToe, [0, 3, 1, 4, 2]);
    expect(() => ticTacToe.play(over, 5)).toThrow('move 5 is illegal: the game is over');
  });
  it('states are immutable: playing leaves the old state as it was', () => {
    const s = playMoves(ticTacToe, [0]), t = ticTacToe.play(s, 4);
    expect(s.cells[4]).toBe(0);
    expect(t.cells[4]).toBe(2);
    expect(Object.isFrozen(s) && Object.isFrozen(s.cells)).toBe(true);
  });
});

describe('connect four', () => {
  const g = connectFour;
  it('stones fall to the bottom of their column', () => {
    const s = playMoves(g, [3, 3]);
    expect(s.cells[5 * 7 + 3]).toBe(1);
    expect(s.cells[4 * 7 + 3]).toBe(2);
    expect(s.heights[3]).toBe(2);
  });
  it.each([
    ['horizontal', [0, 0, 1, 1, 2, 2, 3], 0],
    ['vertical', [6, 0, 6, 0, 6, 0, 6], 0],
    ['diagonal /', [0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3], 0],
    ['diagonal \\', [6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3], 0],
    ['second player, horizontal', [0, 3, 0, 4, 1, 5, 0, 6], 1],
  ] as const)('four in a row wins: %s', (_name, moves, winner) => {
    const s = playMoves(g, moves);
    expect(g.outcome(s)).toEqual({ winner });
    expect(g.outcome(playMoves(g, moves.slice(0, -1)))).toBeUndefined();
  });
  it('a full column is illegal; a full board with no four is a draw', () => {
    const full = playMoves(g, [0, 0, 0, 0, 0, 0]);
    expect(g.legalMoves(full)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => g.play(full, 0)).toThrow('connectFour.play: move 0 is illegal here; legal moves are 1, 2, 3, 4, 5, 6');
    expect(() => g.play(full, 7)).toThrow('move 7 is illegal');
    // A full board with no four in a row (every one of its 42 moves keeps the game going).
    const moves = [1, 1, 4, 3, 0, 2, 5, 5, 1, 5, 3, 5, 4, 1, 5, 4, 2, 6, 5, 1, 0, 2, 6, 6, 3, 6, 3, 1, 0, 2, 6, 2, 6, 0, 0, 3, 2, 3, 0, 4, 4, 4];
    let s: ConnectFourState = g.initial;
    for (const m of moves) { expect(g.outcome(s)).toBeUndefined(); s = g.play(s, m); }
    expect(g.outcome(s)).toEqual({ winner: null });
  });
});

/** Random legal games from a simple LCG (test data, not library randomness). */
const randomGames = <S>(game: Game<S>, count: number, seed: number): S[][] => {
  let x = seed;
  const next = () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return x / 2 ** 32; };
  return Array.from({ length: count }, () => {
    const line = [game.initial];
    for (let s = game.initial; !game.outcome(s);) {
      const moves = game.legalMoves(s);
      s = game.play(s, moves[Math.floor(next() * moves.length)]);
      line.push(s);
    }
    return line;
  });
};

describe.each([['tic-tac-toe', ticTacToe], ['connect four', connectFour]] as const)('%s: planes and symmetries', (_name, game: Game<unknown>) => {
  const [c, h, w] = game.planes, cells = h * w;
  it('planes: the mover\'s stones, the opponent\'s, and a first-player flag', () => {
    for (const line of randomGames(game, 5, 7)) for (const s of line) {
      const x = encodeBatch(game, [s]);
      const own = x.subarray(0, cells), opp = x.subarray(cells, 2 * cells), flag = x.subarray(2 * cells, 3 * cells);
      expect(c).toBe(3);
      const stones = own.reduce((a, v) => a + v, 0) + opp.reduce((a, v) => a + v, 0);
      expect(stones).toBe(line.indexOf(s));
      expect(own.some((v, i) => v === 1 && opp[i] === 1)).toBe(false);
      expect(flag.every((v) => v === (game.toMove(s) === 0 ? 1 : 0))).toBe(true);
    }
  });
  it('every symmetry is a permutation, and the identity comes first', () => {
    expect(game.symmetries[0].name).toBe('identity');
    for (const sym of game.symmetries) {
      expect([...sym.cells].sort((a, b) => a - b)).toEqual([...Array(cells).keys()]);
      expect([...sym.moves].sort((a, b) => a - b)).toEqual([...Array(game.moveCount).keys()]);
    }
  });
  it('a game replayed through a symmetry has the same outcome, and its positions map cell by cell', () => {
    const moveLines = randomGames(game, 20, 11).map((line) => line.slice(1).map((s, i) => game.legalMoves(line[i]).find((m) => game.id(game.play(line[i], m)) === game.id(s)) ?? -1));
    for (const moves of moveLines) for (const sym of game.symmetries) {
      const inverse = new Int32Array(sym.moves.length);
      sym.moves.forEach((orig, m) => { inverse[orig] = m; });
      const a = playMoves(game, moves), b = playMoves(game, moves.map((m) => inverse[m]));
      expect(game.outcome(b)).toEqual(game.outcome(a));
      const xa = encodeBatch(game, [a]), xb = encodeBatch(game, [b]);
      for (let p = 0; p < c; p++) for (let i = 0; i < cells; i++) expect(xb[p * cells + i]).toBe(xa[p * cells + sym.cells[i]]);
    }
  });
});
