// AlphaGo Zero (Silver et al. 2017) on tic-tac-toe and Connect Four: a small residual policy/value
// network learns from games against itself, searched with PUCT (leaves of all games evaluated in
// one batch per simulation round). After every generation it is measured against reference players.
//
// Tic-tac-toe protocol: the network's greedy search (no noise, most visited move, --eval-sims
// simulations) plays both colours against every line of a perfect player: when the perfect player
// moves first it tries each of the 9 first moves, and at every later turn it tries each of its
// optimal moves (the moves that keep the game's minimax value), so every game a perfect player
// could play against the net is played once. Losses are counted over all those games.
//
// Connect Four protocol: after every generation (both plotted), the same greedy search against pure
// MCTS (UCT, random playouts) with the same number of simulations (--eval-sims, default --sims),
// and against depth-limited alpha-beta with a window heuristic; half the games with the net first.
// Those matches are short (--mcts-games, --eval-games), so the final network then plays a longer
// match against pure MCTS (--final-games, with a Wilson 95% interval; a draw counts 1/2). With
// --resume and the --generations already done, only that final match runs.
//
//   npx tsx examples/alphazero.ts --game tictactoe [--generations 15] [--games 64] [--sims 32] [--eval-sims 32] [--steps 50]
//   npx tsx examples/alphazero.ts --game connect4 [--generations 6] [--games 24] [--sims 32] [--steps 40] [--filters 16] [--blocks 1]
//                                 [--eval-games 10] [--mcts-games 20] [--depth 2] [--capacity 30000] [--final-games 100] [--png docs/alphazero-connect4.png]
//     common: [--seed 0] [--steps N] [--batch 64] [--lr 0.003] [--filters F] [--blocks K] [--out out/alphazero] [--resume]
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backendStats, currentBackend, foldIn, key, type Key } from '../src/index.js';
import { adam, cosineDecay } from '../src/optim/index.js';
import { lineChart, writePng } from '../src/viz/index.js';
import type { Tree } from '../src/autodiff/tree.js';
import type { Layer } from '../src/nn/layer.js';
import * as games from '../src/games/index.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const num = (name: string, dflt: number): number => Number(arg(name, String(dflt)));
const which = arg('game', 'tictactoe');
if (which !== 'tictactoe' && which !== 'connect4') { console.error(`--game must be tictactoe or connect4, got ${which}`); process.exit(1); }
const c4 = which === 'connect4';
const seed = num('seed', 0), out = arg('out', 'out/alphazero');
mkdirSync(out, { recursive: true });
mkdirSync('docs', { recursive: true });
console.log(`backend: ${currentBackend()} (${backendStats().threads} threads)`);

const pct = (x: number, n: number) => `${(100 * x / Math.max(1, n)).toFixed(1)}%`;
const tally = (t: games.Tally) => `${t.wins} W / ${t.draws} D / ${t.losses} L`;

/** The greedy searcher with the current weights (a fresh evaluation cache per set of weights). */
const netPlayer = <S, P extends Tree, LS extends Tree>(game: games.Game<S>, model: Layer<P, LS>, params: P, state: LS, sims: number) =>
  games.searchPlayer(game, games.cachedEvaluator(game, games.networkEvaluator(game, model, params, state)), { simulations: sims, cPuct: 1.5 }, `net + PUCT (${sims} sims)`);

const run = <S>(game: games.Game<S>, cfg: {
  generations: number; games: number; sims: number; steps: number; filters: number; blocks: number;
  temperatureMoves: number; alpha: number; capacity: number;
  evaluate: (player: games.Player<S>, gen: number, k: Key) => void;
}) => {
  const model = games.policyValueNet(game, { filters: cfg.filters, blocks: cfg.blocks });
  const ckpt = join(out, `${game.name}.safetensors`);
  if (!process.argv.includes('--resume')) { rmSync(ckpt, { force: true }); rmSync(`${ckpt}.replay`, { force: true }); }
  const batchSize = num('batch', 64), lr = num('lr', 0.003);
  console.log(`${game.name}: ${cfg.generations} generations x ${cfg.games} self-play games, ${cfg.sims} simulations per move (c_puct 1.5, Dirichlet alpha ${cfg.alpha}, epsilon 0.25, temperature 1 for ${cfg.temperatureMoves} moves), ${cfg.steps} Adam steps of ${batchSize} per generation (lr ${lr}${process.argv.includes('--constant-lr') ? '' : ', cosine decay'}, L2 1e-4), net ${cfg.filters} filters x ${cfg.blocks} residual blocks`);
  const t0 = Date.now();
  const result = games.alphaZero({
    // cosine decay of the learning rate to 0 over the run (--constant-lr keeps it)
    game, model, optimizer: adam({ lr: process.argv.includes('--constant-lr') ? lr : cosineDecay(lr, cfg.generations * cfg.steps) }), key: key(seed), generations: cfg.generations, bufferCapacity: cfg.capacity,
    selfPlay: { games: cfg.games, simulations: cfg.sims, cPuct: 1.5, dirichlet: { alpha: cfg.alpha, epsilon: 0.25 }, temperatureMoves: cfg.temperatureMoves },
    train: { steps: cfg.steps, batchSize, l2: 1e-4 },
    checkpoint: { path: ckpt },
    onGeneration: (r, ts) => {
      console.log(`gen ${r.generation}: self-play ${r.games} games (first ${r.firstWins}, second ${r.secondWins}, draws ${r.draws}, ${r.meanLength.toFixed(1)} moves) in ${r.selfPlaySeconds.toFixed(1)} s; `
        + `${r.examples} examples (buffer ${r.bufferSize}); loss ${r.lossFirst.toFixed(3)} -> ${r.lossLast.toFixed(3)} (policy ${r.policyLoss.toFixed(3)}, value ${r.valueLoss.toFixed(3)}) in ${r.trainSeconds.toFixed(1)} s`);
      cfg.evaluate(netPlayer(game, model, ts.params, ts.state, num('eval-sims', cfg.sims)), r.generation, foldIn(key(seed + 1), r.generation));
    },
  });
  console.log(`${game.name}: trained ${result.train.step} steps over ${result.history.length} generations in ${((Date.now() - t0) / 1000).toFixed(0)} s${result.resumedAfter !== undefined ? ` (resumed after generation ${result.resumedAfter})` : ''}; checkpoint ${ckpt}`);
  return { model, result, ckpt };
};

if (!c4) {
  const game = games.ticTacToe, solved = games.solver(game);
  // The perfect player's choices: every first move, then every optimal move.
  const replies = (s: games.TicTacToeState) => (s.cells.every((x) => x === 0) ? game.legalMoves(s) : solved.optimalMoves(s));
  const losses: number[] = [], draws: number[] = [];
  const sims = num('sims', 32), evalSims = num('eval-sims', sims), generations = num('generations', 15);
  const { model, result } = run(game, {
    generations, games: num('games', 64), sims, steps: num('steps', 50), filters: num('filters', 32), blocks: num('blocks', 1),
    temperatureMoves: 4, alpha: 1.0, capacity: 20_000,
    evaluate: (player, gen, k) => {
      const r = games.againstEveryReply(game, player, replies, k);
      losses.push(r.total.losses);
      draws.push(r.total.draws);
      console.log(`  vs perfect minimax, every line (${r.games} games): as X ${tally(r.asFirst)}, as O ${tally(r.asSecond)}; losses ${r.total.losses}`);
      if (r.lost.length > 0) console.log(`  first lost game:\n${game.show(r.lost[0]).replace(/^/gm, '    ')}`);
      if (gen === generations) {
        const m = games.playMatch(game, player, games.randomPlayer(game), 200, k);
        console.log(`  vs uniformly random player (200 games, 100 as X): ${tally(m.total)} (as X ${tally(m.asFirst)}, as O ${tally(m.asSecond)})`);
        console.log(`\nTic-tac-toe result: greedy net search at ${evalSims} simulations lost ${r.total.losses} of ${r.games} games against every line of the perfect player (${r.total.draws} draws, ${r.total.wins} wins).`);
        console.log(`losses per generation: ${losses.join(', ')}`);
      }
    },
  });
  // The final network at several search sizes: the protocol again, for each.
  const finalSims = arg('final-sims', '16,32,64,128').split(',').map(Number);
  console.log(`\nfinal network against every line of the perfect player, by simulations of the greedy search:`);
  console.log('  sims  games  as X (W/D/L)   as O (W/D/L)   losses');
  for (const n of finalSims) {
    const r = games.againstEveryReply(game, netPlayer(game, model, result.train.params, result.train.state, n), replies, key(seed + 2));
    const t = (x: games.Tally) => `${x.wins}/${x.draws}/${x.losses}`.padEnd(15);
    console.log(`  ${String(n).padStart(4)}  ${String(r.games).padStart(5)}  ${t(r.asFirst)}${t(r.asSecond)}${r.total.losses}`);
  }
  writePng('docs/alphazero-tictactoe.png', lineChart([{ name: 'losses vs perfect player (all lines)', values: losses }, { name: 'draws', values: draws }]));
  console.log('wrote docs/alphazero-tictactoe.png (games lost and drawn against every line of the perfect player, per generation)');
} else {
  const game = games.connectFour;
  const depth = num('depth', 2), evalGames = num('eval-games', 10), sims = num('sims', 32);
  const abWins: number[] = [], mctsWins: number[] = [], mctsGames = num('mcts-games', 20);
  const alphaBeta = games.alphaBetaPlayer(game, { depth, heuristic: games.connectFourHeuristic, order: games.centreFirst });
  const uct = games.uctPlayer(game, { simulations: num('eval-sims', sims) });
  const generations = num('generations', 6);
  const { model, result } = run(game, {
    generations, games: num('games', 24), sims, steps: num('steps', 40), filters: num('filters', 16), blocks: num('blocks', 1),
    temperatureMoves: 8, alpha: 1.0, capacity: num('capacity', 30_000),
    evaluate: (player, gen, k) => {
      // a draw counts as half a win
      const rate = (m: games.MatchResult, n: number) => (m.total.wins + 0.5 * m.total.draws) / Math.max(1, n);
      const t0 = Date.now(), ab = games.playMatch(game, player, alphaBeta, evalGames, k);
      abWins.push(100 * rate(ab, evalGames));
      console.log(`  vs ${alphaBeta.name}: ${tally(ab.total)} (as first ${tally(ab.asFirst)}, as second ${tally(ab.asSecond)}) = ${pct(rate(ab, evalGames), 1)}  [${((Date.now() - t0) / 1000).toFixed(0)} s]`);
      const t1 = Date.now(), mc = games.playMatch(game, player, uct, mctsGames, foldIn(k, 1));
      mctsWins.push(100 * rate(mc, mctsGames));
      console.log(`  vs ${uct.name}: ${tally(mc.total)} (as first ${tally(mc.asFirst)}, as second ${tally(mc.asSecond)}) = ${pct(rate(mc, mctsGames), 1)}  [${((Date.now() - t1) / 1000).toFixed(0)} s]`);
    },
  });
  // The final network in a longer match against pure MCTS (the per-generation matches are short, so noisy).
  const finalGames = num('final-games', 100), k = foldIn(key(seed + 3), 0), t2 = Date.now();
  const final = games.playMatch(game, netPlayer(game, model, result.train.params, result.train.state, num('eval-sims', sims)), uct, finalGames, k);
  const score = final.total.wins + 0.5 * final.total.draws, p = score / Math.max(1, finalGames);
  // Wilson 95% interval of the score rate (draws as half wins)
  const z = 1.96, n = Math.max(1, finalGames), mid = (p + z * z / (2 * n)) / (1 + z * z / n), half = (z / (1 + z * z / n)) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  console.log(`\nConnect Four result after ${result.history.length} generations: ${pct(p, 1)} (95% interval ${pct(mid - half, 1)}–${pct(mid + half, 1)}) of ${finalGames} games against pure MCTS at ${num('eval-sims', sims)} simulations `
    + `(${tally(final.total)}; as first ${tally(final.asFirst)}, as second ${tally(final.asSecond)}; a draw counts 1/2; target > 90%)  [${((Date.now() - t2) / 1000).toFixed(0)} s]`);
  if (mctsWins.length > 0) {
    console.log(`win rate (%) per generation vs pure MCTS (${mctsGames} games each): ${mctsWins.map((v) => v.toFixed(0)).join(', ')}`);
    console.log(`win rate (%) per generation vs alpha-beta depth ${depth} (${evalGames} games each): ${abWins.map((v) => v.toFixed(0)).join(', ')}`);
    const png = arg('png', 'docs/alphazero-connect4.png');
    writePng(png, lineChart([{ name: `win % vs pure MCTS (${num('eval-sims', sims)} sims, ${mctsGames} games)`, values: mctsWins }, { name: `win % vs alpha-beta depth ${depth} (${evalGames} games)`, values: abWins }]));
    console.log(`wrote ${png} (win rate in % against pure MCTS and alpha-beta depth ${depth}, per generation)`);
  }
}
