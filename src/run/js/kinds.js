// Owns the samples from which the host learns the engine's internal class of each kind of value,
// once per worker: an object's kind is then read from its class, which no hint code can change,
// never from `Symbol.toStringTag`, `constructor` or a getter. Returns [name, sample] pairs; a
// kind this engine lacks is left out.
(() => {
  const out = [];
  const add = (name, make) => {
    try {
      const value = make();
      if (value !== undefined) out.push([name, value]);
    } catch (error) {
      // Not in this engine.
    }
  };
  add('Object', () => ({}));
  add('Array', () => []);
  add('Error', () => new Error('sample'));
  add('Number', () => new Number(0));
  add('String', () => new String(''));
  add('Boolean', () => new Boolean(false));
  add('Symbol', () => Object(Symbol('sample')));
  add('BigInt', () => Object(BigInt(0)));
  // Both kinds of `arguments`: a sloppy function's (mapped) and a strict one's.
  add('Arguments', function () { return arguments; });
  add('Arguments', () => (function () { 'use strict'; return arguments; })());
  add('Date', () => new Date(0));
  add('RegExp', () => /sample/);
  add('ArrayBuffer', () => new ArrayBuffer(0));
  add('SharedArrayBuffer', () => new SharedArrayBuffer(0));
  for (const name of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
    'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    add(name, () => globalThis[name] && new globalThis[name](0));
  }
  add('DataView', () => new DataView(new ArrayBuffer(0)));
  add('Map', () => new Map());
  add('Set', () => new Set());
  add('WeakMap', () => new WeakMap());
  add('WeakSet', () => new WeakSet());
  add('WeakRef', () => new WeakRef({}));
  add('FinalizationRegistry', () => new FinalizationRegistry(() => {}));
  add('Promise', () => Promise.resolve());
  add('Generator', () => (function* sample() {})());
  add('AsyncGenerator', () => (async function* sample() {})());
  add('Array Iterator', () => [][Symbol.iterator]());
  add('Map Iterator', () => new Map().entries());
  add('Set Iterator', () => new Set().values());
  add('String Iterator', () => ''[Symbol.iterator]());
  add('RegExp String Iterator', () => 'a'.matchAll(/a/g));
  // A proxy's kind is decided by the runtime: an array's proxy is an array, as in
  // `Object.prototype.toString`.
  add('Proxy', () => new Proxy({}, {}));
  return out;
})()
