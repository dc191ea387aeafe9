// Recurrent cells (plain RNN, LSTM with optional peepholes, GRU in the lecture's and PyTorch's
// variants) with the parameter layouts of DESIGN.md; fused.ts holds the fused-primitive framework.
// Each cell has a reference form written straight from the formulas (`…CellReference`), run by
// `{ fused: false }`.
export { rnnCell, rnnCellReference, rnnCellGates, rnnCellGatesGrad, type RnnCellParams, type RnnCellOptions } from './rnn.js';
export { lstmCell, lstmCellReference, lstmCellGates, lstmCellGatesGrad, type LstmCellParams, type LstmState, type LstmCellOptions } from './lstm.js';
export { gruCell, gruCellReference, gruCellGates, gruCellGatesGrad, type GruCellOptions } from './gru.js';
// The plans of the fused primitives (their law cases build them).
export type { GruKernelPlan, GruVariant, LstmKernelPlan, PeepholeKind, RnnActivation } from '../../backend/gpujs/kernels/recurrent.js';
