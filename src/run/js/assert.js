// Owns chai 4's `assert` and `AssertionError`: every function, with chai's verdicts and messages.
// What an assertion decides is computed with captured builtins only, and the objects it keeps
// flags on have no prototype, so no patch a hint makes to a builtin or to `Object.prototype` can
// turn a failing assertion into a passing one. `assert` is frozen.
// What most hints use is here, loaded into every engine; deep equality (`deep.js`) and the rarer
// assertions (`rarer.js`) are loaded the first time a hint needs them, and reach the helpers
// they share with this file through the runtime object, which hint code never sees.
(function assertions(rt) {
  'use strict';
  const p = rt.p;
  const {
    ArrayPrototypeIndexOf, ArrayPrototypeSlice, ObjectKeys, ObjectGetOwnPropertyDescriptor,
    ObjectPrototypeHasOwnProperty, ObjectAssign, ObjectSetPrototypeOf, ObjectFreeze,
    ObjectDefineProperty, ObjectIsExtensible, ObjectIsSealed, ObjectIsFrozen,
    StringPrototypeIndexOf, StringPrototypeSlice, StringPrototypeToLowerCase, StringPrototypeTrim,
    RegExpPrototypeExec, isInstance, ReflectApply, NumberIsNaN, MathAbs, MapPrototypeForEach,
    MapPrototypeGetSize, SetPrototypeForEach, SetPrototypeGetSize, SetPrototypeHas,
    WeakSetPrototypeHas, String, Object, tagOf, record, isFinite, TypedArrayPrototypeGetLength,
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

  // Deep equality (chai's deep-eql) is loaded the first time an assertion compares deeply.
  const deepEqual = (a, b) => rt.part('deep').deepEqual(a, b);
  const rarer = () => rt.part('rarer');

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
      const path = this.nested ? rarer().pathInfo(object, name) : null;
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
      } else if (kind !== 'array' && StringPrototypeSlice(kind, -5) === 'array') {
        // A typed array's length is read from its slot, not through a getter a hint replaced.
        count = TypedArrayPrototypeGetLength(this.object);
      } else {
        this.sub(this.object).property('length');
        count = this.object.length;
      }
      this.check(count == length, 'expected #{this} to have a ' + descriptor + ' of #{exp} but got #{act}', 'expected #{this} to not have a ' + descriptor + ' of #{act}', length, count);
    }
    // The rarer assertions are loaded the first time a hint makes one.
    keys(keys) {
      return ReflectApply(rarer().keys, this, [keys]);
    }
    members(subset) {
      return ReflectApply(rarer().members, this, [subset]);
    }
    throws(errorLike, matcher) {
      return ReflectApply(rarer().throws, this, [errorLike, matcher]);
    }
    // chai's `this.assert(negate, ...)`, called where the error does not match: it always fails,
    // with the positive text, or the negative one under `not`.
    checkNegated(positive, negative, expected, actual) {
      this.check(!!this.negate, positive, negative, expected, actual);
    }
    change(subject, prop, behavior) {
      return ReflectApply(rarer().change, this, [subject, prop, behavior]);
    }
    by(delta) {
      return ReflectApply(rarer().by, this, [delta]);
    }
  }
  ObjectSetPrototypeOf(Check.prototype, null);

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
      case 'isTrue': return (value, message) => check(value, message, NONE).check(value === true, 'expected #{this} to be true', 'expected #{this} to be false', true, value, true);
      case 'isNotTrue': return (value, message) => check(value, message, NOT).equal(true);
      case 'isFalse': return (value, message) => check(value, message, NONE).check(value === false, 'expected #{this} to be false', 'expected #{this} to be true', false, value, true);
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
  // What the lazily loaded `deep` and `rarer` parts share with this file.
  rt.chai = record({ typeName, inspect, deepEqual, some, every });
})
