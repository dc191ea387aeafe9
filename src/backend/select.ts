import gpujs from 'gpu.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { GpujsBackend } from './gpujs/backend.js';
import { SimdBackend } from './wasm/backend.js';
import { engineUnavailableReason } from './wasm/engine.js';
import { envVar, notice, onNotice } from './notice.js';
import { backendNames, type Backend, type BackendName } from './types.js';

/**
 * The order the default tries backends in. Measured with `npm run bench` on a 2-core x86 machine
 * without a GPU: 'simd' (the WebAssembly SIMD engine for products, im2col and col2im) runs matmul
 * 512 ~15× and a 32→64-channel conv with both gradients ~7× faster than 'cpu' (gpu.js's generated
 * JavaScript, two threads), which beats 'webasm' by 1.5–2× (webasm calls back into JS for every
 * exp/tanh and its SIMD path gathers per lane); headless-GL on Mesa llvmpipe is slower still. GL is
 * used when asked for (NN_TS_BACKEND or useBackend); on a machine with a real GPU, measure and choose.
 */
export const defaultOrder: readonly BackendName[] = ['simd', 'cpu', 'webasm'];

export { onNotice };

const isBackendName = (s: string): s is BackendName => (backendNames as readonly string[]).includes(s);

/** Why a backend cannot run here, or undefined when it can. */
export const unavailableReason = (name: BackendName): string | undefined => {
  switch (name) {
    case 'simd': return engineUnavailableReason();
    case 'cpu': return undefined;
    case 'webasm': return gpujs.GPU.isWebAssemblySupported ? undefined : 'WebAssembly is not supported by this runtime';
    case 'headlessgl':
      try {
        return gpujs.GPU.isHeadlessGLSupported
          ? undefined
          : "no headless-GL context: the optional 'gl' package is missing or no X display is reachable (run under xvfb-run)";
      } catch (e) { return `headless-GL failed to start: ${(e as Error).message}`; }
    case 'webgl2': return gpujs.GPU.isWebGL2Supported ? undefined : 'WebGL2 exists only in a browser';
  }
};

/** The backends that work in this process, in the default's order of preference first. */
export const availableBackends = (): BackendName[] =>
  backendNames.filter((n) => unavailableReason(n) === undefined);

const instances = new Map<BackendName, Backend>();
let current: Backend | undefined;

/** @internal a new backend instance (its own kernel cache and threads); `backendFor` keeps one per name. */
export const createBackend = (name: BackendName, threads?: number): GpujsBackend =>
  name === 'simd' ? new SimdBackend(threads) : new GpujsBackend(name, threads);

/** @internal the backend instance for a name (created once). */
export const backendFor = (name: BackendName): Backend => {
  let b = instances.get(name);
  if (!b) { b = createBackend(name); instances.set(name, b); }
  return b;
};

export interface UseBackendOptions {
  /** Throw instead of falling back when the backend cannot run here. Default false (fall back, with a notice). */
  readonly strict?: boolean;
}

/**
 * Chooses where kernels run from now on. Unknown names throw. A backend that cannot run here throws
 * with `strict: true`; otherwise nn-ts falls back to the best one that works and says so in one line.
 * Returns the name of the backend now in use.
 */
export const useBackend = (name: BackendName, options: UseBackendOptions = {}): BackendName => {
  if (typeof name !== 'string' || !isBackendName(name))
    throw new OptionError('useBackend', `unknown backend ${typeof name === 'string' ? `'${name}'` : describe(name)}; expected one of ${backendNames.join(', ')}`);
  checkOptions('useBackend', options, ['strict']);
  checkBoolean('useBackend', 'strict', options.strict);
  const why = unavailableReason(name);
  if (why === undefined) { current = backendFor(name); return name; }
  if (options.strict) throw new OptionError('useBackend', `backend '${name}' cannot run here: ${why}`);
  const fallback = defaultOrder.find((n) => unavailableReason(n) === undefined) ?? 'cpu';
  notice(`nn-ts: backend '${name}' is unavailable (${why}); running on '${fallback}' instead`);
  current = backendFor(fallback);
  return fallback;
};

const yes = ['1', 'true', 'yes', 'on'], no = ['0', 'false', 'no', 'off', ''];

/** A boolean environment variable: 1/true/yes/on or 0/false/no/off/empty (any case); anything else is a mistake worth saying. */
export const envFlag = (name: string, value: string | undefined): boolean => {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  if (yes.includes(v)) return true;
  if (no.includes(v)) return false;
  throw new OptionError(name, `must be one of ${yes.join(', ')} (on) or ${no.filter(Boolean).join(', ')} or empty (off), got '${value}'`);
};

const chooseDefault = (): Backend => {
  const env = envVar('NN_TS_BACKEND');
  if (env !== undefined && env !== '') {
    if (!isBackendName(env)) throw new OptionError('NN_TS_BACKEND', `unknown backend '${env}'; expected one of ${backendNames.join(', ')}`);
    useBackend(env, { strict: envFlag('NN_TS_STRICT', envVar('NN_TS_STRICT')) });
    return current!;
  }
  const name = defaultOrder.find((n) => unavailableReason(n) === undefined) ?? 'cpu';
  return backendFor(name);
};

/** @internal the backend kernels run on now. */
export const activeBackend = (): Backend => (current ??= chooseDefault());

/** The name of the backend in use. */
export const currentBackend = (): BackendName => activeBackend().name;

/** Runs `fn` with another backend in use, then restores the previous one. */
export const withBackend = <T>(name: BackendName, fn: () => T, options: UseBackendOptions = { strict: true }): T => {
  if (typeof fn !== 'function') throw new ArgumentError('withBackend', 'fn', `must be a function, got ${describe(fn)}`);
  const prev = current;
  useBackend(name, options);
  try { return fn(); } finally { current = prev; }
};

/** @internal runs `fn` on a specific backend instance (tests of thread counts). */
export const withBackendInstance = <T>(b: Backend, fn: () => T): T => {
  const prev = current;
  current = b;
  try { return fn(); } finally { current = prev; }
};

/** Counters of the backend in use: compiled kernels, launches, live device buffers, threads. */
export const backendStats = (name?: BackendName) => (name ? backendFor(name) : activeBackend()).stats();
