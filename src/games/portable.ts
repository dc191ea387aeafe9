// Games learned by self-play (AlphaGo Zero): games as values, reference players, network-guided
// tree search with batched leaf evaluation, the policy/value network, its loss and replay buffers.
// (this is the portable part: index.ts adds the replay files and the checkpointed loop, which write files)
export { IllegalMoveError, scoreFor, playMoves, encodeBatch, type Game, type Side, type Outcome, type Symmetry } from './game.js';
export { ticTacToe, type TicTacToeState } from './tictactoe.js';
export { connectFour, ROWS, COLUMNS, type ConnectFourState } from './connect-four.js';
export { connectFourHeuristic, centreFirst } from './connect-four-heuristic.js';
export { onePerPosition, randomPlayer, type Player } from './player.js';
export { solver, perfectPlayer, type Solver } from './minimax.js';
export { alphaBetaPlayer, alphaBetaScore, type AlphaBetaOptions } from './alphabeta.js';
export { uctPlayer, uctSearch, type UctOptions } from './uct.js';
export { puctSearch, visitPolicy, type Evaluation, type Evaluator, type PuctOptions, type SearchResult } from './puct.js';
export { networkEvaluator, cachedEvaluator, uniformEvaluator } from './evaluator.js';
export { searchPlayer } from './search-player.js';
export { policyValueNet, splitOutput, type PolicyValueNetOptions } from './net.js';
export { alphaZeroLoss, l2Penalty, type AlphaZeroLossParts } from './loss.js';
export { makeAlphaZeroStep, type AlphaZeroLosses } from './train-step.js';
export { selfPlay, type Example, type SelfPlayOptions, type SelfPlayResult } from './selfplay.js';
export { replayBuffer, addExamples, sampleBatch, examplesBatch, transformExample, type ReplayBuffer } from './replay.js';
export { playMatch, againstEveryReply, type MatchResult, type EveryReplyResult, type Tally } from './arena.js';
