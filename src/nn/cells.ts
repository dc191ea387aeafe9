// The recurrent cells live with the other operations (src/ops/recurrent/: fused gate kernels and
// their reference decompositions); re-exported here for layer code.
export {
  rnnCell, lstmCell, gruCell, rnnCellReference, lstmCellReference, gruCellReference,
  type RnnCellParams, type LstmCellParams, type LstmState, type GruVariant,
  type RnnCellOptions, type LstmCellOptions, type GruCellOptions,
} from '../ops/recurrent/index.js';
