// The assertions few hints make, loaded the first time one is: keys, members, throws, and
// changes, increases and decreases with their `by`; and chai's pathval for nested properties.
// Each is a method of the assertion object that `assert.js` keeps, called with it as `this`.
(function rarerAssertions(rt) {
  'use strict';
  const p = rt.p;
  const {
    ArrayIsArray, ArrayPrototypeIndexOf, ArrayPrototypePush, ArrayPrototypePop, ArrayPrototypeSlice,
    ArrayPrototypeSort, ArrayPrototypeMap, ArrayPrototypeFilter, ArrayPrototypeSplice, ArrayPrototypeJoin,
    ArrayPrototypeConcat, ObjectKeys, ObjectGetOwnPropertySymbols, ObjectGetOwnPropertyDescriptor,
    StringPrototypeIndexOf, StringPrototypeSlice, MapPrototypeForEach, SetPrototypeForEach, MathAbs, String, Object,
    tagOf, record, isInstance, hasOnChain, isBuiltinPrototype, ObjectGetPrototypeOf, ObjectPrototypeHasOwnProperty, ReflectApply,
  } = p;
  const { typeName, inspect, deepEqual, some, every } = rt.chai;

  function keys(keys) {
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
  function members(subset) {
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
  function throws(errorLike, matcher) {
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
    // What decides the verdict is read now, before any code of the thrown value's own (its
    // `toString`, say) runs: that code could change its message or its prototype.
    const compatible = errorLike && caught !== undefined ? compatibleConstructor(caught, errorLike) : false;
    const hasMatcher = caught !== undefined && matcher !== undefined && matcher !== null;
    const message = hasMatcher ? messageOf(caught) : '';
    const matched = hasMatcher &&
      (tagOf(matcher) === 'RegExp' ? p.matches(matcher, message) : StringPrototypeIndexOf(message, matcher) !== -1);
    const undefinedArgs = errorLike === undefined && matcher === undefined;
    const definedArgs = !!(errorLike && matcher);
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
        if (sameInstance === !!this.negate) {
          if (definedArgs && this.negate) errorLikeFail = true;
          else this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught && !this.negate ? ' but #{act} was thrown' : ''), errorLike.toString(), caught.toString());
        }
      }
      if (compatible === !!this.negate) {
        if (definedArgs && this.negate) errorLikeFail = true;
        else this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught ? ' but #{act} was thrown' : ''), expectedName, caughtName);
      }
    }
    if (hasMatcher) {
      const placeholder = tagOf(matcher) === 'RegExp' ? 'matching' : 'including';
      if (matched === !!this.negate) {
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
  function change(subject, prop, behavior) {
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
  function by(delta) {
    const d = this.delta;
    const holds = d.behavior === 'change' ? MathAbs(d.final - d.initial) === MathAbs(delta) : d.real === MathAbs(delta);
    this.check(holds, 'expected ' + d.shown + ' to ' + d.behavior + ' by ' + delta, 'expected ' + d.shown + ' to not ' + d.behavior + ' by ' + delta);
  }

  function constructorName(value) {
    if (typeof value === 'function') return value.name || '';
    const ctor = value && value.constructor;
    return (ctor && ctor.name) || '';
  }

  // chai's check-error, on the prototype chain only: a `constructor` property, which a hint can
  // set on a builtin's prototype, decides nothing.
  function compatibleConstructor(thrown, errorLike) {
    if (isInstance(errorLike, p.Error)) return hasOnChain(thrown, ObjectGetPrototypeOf(errorLike));
    if (typeof errorLike === 'function' && (isInstance(errorLike.prototype, p.Error) || errorLike === p.Error)) {
      return isInstance(thrown, errorLike);
    }
    return false;
  }

  // A thrown value's message, as chai reads it, but never through a getter on a builtin's
  // prototype: every builtin error's own class says ''.
  function messageOf(value) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return String(value);
    for (let link = value; link !== null && !isBuiltinPrototype(link); link = ObjectGetPrototypeOf(link)) {
      const own = ObjectGetOwnPropertyDescriptor(link, 'message');
      if (!own) continue;
      let text;
      if (ObjectPrototypeHasOwnProperty(own, 'value')) text = own.value;
      else if (typeof own.get === 'function') text = ReflectApply(own.get, value, []);
      return typeof text === 'string' ? text : String(value);
    }
    return isInstance(value, p.Error) ? '' : String(value);
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

  return record({ keys, members, throws, change, by, pathInfo });
})
