// nn-ts in one screen: typed tensors, a convolution, gradients (first and second order), and the
// backend the kernels ran on. Run: npx tsx examples/quickstart.ts   (NN_TS_BACKEND=cpu|webasm|headlessgl)
import {
  availableBackends, backendStats, conv2d, currentBackend, grad, matmul, maxPool2d, mean, mul, relu, sum, tensor,
  toArray, toNested, valueAndGrad, type Tensor,
} from '../src/index.js';

const t0 = performance.now();
console.log(`backend: ${currentBackend()} (available here: ${availableBackends().join(', ')})`);

// Shapes are part of the type: Tensor<[2, 3]> · Tensor<[3, 2]> → Tensor<[2, 2]>.
const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
const b = tensor([1, 0, 0, 1, 1, 1], [3, 2]);
const ab = matmul(a, b);
console.log('a·b =', JSON.stringify(toNested(ab)), 'shape', ab.shape);

// A 5×5 image with a vertical edge, convolved with a 3×3 horizontal-gradient kernel.
const img = tensor(Array.from({ length: 25 }, (_, i) => (i % 5 >= 2 ? 1 : 0)), [1, 1, 5, 5]);
const sobel = tensor([-1, 0, 1, -2, 0, 2, -1, 0, 1], [1, 1, 3, 3]);
const edges = conv2d(img, sobel, { padding: 1 });
console.log('edge map (conv2d, padding 1):');
for (const row of (toNested(edges) as number[][][][])[0][0]) console.log('   ', row.map((v) => v.toFixed(0).padStart(3)).join(''));

// Gradients of a tiny conv → relu → pool → mean network with respect to its kernel.
const [loss, g] = valueAndGrad((w: Tensor) => mean(maxPool2d(relu(conv2d(img, w, { padding: 1 })), { size: 2 })))(sobel);
console.log(`loss = ${toArray(loss)[0].toFixed(4)}, ∂loss/∂kernel =`, Array.from(toArray(g), (v) => +v.toFixed(4)));

// Second order: d²/dx² of Σ x³ is 6x.
const x = tensor([-1, 0.5, 2], [3]);
const d2 = grad((v: Tensor) => sum(grad((u: Tensor) => sum(mul(u, mul(u, u))))(v)))(x);
console.log('x =', Array.from(toArray(x)), ' d²(Σx³)/dx² =', Array.from(toArray(d2)), '(expected 6x)');

const s = backendStats();
console.log(`${s.compiles} kernels compiled, ${s.launches} launches, ${s.threads} thread(s), ${(performance.now() - t0).toFixed(0)} ms`);
