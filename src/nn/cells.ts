// The recurrent cells live with the other operations (src/ops/recurrent.ts: fused gate kernels and
// their reference decompositions); re-exported here for layer code.
export {
  rnnCell, lstmCell, gruCell, rnnCellReference, lstmCellReference, gruCellReference,
  type RnnCellParams as RnnParams, type LstmCellParams as LstmParams, type LstmState,
  type RnnCellOptions, type LstmCellOptions, type GruCellOptions,
} from '../ops/recurrent.js';
export type GruVariant = 'cho' | 'pytorch';
