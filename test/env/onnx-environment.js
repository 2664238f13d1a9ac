/**
 * A jest environment for tests that run onnxruntime-node (transformers.js): jest's node environment gives each
 * test file its own typed-array constructors, and onnxruntime's native binding rejects arrays from that realm
 * ("Float32Array expected"). This environment shares the outer realm's typed arrays. Use it per file with
 * a `@jest-environment ./test/env/onnx-environment.js` docblock so other tests keep the default.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxEnvironment;
