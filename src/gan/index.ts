// Generative adversarial networks: the two players' criteria (stable, from logits), the R1 penalty,
// the alternating step as a pure function, and sample-quality scores (a Fréchet distance between
// feature Gaussians, predicted-class coverage).
export { discriminatorLoss, generatorLoss, generatorObjectives, type GeneratorObjective } from './objectives.js';
export { r1Penalty } from './r1.js';
export { initGan, makeGanStep, type GanMetrics, type GanOptions, type GanState, type GanStep, type Player, type PlayerState } from './step.js';
export { symmetricEigen, sqrtPsd, squareMatrix, matmulSquare, type SquareMatrix } from './eigen.js';
export { gaussianStats, frechetDistance, type GaussianStats } from './frechet.js';
export { classSpread, type ClassSpread } from './mode-coverage.js';
