// Owns the builtins the runtime relies on, captured before any hint code runs (as Node's
// internals keep "primordials"): a hint that patches a prototype or a global changes what its
// own code calls, never what the runtime calls. Methods are "uncurried" into plain functions
// that take their receiver first. Also fixes in place the few properties through which a hint
// could change how promises settle (`then`, `constructor`, `Symbol.species`).
(function primordials(rt) {
  'use strict';
  const { bind, call } = Function.prototype;
  const uncurry = bind.bind(call);
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const getter = (object, name) => uncurry(Object.getOwnPropertyDescriptor(object, name).get);
  const p = { __proto__: null };

  // Constructors and namespaces, as they were.
  p.ArrayBuffer = ArrayBuffer;
  p.Date = Date;
  p.Error = Error;
  p.Map = Map;
  p.Number = Number;
  p.Object = Object;
  p.Promise = Promise;
  p.Proxy = Proxy;
  p.RangeError = RangeError;
  p.RegExp = RegExp;
  p.Set = Set;
  p.String = String;
  p.Symbol = Symbol;
  p.SyntaxError = SyntaxError;
  p.TypeError = TypeError;
  p.Uint8Array = Uint8Array;
  p.WeakMap = WeakMap;
  p.JSONParse = JSON.parse;
  p.JSONStringify = JSON.stringify;
  p.MathAbs = Math.abs;
  p.MathFloor = Math.floor;
  p.MathMax = Math.max;
  p.NumberIsFinite = Number.isFinite;
  p.StringFromCodePoint = String.fromCodePoint;
  p.MathRandom = Math.random;
  p.ReflectApply = Reflect.apply;
  p.SymbolIterator = Symbol.iterator;
  p.SymbolToStringTag = Symbol.toStringTag;
  p.globalThis = globalThis;
  p.isFinite = isFinite;

  // Static functions: `ObjectKeys` for `Object.keys`.
  p.ObjectKeys = Object.keys;
  p.ObjectCreate = Object.create;
  p.ObjectDefineProperty = Object.defineProperty;
  p.ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
  p.ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
  p.ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  p.ObjectGetPrototypeOf = Object.getPrototypeOf;
  p.ObjectSetPrototypeOf = Object.setPrototypeOf;
  p.ObjectFreeze = Object.freeze;
  p.ObjectAssign = Object.assign;
  p.ObjectIsExtensible = Object.isExtensible;
  p.ObjectIsSealed = Object.isSealed;
  p.ObjectIsFrozen = Object.isFrozen;
  p.ArrayIsArray = Array.isArray;
  p.ArrayFrom = Array.from;
  p.NumberIsNaN = Number.isNaN;
  p.StringFromCharCode = String.fromCharCode;
  p.ArrayBufferIsView = ArrayBuffer.isView;
  p.DateNow = Date.now;
  p.PromiseResolve = Promise.resolve.bind(Promise);
  p.PromiseReject = Promise.reject.bind(Promise);

  // Methods, uncurried: `ArrayPrototypePush(list, item)` for `list.push(item)`.
  p.ArrayPrototypePush = uncurry(Array.prototype.push);
  p.ArrayPrototypePop = uncurry(Array.prototype.pop);
  p.ArrayPrototypeSlice = uncurry(Array.prototype.slice);
  p.ArrayPrototypeSplice = uncurry(Array.prototype.splice);
  p.ArrayPrototypeIndexOf = uncurry(Array.prototype.indexOf);
  p.ArrayPrototypeJoin = uncurry(Array.prototype.join);
  p.ArrayPrototypeSort = uncurry(Array.prototype.sort);
  p.ArrayPrototypeMap = uncurry(Array.prototype.map);
  p.ArrayPrototypeFilter = uncurry(Array.prototype.filter);
  p.ArrayPrototypeSome = uncurry(Array.prototype.some);
  p.ArrayPrototypeFind = uncurry(Array.prototype.find);
  p.ArrayPrototypeFindIndex = uncurry(Array.prototype.findIndex);
  p.ArrayPrototypeForEach = uncurry(Array.prototype.forEach);
  p.ArrayPrototypeConcat = uncurry(Array.prototype.concat);
  p.ArrayPrototypeIncludes = uncurry(Array.prototype.includes);
  p.ArrayPrototypeFlat = uncurry(Array.prototype.flat);
  p.StringPrototypeSlice = uncurry(String.prototype.slice);
  p.StringPrototypeToWellFormed = uncurry(String.prototype.toWellFormed);
  p.StringPrototypeIndexOf = uncurry(String.prototype.indexOf);
  p.StringPrototypeReplace = uncurry(String.prototype.replace);
  p.StringPrototypeToLowerCase = uncurry(String.prototype.toLowerCase);
  p.StringPrototypeToUpperCase = uncurry(String.prototype.toUpperCase);
  p.StringPrototypeTrim = uncurry(String.prototype.trim);
  p.StringPrototypeCharCodeAt = uncurry(String.prototype.charCodeAt);
  p.StringPrototypePadStart = uncurry(String.prototype.padStart);
  p.StringPrototypeIncludes = uncurry(String.prototype.includes);
  p.StringPrototypeValueOf = uncurry(String.prototype.valueOf);
  p.BigIntPrototypeValueOf = uncurry(BigInt.prototype.valueOf);
  p.FunctionPrototypeToString = uncurry(Function.prototype.toString);
  p.DatePrototypeToString = uncurry(Date.prototype.toString);
  p.ErrorPrototypeToString = uncurry(Error.prototype.toString);
  p.RegExpPrototypeExec = uncurry(RegExp.prototype.exec);
  p.RegExpPrototypeTest = uncurry(RegExp.prototype.test);
  p.RegExpPrototypeToString = uncurry(RegExp.prototype.toString);
  p.ObjectPrototypeHasOwnProperty = uncurry(Object.prototype.hasOwnProperty);
  p.ObjectPrototypeToString = uncurry(Object.prototype.toString);
  p.NumberPrototypeToString = uncurry(Number.prototype.toString);
  p.NumberPrototypeValueOf = uncurry(Number.prototype.valueOf);
  p.BooleanPrototypeValueOf = uncurry(Boolean.prototype.valueOf);
  p.SymbolPrototypeToString = uncurry(Symbol.prototype.toString);
  p.SymbolPrototypeValueOf = uncurry(Symbol.prototype.valueOf);
  p.DatePrototypeGetTime = uncurry(Date.prototype.getTime);
  p.DatePrototypeToJSON = uncurry(Date.prototype.toJSON);
  p.DatePrototypeGetFullYear = uncurry(Date.prototype.getFullYear);
  p.DatePrototypeGetMonth = uncurry(Date.prototype.getMonth);
  p.DatePrototypeGetDate = uncurry(Date.prototype.getDate);
  p.DatePrototypeGetDay = uncurry(Date.prototype.getDay);
  p.DatePrototypeGetHours = uncurry(Date.prototype.getHours);
  p.DatePrototypeGetMinutes = uncurry(Date.prototype.getMinutes);
  p.DatePrototypeGetSeconds = uncurry(Date.prototype.getSeconds);
  p.DatePrototypeGetUTCFullYear = uncurry(Date.prototype.getUTCFullYear);
  p.DatePrototypeGetUTCMonth = uncurry(Date.prototype.getUTCMonth);
  p.DatePrototypeGetUTCDate = uncurry(Date.prototype.getUTCDate);
  p.DatePrototypeGetUTCDay = uncurry(Date.prototype.getUTCDay);
  p.DatePrototypeGetUTCHours = uncurry(Date.prototype.getUTCHours);
  p.DatePrototypeGetUTCMinutes = uncurry(Date.prototype.getUTCMinutes);
  p.DatePrototypeGetUTCSeconds = uncurry(Date.prototype.getUTCSeconds);
  p.MapPrototypeGet = uncurry(Map.prototype.get);
  p.MapPrototypeSet = uncurry(Map.prototype.set);
  p.MapPrototypeHas = uncurry(Map.prototype.has);
  p.MapPrototypeForEach = uncurry(Map.prototype.forEach);
  p.SetPrototypeHas = uncurry(Set.prototype.has);
  p.SetPrototypeAdd = uncurry(Set.prototype.add);
  p.SetPrototypeDelete = uncurry(Set.prototype.delete);
  p.SetPrototypeForEach = uncurry(Set.prototype.forEach);
  p.WeakMapPrototypeGet = uncurry(WeakMap.prototype.get);
  p.WeakMapPrototypeSet = uncurry(WeakMap.prototype.set);
  p.WeakSetPrototypeHas = uncurry(WeakSet.prototype.has);
  p.PromisePrototypeThen = uncurry(Promise.prototype.then);
  p.ArrayBufferPrototypeSlice = uncurry(ArrayBuffer.prototype.slice);
  p.TypedArrayPrototypeSet = uncurry(typedArray.set);
  p.TypedArrayPrototypeSlice = uncurry(typedArray.slice);
  p.MapPrototypeGetSize = getter(Map.prototype, 'size');
  p.SetPrototypeGetSize = getter(Set.prototype, 'size');
  p.TypedArrayPrototypeGetLength = getter(typedArray, 'length');
  p.TypedArrayPrototypeGetBuffer = getter(typedArray, 'buffer');
  p.TypedArrayPrototypeGetByteOffset = getter(typedArray, 'byteOffset');
  p.TypedArrayPrototypeGetByteLength = getter(typedArray, 'byteLength');
  p.RegExpPrototypeGetSource = getter(RegExp.prototype, 'source');
  p.RegExpPrototypeGetFlags = getter(RegExp.prototype, 'flags');
  // Each flag's own getter reads the regular expression's internal slot; `flags` reads them
  // through properties a hint could replace.
  const flagGetters = [];
  for (const [letter, name] of [['d', 'hasIndices'], ['g', 'global'], ['i', 'ignoreCase'], ['m', 'multiline'],
    ['s', 'dotAll'], ['u', 'unicode'], ['v', 'unicodeSets'], ['y', 'sticky']]) {
    const descriptor = Object.getOwnPropertyDescriptor(RegExp.prototype, name);
    if (descriptor && descriptor.get) flagGetters[flagGetters.length] = [letter, uncurry(descriptor.get)];
  }
  // The flags of a regular expression (`gi`), read from its slots.
  p.regExpFlags = (re) => {
    let flags = '';
    for (let i = 0; i < flagGetters.length; i += 1) if (flagGetters[i][1](re)) flags += flagGetters[i][0];
    return flags;
  };

  // The kind of a value, as `Object.prototype.toString` names it (`Array`, `Map`, `Null`), read
  // for an object from the engine's own class of it: no `Symbol.toStringTag`, prototype,
  // `constructor` or getter a hint sets can make one kind pass for another.
  const kindOfObject = rt.host.kindOf;
  p.tagOf = (value) => {
    if (value === null) return 'Null';
    switch (typeof value) {
      case 'undefined': return 'Undefined';
      case 'string': return 'String';
      case 'number': return 'Number';
      case 'boolean': return 'Boolean';
      case 'symbol': return 'Symbol';
      case 'bigint': return 'BigInt';
      case 'function': return 'Function';
    }
    const kind = kindOfObject(value);
    if (kind === 'Proxy') return p.ArrayIsArray(value) ? 'Array' : 'Object';
    return kind;
  };
  // `value instanceof constructor` as the language defines it for ordinary functions, without
  // `Symbol.hasInstance`: whether the constructor's `prototype` is on the value's chain. Throws a
  // TypeError, as `instanceof` does, for a constructor that is not callable or has no prototype.
  p.isInstance = (value, constructor) => {
    if (typeof constructor !== 'function') throw new p.TypeError('Right-hand side of instanceof is not callable');
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    const prototype = constructor.prototype;
    if (prototype === null || (typeof prototype !== 'object' && typeof prototype !== 'function')) {
      throw new p.TypeError('Function has non-object prototype in instanceof check');
    }
    return p.hasOnChain(value, prototype);
  };
  // Whether `prototype` is on the prototype chain of `value`, read with the captured
  // `Object.getPrototypeOf` (a chain that never ends is cut off).
  p.hasOnChain = (value, prototype) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    let link = value;
    for (let depth = 0; depth < 100000; depth += 1) {
      link = p.ObjectGetPrototypeOf(link);
      if (link === null) return false;
      if (link === prototype) return true;
    }
    return false;
  };
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

  // Pairs from an iterable of [name, value] pairs, as the URLSearchParams and Headers
  // constructors read them.
  p.pairsOf = (init, message) => {
    const out = [];
    const items = p.ArrayFrom(init);
    for (let i = 0; i < items.length; i += 1) {
      const pair = p.ArrayFrom(items[i]);
      if (pair.length !== 2) throw new p.TypeError(message);
      out[out.length] = [pair[0], pair[1]];
    }
    return out;
  };
  // The bytes of a binary value (a view on the same memory), or of anything else as UTF-8 text.
  p.bytesOf = (value) => {
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) {
      return new Uint8Array(p.TypedArrayPrototypeGetBuffer(value), p.TypedArrayPrototypeGetByteOffset(value), p.TypedArrayPrototypeGetByteLength(value));
    }
    return rt.host.utf8Encode(p.String(value));
  };

  // The builtins' prototypes: what a hint adds to one of them is the language's business, not a
  // property of the values the runtime compares.
  const builtinPrototypes = [Object.prototype, Function.prototype, Array.prototype, String.prototype,
    Number.prototype, Boolean.prototype, Symbol.prototype, BigInt.prototype, Date.prototype, RegExp.prototype,
    Map.prototype, Set.prototype, WeakMap.prototype, WeakSet.prototype, Promise.prototype,
    ArrayBuffer.prototype, typedArray, Error.prototype, TypeError.prototype, RangeError.prototype,
    SyntaxError.prototype, ReferenceError.prototype, EvalError.prototype, URIError.prototype];
  for (const kind of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
    builtinPrototypes[builtinPrototypes.length] = kind.prototype;
  }
  p.isBuiltinPrototype = (object) => p.ArrayPrototypeIndexOf(builtinPrototypes, object) !== -1;

  // How promises settle is fixed: a hint that replaced `then` or `constructor` could make an
  // awaited rejection look fulfilled.
  for (const name of ['then', 'constructor', 'catch', 'finally']) {
    Object.defineProperty(Promise.prototype, name, { writable: false, configurable: false });
  }
  const species = Object.getOwnPropertyDescriptor(Promise, Symbol.species);
  Object.defineProperty(Promise, Symbol.species, { get: species.get, configurable: false });

  rt.p = Object.freeze(p);
})
