// The parameter and state layouts of the cells (below the cells and their fused framework, which
// all read them). Type aliases, not interfaces, so they are trees of tensors to the type checker.
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Parameters of every cell, PyTorch's layout with G gates stacked along the rows: 1 for RNN,
 * 3 for GRU (r, z, n), 4 for LSTM (i, f, g, o; LstmCellParams adds the peepholes).
 */
export type RnnCellParams = {
  /** [G·H, I] */
  readonly weightIh: Tensor;
  /** [G·H, H] */
  readonly weightHh: Tensor;
  /** [G·H] */
  readonly biasIh: Tensor;
  /** [G·H] */
  readonly biasHh: Tensor;
};

/** RnnCellParams with G = 4, plus the peepholes. */
export type LstmCellParams = RnnCellParams & {
  /** Peepholes: [H, H] (full: adds c·Pᵀ) or [H] (diagonal: adds c⊙p). i and f see c_{t−1}, o sees c_t. */
  readonly peepholeI?: Tensor;
  readonly peepholeF?: Tensor;
  readonly peepholeO?: Tensor;
};

export type LstmState = { readonly h: Tensor; readonly c: Tensor };
