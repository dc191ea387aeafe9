// The reference players and the searches: exact minimax values of known positions, forced wins
// found and losses blocked by every searcher, PUCT visit counts that converge on the minimax move,
// and determinism by key.
import { describe, expect, it } from 'vitest';
import {
  alphaBetaPlayer, centreFirst, connectFour, connectFourHeuristic, perfectPlayer, playMatch, playMoves, puctSearch,
  randomPlayer, searchPlayer, solver, ticTacToe, uctPlayer, uniformEvaluator, visitPolicy, againstEveryReply, type Game,
} from '../../src/games/index.js';
import { key } from '../../src/random/key.js';

const solved = solver(ticTacToe);

describe('perfect tic-tac-toe play (memoised negamax)', () => {
  it('the empty board is a draw, and every first move keeps it a draw', () => {
    expect(solved.value(ticTacToe.initial)).toBe(0);
    expect(solved.optimalMoves(ticTacToe.initial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // at most the 4,520 unfinished positions reachable from the start (a found win stops the scan of a position's moves)
    expect(solved.size).toBeGreaterThan(1000);
    expect(solved.size).toBeLessThanOrEqual(4520);
  });
  it.each([
    ['O to move after X 0, O 1, X 4: lost (O must block 8, then X forks)', [0, 1, 4], -1],
    ['X to move after X 0, O 1: a win', [0, 1], 1],
    // O answered the centre with an edge: X can force a win
    ['O to move after X 4, O 1, X 0: lost for O', [4, 1, 0], -1],
    ['O to move after a corner opening: a draw', [0], 0],
    ['a corner opening answered by the centre is a draw', [0, 4], 0],
  ] as const)('%s', (_name, moves, value) => {
    expect(solved.value(playMoves(ticTacToe, moves))).toBe(value);
  });
  it('the only answer to a corner opening is the centre', () => {
    expect(solved.optimalMoves(playMoves(ticTacToe, [0]))).toEqual([4]);
  });
  it('perfect against perfect is always a draw; perfect never loses to random play', () => {
    const p = perfectPlayer(ticTacToe, solved);
    const r = playMatch(ticTacToe, p, p, 20, key(3));
    expect(r.total.draws).toBe(20);
    const rr = playMatch(ticTacToe, p, randomPlayer(ticTacToe), 40, key(4));
    expect(rr.total.losses).toBe(0);
    expect(rr.total.wins).toBeGreaterThan(25);
  });
  it('the perfect player draws against every line of another perfect player, both colours', () => {
    const r = againstEveryReply(ticTacToe, perfectPlayer(ticTacToe, solved), (s) => solved.optimalMoves(s), key(5));
    expect(r.total.losses).toBe(0);
    expect(r.total.wins).toBe(0);
    expect(r.games).toBeGreaterThan(50);
  });
});

// Positions with one winning move, and positions where one move alone avoids losing.
const tttWin = playMoves(ticTacToe, [0, 3, 1, 4]);     // X: 0, 1; O: 3, 4. X to move: 2 wins.
const tttBlock = playMoves(ticTacToe, [0, 4, 8, 2]);   // O threatens 2-4-6; X must take 6.
const c4Win = playMoves(connectFour, [0, 6, 1, 6, 2, 5]); // first player: 0, 1, 2 on the bottom; 3 wins.
const c4Block = playMoves(connectFour, [6, 0, 6, 1, 5, 2]); // second player threatens column 3.
const cases: { name: string; game: Game<unknown>; s: unknown; move: number }[] = [
  { name: 'tic-tac-toe: win in one', game: ticTacToe, s: tttWin, move: 2 },
  { name: 'tic-tac-toe: block', game: ticTacToe, s: tttBlock, move: 6 },
  { name: 'connect four: win in one', game: connectFour, s: c4Win, move: 3 },
  { name: 'connect four: block', game: connectFour, s: c4Block, move: 3 },
];

describe('every searcher wins in one and blocks a loss in one', () => {
  it('the test positions are what they say (checked with the rules)', () => {
    expect(ticTacToe.outcome(ticTacToe.play(tttWin, 2))).toEqual({ winner: 0 });
    expect(solved.optimalMoves(tttBlock)).toEqual([6]);
    expect(connectFour.outcome(connectFour.play(c4Win, 3))).toEqual({ winner: 0 });
    expect(connectFour.outcome(playMoves(connectFour, [4, 3], c4Block))).toEqual({ winner: 1 });
  });
  for (const c of cases) {
    it(`${c.name}: PUCT with a uniform evaluator (200 simulations)`, () => {
      const [r] = puctSearch(c.game, uniformEvaluator(c.game), [c.s], { simulations: 200 }, key(0));
      expect(visitPolicy(r.visits, 0).indexOf(1)).toBe(c.move);
    });
    it(`${c.name}: pure MCTS (300 simulations), several keys`, () => {
      const p = uctPlayer(c.game, { simulations: 300 });
      for (let i = 0; i < 3; i++) expect(p.chooseMoves([c.s], key(i))).toEqual([c.move]);
    });
  }
  it('alpha-beta (depth 4) in Connect Four, several keys', () => {
    const p = alphaBetaPlayer(connectFour, { depth: 4, heuristic: connectFourHeuristic, order: centreFirst });
    for (let i = 0; i < 3; i++) expect(p.chooseMoves([c4Win, c4Block], key(i))).toEqual([3, 3]);
  });
  it('the perfect player in tic-tac-toe', () => {
    expect(perfectPlayer(ticTacToe, solved).chooseMoves([tttWin, tttBlock], key(0))).toEqual([2, 6]);
  });
});

describe('PUCT visit counts converge to the minimax move', () => {
  // The first positions (breadth first) with at most 6 legal moves and a single optimal move that does not win at once.
  const positions = (() => {
    const out: (typeof ticTacToe.initial)[] = [], seen = new Set<string>();
    for (let layer = [ticTacToe.initial]; layer.length > 0 && out.length < 4;) {
      const next: (typeof ticTacToe.initial)[] = [];
      for (const s of layer) {
        const best = solved.optimalMoves(s);
        if (ticTacToe.legalMoves(s).length <= 6 && best.length === 1 && !ticTacToe.outcome(ticTacToe.play(s, best[0])) && out.length < 4) out.push(s);
        for (const m of ticTacToe.legalMoves(s)) { const t = ticTacToe.play(s, m); if (!ticTacToe.outcome(t) && !seen.has(ticTacToe.id(t))) { seen.add(ticTacToe.id(t)); next.push(t); } }
      }
      layer = next;
    }
    return out;
  })();
  it('more simulations put more of the visits on the optimal move: over 70% of them at 800, and the most', () => {
    expect(positions.length).toBe(4);
    const share = (sims: number) => puctSearch(ticTacToe, uniformEvaluator(ticTacToe), positions, { simulations: sims, cPuct: 1 }, key(0))
      .map((r, i) => r.visits[solved.optimalMoves(positions[i])[0]] / sims);
    const low = share(50), mid = share(200), high = share(800);
    high.forEach((h, i) => {
      expect(h).toBeGreaterThan(0.7);
      expect(mid[i]).toBeGreaterThanOrEqual(low[i]);
      expect(h).toBeGreaterThanOrEqual(mid[i]);
    });
  });
  it('the root value approaches the minimax value', () => {
    const won = playMoves(ticTacToe, [0, 1]), lost = playMoves(ticTacToe, [0, 1, 4]); // X to move wins; O to move loses
    const [a, b] = puctSearch(ticTacToe, uniformEvaluator(ticTacToe), [won, lost], { simulations: 800 }, key(0));
    expect(a.value).toBeGreaterThan(0.6);
    expect(b.value).toBeLessThan(-0.6);
  });
});

describe('determinism by key', () => {
  const noisy = { simulations: 40, dirichlet: { alpha: 0.5, epsilon: 0.5 } };
  it('the same key gives the same search, bit for bit; another key another one', () => {
    const run = (k: number) => puctSearch(connectFour, uniformEvaluator(connectFour), [connectFour.initial, c4Block], noisy, key(k)).map((r) => Array.from(r.visits));
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
  it('without noise the search ignores the key', () => {
    const run = (k: number) => puctSearch(connectFour, uniformEvaluator(connectFour), [connectFour.initial], { simulations: 40 }, key(k))[0].visits;
    expect(run(1)).toEqual(run(2));
  });
  it('matches between random players replay exactly from their key', () => {
    const p = randomPlayer(connectFour), q = uctPlayer(connectFour, { simulations: 10 });
    expect(playMatch(connectFour, p, q, 6, key(9))).toEqual(playMatch(connectFour, p, q, 6, key(9)));
  });
  it('the greedy searcher is deterministic and beats random play at Connect Four', () => {
    const s = searchPlayer(connectFour, uniformEvaluator(connectFour), { simulations: 60 });
    expect(s.chooseMoves([c4Win], key(1))).toEqual(s.chooseMoves([c4Win], key(2)));
    const r = playMatch(connectFour, uctPlayer(connectFour, { simulations: 60 }), randomPlayer(connectFour), 10, key(2));
    expect(r.total.wins).toBeGreaterThanOrEqual(9);
  });
});

describe('bad options and finished games are refused', () => {
  it('names the option or the state', () => {
    expect(() => puctSearch(ticTacToe, uniformEvaluator(ticTacToe), [ticTacToe.initial], { simulations: 0 }, key(0))).toThrow('puctSearch: simulations must be an integer >= 1');
    expect(() => puctSearch(ticTacToe, uniformEvaluator(ticTacToe), [ticTacToe.initial], { simulations: 5, dirichlet: { alpha: 0, epsilon: 0.25 } }, key(0))).toThrow('dirichlet.alpha must be a finite number > 0');
    expect(() => visitPolicy(new Float32Array(3), -1)).toThrow('visitPolicy: temperature must be a finite number >= 0');
    expect(() => alphaBetaPlayer(connectFour, { depth: 0, heuristic: connectFourHeuristic })).toThrow('alphaBetaPlayer: depth must be an integer >= 1');
    expect(() => uctPlayer(connectFour, { simulations: 10, explore: 1 } as never)).toThrow('uctPlayer');
    const over = playMoves(ticTacToe, [0, 3, 1, 4, 2]);
    expect(() => perfectPlayer(ticTacToe, solved).chooseMoves([over], key(0))).toThrow('perfectPlayer: state 0 is a finished game');
  });
  it('visitPolicy: temperature 1 is proportional to visits, 0 is the most visited move', () => {
    const v = Float32Array.of(1, 3, 0, 4);
    expect(Array.from(visitPolicy(v, 1))).toEqual([0.125, 0.375, 0, 0.5]);
    expect(Array.from(visitPolicy(v, 0))).toEqual([0, 0, 0, 1]);
    const sharp = visitPolicy(v, 0.5);
    expect(sharp[3]).toBeCloseTo(16 / 26, 6);
  });
});
