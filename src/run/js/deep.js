// chai's deep-eql, loaded the first time an assertion compares deeply (`deepEqual`, the `deep`
// flag, deep members and keys). Like the rest of the runtime it calls only captured builtins,
// and reads each value's kind from the engine, so a hint that patched a prototype cannot make
// two different values compare equal.
(function deepEquality(rt) {
  'use strict';
  const {
    ArrayPrototypePush, ArrayPrototypeSort, ArrayPrototypeSlice, ArrayPrototypeMap,
    ObjectGetOwnPropertySymbols, ObjectGetOwnPropertyDescriptor, StringPrototypeValueOf, BigIntPrototypeValueOf,
    NumberPrototypeValueOf, BooleanPrototypeValueOf, DatePrototypeGetTime, RegExpPrototypeGetSource, regExpFlags,
    TypedArrayPrototypeGetLength, MapPrototypeGetSize, SetPrototypeGetSize, MapPrototypeForEach, SetPrototypeForEach,
    FunctionPrototypeToString, DatePrototypeToString, ErrorPrototypeToString, SymbolPrototypeToString, String, tagOf,
    record, ObjectKeys, ObjectCreate, ObjectGetPrototypeOf, ObjectGetOwnPropertyNames, WeakMapPrototypeGet,
    WeakMapPrototypeSet, isBuiltinPrototype,
  } = rt.p;
  const { WeakMap } = rt.p;
  const { typeName } = rt.chai;

  // deep-eql: equal in value, prototypes aside; +0 and -0 differ, NaN equals NaN.
  function deepEqual(a, b, memo) {
    if (a === b) return a !== 0 || 1 / a === 1 / b;
    if (a !== a && b !== b) return true;
    if (a === null || b === null || typeof a !== 'object' && typeof a !== 'function' || typeof b !== 'object' && typeof b !== 'function') return false;
    // The pairs met so far, by their left side: a pair met again is taken as equal (a cycle), and
    // each lookup stays short however large the values are.
    const pairs = memo || new WeakMap();
    const met = WeakMapPrototypeGet(pairs, a);
    if (met !== undefined) {
      for (let i = 0; i < met.length; i += 1) if (met[i] === b) return true;
    }
    const type = typeName(a);
    if (type !== typeName(b)) return false;
    if (met !== undefined) ArrayPrototypePush(met, b);
    else WeakMapPrototypeSet(pairs, a, [b]);
    switch (type) {
      case 'String': return deepEqual(StringPrototypeValueOf(a), StringPrototypeValueOf(b), pairs);
      case 'BigInt': return deepEqual(BigIntPrototypeValueOf(a), BigIntPrototypeValueOf(b), pairs);
      case 'Number': return deepEqual(NumberPrototypeValueOf(a), NumberPrototypeValueOf(b), pairs);
      case 'Boolean': return deepEqual(BooleanPrototypeValueOf(a), BooleanPrototypeValueOf(b), pairs);
      case 'Date': return deepEqual(DatePrototypeGetTime(a), DatePrototypeGetTime(b), pairs);
      case 'Symbol': return false;
      case 'RegExp': return RegExpPrototypeGetSource(a) === RegExpPrototypeGetSource(b) && regExpFlags(a) === regExpFlags(b);
      case 'function': case 'Function':
        return false;
      case 'Error': case 'Promise': case 'WeakMap': case 'WeakSet': case 'Generator':
        return false;
      case 'Arguments': case 'Array':
        return listEqual(a, b, pairs);
      case 'Int8Array': case 'Uint8Array': case 'Uint8ClampedArray': case 'Int16Array': case 'Uint16Array':
      case 'Int32Array': case 'Uint32Array': case 'Float16Array': case 'Float32Array': case 'Float64Array':
      case 'BigInt64Array': case 'BigUint64Array':
        // A typed array's length is read from its slot, never through a getter a hint replaced.
        return TypedArrayPrototypeGetLength(a) === TypedArrayPrototypeGetLength(b) &&
          listEqual(a, b, pairs, TypedArrayPrototypeGetLength(a));
      case 'Set': case 'Map': {
        const size = type === 'Map' ? MapPrototypeGetSize : SetPrototypeGetSize;
        if (size(a) !== size(b)) return false;
        if (size(a) === 0) return true;
        const left = [];
        const right = [];
        const forEach = type === 'Map' ? MapPrototypeForEach : SetPrototypeForEach;
        forEach(a, (v, k) => ArrayPrototypePush(left, type === 'Map' ? [k, v] : v));
        forEach(b, (v, k) => ArrayPrototypePush(right, type === 'Map' ? [k, v] : v));
        return listEqual(sortedAsText(left), sortedAsText(right), pairs);
      }
    }
    const left = enumerableKeys(a);
    const right = enumerableKeys(b);
    if (left.length && left.length === right.length) {
      if (!listEqual(ArrayPrototypeSort(ArrayPrototypeSlice(left)), ArrayPrototypeSort(ArrayPrototypeSlice(right)), pairs)) return false;
      for (let i = 0; i < left.length; i += 1) if (!deepEqual(a[left[i]], b[left[i]], pairs)) return false;
      return true;
    }
    return left.length === 0 && right.length === 0;
  }

  // Own and inherited enumerable names, then own enumerable symbols, as deep-eql lists them;
  // names inherited from a builtin's prototype are not the value's, whoever put them there.
  function enumerableKeys(object) {
    let out;
    const above = ObjectGetPrototypeOf(object);
    if (above === null || isBuiltinPrototype(above)) {
      out = ObjectKeys(object);
    } else {
      out = [];
      const seen = ObjectCreate(null);
      for (let link = object; link !== null && !isBuiltinPrototype(link); link = ObjectGetPrototypeOf(link)) {
        const names = ObjectGetOwnPropertyNames(link);
        for (let i = 0; i < names.length; i += 1) {
          const name = names[i];
          if (seen[name] === true) continue;
          seen[name] = true;
          const descriptor = ObjectGetOwnPropertyDescriptor(link, name);
          if (descriptor && descriptor.enumerable) ArrayPrototypePush(out, name);
        }
      }
    }
    const symbols = ObjectGetOwnPropertySymbols(object);
    for (let i = 0; i < symbols.length; i += 1) {
      const descriptor = ObjectGetOwnPropertyDescriptor(object, symbols[i]);
      if (descriptor && descriptor.enumerable) ArrayPrototypePush(out, symbols[i]);
    }
    return out;
  }

  function listEqual(a, b, pairs, length) {
    const count = length === undefined ? a.length : length;
    if (length === undefined && count !== b.length) return false;
    for (let i = 0; i < count; i += 1) if (!deepEqual(a[i], b[i], pairs)) return false;
    return true;
  }

  // deep-eql compares the entries of Sets and Maps after a default sort, which orders them by
  // their text; the text here is read with captured builtins, so a hint that patched `toString`
  // cannot reorder them.
  function sortedAsText(items) {
    const keyed = ArrayPrototypeMap(items, (item) => [asText(item, 0), item]);
    ArrayPrototypeSort(keyed, (x, y) => {
      if (x[1] === undefined || y[1] === undefined) return x[1] === undefined ? (y[1] === undefined ? 0 : 1) : -1;
      return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0;
    });
    return ArrayPrototypeMap(keyed, (pair) => pair[1]);
  }

  // `String(value)` as the builtins would give it, without calling anything a hint can replace.
  function asText(value, depth) {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'string': return value;
      case 'symbol': return SymbolPrototypeToString(value);
      case 'function': return FunctionPrototypeToString(value);
      case 'object': break;
      default: return String(value);
    }
    switch (tagOf(value)) {
      case 'Array': {
        if (depth > 8) return '';
        let text = '';
        for (let i = 0; i < value.length; i += 1) {
          const item = value[i];
          text += (i ? ',' : '') + (item === null || item === undefined ? '' : asText(item, depth + 1));
        }
        return text;
      }
      case 'String': return StringPrototypeValueOf(value);
      case 'Number': return String(NumberPrototypeValueOf(value));
      case 'Boolean': return String(BooleanPrototypeValueOf(value));
      case 'Date': return DatePrototypeToString(value);
      case 'RegExp': return '/' + RegExpPrototypeGetSource(value) + '/' + regExpFlags(value);
      case 'Error': return ErrorPrototypeToString(value);
      default: return '[object ' + tagOf(value) + ']';
    }
  }

  return record({ deepEqual: (a, b) => deepEqual(a, b) });
})
