// The part of the WebAssembly JavaScript API the engine uses, typed here: the global exists in
// Node and every browser, but its declarations come only with TypeScript's DOM library, and a
// consumer compiling for Node (with @types/node, without DOM) must not need that library.

/** A compiled module (opaque; it can be posted to a worker). */
export interface WasmModule { readonly __wasmModule?: never }

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  /** Grows by `pages` 64 KiB pages; returns the previous size in pages. */
  grow(pages: number): number;
}

export interface WasmInstance { readonly exports: Readonly<Record<string, unknown>> }

export interface WasmApi {
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  readonly Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => WasmInstance;
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
}

// Read through Reflect: where the DOM library is loaded, its own (wider) declarations of the global
// would not match these, and where it is not, the global is undeclared.
const isWasmApi = (x: unknown): x is WasmApi =>
  typeof x === 'object' && x !== null && ['Memory', 'Module', 'Instance', 'validate'].every((k) => typeof Reflect.get(x, k) === 'function');

/** The runtime's WebAssembly API, or undefined where there is none. */
export const wasmApi = (): WasmApi | undefined => {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  return isWasmApi(api) ? api : undefined;
};
