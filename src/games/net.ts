// The policy/value network of AlphaGo Zero, small: a residual convolutional trunk, a policy head
// (one logit per move) and a value head (tanh). The two heads are concatenated, so the network
// is an ordinary tensor layer [B, C, H, W] → [B, moveCount + 1]: logits first, the value last.
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { slice, reshape } from '../ops/movement.js';
import type { Tensor } from '../tensor/tensor.js';
import * as nn from '../nn/index.js';
import type { Game } from './game.js';

export interface PolicyValueNetOptions {
  /** Channels of the trunk (default 32). */
  readonly filters?: number;
  /** Residual blocks (two 3 × 3 convolutions with batch norm each) after the first convolution (default 2). */
  readonly blocks?: number;
  /** Hidden units of the value head (default 32). */
  readonly valueHidden?: number;
}

const positive = (op: string, name: string, v: unknown, min: number): number => {
  if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) throw new OptionError(op, `${name} must be an integer >= ${min}, got ${describe(v)}`);
  return v;
};

const convBn = (cin: number, cout: number, size: number) =>
  nn.sequential(nn.conv2d(cin, cout, size, { padding: 'same', bias: false }), nn.batchNorm(cout));

const block = (f: number) => nn.residual(nn.sequential(convBn(f, f, 3), nn.relu(), convBn(f, f, 3)));

/** The network for a game's planes and moves (see the file comment for its output). */
export const policyValueNet = (game: Pick<Game<unknown>, 'planes' | 'moveCount'>, o: PolicyValueNetOptions = {}): nn.Layer => {
  const op = 'policyValueNet';
  checkOptions(op, o, ['filters', 'blocks', 'valueHidden']);
  const f = positive(op, 'filters', o.filters ?? 32, 1), blocks = positive(op, 'blocks', o.blocks ?? 2, 0), hidden = positive(op, 'valueHidden', o.valueHidden ?? 32, 1);
  const [c, h, w] = game.planes, cells = h * w;
  const trunk: nn.Layer[] = [convBn(c, f, 3), nn.relu()];
  for (let i = 0; i < blocks; i++) trunk.push(block(f), nn.relu());
  return nn.sequential({
    trunk: nn.sequential(...trunk),
    heads: nn.parallel([
      nn.sequential(convBn(f, 2, 1), nn.relu(), nn.flatten(), nn.dense(2 * cells, game.moveCount)),
      nn.sequential(convBn(f, 1, 1), nn.relu(), nn.flatten(), nn.dense(cells, hidden), nn.relu(), nn.dense(hidden, 1), nn.tanh()),
    ]),
  });
};

/** The two parts of a policyValueNet output [B, M + 1]: logits [B, M] and values [B]. */
export const splitOutput = (y: Tensor, moveCount: number): { logits: Tensor; value: Tensor } => {
  const b = y.shape[0];
  return { logits: slice(y, [0, 0], [b, moveCount]), value: reshape(slice(y, [0, moveCount], [b, 1]), [b]) };
};
