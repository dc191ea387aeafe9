// Sample moments for the samplers' tests: the mean and the unbiased variance.
export const meanVar = (xs: ArrayLike<number>): [number, number] => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m += xs[i];
  m /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - m) ** 2;
  return [m, v / (xs.length - 1)];
};
