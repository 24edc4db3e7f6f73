// Owns chai 4's `assert` and `AssertionError`: every function, with chai's verdicts and messages.
// What an assertion decides is computed with captured builtins only, and the objects it keeps
// flags on have no prototype, so no patch a hint makes to a builtin or to `Object.prototype` can
// turn a failing assertion into a passing one. `assert` is frozen.
// One file, longer than the others: chai's 120-odd functions share private helpers (deep
// equality, the flags, the messages) in this one closure, where hint code cannot reach them;
// split across files they would have to hang on the runtime object instead.
(function assertions(rt) {
  'use strict';
  const p = rt.p;
  const {
    ArrayIsArray, ArrayPrototypeIndexOf, ArrayPrototypePush, ArrayPrototypePop, ArrayPrototypeSlice,
    ArrayPrototypeSort, ArrayPrototypeMap, ArrayPrototypeFilter, ArrayPrototypeSplice,
    ArrayPrototypeJoin, ArrayPrototypeConcat, ObjectKeys, ObjectGetOwnPropertySymbols,
    ObjectGetOwnPropertyDescriptor, ObjectPrototypeHasOwnProperty, ObjectAssign, ObjectSetPrototypeOf,
    ObjectFreeze, ObjectDefineProperty, ObjectIsExtensible, ObjectIsSealed, ObjectIsFrozen,
    StringPrototypeIndexOf, StringPrototypeSlice, StringPrototypeToLowerCase, StringPrototypeTrim,
    RegExpPrototypeExec, RegExpPrototypeGetSource, regExpFlags, StringPrototypeValueOf, BigIntPrototypeValueOf,
    TypedArrayPrototypeGetLength, FunctionPrototypeToString, DatePrototypeToString, ErrorPrototypeToString,
    SymbolPrototypeToString, isInstance,
    NumberIsNaN, MathAbs, MapPrototypeForEach, MapPrototypeGetSize, SetPrototypeForEach,
    SetPrototypeGetSize, SetPrototypeHas, WeakSetPrototypeHas, SymbolPrototypeValueOf,
    NumberPrototypeValueOf, BooleanPrototypeValueOf, DatePrototypeGetTime, String, Object,
    tagOf, record, isFinite,
  } = p;
  // Printing values is loaded the first time a message needs it.
  const inspect = (value, settings) => rt.part('inspect').inspect(value, settings);
  const display = (value) => rt.part('inspect').display(value);
  rt.inspect = inspect;
  rt.preview = (value) => rt.part('inspect').preview(value);

  class AssertionError extends p.Error {
    constructor(message, props) {
      super(message || 'Unspecified AssertionError');
      ObjectDefineProperty(this, 'name', { value: 'AssertionError', writable: true, enumerable: true, configurable: true });
      if (props) ObjectAssign(this, props);
    }
  }

  // type-detect, as chai names types in its messages and checks.
  function typeName(value) {
    if (value === null) return 'null';
    const kind = typeof value;
    if (kind !== 'object') return kind;
    return tagOf(value);
  }

  function lower(text) {
    return StringPrototypeToLowerCase(String(text));
  }

  function article(word) {
    return p.matches(/^[aeiou]/i, word) ? 'an ' : 'a ';
  }

  // deep-eql: equal in value, prototypes aside; +0 and -0 differ, NaN equals NaN.
  function deepEqual(a, b, memo) {
    if (a === b) return a !== 0 || 1 / a === 1 / b;
    if (a !== a && b !== b) return true;
    if (a === null || b === null || typeof a !== 'object' && typeof a !== 'function' || typeof b !== 'object' && typeof b !== 'function') return false;
    const pairs = memo || [];
    for (let i = 0; i < pairs.length; i += 1) if (pairs[i][0] === a && pairs[i][1] === b) return true;
    const type = typeName(a);
    if (type !== typeName(b)) return false;
    ArrayPrototypePush(pairs, [a, b]);
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

  // Own and inherited enumerable names, then own enumerable symbols, as deep-eql lists them.
  function enumerableKeys(object) {
    const out = [];
    for (const key in object) ArrayPrototypePush(out, key);
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

  function sameValueZero(a, b) {
    return a === b || (a !== a && b !== b);
  }

  function some(list, test) {
    for (let i = 0; i < list.length; i += 1) if (test(list[i], i)) return true;
    return false;
  }

  function every(list, test) {
    for (let i = 0; i < list.length; i += 1) if (!test(list[i], i)) return false;
    return true;
  }

  // One chai assertion: its subject, flags and message; `check` fails with chai's wording. Its
  // prototype chain ends before `Object.prototype`, so an unset flag is always undefined.
  class Check {
    constructor(object, message, flags) {
      this.object = object;
      this.message = message;
      ObjectAssign(this, flags);
    }
    prefix() {
      return this.message ? this.message + ': ' : '';
    }
    fail(text) {
      throw new AssertionError(this.prefix() + text);
    }
    check(ok, positive, negative, expected, actual, showDiff) {
      if (this.negate ? !ok : ok) return;
      const subject = arguments.length > 4 ? actual : this.object;
      let text = this.negate ? negative : positive;
      // A message that prints values is built only when it is shown.
      if (typeof text === 'function') text = text();
      text = p.fill(text, '#{this}', () => display(this.object));
      text = p.fill(text, '#{act}', () => display(subject));
      text = p.fill(text, '#{exp}', () => display(expected));
      const props = record({ actual: subject, expected, showDiff: showDiff === true });
      throw new AssertionError(this.prefix() + text, props);
    }
    sub(object) {
      return new Check(object, this.message, record({}));
    }
    a(type) {
      const kind = lower(type);
      const word = article(kind);
      this.check(kind === lower(typeName(this.object)), 'expected #{this} to be ' + word + kind, 'expected #{this} not to be ' + word + kind);
    }
    equal(value) {
      if (this.deep) {
        this.check(deepEqual(value, this.object), 'expected #{this} to deeply equal #{exp}', 'expected #{this} to not deeply equal #{exp}', value, this.object, true);
      } else {
        this.check(value === this.object, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{exp}', value, this.object, true);
      }
    }
    compare(limit, name, holds, positive, negative) {
      const kind = lower(typeName(this.object));
      const limitKind = lower(typeName(limit));
      if (kind === 'date' && limitKind !== 'date') this.fail('the argument to ' + name + ' must be a date');
      else if (limitKind !== 'number' && kind === 'number') this.fail('the argument to ' + name + ' must be a number');
      else if (kind !== 'date' && kind !== 'number') {
        const shown = kind === 'string' ? "'" + this.object + "'" : this.object;
        this.fail('expected ' + shown + ' to be a number or a date');
      }
      this.check(holds(this.object, limit), 'expected #{this} to be ' + positive + ' #{exp}', 'expected #{this} to be ' + negative + ' #{exp}', limit);
    }
    property(name, value, withValue) {
      const nameType = typeof name;
      if (this.nested) {
        if (nameType !== 'string') this.fail('the argument to property must be a string when using nested syntax');
      } else if (nameType !== 'string' && nameType !== 'number' && nameType !== 'symbol') {
        this.fail('the argument to property must be a string, number, or symbol');
      }
      if (this.nested && this.own) this.fail('The "nested" and "own" flags cannot be combined.');
      const object = this.object;
      if (object === null || object === undefined) this.fail('Target cannot be null or undefined.');
      const path = this.nested ? pathInfo(object, name) : null;
      const actual = this.nested ? path.value : object[name];
      const descriptor = (this.deep ? 'deep ' : '') + (this.own ? 'own ' : '') + (this.nested ? 'nested ' : '') + 'property ';
      const has = this.own ? ObjectPrototypeHasOwnProperty(object, name)
        : this.nested ? path.exists : name in Object(object);
      if (!this.negate || !withValue) {
        this.check(has, () => 'expected #{this} to have ' + descriptor + inspect(name), () => 'expected #{this} to not have ' + descriptor + inspect(name));
      }
      if (withValue) {
        const same = this.deep ? deepEqual(value, actual) : value === actual;
        this.check(has && same, () => 'expected #{this} to have ' + descriptor + inspect(name) + ' of #{exp}, but got #{act}',
          () => 'expected #{this} to not have ' + descriptor + inspect(name) + ' of #{act}', value, actual);
      }
      return actual;
    }
    include(value) {
      const object = this.object;
      const kind = lower(typeName(object));
      const descriptor = this.deep ? 'deep ' : '';
      let included = false;
      switch (kind) {
        case 'string': included = StringPrototypeIndexOf(object, value) !== -1; break;
        case 'weakset':
          if (this.deep) this.fail('unable to use .deep.include with WeakSet');
          included = WeakSetPrototypeHas(object, value);
          break;
        case 'map':
          MapPrototypeForEach(object, (item) => { included = included || (this.deep ? deepEqual(item, value) : sameValueZero(item, value)); });
          break;
        case 'set':
          if (this.deep) SetPrototypeForEach(object, (item) => { included = included || deepEqual(item, value); });
          else included = SetPrototypeHas(object, value);
          break;
        case 'array':
          included = this.deep ? some(object, (item) => deepEqual(item, value)) : ArrayPrototypeIndexOf(object, value) !== -1;
          break;
        default: {
          if (value !== Object(value)) {
            const other = lower(typeName(value));
            this.fail('the given combination of arguments (' + kind + ' and ' + other + ') is invalid for this assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a ' + other);
          }
          const props = ObjectKeys(value);
          let first = null;
          let failures = 0;
          for (let i = 0; i < props.length; i += 1) {
            const prop = props[i];
            const each = new Check(object, this.message, record({ deep: this.deep, own: this.own, nested: this.nested, negate: this.negate }));
            if (!this.negate || props.length === 1) {
              each.property(prop, value[prop], true);
              continue;
            }
            try {
              each.property(prop, value[prop], true);
            } catch (error) {
              if (!isInstance(error, AssertionError)) throw error;
              if (first === null) first = error;
              failures += 1;
            }
          }
          if (this.negate && props.length > 1 && failures === props.length) throw first;
          return;
        }
      }
      this.check(included, () => 'expected #{this} to ' + descriptor + 'include ' + inspect(value), () => 'expected #{this} to not ' + descriptor + 'include ' + inspect(value));
    }
    lengthOf(length) {
      const kind = lower(typeName(this.object));
      let descriptor = 'length';
      let count;
      if (kind === 'map' || kind === 'set') {
        descriptor = 'size';
        count = kind === 'map' ? MapPrototypeGetSize(this.object) : SetPrototypeGetSize(this.object);
      } else {
        this.sub(this.object).property('length');
        count = this.object.length;
      }
      this.check(count == length, 'expected #{this} to have a ' + descriptor + ' of #{exp} but got #{act}', 'expected #{this} to not have a ' + descriptor + ' of #{act}', length, count);
    }
    keys(keys) {
      const object = this.object;
      const kind = typeName(object);
      let expected;
      let actual;
      let deepWord = '';
      if (kind === 'Map' || kind === 'Set') {
        deepWord = this.deep ? 'deeply ' : '';
        actual = [];
        const forEach = kind === 'Map' ? MapPrototypeForEach : SetPrototypeForEach;
        forEach(object, (v, k) => ArrayPrototypePush(actual, k));
        expected = ArrayIsArray(keys) ? keys : [keys];
      } else {
        const symbols = ArrayPrototypeFilter(ObjectGetOwnPropertySymbols(object), (s) => {
          const descriptor = ObjectGetOwnPropertyDescriptor(object, s);
          return descriptor && descriptor.enumerable;
        });
        actual = ArrayPrototypeConcat(ObjectKeys(object), symbols);
        const keysKind = typeName(keys);
        expected = keysKind === 'Array' ? keys : keysKind === 'Object' ? ObjectKeys(keys) : [keys];
        expected = ArrayPrototypeMap(expected, (k) => (typeof k === 'symbol' ? k : String(k)));
      }
      if (!expected.length) this.fail('keys required');
      const same = (x, y) => (this.deep ? deepEqual(x, y) : x === y);
      let ok;
      const all = !this.any;
      if (this.any) ok = some(expected, (e) => some(actual, (a) => same(e, a)));
      else {
        ok = every(expected, (e) => some(actual, (a) => same(e, a)));
        if (!this.contains) ok = ok && expected.length === actual.length;
      }
      if (this.negate ? !ok : ok) return;
      let described;
      if (expected.length > 1) {
        const shown = ArrayPrototypeMap(expected, (k) => inspect(k));
        const last = ArrayPrototypePop(shown);
        described = ArrayPrototypeJoin(shown, ', ') + (all ? ', and ' : ', or ') + last;
      } else {
        described = inspect(expected[0]);
      }
      const text = (this.contains ? 'contain ' : 'have ') + (expected.length > 1 ? 'keys ' : 'key ') + described;
      const byInspect = (x, y) => (inspect(x) < inspect(y) ? -1 : 1);
      this.check(ok, 'expected #{this} to ' + deepWord + text, 'expected #{this} to not ' + deepWord + text,
        ArrayPrototypeSort(ArrayPrototypeSlice(expected), byInspect), ArrayPrototypeSort(actual, byInspect), true);
    }
    members(subset) {
      this.sub(this.object).a('array');
      this.sub(subset).a('array');
      let subject;
      let positive;
      let negative;
      if (this.contains) {
        subject = this.ordered ? 'an ordered superset' : 'a superset';
        positive = 'expected #{this} to be ' + subject + ' of #{exp}';
        negative = 'expected #{this} to not be ' + subject + ' of #{exp}';
      } else {
        subject = this.ordered ? 'ordered members' : 'members';
        positive = 'expected #{this} to have the same ' + subject + ' as #{exp}';
        negative = 'expected #{this} to not have the same ' + subject + ' as #{exp}';
      }
      const compare = this.deep ? deepEqual : null;
      this.check(isSubsetOf(subset, this.object, compare, this.contains, this.ordered), positive, negative, subset, this.object, true);
    }
    throws(errorLike, matcher) {
      const fn = this.object;
      this.sub(fn).a('function');
      if (tagOf(errorLike) === 'RegExp' || typeof errorLike === 'string') {
        matcher = errorLike;
        errorLike = null;
      }
      let caught;
      try {
        fn();
      } catch (error) {
        caught = error;
      }
      const undefinedArgs = errorLike === undefined && matcher === undefined;
      const definedArgs = Boolean(errorLike && matcher);
      let errorLikeFail = false;
      let matcherFail = false;
      const caughtName = isInstance(caught, p.Error) ? caught.toString() : typeof caught === 'string' ? caught : caught && constructorName(caught);
      if (undefinedArgs || !undefinedArgs && !this.negate) {
        let described = 'an error';
        if (isInstance(errorLike, p.Error)) described = '#{exp}';
        else if (errorLike) described = constructorName(errorLike);
        this.check(caught !== undefined, 'expected #{this} to throw ' + described, 'expected #{this} to not throw an error but #{act} was thrown', errorLike && errorLike.toString(), caughtName);
      }
      if (errorLike && caught !== undefined) {
        const expectedName = isInstance(errorLike, p.Error) ? errorLike.toString() : constructorName(errorLike);
        if (isInstance(errorLike, p.Error)) {
          const sameInstance = caught === errorLike;
          if (sameInstance === Boolean(this.negate)) {
            if (definedArgs && this.negate) errorLikeFail = true;
            else this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught && !this.negate ? ' but #{act} was thrown' : ''), errorLike.toString(), caught.toString());
          }
        }
        const compatible = compatibleConstructor(caught, errorLike);
        if (compatible === Boolean(this.negate)) {
          if (definedArgs && this.negate) errorLikeFail = true;
          else this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught ? ' but #{act} was thrown' : ''), expectedName, caughtName);
        }
      }
      if (caught !== undefined && matcher !== undefined && matcher !== null) {
        const placeholder = tagOf(matcher) === 'RegExp' ? 'matching' : 'including';
        const message = caught && typeof caught.message === 'string' ? caught.message : String(caught);
        const compatible = tagOf(matcher) === 'RegExp' ? p.matches(matcher, message) : StringPrototypeIndexOf(message, matcher) !== -1;
        if (compatible === Boolean(this.negate)) {
          if (definedArgs && this.negate) matcherFail = true;
          else this.checkNegated('expected #{this} to throw error ' + placeholder + ' #{exp} but got #{act}', 'expected #{this} to throw error not ' + placeholder + ' #{exp}', matcher, message);
        }
      }
      if (errorLikeFail && matcherFail) {
        const expectedName = isInstance(errorLike, p.Error) ? errorLike.toString() : constructorName(errorLike);
        this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught ? ' but #{act} was thrown' : ''), expectedName, caughtName);
      }
      return caught;
    }
    // chai's `this.assert(negate, ...)`, called where the error does not match: it always fails,
    // with the positive text, or the negative one under `not`.
    checkNegated(positive, negative, expected, actual) {
      this.check(Boolean(this.negate), positive, negative, expected, actual);
    }
    change(subject, prop, behavior) {
      const fn = this.object;
      this.sub(fn).a('function');
      let initial;
      if (!prop) {
        this.sub(subject).a('function');
        initial = subject();
      } else {
        this.sub(subject).property(prop);
        initial = subject[prop];
      }
      if (behavior !== 'change') this.sub(initial).a('number');
      fn();
      const final = prop === undefined || prop === null ? subject() : subject[prop];
      const shown = prop === undefined || prop === null ? initial : '.' + prop;
      if (behavior !== 'change') this.sub(final).a('number');
      this.delta = record({ shown, initial, final, behavior, real: behavior === 'change' ? final !== initial : behavior === 'increase' ? final - initial : initial - final });
      const holds = behavior === 'change' ? initial !== final : behavior === 'increase' ? final - initial > 0 : final - initial < 0;
      this.check(holds, 'expected ' + shown + ' to ' + behavior, 'expected ' + shown + ' to not ' + behavior);
    }
    by(delta) {
      const d = this.delta;
      const holds = d.behavior === 'change' ? MathAbs(d.final - d.initial) === MathAbs(delta) : d.real === MathAbs(delta);
      this.check(holds, 'expected ' + d.shown + ' to ' + d.behavior + ' by ' + delta, 'expected ' + d.shown + ' to not ' + d.behavior + ' by ' + delta);
    }
  }
  ObjectSetPrototypeOf(Check.prototype, null);

  function constructorName(value) {
    if (typeof value === 'function') return value.name || '';
    const ctor = value && value.constructor;
    return (ctor && ctor.name) || '';
  }

  function compatibleConstructor(thrown, errorLike) {
    if (isInstance(errorLike, p.Error)) return thrown.constructor === errorLike.constructor || isInstance(thrown, errorLike.constructor);
    if (typeof errorLike === 'function' && (isInstance(errorLike.prototype, p.Error) || errorLike === p.Error)) {
      return thrown.constructor === errorLike || isInstance(thrown, errorLike);
    }
    return false;
  }

  // chai's pathval: `a.b[1].c` as the steps `a`, `b`, 1, `c`; `\.`, `\[` and `\]` are literal.
  function pathSteps(path) {
    const text = String(path);
    const steps = [];
    let part = '';
    const flush = () => {
      if (part !== '') ArrayPrototypePush(steps, step(part));
      part = '';
    };
    for (let i = 0; i < text.length; i += 1) {
      const c = text[i];
      if (c === '\\' && text[i + 1] === '.') {
        part += '\\.';
        i += 1;
      } else if (c === '.') {
        flush();
      } else {
        if (c === '[' && i > 0 && text[i - 1] !== '\\') flush();
        part += c;
      }
    }
    flush();
    return steps;
  }

  function step(part) {
    const last = part.length - 1;
    if (last > 1 && part[0] === '[' && part[last] === ']') {
      let digits = true;
      for (let i = 1; i < last; i += 1) digits = digits && part[i] >= '0' && part[i] <= '9';
      if (digits) return p.Number(StringPrototypeSlice(part, 1, last));
    }
    let out = '';
    for (let i = 0; i < part.length; i += 1) {
      const next = part[i + 1];
      if (part[i] === '\\' && (next === '.' || next === '[' || next === ']')) continue;
      out += part[i];
    }
    return out;
  }

  function pathInfo(object, path) {
    const steps = pathSteps(path);
    let parent = object;
    let value = object;
    const name = steps[steps.length - 1];
    for (let i = 0; i < steps.length; i += 1) {
      if (value === null || value === undefined) {
        return record({ parent: undefined, name, value: undefined, exists: false });
      }
      parent = value;
      value = value[steps[i]];
    }
    const exists = parent !== null && parent !== undefined && steps.length > 0 && name in Object(parent);
    return record({ parent, name, value, exists });
  }

  function isSubsetOf(subset, superset, compare, contains, ordered) {
    let rest = superset;
    if (!contains) {
      if (subset.length !== superset.length) return false;
      rest = ArrayPrototypeSlice(superset);
    }
    return every(subset, (element, index) => {
      if (ordered) return compare ? compare(element, rest[index]) : element === rest[index];
      if (!compare) {
        const at = ArrayPrototypeIndexOf(rest, element);
        if (at === -1) return false;
        if (!contains) ArrayPrototypeSplice(rest, at, 1);
        return true;
      }
      return some(rest, (other, at) => {
        if (!compare(element, other)) return false;
        if (!contains) ArrayPrototypeSplice(rest, at, 1);
        return true;
      });
    });
  }

  const check = (object, message, flags) => new Check(object, message, flags);

  // chai's assert functions, each made the first time a hint reads it: a hint uses a few of
  // them, and every hint would pay for making all of them.
  const NAMES = [
    'isFunction', 'isNotFunction', 'isObject', 'isNotObject', 'isArray', 'isNotArray', 'isString', 'isNotString',
    'isNumber', 'isNotNumber', 'isBoolean', 'isNotBoolean', 'isAbove', 'isAtLeast', 'isBelow', 'isAtMost',
    'include', 'notInclude', 'deepInclude', 'notDeepInclude', 'nestedInclude', 'notNestedInclude',
    'deepNestedInclude', 'notDeepNestedInclude', 'ownInclude', 'notOwnInclude', 'deepOwnInclude', 'notDeepOwnInclude',
    'property', 'notProperty', 'propertyVal', 'notPropertyVal', 'deepPropertyVal', 'notDeepPropertyVal',
    'ownProperty', 'notOwnProperty', 'ownPropertyVal', 'notOwnPropertyVal', 'deepOwnPropertyVal',
    'notDeepOwnPropertyVal', 'nestedProperty', 'notNestedProperty', 'nestedPropertyVal', 'notNestedPropertyVal',
    'deepNestedPropertyVal', 'notDeepNestedPropertyVal', 'hasAnyKeys', 'hasAllKeys', 'containsAllKeys',
    'doesNotHaveAnyKeys', 'doesNotHaveAllKeys', 'hasAnyDeepKeys', 'hasAllDeepKeys', 'containsAllDeepKeys',
    'doesNotHaveAnyDeepKeys', 'doesNotHaveAllDeepKeys', 'sameMembers', 'notSameMembers', 'sameDeepMembers',
    'notSameDeepMembers', 'sameOrderedMembers', 'notSameOrderedMembers', 'sameDeepOrderedMembers',
    'notSameDeepOrderedMembers', 'includeMembers', 'notIncludeMembers', 'includeDeepMembers', 'notIncludeDeepMembers',
    'includeOrderedMembers', 'notIncludeOrderedMembers', 'includeDeepOrderedMembers', 'notIncludeDeepOrderedMembers',
    'changes', 'doesNotChange', 'changesBy', 'changesButNotBy', 'increases', 'doesNotIncrease', 'increasesBy',
    'increasesButNotBy', 'decreases', 'doesNotDecrease', 'decreasesBy', 'decreasesButNotBy', 'doesNotDecreaseBy',
    'isExtensible', 'isNotExtensible', 'extensible', 'notExtensible', 'isSealed', 'isNotSealed', 'sealed', 'notSealed',
    'isFrozen', 'isNotFrozen', 'frozen', 'notFrozen', 'fail', 'isOk', 'isNotOk', 'equal', 'notEqual', 'strictEqual',
    'notStrictEqual', 'deepEqual', 'notDeepEqual', 'isTrue', 'isNotTrue', 'isFalse', 'isNotFalse', 'isNull',
    'isNotNull', 'isNaN', 'isNotNaN', 'exists', 'notExists', 'isUndefined', 'isDefined', 'isFinite', 'typeOf',
    'notTypeOf', 'instanceOf', 'notInstanceOf', 'match', 'notMatch', 'lengthOf', 'throws', 'doesNotThrow', 'operator',
    'closeTo', 'oneOf', 'ifError', 'isEmpty', 'isNotEmpty', 'ok', 'notOk', 'approximately', 'deepStrictEqual',
    'throw', 'Throw', 'empty', 'notEmpty', 'notExist', 'AssertionError',
  ];
  // Names chai gives the same function twice.
  const ALIASES = {
    __proto__: null, ok: 'isOk', notOk: 'isNotOk', approximately: 'closeTo', deepStrictEqual: 'deepEqual',
    throw: 'throws', Throw: 'throws', empty: 'isEmpty', notEmpty: 'isNotEmpty', notExist: 'notExists',
    extensible: 'isExtensible', notExtensible: 'isNotExtensible', sealed: 'isSealed', notSealed: 'isNotSealed',
    frozen: 'isFrozen', notFrozen: 'isNotFrozen',
  };
  const NONE = { __proto__: null };
  const NOT = { __proto__: null, negate: true };
  const DEEP = { __proto__: null, deep: true };
  const NOT_DEEP = { __proto__: null, deep: true, negate: true };

  const has = (text, part) => StringPrototypeIndexOf(text, part) !== -1;
  const starts = (text, part) => StringPrototypeIndexOf(text, part) === 0;
  const ends = (text, part) => text.length >= part.length && StringPrototypeSlice(text, text.length - part.length) === part;

  // The flags a family's name spells: `notDeepOwnInclude`, `doesNotHaveAnyDeepKeys`.
  function flagsOf(name) {
    return {
      __proto__: null,
      negate: starts(name, 'not') || starts(name, 'doesNot'),
      deep: has(name, 'eep'),
      nested: has(name, 'ested'),
      own: has(name, 'wn'),
      any: has(name, 'Any'),
      all: has(name, 'All'),
      ordered: has(name, 'Ordered'),
      contains: starts(name, 'contains') || (ends(name, 'Members') && has(name, 'nclude')),
    };
  }

  // assert.changes(fn, obj, prop, msg) and assert.changes(fn, getter, msg).
  function deltaArgs(args, withDelta) {
    const fn = args[0];
    const subject = args[1];
    let prop = args[2];
    let delta = withDelta ? args[3] : undefined;
    let message = withDelta ? args[4] : args[3];
    if (typeof subject === 'function') {
      if (withDelta) {
        delta = args[2];
        message = args[3];
      } else {
        message = args[2];
      }
      prop = null;
    }
    return record({ fn, subject, prop, delta, message });
  }

  const COMPARISONS = {
    __proto__: null,
    isAbove: ['above', (a, b) => a > b, 'above', 'at most'],
    isAtLeast: ['least', (a, b) => a >= b, 'at least', 'below'],
    isBelow: ['below', (a, b) => a < b, 'below', 'at least'],
    isAtMost: ['most', (a, b) => a <= b, 'at most', 'above'],
  };
  const STATES = { __proto__: null, Extensible: ObjectIsExtensible, Sealed: ObjectIsSealed, Frozen: ObjectIsFrozen };
  const OPERATORS = {
    __proto__: null,
    '==': (a, b) => a == b, '===': (a, b) => a === b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
    '<': (a, b) => a < b, '<=': (a, b) => a <= b, '!=': (a, b) => a != b, '!==': (a, b) => a !== b,
  };

  function emptiness(value, message, negate) {
    const c = check(value, message, negate ? NOT : NONE);
    let count;
    switch (lower(typeName(value))) {
      case 'array': case 'string': count = value.length; break;
      case 'map': count = MapPrototypeGetSize(value); break;
      case 'set': count = SetPrototypeGetSize(value); break;
      case 'weakmap': case 'weakset': c.fail('.empty was passed a weak collection'); break;
      case 'function': throw new AssertionError(StringPrototypeTrim(c.prefix() + '.empty was passed a function ' + (value.name || '')));
      default:
        if (value !== Object(value)) c.fail('.empty was passed non-string primitive ' + inspect(value));
        count = ObjectKeys(value).length;
    }
    c.check(count === 0, 'expected #{this} to be empty', 'expected #{this} not to be empty');
  }

  // chai calls `re.exec(value)`; the captured one decides, and a non-RegExp fails as in chai.
  function matches(value, regexp) {
    return tagOf(regexp) === 'RegExp' ? RegExpPrototypeExec(regexp, value) : regexp.exec(value);
  }

  // Makes the function `name` names; `name` is one of NAMES and not an alias.
  function make(name) {
    const flags = flagsOf(name);
    if (ends(name, 'Include') || name === 'include') return (haystack, needle, message) => check(haystack, message, flags).include(needle);
    if (ends(name, 'PropertyVal') || ends(name, 'propertyVal')) {
      return (object, prop, value, message) => { check(object, message, flags).property(prop, value, true); };
    }
    if (ends(name, 'Property') || name === 'property') {
      return (object, prop, message) => { check(object, message, flags).property(prop); };
    }
    if (ends(name, 'Keys')) return (object, keys, message) => check(object, message, flags).keys(keys);
    if (ends(name, 'Members')) return (set, subset, message) => check(set, message, flags).members(subset);
    const comparison = COMPARISONS[name];
    if (comparison) {
      return (value, limit, message) => check(value, message, NONE).compare(limit, comparison[0], comparison[1], comparison[2], comparison[3]);
    }
    const behavior = has(name, 'hange') ? 'change' : has(name, 'ncrease') ? 'increase' : has(name, 'ecrease') ? 'decrease' : null;
    if (behavior) {
      const negated = starts(name, 'doesNot');
      if (ends(name, 'ButNotBy') || ends(name, 'By')) {
        const butNot = ends(name, 'ButNotBy');
        return function () {
          const a = deltaArgs(arguments, true);
          const c = check(a.fn, a.message, negated ? NOT : NONE);
          c.change(a.subject, a.prop, behavior);
          if (butNot) c.negate = true;
          c.by(a.delta);
        };
      }
      return function () {
        const a = deltaArgs(arguments, false);
        check(a.fn, a.message, negated ? NOT : NONE).change(a.subject, a.prop, behavior);
      };
    }
    const state = starts(name, 'isNot') ? StringPrototypeSlice(name, 5) : StringPrototypeSlice(name, 2);
    if (STATES[state] && starts(name, 'is')) {
      const test = STATES[state];
      const word = StringPrototypeToLowerCase(state);
      const holds = (value) => (word === 'extensible' ? value === Object(value) && test(value) : value !== Object(value) || test(value));
      const mode = starts(name, 'isNot') ? NOT : NONE;
      return (value, message) => check(value, message, mode).check(holds(value), 'expected #{this} to be ' + word, 'expected #{this} to not be ' + word);
    }
    const type = lower(state);
    if (starts(name, 'is') && (type === 'function' || type === 'object' || type === 'array' || type === 'string' || type === 'number' || type === 'boolean')) {
      const mode = starts(name, 'isNot') ? NOT : NONE;
      return (value, message) => check(value, message, mode).a(type);
    }
    switch (name) {
      case 'fail': return function (actual, expected, message, operator) {
        if (arguments.length < 2) {
          message = actual;
          actual = undefined;
        }
        throw new AssertionError(message || 'assert.fail()', record({ actual, expected, operator }));
      };
      case 'isOk': return (value, message) => check(value, message, NONE).check(value, 'expected #{this} to be truthy', 'expected #{this} to be falsy');
      case 'isNotOk': return (value, message) => check(value, message, NOT).check(value, 'expected #{this} to be truthy', 'expected #{this} to be falsy');
      case 'equal': return (actual, expected, message) => {
        check(actual, message, NONE).check(expected == actual, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{act}', expected, actual, true);
      };
      case 'notEqual': return (actual, expected, message) => {
        check(actual, message, NONE).check(expected != actual, 'expected #{this} to not equal #{exp}', 'expected #{this} to equal #{act}', expected, actual, true);
      };
      case 'strictEqual': return (actual, expected, message) => check(actual, message, NONE).equal(expected);
      case 'notStrictEqual': return (actual, expected, message) => check(actual, message, NOT).equal(expected);
      case 'deepEqual': return (actual, expected, message) => check(actual, message, DEEP).equal(expected);
      case 'notDeepEqual': return (actual, expected, message) => check(actual, message, NOT_DEEP).equal(expected);
      case 'isTrue': return (value, message) => check(value, message, NONE).check(value === true, 'expected #{this} to be true', 'expected #{this} to be false');
      case 'isNotTrue': return (value, message) => check(value, message, NOT).equal(true);
      case 'isFalse': return (value, message) => check(value, message, NONE).check(value === false, 'expected #{this} to be false', 'expected #{this} to be true');
      case 'isNotFalse': return (value, message) => check(value, message, NOT).equal(false);
      case 'isNull': return (value, message) => check(value, message, NONE).equal(null);
      case 'isNotNull': return (value, message) => check(value, message, NOT).equal(null);
      case 'isNaN': return (value, message) => check(value, message, NONE).check(NumberIsNaN(value), 'expected #{this} to be NaN', 'expected #{this} not to be NaN');
      case 'isNotNaN': return (value, message) => check(value, message, NOT).check(NumberIsNaN(value), 'expected #{this} to be NaN', 'expected #{this} not to be NaN');
      case 'exists': return (value, message) => check(value, message, NONE).check(value !== null && value !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist');
      case 'notExists': return (value, message) => check(value, message, NOT).check(value !== null && value !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist');
      case 'isUndefined': return (value, message) => check(value, message, NONE).equal(undefined);
      case 'isDefined': return (value, message) => check(value, message, NOT).equal(undefined);
      case 'isFinite': return (value, message) => {
        check(value, message, NONE).check(typeof value === 'number' && isFinite(value), 'expected #{this} to be a finite number', 'expected #{this} to not be a finite number');
      };
      case 'typeOf': return (value, kind, message) => check(value, message, NONE).a(kind);
      case 'notTypeOf': return (value, kind, message) => check(value, message, NOT).a(kind);
      case 'instanceOf': return (value, constructor, message) => instance(check(value, message, NONE), constructor);
      case 'notInstanceOf': return (value, constructor, message) => instance(check(value, message, NOT), constructor);
      // The pattern is kept as the expected value, for a person comparing it with the text.
      case 'match': return (value, regexp, message) => check(value, message, NONE).check(matches(value, regexp), 'expected #{this} to match ' + regexp, 'expected #{this} not to match ' + regexp, regexp, value);
      case 'notMatch': return (value, regexp, message) => check(value, message, NOT).check(matches(value, regexp), 'expected #{this} to match ' + regexp, 'expected #{this} not to match ' + regexp, regexp, value);
      case 'lengthOf': return (value, length, message) => check(value, message, NONE).lengthOf(length);
      case 'throws': case 'doesNotThrow': {
        const mode = name === 'throws' ? NONE : NOT;
        return (fn, errorLike, matcher, message) => {
          if (typeof errorLike === 'string' || tagOf(errorLike) === 'RegExp') {
            matcher = errorLike;
            errorLike = null;
          }
          const caught = check(fn, message, mode).throws(errorLike, matcher);
          return mode === NONE ? caught : undefined;
        };
      }
      case 'operator': return (value, operator, other, message) => {
        const compare = typeof operator === 'string' ? OPERATORS[operator] : undefined;
        if (!compare) {
          throw new AssertionError((message ? message + ': ' : message) + 'Invalid operator "' + operator + '"');
        }
        const holds = compare(value, other);
        check(holds, message, NONE).check(holds,
          () => 'expected ' + inspect(value) + ' to be ' + operator + ' ' + inspect(other),
          () => 'expected ' + inspect(value) + ' to not be ' + operator + ' ' + inspect(other));
      };
      case 'closeTo': return (actual, expected, delta, message) => {
        const c = check(actual, message, NONE);
        c.sub(actual).a('number');
        if (typeof expected !== 'number' || typeof delta !== 'number') {
          c.fail('the arguments to closeTo or approximately must be numbers' + (delta === undefined ? ', and a delta is required' : ''));
        }
        c.check(MathAbs(actual - expected) <= delta, 'expected #{this} to be close to ' + expected + ' +/- ' + delta, 'expected #{this} not to be close to ' + expected + ' +/- ' + delta);
      };
      case 'oneOf': return (value, list, message) => {
        const c = check(value, message, NONE);
        c.sub(list).a('array');
        c.check(ArrayPrototypeIndexOf(list, value) > -1, 'expected #{this} to be one of #{exp}', 'expected #{this} to not be one of #{exp}', list, value);
      };
      case 'ifError': return (value) => {
        if (value) throw value;
      };
      case 'isEmpty': return (value, message) => emptiness(value, message, false);
      case 'isNotEmpty': return (value, message) => emptiness(value, message, true);
      case 'AssertionError': return AssertionError;
    }
    return undefined;
  }

  function instance(c, constructor) {
    let ok;
    try {
      ok = isInstance(c.object, constructor);
    } catch (error) {
      if (isInstance(error, p.TypeError)) {
        c.fail('The instanceof assertion needs a constructor but ' + typeName(constructor) + ' was given.');
      }
      throw error;
    }
    const name = (constructor && constructor.name) || 'an unnamed constructor';
    c.check(ok, 'expected #{this} to be an instance of ' + name, 'expected #{this} to not be an instance of ' + name);
  }

  // `assert` itself: callable, every function of chai's on it, and nothing about it that a hint can
  // change, so no hint can make a later assertion say what it did not check.
  const base = (expression, message) => {
    if (!expression) throw new AssertionError(message);
  };
  const made = { __proto__: null };
  const known = (name) => typeof name === 'string' && ArrayPrototypeIndexOf(NAMES, name) !== -1;
  function member(name) {
    const real = ALIASES[name] || name;
    if (made[real] === undefined) made[real] = make(real);
    return made[real];
  }
  const refuse = () => false;
  const assert = new p.Proxy(base, {
    __proto__: null,
    get: (target, name) => (known(name) ? member(name) : target[name]),
    has: (target, name) => known(name) || name in target,
    ownKeys: () => ArrayPrototypeSlice(NAMES),
    getOwnPropertyDescriptor: (target, name) => {
      if (!known(name)) return ObjectGetOwnPropertyDescriptor(target, name);
      return { value: member(name), writable: false, enumerable: true, configurable: true };
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
    setPrototypeOf: refuse,
    preventExtensions: refuse,
  });

  // Nothing a hint does to `AssertionError` changes what later assertions decide either.
  ObjectFreeze(AssertionError);
  ObjectFreeze(AssertionError.prototype);

  rt.assert = assert;
  rt.AssertionError = AssertionError;
  rt.typeName = typeName;
})
