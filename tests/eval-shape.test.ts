// evalShape: shapes through any function without data or backend work; layer init uses it, so
// building a network compiles and launches nothing.
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, ShapeError, backendStats, conv2d, evalShape, grad, key, matmul, maxPool2d, nn, relu, sum, tensor, toArray, useBackend, type Tensor,
} from './support/api.js';
import { announceBackends, testedBackends } from './support/backends.js';

announceBackends('evalShape');

describe.each(testedBackends)('evalShape on %s', (backend) => {
  it('gives output shapes (trees too, gradients too) with zero compiles and zero launches', () => {
    useBackend(backend, { strict: true });
    const before = backendStats();
    expect(evalShape((x: Tensor, w: Tensor) => maxPool2d(relu(conv2d(x, w, { padding: 1 })), { size: 2 }), [8, 3, 224, 224], [64, 3, 3, 3])).toEqual([8, 64, 112, 112]);
    expect(evalShape((a: Tensor, b: Tensor) => ({ y: matmul(a, b), s: [sum(a, 1)] }), [5, 7], [7, 2])).toEqual({ y: [5, 2], s: [[5]] });
    expect(evalShape((w: Tensor) => grad((v: Tensor) => sum(matmul(v, v)))(w), [4, 4])).toEqual([4, 4]);
    const after = backendStats();
    expect([after.compiles, after.launches]).toEqual([before.compiles, before.launches]);
  });

  it('init of a VGG-sized conv/pool network compiles and launches nothing', () => {
    useBackend(backend, { strict: true });
    const net = nn.sequential(nn.conv2d(3, 64, 3, { padding: 1 }), nn.relu(), nn.maxPool2d({ size: 2 }), nn.conv2d(64, 64, 3, { padding: 1 }), nn.flatten(), nn.dense(64 * 112 * 112, 10));
    const before = backendStats();
    const r = net.init(key(0), [3, 224, 224]);
    const after = backendStats();
    expect(r.outputShape).toEqual([10]);
    expect([after.compiles, after.launches]).toEqual([before.compiles, before.launches]);
  });
});

describe('evalShape errors', () => {
  it('refuses shapes that do not fit with the usual ShapeError, and abstract values cannot be read', () => {
    expect(() => evalShape((a: Tensor, b: Tensor) => matmul(a, b), [2, 3], [4, 5])).toThrow(ShapeError);
    let leaked: Tensor | undefined;
    evalShape((x: Tensor) => { leaked = relu(x); return leaked; }, [3]);
    expect(() => toArray(leaked!)).toThrow(ArgumentError);
    expect(() => relu(leaked!)).toThrow(/relu: tensor is abstract/);
    expect(() => evalShape((x: Tensor) => toArray(x) as never, [2])).toThrow(/toArray: tensor is abstract/);
    expect(toArray(relu(tensor([-1, 2], [2])))).toEqual(Float32Array.of(0, 2));
  });
});
