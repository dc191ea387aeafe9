/**
 * nn-ts side of the LSTM benchmark: one LstmImpl per nn-ts backend that works in this process
 * ('cpu', 'webasm', and 'headlessgl' when a GL context exists), each selected with
 * useBackend(b, { strict: true }).
 *
 *   layer = nn.lstm(64, 128)                       (returnSequences: every step, y [B, T, H])
 *   forward  = toArray(layer.apply(params, state, x).y)
 *   fwd+bwd  = grad((p) => sum(layer.apply(p, state, x).y))(params), then toArray of dL/dW_ih
 *
 * Each call runs inside scoped() so that device buffers (GL) are freed per call; on 'cpu' and
 * 'webasm' that is a no-op (host memory is garbage-collected).
 */
import { availableBackends, backendStats, grad, key, normal, scoped, sum, tensor, toArray, useBackend, type BackendName, type Tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { B, H, I, T, errMsg, type LstmHost, type LstmImpl, type Mode } from './common.js';

const makeLayer = () => nn.lstm(I, H);

type DirParams = { weightIh: Tensor; weightHh: Tensor; biasIh: Tensor; biasHh: Tensor };
type LstmParamsTree = { '0': { forward: DirParams } };

/** nn-ts' own initialisation (key 0) and input x ~ N(0, 1) (key 1), read back to the host: what every implementation uses. */
export function sharedHost(): LstmHost {
  useBackend('cpu', { strict: true });
  const { params } = makeLayer().init(key(0), [T, I]);
  const d = (params as unknown as LstmParamsTree)['0'].forward;
  const f = (t: Tensor) => Float32Array.from(toArray(t));
  return {
    x: f(normal(key(1), [B, T, I])),
    weightIh: f(d.weightIh),
    weightHh: f(d.weightHh),
    biasIh: f(d.biasIh),
    biasHh: f(d.biasHh),
  };
}

function makeImpl(backend: BackendName, host: LstmHost): LstmImpl {
  const activate = () => { useBackend(backend, { strict: true }); };
  activate();
  const threads = backendStats(backend).threads;
  /** Params, state and input on the backend in use, from the shared host values. */
  const build = () => {
    activate();
    const layer = makeLayer();
    const { state } = layer.init(key(0), [T, I]);
    const params: LstmParamsTree = {
      '0': {
        forward: {
          weightIh: tensor(host.weightIh, [4 * H, I]),
          weightHh: tensor(host.weightHh, [4 * H, H]),
          biasIh: tensor(host.biasIh, [4 * H]),
          biasHh: tensor(host.biasHh, [4 * H]),
        },
      },
    };
    const x = tensor(host.x, [B, T, I]);
    const forward = () => scoped(() => toArray(layer.apply(params as never, state, x).y));
    const fwdBwd = () =>
      scoped(() => {
        const g = grad((p: LstmParamsTree) => sum(layer.apply(p as never, state, x).y as Tensor))(params);
        return toArray(g['0'].forward.weightIh);
      });
    return { forward, fwdBwd };
  };
  return {
    name: `nn-ts-${backend}`,
    note: `nn-ts (gpu.js 2.24.1 mode '${backend}'${backend === 'headlessgl' ? ', Mesa llvmpipe unless a GPU X server is used' : ''}), ${threads} thread(s); fused LSTM gate kernels, BPTT through scan`,
    async prepare(mode: Mode) {
      const m = build();
      return mode === 'forward' ? m.forward : m.fwdBwd;
    },
    async reference() {
      const m = build();
      const out: { y?: Float32Array; dWih?: Float32Array } = {};
      try { out.y = Float32Array.from(m.forward()); } catch (e) { process.stderr.write(`nn-ts-${backend} forward: ${errMsg(e)}\n`); }
      try { out.dWih = Float32Array.from(m.fwdBwd()); } catch (e) { process.stderr.write(`nn-ts-${backend} fwd+bwd: ${errMsg(e)}\n`); }
      return out;
    },
  };
}

/** nn-ts on every backend that works here ('webgl2' exists only in browsers). */
export function nntsImpls(host: LstmHost, backends: readonly BackendName[] = availableBackends().filter((b) => b !== 'webgl2')): LstmImpl[] {
  return backends.map((b) => makeImpl(b, host));
}
