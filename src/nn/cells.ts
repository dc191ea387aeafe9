// The recurrent cells live with the other operations (src/ops/recurrent/: fused gate kernels and
// their reference decompositions); re-exported here for layer code.
import type { LstmCellParams, RnnCellParams } from '../ops/recurrent/index.js';

export {
  rnnCell, lstmCell, gruCell, rnnCellReference, lstmCellReference, gruCellReference,
  type LstmState, type GruVariant,
  type RnnCellOptions, type LstmCellOptions, type GruCellOptions,
} from '../ops/recurrent/index.js';
/** @deprecated use RnnCellParams (src/ops/recurrent/, the layout of all three cells). */
export type RnnParams = RnnCellParams;
/** @deprecated use LstmCellParams (src/ops/recurrent/). */
export type LstmParams = LstmCellParams;
