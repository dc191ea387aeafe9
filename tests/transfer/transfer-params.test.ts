// Loading a trained feature extractor into a new model: the selected paths come from the source
// (a trained tree or a checkpoint's name → tensor record, renamed if asked), the rest keep the new
// initialisation; every mismatch is a Left that lists it.
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { flattenTree, leaves } from '../../src/autodiff/tree.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors.js';
import { transferParams } from '../../src/io/transfer.js';
import * as nn from '../../src/nn/index.js';
import { key, toArray, zeros } from '../../src/index.js';

const model = (classes: number) => nn.sequential({
  features: nn.sequential(nn.conv2d(1, 4, 3), nn.relu(), nn.maxPool2d({ size: 2 }), nn.flatten()),
  head: nn.dense(4 * 3 * 3, classes),
});
const base = model(5).init(key(1), [1, 8, 8]).params;
const fresh = model(3).init(key(2), [1, 8, 8]).params;
const arr = (t: { value: Parameters<typeof toArray>[0] }) => Array.from(toArray(t.value));

describe('transferParams', () => {
  it('takes the selected paths from the trained tree and keeps the new head', () => {
    const r = transferParams(fresh, base, { include: 'features.**' });
    if (isLeft(r)) throw new Error(JSON.stringify(r.left));
    const { params, loaded, kept, unused } = r.right;
    expect(loaded).toEqual(['features.0.bias', 'features.0.weight']);
    expect(kept).toEqual(['head.bias', 'head.weight']);
    expect(unused).toEqual(['head.bias', 'head.weight']);
    const got = Object.fromEntries(leaves(params).map((l) => [l.path, arr(l)]));
    for (const l of leaves(base)) if (l.path.startsWith('features')) expect(got[l.path]).toEqual(arr(l));
    for (const l of leaves(fresh)) if (l.path.startsWith('head')) expect(got[l.path]).toEqual(arr(l));
  });

  it('loads from a checkpoint record through a safetensors round trip, with renamed prefixes', () => {
    const renamedRecord = Object.fromEntries(Object.entries(flattenTree(base)).map(([k, v]) => [k.replace(/^features\./, 'backbone.'), v]));
    const file = decodeSafetensors(encodeSafetensors(renamedRecord));
    if (isLeft(file)) throw new Error('decode failed');
    const r = transferParams(fresh, file.right.tensors, { include: ['features.**'], rename: [['backbone.', 'features.']] });
    expect(isRight(r) && r.right.loaded).toEqual(['features.0.bias', 'features.0.weight']);
  });

  it('lists missing and wrongly shaped tensors, and an include that selects nothing', () => {
    const other = { features: [{ weight: zeros([6, 1, 3, 3]), bias: zeros([6]) }], head: { weight: zeros([2, 2]), bias: zeros([2]) } };
    const r = transferParams(fresh, other, { include: '**' });
    expect(isLeft(r) && r.left).toMatchObject({
      _tag: 'TreeMismatch',
      wrongShape: [{ path: 'features.0.bias', got: [6], want: [4] }, { path: 'features.0.weight', got: [6, 1, 3, 3], want: [4, 1, 3, 3] }, { path: 'head.bias', got: [2], want: [3] }, { path: 'head.weight', got: [2, 2], want: [3, 36] }],
    });
    const m = transferParams(fresh, { features: {} }, { include: 'features.**' });
    expect(isLeft(m) && m.left).toMatchObject({ _tag: 'TreeMismatch', missing: [{ path: 'features.0.bias', shape: [4] }, { path: 'features.0.weight', shape: [4, 1, 3, 3] }] });
    const none = transferParams(fresh, base, { include: 'backbone.**' });
    expect(isLeft(none) && none.left).toMatchObject({ _tag: 'BadArgument', argument: 'include' });
    // @ts-expect-error not a selector
    expect(isLeft(transferParams(fresh, base, { include: 7 }))).toBe(true);
  });
});
