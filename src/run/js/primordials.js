// Owns the builtins the runtime relies on, captured before any hint code runs (as Node's
// internals keep "primordials"): a hint that patches a prototype or a global changes what its
// own code calls, never what the runtime calls. Methods are "uncurried" into plain functions
// that take their receiver first. Also fixes in place the few properties through which a hint
// could change how promises settle (`then`, `constructor`, `Symbol.species`).
(function primordials(rt) {
  'use strict';
  const { bind, call } = Function.prototype;
  const uncurry = bind.bind(call);
  const getter = (object, name) => uncurry(Object.getOwnPropertyDescriptor(object, name).get);
  const p = { __proto__: null, uncurry };

  // Constructors and namespaces, as they were.
  const constructors = {
    Array, ArrayBuffer, Boolean, DataView, Date, Error, Map, Number, Object, Promise, RangeError,
    ReferenceError, RegExp, Set, String, Symbol, SyntaxError, TypeError, Uint8Array, WeakMap, WeakSet,
  };
  for (const name of Object.keys(constructors)) p[name] = constructors[name];
  p.JSONParse = JSON.parse;
  p.JSONStringify = JSON.stringify;
  p.MathAbs = Math.abs;
  p.MathFloor = Math.floor;
  p.MathMax = Math.max;
  p.MathMin = Math.min;
  p.MathRandom = Math.random;
  p.ReflectApply = Reflect.apply;
  p.ReflectOwnKeys = Reflect.ownKeys;
  p.SymbolIterator = Symbol.iterator;
  p.SymbolToStringTag = Symbol.toStringTag;
  p.globalThis = globalThis;
  p.isFinite = isFinite;
  p.parseInt = parseInt;

  // Static functions: `ObjectKeys` for `Object.keys`.
  const statics = [
    [Object, 'Object', ['keys', 'create', 'defineProperty', 'getOwnPropertyNames', 'getOwnPropertySymbols',
      'getOwnPropertyDescriptor', 'getPrototypeOf', 'setPrototypeOf', 'freeze', 'assign', 'isExtensible',
      'isSealed', 'isFrozen', 'entries', 'is']],
    [Array, 'Array', ['isArray', 'from']],
    [Number, 'Number', ['isNaN', 'isFinite']],
    [String, 'String', ['fromCharCode', 'fromCodePoint']],
    [ArrayBuffer, 'ArrayBuffer', ['isView']],
    [Date, 'Date', ['now']],
  ];
  for (const [owner, prefix, names] of statics) {
    for (const name of names) p[prefix + name[0].toUpperCase() + name.slice(1)] = owner[name];
  }
  p.PromiseResolve = Promise.resolve.bind(Promise);
  p.PromiseReject = Promise.reject.bind(Promise);

  // Methods, uncurried: `ArrayPrototypePush(list, item)` for `list.push(item)`.
  const methods = [
    [Array.prototype, 'ArrayPrototype', ['push', 'pop', 'slice', 'splice', 'indexOf', 'lastIndexOf', 'join',
      'sort', 'map', 'filter', 'some', 'every', 'find', 'findIndex', 'forEach', 'concat', 'includes',
      'reduce', 'flat', 'shift', 'unshift', 'reverse']],
    [String.prototype, 'StringPrototype', ['slice', 'indexOf', 'replace', 'split', 'toLowerCase', 'toUpperCase',
      'trim', 'trimEnd', 'charCodeAt', 'codePointAt', 'startsWith', 'endsWith', 'padStart', 'includes', 'repeat',
      'substring', 'normalize', 'match']],
    [RegExp.prototype, 'RegExpPrototype', ['exec', 'test', 'toString']],
    [Object.prototype, 'ObjectPrototype', ['hasOwnProperty', 'toString', 'propertyIsEnumerable']],
    [Function.prototype, 'FunctionPrototype', ['toString']],
    [Number.prototype, 'NumberPrototype', ['toString', 'valueOf']],
    [Boolean.prototype, 'BooleanPrototype', ['valueOf']],
    [Symbol.prototype, 'SymbolPrototype', ['toString', 'valueOf']],
    [Error.prototype, 'ErrorPrototype', ['toString']],
    [Date.prototype, 'DatePrototype', ['getTime', 'toJSON', 'toISOString', 'valueOf', 'getFullYear', 'getMonth',
      'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getUTCFullYear', 'getUTCMonth',
      'getUTCDate', 'getUTCDay', 'getUTCHours', 'getUTCMinutes', 'getUTCSeconds']],
    [Map.prototype, 'MapPrototype', ['get', 'set', 'has', 'delete', 'forEach', 'keys', 'values']],
    [Set.prototype, 'SetPrototype', ['has', 'add', 'delete', 'forEach']],
    [WeakMap.prototype, 'WeakMapPrototype', ['get', 'set', 'has', 'delete']],
    [WeakSet.prototype, 'WeakSetPrototype', ['has', 'add']],
    [Promise.prototype, 'PromisePrototype', ['then']],
    [ArrayBuffer.prototype, 'ArrayBufferPrototype', ['slice']],
    [Object.getPrototypeOf(Uint8Array.prototype), 'TypedArrayPrototype', ['set', 'slice', 'subarray']],
  ];
  for (const [owner, prefix, names] of methods) {
    for (const name of names) p[prefix + name[0].toUpperCase() + name.slice(1)] = uncurry(owner[name]);
  }
  p.MapPrototypeGetSize = getter(Map.prototype, 'size');
  p.SetPrototypeGetSize = getter(Set.prototype, 'size');
  p.ArrayBufferPrototypeGetByteLength = getter(ArrayBuffer.prototype, 'byteLength');
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
  p.TypedArrayPrototypeGetLength = getter(typedArray, 'length');
  p.TypedArrayPrototypeGetBuffer = getter(typedArray, 'buffer');
  p.TypedArrayPrototypeGetByteOffset = getter(typedArray, 'byteOffset');
  p.TypedArrayPrototypeGetByteLength = getter(typedArray, 'byteLength');
  p.RegExpPrototypeGetSource = getter(RegExp.prototype, 'source');
  p.RegExpPrototypeGetFlags = getter(RegExp.prototype, 'flags');
  p.SymbolPrototypeGetDescription = getter(Symbol.prototype, 'description');

  // The type tag as `Object.prototype.toString` gives it: `Array`, `Map`, `Null`.
  p.tagOf = (value) => p.StringPrototypeSlice(p.ObjectPrototypeToString(value), 8, -1);
  // An object with no prototype: lookups of missing keys never reach `Object.prototype`.
  p.record = (fields) => p.ObjectAssign(p.ObjectCreate(null), fields);
  // A copy of a list that hint code cannot change behind our back, made without iterators.
  p.listOf = (list) => {
    const out = [];
    for (let i = 0; i < list.length; i += 1) out[i] = list[i];
    return out;
  };

  // `re.test(text)` without the lookup of `exec` that `test` makes: `exec` is the builtin itself.
  p.matches = (re, text) => p.RegExpPrototypeExec(re, text) !== null;
  // Every `token` in `text` replaced by `value()`, computed once, without the symbol lookups
  // through which `replace` and `split` let a patched prototype take over.
  p.fill = (text, token, value) => {
    let out = '';
    let from = 0;
    let computed = null;
    for (;;) {
      const at = p.StringPrototypeIndexOf(text, token, from);
      if (at === -1) return out + p.StringPrototypeSlice(text, from);
      if (computed === null) computed = p.String(value());
      out += p.StringPrototypeSlice(text, from, at) + computed;
      from = at + token.length;
    }
  };

  // How promises settle is fixed: a hint that replaced `then` or `constructor` could make an
  // awaited rejection look fulfilled.
  for (const name of ['then', 'constructor', 'catch', 'finally']) {
    Object.defineProperty(Promise.prototype, name, { writable: false, configurable: false });
  }
  const species = Object.getOwnPropertyDescriptor(Promise, Symbol.species);
  Object.defineProperty(Promise, Symbol.species, { get: species.get, configurable: false });

  rt.p = Object.freeze(p);
})
