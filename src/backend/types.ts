/** Names of the gpu.js modes nn-ts runs kernels in. */
export type BackendName = 'cpu' | 'webasm' | 'headlessgl' | 'webgl2';
export const backendNames: readonly BackendName[] = ['cpu', 'webasm', 'headlessgl', 'webgl2'];

/** Where a tensor's numbers live: host memory, or a device buffer owned by a backend. */
export interface Storage {
  readonly backend: Backend;
  readonly size: number;
  /** Host copy (always present on cpu/webasm; filled lazily on readback for GL). */
  host: Float32Array | undefined;
  /** Device handle (a GL texture) when the data lives on the device. */
  device: unknown;
}

/**
 * One kernel launch. `source` is a gpu.js kernel function (as text) of the form
 * `function (in0, in1, ..., off) { const t = this.thread.x + off; ...; return value; }`:
 * a 1-D output of `size` cells, every shape fact baked in as a literal so loop bounds are constant.
 * `work` estimates the multiply-adds per output cell (decides multi-threading).
 */
export interface KernelCall {
  readonly name: string;
  readonly source: string;
  readonly inputs: readonly Storage[];
  readonly size: number;
  readonly work?: number;
}

export interface BackendStats {
  /** gpu.js kernels compiled so far (each distinct kernel source and size compiles once). */
  readonly compiles: number;
  readonly launches: number;
  /** Device buffers (GL textures) currently alive. */
  readonly liveDeviceBuffers: number;
  readonly threads: number;
}

export interface Backend {
  readonly name: BackendName;
  run(call: KernelCall): Storage;
  upload(data: Float32Array): Storage;
  read(s: Storage): Float32Array;
  /** Frees the device buffer of a storage now (no-op on host backends). */
  release(s: Storage): void;
  stats(): BackendStats;
  destroy(): void;
}
