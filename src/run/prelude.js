// The browser-like runtime that hint code sees: fetch, Headers, Response, URL, URLSearchParams,
// console, timers, getUserInput and a chai-compatible assert. Host functions arrive on
// `__graderHost`; this file hides them and leaves only the standard names on globalThis.
(function (host) {
  'use strict';
  const g = globalThis;

  // ---------------------------------------------------------------- inspection (chai's style)

  // chai 4 prints values with loupe, truncating messages at 40 characters; these follow its rules,
  // quirks included (a Map of one entry prints as `Map{}`), so messages read as chai's do.
  const TRUNCATE = 40;
  const TAIL = '…';

  function truncate(text, length) {
    const string = String(text);
    if (TAIL.length > length && string.length > TAIL.length) return TAIL;
    if (string.length > length && string.length > TAIL.length) {
      let end = length - TAIL.length;
      if (end > 0 && /[\ud800-\udbff]/.test(string[end - 1])) end -= 1;
      return string.slice(0, end) + TAIL;
    }
    return string;
  }

  const ESCAPES = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', "'": "\\'" };
  function quote(text, options) {
    const escaped = text.replace(/['\u0000-\u001f\u007f-\u009f\u00ad\u0600-\u0604\u070f\u17b4\u17b5\u200c-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ufff0-\uffff]/g,
      (c) => ESCAPES[c] || '\\u' + ('0000' + c.charCodeAt(0).toString(16)).slice(-4));
    return "'" + truncate(escaped, options.truncate - 2) + "'";
  }

  function tagOf(value) {
    return Object.prototype.toString.call(value).slice(8, -1);
  }

  function inspectList(list, options, item, separator) {
    const sep = separator === undefined ? ', ' : separator;
    if (list.length === 0) return '';
    const original = options.truncate;
    let output = '';
    let peek = '';
    let truncated = '';
    for (let i = 0; i < list.length; i += 1) {
      const last = i + 1 === list.length;
      const secondToLast = i + 2 === list.length;
      truncated = TAIL + '(' + (list.length - i) + ')';
      options.truncate = original - output.length - (last ? 0 : sep.length);
      const string = peek || item(list[i], options) + (last ? '' : sep);
      const nextLength = output.length + string.length;
      const truncatedLength = nextLength + truncated.length;
      if (last && nextLength > original && output.length + truncated.length <= original) break;
      if (!last && !secondToLast && truncatedLength > original) break;
      peek = last ? '' : item(list[i + 1], options) + (secondToLast ? '' : sep);
      if (!last && secondToLast && truncatedLength > original && nextLength + peek.length > original) break;
      output += string;
      if (!last && !secondToLast && nextLength + peek.length >= original) {
        truncated = TAIL + '(' + (list.length - i - 1) + ')';
        break;
      }
      truncated = '';
    }
    return output + truncated;
  }

  function inspectProperty(entry, options) {
    let key = entry[0];
    options.truncate -= 2;
    if (typeof key === 'string') key = /^[a-z_]\w*$/i.test(key) ? key : quote(key, options);
    else if (typeof key !== 'number') key = '[' + inspectValue(key, options) + ']';
    options.truncate -= key.length;
    return key + ': ' + inspectValue(entry[1], options);
  }

  function inspectObject(object, options) {
    const names = Object.getOwnPropertyNames(object);
    const symbols = Object.getOwnPropertySymbols(object);
    if (names.length === 0 && symbols.length === 0) return '{}';
    options.truncate -= 4;
    if (options.seen.indexOf(object) >= 0) return '[Circular]';
    options.seen.push(object);
    const named = inspectList(names.map((k) => [k, object[k]]), options, inspectProperty);
    const symbolic = inspectList(symbols.map((k) => [k, object[k]]), options, inspectProperty);
    options.seen.pop();
    return '{ ' + named + (named && symbolic ? ', ' : '') + symbolic + ' }';
  }

  const ERROR_KEYS = ['stack', 'line', 'column', 'name', 'message', 'fileName', 'lineNumber', 'columnNumber', 'number', 'description'];

  function inspectValue(value, options) {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'undefined': return 'undefined';
      case 'boolean': return String(value);
      case 'number':
        if (value !== value) return 'NaN';
        if (value === Infinity) return 'Infinity';
        if (value === -Infinity) return '-Infinity';
        if (value === 0) return 1 / value === Infinity ? '+0' : '-0';
        return truncate(String(value), options.truncate);
      case 'bigint': return truncate(String(value), options.truncate - 1) + 'n';
      case 'string': return quote(value, options);
      case 'symbol': return value.toString();
      case 'function': return value.name ? '[Function ' + truncate(value.name, options.truncate - 11) + ']' : '[Function]';
    }
    const tag = tagOf(value);
    switch (tag) {
      case 'Array': {
        const extra = Object.keys(value).slice(value.length);
        if (!value.length && !extra.length) return '[]';
        options.truncate -= 4;
        const items = inspectList(value, options, inspectValue);
        options.truncate -= items.length;
        const more = extra.length ? inspectList(extra.map((k) => [k, value[k]]), options, inspectProperty) : '';
        return '[ ' + items + (more ? ', ' + more : '') + ' ]';
      }
      case 'Date': {
        const json = value.toJSON();
        if (json === null) return 'Invalid Date';
        const parts = json.split('T');
        return parts[0] + 'T' + truncate(parts[1], options.truncate - parts[0].length - 1);
      }
      case 'RegExp': {
        const flags = value.flags;
        return '/' + truncate(value.source, options.truncate - flags.length - 2) + '/' + flags;
      }
      case 'Map': {
        // loupe prints a Map of one entry as empty; chai's messages show it so.
        if (value.size - 1 <= 0) return 'Map{}';
        options.truncate -= 7;
        const entries = [];
        value.forEach((v, k) => entries.push([k, v]));
        return 'Map{ ' + inspectList(entries, options, (entry, o) => {
          o.truncate -= 4;
          const key = inspectValue(entry[0], o);
          o.truncate -= key.length;
          return key + ' => ' + inspectValue(entry[1], o);
        }) + ' }';
      }
      case 'Set': {
        if (value.size === 0) return 'Set{}';
        options.truncate -= 7;
        return 'Set{ ' + inspectList(Array.from(value), options, inspectValue) + ' }';
      }
      case 'Error': {
        const keys = Object.getOwnPropertyNames(value).filter((k) => ERROR_KEYS.indexOf(k) === -1);
        const name = value.name;
        options.truncate -= name.length;
        let message = '';
        if (typeof value.message === 'string') message = truncate(value.message, options.truncate);
        else keys.unshift('message');
        message = message ? ': ' + message : '';
        options.truncate -= message.length + 5;
        const props = inspectList(keys.map((k) => [k, value[k]]), options, inspectProperty);
        return name + message + (props ? ' { ' + props + ' }' : '');
      }
      case 'Arguments': {
        if (!value.length) return 'Arguments[]';
        options.truncate -= 13;
        return 'Arguments[ ' + inspectList(Array.from(value), options, inspectValue) + ' ]';
      }
      case 'Promise': return 'Promise{…}';
      case 'WeakMap': return 'WeakMap{…}';
      case 'WeakSet': return 'WeakSet{…}';
    }
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = tagOf(value);
      if (!value.length) return name + '[]';
      options.truncate -= name.length + 4;
      return name + '[ ' + inspectList(Array.from(value), options, inspectValue) + ' ]';
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) return inspectObject(value, options);
    if ('constructor' in value && value.constructor !== Object) {
      let name = value[Symbol.toStringTag] || (value.constructor && value.constructor.name) || '';
      if (!name || name === '_class') name = '<Anonymous Class>';
      options.truncate -= name.length;
      return name + inspectObject(value, options);
    }
    return inspectObject(value, options);
  }

  // Renders a value as chai's messages do.
  function inspect(value, settings) {
    const limit = settings && settings.truncate !== undefined ? settings.truncate : TRUNCATE;
    return inspectValue(value, { truncate: limit, seen: [] });
  }

  // chai's objDisplay: long arrays, objects and functions are summarised.
  function display(value) {
    const text = inspect(value);
    if (text.length < TRUNCATE) return text;
    const tag = Object.prototype.toString.call(value);
    if (tag === '[object Function]') return !value.name ? '[Function]' : '[Function: ' + value.name + ']';
    if (tag === '[object Array]') return '[ Array(' + value.length + ') ]';
    if (tag === '[object Object]') {
      const keys = Object.keys(value);
      const shown = keys.length > 2 ? keys.splice(0, 2).join(', ') + ', ...' : keys.join(', ');
      return '{ Object (' + shown + ') }';
    }
    return text;
  }

  // A longer rendering kept with a failure, for the learner to compare.
  function preview(value) {
    return inspect(value, { truncate: 2000 });
  }

  // ---------------------------------------------------------------- assert

  class AssertionError extends Error {
    constructor(message, props) {
      super(message || 'Unspecified AssertionError');
      this.name = 'AssertionError';
      if (props) Object.assign(this, props);
    }
  }

  // type-detect, as chai names types in its messages and checks.
  function typeName(value) {
    if (value === null) return 'null';
    const kind = typeof value;
    if (kind !== 'object') return kind;
    return tagOf(value);
  }

  function article(word) {
    return /^[aeiou]/i.test(word) ? 'an ' : 'a ';
  }

  // deep-eql: equal in value, prototypes aside; +0 and -0 differ, NaN equals NaN.
  function deepEqual(a, b, memo) {
    if (a === b) return a !== 0 || 1 / a === 1 / b;
    if (a !== a && b !== b) return true;
    if (a === null || b === null || typeof a !== 'object' && typeof a !== 'function' || typeof b !== 'object' && typeof b !== 'function') return false;
    const pairs = memo || [];
    for (const pair of pairs) if (pair[0] === a && pair[1] === b) return true;
    const type = typeName(a);
    if (type !== typeName(b)) return false;
    pairs.push([a, b]);
    switch (type) {
      case 'String': case 'Number': case 'Boolean': case 'Date':
        return deepEqual(a.valueOf(), b.valueOf(), pairs);
      case 'RegExp': case 'Symbol': case 'function': case 'Function':
        return String(a) === String(b) && type === 'RegExp';
      case 'Error': case 'Promise': case 'WeakMap': case 'WeakSet': case 'Generator':
        return false;
      case 'Arguments': case 'Array': case 'Int8Array': case 'Uint8Array': case 'Uint8ClampedArray': case 'Int16Array':
      case 'Uint16Array': case 'Int32Array': case 'Uint32Array': case 'Float32Array': case 'Float64Array':
        return listEqual(a, b, pairs);
      case 'Set': case 'Map': {
        if (a.size !== b.size) return false;
        if (a.size === 0) return true;
        const left = [];
        const right = [];
        a.forEach((v, k) => left.push(type === 'Map' ? [k, v] : v));
        b.forEach((v, k) => right.push(type === 'Map' ? [k, v] : v));
        return listEqual(left.sort(), right.sort(), pairs);
      }
    }
    const keys = (o) => {
      const out = [];
      for (const k in o) out.push(k);
      for (const s of Object.getOwnPropertySymbols(o)) if (Object.getOwnPropertyDescriptor(o, s).enumerable) out.push(s);
      return out;
    };
    const left = keys(a);
    const right = keys(b);
    if (left.length && left.length === right.length) {
      const sortedLeft = left.slice().sort();
      const sortedRight = right.slice().sort();
      if (!listEqual(sortedLeft, sortedRight, pairs)) return false;
      return left.every((k) => deepEqual(a[k], b[k], pairs));
    }
    return left.length === 0 && right.length === 0;
  }

  function listEqual(a, b, pairs) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!deepEqual(a[i], b[i], pairs)) return false;
    return true;
  }

  function sameValueZero(a, b) {
    return a === b || (a !== a && b !== b);
  }

  // One chai assertion: its subject, flags and message; `check` fails with chai's wording.
  class Check {
    constructor(object, message, flags) {
      this.object = object;
      this.message = message;
      Object.assign(this, flags);
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
      text = text.replace(/#\{this\}/g, () => display(this.object))
        .replace(/#\{act\}/g, () => display(subject))
        .replace(/#\{exp\}/g, () => display(expected));
      const props = { actual: subject, expected, showDiff: showDiff === true };
      throw new AssertionError(this.prefix() + text, props);
    }
    sub(object) {
      return new Check(object, this.message, {});
    }
    a(type) {
      const kind = String(type).toLowerCase();
      const word = article(kind);
      this.check(kind === typeName(this.object).toLowerCase(), 'expected #{this} to be ' + word + kind, 'expected #{this} not to be ' + word + kind);
    }
    equal(value) {
      if (this.deep) {
        this.check(deepEqual(value, this.object), 'expected #{this} to deeply equal #{exp}', 'expected #{this} to not deeply equal #{exp}', value, this.object, true);
      } else {
        this.check(value === this.object, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{exp}', value, this.object, true);
      }
    }
    compare(limit, name, holds, positive, negative) {
      const kind = typeName(this.object).toLowerCase();
      const limitKind = typeName(limit).toLowerCase();
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
      let descriptor = (this.deep ? 'deep ' : '') + (this.own ? 'own ' : '') + (this.nested ? 'nested ' : '') + 'property ';
      const has = this.own ? Object.prototype.hasOwnProperty.call(object, name)
        : this.nested ? path.exists : name in Object(object);
      if (!this.negate || !withValue) {
        this.check(has, 'expected #{this} to have ' + descriptor + inspect(name), 'expected #{this} to not have ' + descriptor + inspect(name));
      }
      if (withValue) {
        const same = this.deep ? deepEqual(value, actual) : value === actual;
        this.check(has && same, 'expected #{this} to have ' + descriptor + inspect(name) + ' of #{exp}, but got #{act}',
          'expected #{this} to not have ' + descriptor + inspect(name) + ' of #{act}', value, actual);
      }
      return actual;
    }
    include(value) {
      const object = this.object;
      const kind = typeName(object).toLowerCase();
      const descriptor = this.deep ? 'deep ' : '';
      let included = false;
      switch (kind) {
        case 'string': included = object.indexOf(value) !== -1; break;
        case 'weakset':
          if (this.deep) this.fail('unable to use .deep.include with WeakSet');
          included = object.has(value);
          break;
        case 'map': object.forEach((item) => { included = included || (this.deep ? deepEqual(item, value) : sameValueZero(item, value)); }); break;
        case 'set':
          if (this.deep) object.forEach((item) => { included = included || deepEqual(item, value); });
          else included = object.has(value);
          break;
        case 'array': included = this.deep ? object.some((item) => deepEqual(item, value)) : object.indexOf(value) !== -1; break;
        default: {
          if (value !== Object(value)) {
            const other = typeName(value).toLowerCase();
            this.fail('the given combination of arguments (' + kind + ' and ' + other + ') is invalid for this assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a ' + other);
          }
          const props = Object.keys(value);
          let first = null;
          let failures = 0;
          for (const prop of props) {
            const each = new Check(object, this.message, { deep: this.deep, own: this.own, nested: this.nested, negate: this.negate });
            if (!this.negate || props.length === 1) {
              each.property(prop, value[prop], true);
              continue;
            }
            try {
              each.property(prop, value[prop], true);
            } catch (error) {
              if (!(error instanceof AssertionError)) throw error;
              if (first === null) first = error;
              failures += 1;
            }
          }
          if (this.negate && props.length > 1 && failures === props.length) throw first;
          return;
        }
      }
      this.check(included, 'expected #{this} to ' + descriptor + 'include ' + inspect(value), 'expected #{this} to not ' + descriptor + 'include ' + inspect(value));
    }
    lengthOf(length) {
      const kind = typeName(this.object).toLowerCase();
      let descriptor = 'length';
      let count;
      if (kind === 'map' || kind === 'set') {
        descriptor = 'size';
        count = this.object.size;
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
        object.forEach((v, k) => actual.push(k));
        expected = Array.isArray(keys) ? keys : [keys];
      } else {
        actual = Object.keys(object).concat(Object.getOwnPropertySymbols(object).filter((s) => Object.getOwnPropertyDescriptor(object, s).enumerable));
        const keysKind = typeName(keys);
        expected = keysKind === 'Array' ? keys : keysKind === 'Object' ? Object.keys(keys) : [keys];
        expected = expected.map((k) => (typeof k === 'symbol' ? k : String(k)));
      }
      if (!expected.length) this.fail('keys required');
      const same = (x, y) => (this.deep ? deepEqual(x, y) : x === y);
      let ok;
      const all = !this.any;
      if (this.any) ok = expected.some((e) => actual.some((a) => same(e, a)));
      else {
        ok = expected.every((e) => actual.some((a) => same(e, a)));
        if (!this.contains) ok = ok && expected.length === actual.length;
      }
      let described;
      if (expected.length > 1) {
        const shown = expected.map((k) => inspect(k));
        const last = shown.pop();
        described = shown.join(', ') + (all ? ', and ' : ', or ') + last;
      } else {
        described = inspect(expected[0]);
      }
      const text = (this.contains ? 'contain ' : 'have ') + (expected.length > 1 ? 'keys ' : 'key ') + described;
      const byInspect = (x, y) => (inspect(x) < inspect(y) ? -1 : 1);
      this.check(ok, 'expected #{this} to ' + deepWord + text, 'expected #{this} to not ' + deepWord + text, expected.slice(0).sort(byInspect), actual.sort(byInspect), true);
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
      if (errorLike instanceof RegExp || typeof errorLike === 'string') {
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
      const caughtName = caught instanceof Error ? caught.toString() : typeof caught === 'string' ? caught : caught && constructorName(caught);
      if (undefinedArgs || !undefinedArgs && !this.negate) {
        let described = 'an error';
        if (errorLike instanceof Error) described = '#{exp}';
        else if (errorLike) described = constructorName(errorLike);
        this.check(caught !== undefined, 'expected #{this} to throw ' + described, 'expected #{this} to not throw an error but #{act} was thrown', errorLike && errorLike.toString(), caughtName);
      }
      if (errorLike && caught !== undefined) {
        const expectedName = errorLike instanceof Error ? errorLike.toString() : constructorName(errorLike);
        if (errorLike instanceof Error) {
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
        const placeholder = matcher instanceof RegExp ? 'matching' : 'including';
        const message = caught && typeof caught.message === 'string' ? caught.message : String(caught);
        const compatible = matcher instanceof RegExp ? matcher.test(message) : message.indexOf(matcher) !== -1;
        if (compatible === Boolean(this.negate)) {
          if (definedArgs && this.negate) matcherFail = true;
          else this.checkNegated('expected #{this} to throw error ' + placeholder + ' #{exp} but got #{act}', 'expected #{this} to throw error not ' + placeholder + ' #{exp}', matcher, message);
        }
      }
      if (errorLikeFail && matcherFail) {
        const expectedName = errorLike instanceof Error ? errorLike.toString() : constructorName(errorLike);
        this.checkNegated('expected #{this} to throw #{exp} but #{act} was thrown', 'expected #{this} to not throw #{exp}' + (caught ? ' but #{act} was thrown' : ''), expectedName, caughtName);
      }
      return caught;
    }
    // chai's `this.assert(negate, ...)`: fails unless negated, with the positive or negative text.
    checkNegated(positive, negative, expected, actual) {
      const negate = this.negate;
      this.negate = false;
      try {
        this.check(Boolean(negate), positive, negative, expected, actual);
      } finally {
        this.negate = negate;
      }
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
      this.delta = { shown, initial, final, behavior, real: behavior === 'change' ? final !== initial : behavior === 'increase' ? final - initial : initial - final };
      const holds = behavior === 'change' ? initial !== final : behavior === 'increase' ? final - initial > 0 : final - initial < 0;
      this.check(holds, 'expected ' + shown + ' to ' + behavior, 'expected ' + shown + ' to not ' + behavior);
    }
    by(delta) {
      const d = this.delta;
      const holds = d.behavior === 'change' ? Math.abs(d.final - d.initial) === Math.abs(delta) : d.real === Math.abs(delta);
      this.check(holds, 'expected ' + d.shown + ' to ' + d.behavior + ' by ' + delta, 'expected ' + d.shown + ' to not ' + d.behavior + ' by ' + delta);
    }
  }

  function constructorName(value) {
    if (typeof value === 'function') return value.name || '';
    const ctor = value && value.constructor;
    return (ctor && ctor.name) || '';
  }

  function compatibleConstructor(thrown, errorLike) {
    if (errorLike instanceof Error) return thrown.constructor === errorLike.constructor || thrown instanceof errorLike.constructor;
    if (typeof errorLike === 'function' && (errorLike.prototype instanceof Error || errorLike === Error)) {
      return thrown.constructor === errorLike || thrown instanceof errorLike;
    }
    return false;
  }

  function pathInfo(object, path) {
    const parts = String(path).replace(/([^\\])\[/g, '$1.[').match(/(\\\.|[^.]+?)+/g) || [];
    const steps = parts.map((part) => {
      const index = /^\[(\d+)\]$/.exec(part);
      return index ? Number(index[1]) : part.replace(/\\([.[\]])/g, '$1');
    });
    let parent = object;
    let value = object;
    let name = steps[steps.length - 1];
    for (let i = 0; i < steps.length; i += 1) {
      if (value === null || value === undefined) {
        return { parent: undefined, name, value: undefined, exists: false };
      }
      parent = value;
      value = value[steps[i]];
    }
    const exists = parent !== null && parent !== undefined && steps.length > 0 && name in Object(parent);
    return { parent, name, value, exists };
  }

  function isSubsetOf(subset, superset, compare, contains, ordered) {
    let rest = superset;
    if (!contains) {
      if (subset.length !== superset.length) return false;
      rest = superset.slice();
    }
    return subset.every((element, index) => {
      if (ordered) return compare ? compare(element, rest[index]) : element === rest[index];
      if (!compare) {
        const at = rest.indexOf(element);
        if (at === -1) return false;
        if (!contains) rest.splice(at, 1);
        return true;
      }
      return rest.some((other, at) => {
        if (!compare(element, other)) return false;
        if (!contains) rest.splice(at, 1);
        return true;
      });
    });
  }

  const check = (object, message, flags) => new Check(object, message, flags);

  function assert(expression, message) {
    if (!expression) throw new AssertionError(message);
  }

  const typeChecks = { isFunction: 'function', isObject: 'object', isArray: 'array', isString: 'string', isNumber: 'number', isBoolean: 'boolean' };
  for (const [name, type] of Object.entries(typeChecks)) {
    assert[name] = (value, message) => check(value, message, {}).a(type);
    assert['isNot' + name.slice(2)] = (value, message) => check(value, message, { negate: true }).a(type);
  }

  const comparisons = [
    ['isAbove', 'above', (a, b) => a > b, 'above', 'at most'],
    ['isAtLeast', 'least', (a, b) => a >= b, 'at least', 'below'],
    ['isBelow', 'below', (a, b) => a < b, 'below', 'at least'],
    ['isAtMost', 'most', (a, b) => a <= b, 'at most', 'above'],
  ];
  for (const [name, word, holds, positive, negative] of comparisons) {
    assert[name] = (value, limit, message) => check(value, message, {}).compare(limit, word, holds, positive, negative);
  }

  const includes = {
    include: {}, notInclude: { negate: true }, deepInclude: { deep: true }, notDeepInclude: { deep: true, negate: true },
    nestedInclude: { nested: true }, notNestedInclude: { nested: true, negate: true },
    deepNestedInclude: { deep: true, nested: true }, notDeepNestedInclude: { deep: true, nested: true, negate: true },
    ownInclude: { own: true }, notOwnInclude: { own: true, negate: true },
    deepOwnInclude: { deep: true, own: true }, notDeepOwnInclude: { deep: true, own: true, negate: true },
  };
  for (const [name, flags] of Object.entries(includes)) {
    assert[name] = (haystack, needle, message) => check(haystack, message, flags).include(needle);
  }

  const properties = {
    property: [{}, false], notProperty: [{ negate: true }, false],
    propertyVal: [{}, true], notPropertyVal: [{ negate: true }, true],
    deepPropertyVal: [{ deep: true }, true], notDeepPropertyVal: [{ deep: true, negate: true }, true],
    ownProperty: [{ own: true }, false], notOwnProperty: [{ own: true, negate: true }, false],
    ownPropertyVal: [{ own: true }, true], notOwnPropertyVal: [{ own: true, negate: true }, true],
    deepOwnPropertyVal: [{ deep: true, own: true }, true], notDeepOwnPropertyVal: [{ deep: true, own: true, negate: true }, true],
    nestedProperty: [{ nested: true }, false], notNestedProperty: [{ nested: true, negate: true }, false],
    nestedPropertyVal: [{ nested: true }, true], notNestedPropertyVal: [{ nested: true, negate: true }, true],
    deepNestedPropertyVal: [{ deep: true, nested: true }, true], notDeepNestedPropertyVal: [{ deep: true, nested: true, negate: true }, true],
  };
  for (const [name, [flags, withValue]] of Object.entries(properties)) {
    assert[name] = withValue
      ? (object, prop, value, message) => { check(object, message, flags).property(prop, value, true); }
      : (object, prop, message) => { check(object, message, flags).property(prop); };
  }

  const keyChecks = {
    hasAnyKeys: { any: true }, hasAllKeys: { all: true }, containsAllKeys: { all: true, contains: true },
    doesNotHaveAnyKeys: { any: true, negate: true }, doesNotHaveAllKeys: { all: true, negate: true },
    hasAnyDeepKeys: { any: true, deep: true }, hasAllDeepKeys: { all: true, deep: true },
    containsAllDeepKeys: { all: true, contains: true, deep: true },
    doesNotHaveAnyDeepKeys: { any: true, deep: true, negate: true }, doesNotHaveAllDeepKeys: { all: true, deep: true, negate: true },
  };
  for (const [name, flags] of Object.entries(keyChecks)) {
    assert[name] = (object, keys, message) => check(object, message, flags).keys(keys);
  }

  const memberChecks = {
    sameMembers: {}, notSameMembers: { negate: true }, sameDeepMembers: { deep: true }, notSameDeepMembers: { deep: true, negate: true },
    sameOrderedMembers: { ordered: true }, notSameOrderedMembers: { ordered: true, negate: true },
    sameDeepOrderedMembers: { deep: true, ordered: true }, notSameDeepOrderedMembers: { deep: true, ordered: true, negate: true },
    includeMembers: { contains: true }, notIncludeMembers: { contains: true, negate: true },
    includeDeepMembers: { contains: true, deep: true }, notIncludeDeepMembers: { contains: true, deep: true, negate: true },
    includeOrderedMembers: { contains: true, ordered: true }, notIncludeOrderedMembers: { contains: true, ordered: true, negate: true },
    includeDeepOrderedMembers: { contains: true, deep: true, ordered: true }, notIncludeDeepOrderedMembers: { contains: true, deep: true, ordered: true, negate: true },
  };
  for (const [name, flags] of Object.entries(memberChecks)) {
    assert[name] = (set, subset, message) => check(set, message, flags).members(subset);
  }

  // assert.changes(fn, obj, prop, msg) and assert.changes(fn, getter, msg).
  function deltaArgs(args, withDelta) {
    const [fn, subject] = args;
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
    return { fn, subject, prop, delta, message };
  }
  for (const behavior of ['change', 'increase', 'decrease']) {
    const verb = behavior + 's';
    const plain = behavior === 'change' ? 'Change' : behavior === 'increase' ? 'Increase' : 'Decrease';
    assert[verb] = function () {
      const a = deltaArgs(arguments, false);
      check(a.fn, a.message, {}).change(a.subject, a.prop, behavior);
    };
    assert['doesNot' + plain] = function () {
      const a = deltaArgs(arguments, false);
      check(a.fn, a.message, { negate: true }).change(a.subject, a.prop, behavior);
    };
    assert[verb + 'By'] = function () {
      const a = deltaArgs(arguments, true);
      const c = check(a.fn, a.message, {});
      c.change(a.subject, a.prop, behavior);
      c.by(a.delta);
    };
    assert[verb + 'ButNotBy'] = function () {
      const a = deltaArgs(arguments, true);
      const c = check(a.fn, a.message, {});
      c.change(a.subject, a.prop, behavior);
      c.negate = true;
      c.by(a.delta);
    };
  }
  assert.doesNotDecreaseBy = function () {
    const a = deltaArgs(arguments, true);
    const c = check(a.fn, a.message, { negate: true });
    c.change(a.subject, a.prop, 'decrease');
    c.by(a.delta);
  };

  const objectStates = [['Extensible', 'extensible', Object.isExtensible], ['Sealed', 'sealed', Object.isSealed], ['Frozen', 'frozen', Object.isFrozen]];
  for (const [name, word, test] of objectStates) {
    const holds = (value) => (word === 'extensible' ? value === Object(value) && test(value) : value !== Object(value) || test(value));
    assert['is' + name] = (value, message) => check(value, message, {}).check(holds(value), 'expected #{this} to be ' + word, 'expected #{this} to not be ' + word);
    assert['isNot' + name] = (value, message) => check(value, message, { negate: true }).check(holds(value), 'expected #{this} to be ' + word, 'expected #{this} to not be ' + word);
    assert[word] = assert['is' + name];
    assert['not' + name] = assert['isNot' + name];
  }

  function emptiness(value, message, negate) {
    const c = check(value, message, { negate });
    let count;
    switch (typeName(value).toLowerCase()) {
      case 'array': case 'string': count = value.length; break;
      case 'map': case 'set': count = value.size; break;
      case 'weakmap': case 'weakset': c.fail('.empty was passed a weak collection'); break;
      case 'function': throw new AssertionError((c.prefix() + '.empty was passed a function ' + (value.name || '')).trim());
      default:
        if (value !== Object(value)) c.fail('.empty was passed non-string primitive ' + inspect(value));
        count = Object.keys(value).length;
    }
    c.check(count === 0, 'expected #{this} to be empty', 'expected #{this} not to be empty');
  }

  Object.assign(assert, {
    fail(actual, expected, message, operator) {
      if (arguments.length < 2) {
        message = actual;
        actual = undefined;
      }
      throw new AssertionError(message || 'assert.fail()', { actual, expected, operator });
    },
    isOk: (value, message) => check(value, message, {}).check(value, 'expected #{this} to be truthy', 'expected #{this} to be falsy'),
    isNotOk: (value, message) => check(value, message, { negate: true }).check(value, 'expected #{this} to be truthy', 'expected #{this} to be falsy'),
    equal(actual, expected, message) {
      check(actual, message, {}).check(expected == actual, 'expected #{this} to equal #{exp}', 'expected #{this} to not equal #{act}', expected, actual, true);
    },
    notEqual(actual, expected, message) {
      check(actual, message, {}).check(expected != actual, 'expected #{this} to not equal #{exp}', 'expected #{this} to equal #{act}', expected, actual, true);
    },
    strictEqual: (actual, expected, message) => check(actual, message, {}).equal(expected),
    notStrictEqual: (actual, expected, message) => check(actual, message, { negate: true }).equal(expected),
    deepEqual: (actual, expected, message) => check(actual, message, { deep: true }).equal(expected),
    notDeepEqual: (actual, expected, message) => check(actual, message, { deep: true, negate: true }).equal(expected),
    isTrue: (value, message) => check(value, message, {}).check(value === true, 'expected #{this} to be true', 'expected #{this} to be false'),
    isNotTrue: (value, message) => check(value, message, { negate: true }).equal(true),
    isFalse: (value, message) => check(value, message, {}).check(value === false, 'expected #{this} to be false', 'expected #{this} to be true'),
    isNotFalse: (value, message) => check(value, message, { negate: true }).equal(false),
    isNull: (value, message) => check(value, message, {}).equal(null),
    isNotNull: (value, message) => check(value, message, { negate: true }).equal(null),
    isNaN: (value, message) => check(value, message, {}).check(Number.isNaN(value), 'expected #{this} to be NaN', 'expected #{this} not to be NaN'),
    isNotNaN: (value, message) => check(value, message, { negate: true }).check(Number.isNaN(value), 'expected #{this} to be NaN', 'expected #{this} not to be NaN'),
    exists: (value, message) => check(value, message, {}).check(value !== null && value !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist'),
    notExists: (value, message) => check(value, message, { negate: true }).check(value !== null && value !== undefined, 'expected #{this} to exist', 'expected #{this} to not exist'),
    isUndefined: (value, message) => check(value, message, {}).equal(undefined),
    isDefined: (value, message) => check(value, message, { negate: true }).equal(undefined),
    isFinite(value, message) {
      const c = check(value, message, {});
      c.check(typeof value === 'number' && isFinite(value), 'expected #{this} to be a finite number', 'expected #{this} to not be a finite number');
    },
    typeOf: (value, type, message) => check(value, message, {}).a(type),
    notTypeOf: (value, type, message) => check(value, message, { negate: true }).a(type),
    instanceOf(value, constructor, message) {
      instance(check(value, message, {}), constructor);
    },
    notInstanceOf(value, constructor, message) {
      instance(check(value, message, { negate: true }), constructor);
    },
    // The pattern is kept as the expected value, for a person comparing it with the text.
    match: (value, regexp, message) => check(value, message, {}).check(regexp.exec(value), 'expected #{this} to match ' + regexp, 'expected #{this} not to match ' + regexp, regexp, value),
    notMatch: (value, regexp, message) => check(value, message, { negate: true }).check(regexp.exec(value), 'expected #{this} to match ' + regexp, 'expected #{this} not to match ' + regexp, regexp, value),
    lengthOf: (value, length, message) => check(value, message, {}).lengthOf(length),
    throws(fn, errorLike, matcher, message) {
      if (typeof errorLike === 'string' || errorLike instanceof RegExp) {
        matcher = errorLike;
        errorLike = null;
      }
      return check(fn, message, {}).throws(errorLike, matcher);
    },
    doesNotThrow(fn, errorLike, matcher, message) {
      if (typeof errorLike === 'string' || errorLike instanceof RegExp) {
        matcher = errorLike;
        errorLike = null;
      }
      check(fn, message, { negate: true }).throws(errorLike, matcher);
    },
    operator(value, operator, other, message) {
      const operators = {
        '==': (a, b) => a == b, '===': (a, b) => a === b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
        '<': (a, b) => a < b, '<=': (a, b) => a <= b, '!=': (a, b) => a != b, '!==': (a, b) => a !== b,
      };
      if (!operators[operator]) {
        throw new AssertionError((message ? message + ': ' : message) + 'Invalid operator "' + operator + '"');
      }
      check(operators[operator](value, other), message, {}).check(operators[operator](value, other),
        'expected ' + inspect(value) + ' to be ' + operator + ' ' + inspect(other),
        'expected ' + inspect(value) + ' to not be ' + operator + ' ' + inspect(other));
    },
    closeTo(actual, expected, delta, message) {
      const c = check(actual, message, {});
      c.sub(actual).a('number');
      if (typeof expected !== 'number' || typeof delta !== 'number') {
        c.fail('the arguments to closeTo or approximately must be numbers' + (delta === undefined ? ', and a delta is required' : ''));
      }
      c.check(Math.abs(actual - expected) <= delta, 'expected #{this} to be close to ' + expected + ' +/- ' + delta, 'expected #{this} not to be close to ' + expected + ' +/- ' + delta);
    },
    oneOf(value, list, message) {
      const c = check(value, message, {});
      c.sub(list).a('array');
      c.check(list.indexOf(value) > -1, 'expected #{this} to be one of #{exp}', 'expected #{this} to not be one of #{exp}', list, value);
    },
    ifError(value) {
      if (value) throw value;
    },
    isEmpty: (value, message) => emptiness(value, message, false),
    isNotEmpty: (value, message) => emptiness(value, message, true),
  });

  function instance(c, constructor) {
    let ok;
    try {
      ok = c.object instanceof constructor;
    } catch (error) {
      if (error instanceof TypeError) {
        c.fail('The instanceof assertion needs a constructor but ' + typeName(constructor) + ' was given.');
      }
      throw error;
    }
    const name = (constructor && constructor.name) || 'an unnamed constructor';
    c.check(ok, 'expected #{this} to be an instance of ' + name, 'expected #{this} to not be an instance of ' + name);
  }

  Object.assign(assert, {
    ok: assert.isOk, notOk: assert.isNotOk, approximately: assert.closeTo, deepStrictEqual: assert.deepEqual,
    throw: assert.throws, Throw: assert.throws, empty: assert.isEmpty, notEmpty: assert.isNotEmpty,
    notExist: assert.notExists, AssertionError,
  });

  // ---------------------------------------------------------------- console

  function format(args) {
    return args.map((a) => (typeof a === 'string' ? a : inspect(a, { truncate: 10000 }))).join(' ');
  }

  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    console[level] = (...args) => host.console(level, format(args));
  }
  console.dir = (value) => host.console('log', inspect(value, { truncate: 10000 }));
  console.table = console.log;

  // ---------------------------------------------------------------- work the verdict waits for

  // Promises from fetch and timers that the hint may never await; the verdict waits for them.
  const pending = new Set();
  const noop = () => {};

  function track(promise) {
    pending.add(promise);
    promise.then(() => pending.delete(promise), () => pending.delete(promise));
    return promise;
  }

  // Rejections nobody handled, keyed by promise; filled by the engine's rejection tracker.
  const unhandled = new Map();
  // Exceptions thrown by timer callbacks, which a browser would report as uncaught.
  const uncaught = [];
  function onRejection(promise, reason, handled) {
    if (handled) unhandled.delete(promise);
    else unhandled.set(promise, reason);
  }

  // ---------------------------------------------------------------- timers

  let nextTimer = 1;
  const timers = new Map();

  function setTimeout(callback, delay, ...args) {
    const id = nextTimer++;
    const ms = Math.max(0, Number(delay) || 0);
    const wait = host.sleep(ms).then(() => {
      if (!timers.has(id)) return;
      timers.delete(id);
      try {
        if (typeof callback === 'function') callback(...args);
      } catch (error) {
        uncaught.push(error);
      }
    });
    timers.set(id, wait);
    track(wait);
    return id;
  }

  // Repeats until cleared; the verdict waits for it, so a hint must clear what it starts.
  function setInterval(callback, delay, ...args) {
    const id = nextTimer++;
    const ms = Math.max(0, Number(delay) || 0);
    const tick = () => host.sleep(ms).then(() => {
      if (!timers.has(id)) return;
      try {
        if (typeof callback === 'function') callback(...args);
      } catch (error) {
        uncaught.push(error);
      }
      if (timers.has(id)) {
        const next = tick();
        timers.set(id, next);
        track(next);
      }
    });
    const first = tick();
    timers.set(id, first);
    track(first);
    return id;
  }

  function clearTimeout(id) {
    const wait = timers.get(id);
    if (!wait) return;
    timers.delete(id);
    pending.delete(wait);
  }

  // ---------------------------------------------------------------- URL and URLSearchParams

  const PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  const partsOf = new WeakMap();
  const ownerOf = new WeakMap();

  function checkedParts(result) {
    if (typeof result === 'string') throw new TypeError(result);
    return result;
  }

  class URLSearchParams {
    constructor(init) {
      this._list = [];
      if (init === undefined || init === null) return;
      if (init instanceof URLSearchParams) {
        this._list = init._list.map((p) => p.slice());
      } else if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = Array.from(pair);
          if (items.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
          this._list.push([String(items[0]), String(items[1])]);
        }
      } else if (typeof init === 'object') {
        for (const key of Object.keys(init)) this._list.push([key, String(init[key])]);
      } else {
        const flat = host.formParse(String(init));
        for (let i = 0; i < flat.length; i += 2) this._list.push([flat[i], flat[i + 1]]);
      }
    }
    _changed() {
      const url = ownerOf.get(this);
      if (url) {
        const query = this.toString();
        partsOf.set(url, checkedParts(host.urlSet(url.href, 'search', query)));
      }
    }
    get size() { return this._list.length; }
    append(name, value) { this._list.push([String(name), String(value)]); this._changed(); }
    delete(name) { this._list = this._list.filter((p) => p[0] !== String(name)); this._changed(); }
    get(name) { const p = this._list.find((p) => p[0] === String(name)); return p ? p[1] : null; }
    getAll(name) { return this._list.filter((p) => p[0] === String(name)).map((p) => p[1]); }
    has(name) { return this._list.some((p) => p[0] === String(name)); }
    set(name, value) {
      const key = String(name);
      const index = this._list.findIndex((p) => p[0] === key);
      if (index === -1) this._list.push([key, String(value)]);
      else {
        this._list[index][1] = String(value);
        this._list = this._list.filter((p, i) => i <= index || p[0] !== key);
      }
      this._changed();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._changed(); }
    forEach(callback, thisArg) { for (const [k, v] of this._list) callback.call(thisArg, v, k, this); }
    keys() { return this._list.map((p) => p[0])[Symbol.iterator](); }
    values() { return this._list.map((p) => p[1])[Symbol.iterator](); }
    entries() { return this._list.map((p) => p.slice())[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return host.formSerialize(this._list.flat()); }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  class URL {
    constructor(input, base) {
      const href = input instanceof URL ? input.href : String(input);
      const baseHref = base === undefined ? undefined : base instanceof URL ? base.href : String(base);
      partsOf.set(this, checkedParts(host.urlParse(href, baseHref)));
    }
    static canParse(input, base) {
      try {
        new URL(input, base);
        return true;
      } catch (e) {
        return false;
      }
    }
    get searchParams() {
      let params = this._params;
      if (!params) {
        params = new URLSearchParams(this.search);
        ownerOf.set(params, this);
        Object.defineProperty(this, '_params', { value: params });
      }
      return params;
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
  }
  for (const part of PARTS) {
    const descriptor = { get() { return partsOf.get(this)[part]; }, configurable: true };
    if (part !== 'origin') {
      descriptor.set = function (value) {
        partsOf.set(this, checkedParts(host.urlSet(this.href, part, String(value))));
        const params = this._params;
        if (params && (part === 'search' || part === 'href')) {
          params._list = new URLSearchParams(this.search)._list;
        }
      };
    }
    Object.defineProperty(URL.prototype, part, descriptor);
  }

  // ---------------------------------------------------------------- Headers

  function headerName(name) {
    const key = String(name).toLowerCase();
    if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(key)) throw new TypeError("'" + name + "' is not a valid HTTP header name");
    return key;
  }

  class Headers {
    constructor(init) {
      this._list = [];
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        this._list = init._list.map((p) => p.slice());
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const items = Array.from(pair);
          if (items.length !== 2) throw new TypeError('Headers constructor: expected name/value pair to be length 2');
          this.append(items[0], items[1]);
        }
      } else {
        for (const key of Object.keys(init)) this.append(key, init[key]);
      }
    }
    append(name, value) { this._list.push([headerName(name), String(value).trim()]); }
    set(name, value) {
      const key = headerName(name);
      this._list = this._list.filter((p) => p[0] !== key);
      this._list.push([key, String(value).trim()]);
    }
    delete(name) { const key = headerName(name); this._list = this._list.filter((p) => p[0] !== key); }
    get(name) {
      const key = headerName(name);
      const values = this._list.filter((p) => p[0] === key).map((p) => p[1]);
      return values.length ? values.join(', ') : null;
    }
    getSetCookie() { return this._list.filter((p) => p[0] === 'set-cookie').map((p) => p[1]); }
    has(name) { const key = headerName(name); return this._list.some((p) => p[0] === key); }
    _sorted() {
      const names = Array.from(new Set(this._list.map((p) => p[0]))).sort();
      const out = [];
      for (const name of names) {
        if (name === 'set-cookie') for (const v of this.getSetCookie()) out.push([name, v]);
        else out.push([name, this.get(name)]);
      }
      return out;
    }
    forEach(callback, thisArg) { for (const [k, v] of this._sorted()) callback.call(thisArg, v, k, this); }
    keys() { return this._sorted().map((p) => p[0])[Symbol.iterator](); }
    values() { return this._sorted().map((p) => p[1])[Symbol.iterator](); }
    entries() { return this._sorted()[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }

  // ---------------------------------------------------------------- Response and fetch


  // ---------------------------------------------------------------- bytes: text, Blob, File, FormData

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text) { return host.utf8Encode(text === undefined ? '' : String(text)); }
  }

  class TextDecoder {
    constructor(label) {
      const name = String(label === undefined ? 'utf-8' : label).toLowerCase();
      if (name !== 'utf-8' && name !== 'utf8' && name !== 'unicode-1-1-utf-8') {
        throw new RangeError("The encoding '" + label + "' is not supported");
      }
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      return host.utf8Decode(toBytes(input));
    }
  }

  // A Uint8Array view of any binary value, or of a string as UTF-8.
  function toBytes(value) {
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (value instanceof Blob) return value._bytes;
    return host.utf8Encode(String(value));
  }

  function concat(chunks) {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  class Blob {
    constructor(parts, options) {
      const list = parts === undefined ? [] : Array.from(parts);
      this._bytes = concat(list.map(toBytes));
      const type = options && options.type !== undefined ? String(options.type) : '';
      this._type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : '';
    }
    get size() { return this._bytes.length; }
    get type() { return this._type; }
    text() { return Promise.resolve(host.utf8Decode(this._bytes)); }
    arrayBuffer() { return Promise.resolve(this._bytes.slice().buffer); }
    bytes() { return Promise.resolve(this._bytes.slice()); }
    slice(start, end, type) {
      const blob = new Blob([this._bytes.slice(start, end)], { type: type === undefined ? '' : type });
      return blob;
    }
    get [Symbol.toStringTag]() { return 'Blob'; }
  }

  class File extends Blob {
    constructor(parts, name, options) {
      super(parts, options);
      this._name = String(name);
      this._modified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
    }
    get name() { return this._name; }
    get lastModified() { return this._modified; }
    get [Symbol.toStringTag]() { return 'File'; }
  }

  class FormData {
    constructor(form) {
      if (form !== undefined) throw new TypeError('FormData from a form element needs a page; hints have none');
      this._list = [];
    }
    _entry(name, value, filename) {
      if (value instanceof Blob) {
        const file = value instanceof File && filename === undefined
          ? value
          : new File([value._bytes], filename === undefined ? (value instanceof File ? value.name : 'blob') : filename, { type: value.type });
        return [String(name), file];
      }
      return [String(name), String(value)];
    }
    append(name, value, filename) { this._list.push(this._entry(name, value, filename)); }
    set(name, value, filename) {
      const entry = this._entry(name, value, filename);
      const index = this._list.findIndex((e) => e[0] === entry[0]);
      this._list = this._list.filter((e, i) => e[0] !== entry[0] || i === index);
      if (index === -1) this._list.push(entry);
      else this._list[this._list.findIndex((e) => e[0] === entry[0])] = entry;
    }
    get(name) { const e = this._list.find((e) => e[0] === String(name)); return e ? e[1] : null; }
    getAll(name) { return this._list.filter((e) => e[0] === String(name)).map((e) => e[1]); }
    has(name) { return this._list.some((e) => e[0] === String(name)); }
    delete(name) { this._list = this._list.filter((e) => e[0] !== String(name)); }
    forEach(callback, thisArg) { for (const [k, v] of this._list) callback.call(thisArg, v, k, this); }
    keys() { return this._list.map((e) => e[0])[Symbol.iterator](); }
    values() { return this._list.map((e) => e[1])[Symbol.iterator](); }
    entries() { return this._list.map((e) => e.slice())[Symbol.iterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'FormData'; }
  }

  // multipart/form-data as browsers write it; quotes and line breaks in names are escaped.
  function multipart(form) {
    let boundary = '----graderFormBoundary';
    for (let i = 0; i < 16; i++) boundary += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(Math.random() * 36)];
    const escape = (text) => text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const chunks = [];
    for (const [name, value] of form._list) {
      let head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + escape(name) + '"';
      if (value instanceof File) {
        head += '; filename="' + escape(value.name) + '"\r\nContent-Type: ' + (value.type || 'application/octet-stream');
        chunks.push(toBytes(head + '\r\n\r\n'), value._bytes, toBytes('\r\n'));
      } else {
        chunks.push(toBytes(head + '\r\n\r\n' + value.replace(/\r?\n|\r/g, '\r\n') + '\r\n'));
      }
    }
    chunks.push(toBytes('--' + boundary + '--\r\n'));
    return { bytes: concat(chunks), type: 'multipart/form-data; boundary=' + boundary };
  }

  // A request or response body as bytes, with the content type it implies.
  function extractBody(body) {
    if (body === undefined || body === null) return { bytes: undefined, type: null };
    if (body instanceof URLSearchParams) return { bytes: toBytes(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
    if (body instanceof FormData) return multipart(body);
    if (body instanceof Blob) return { bytes: body._bytes, type: body.type || null };
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { bytes: toBytes(body).slice(), type: null };
    return { bytes: toBytes(String(body)), type: 'text/plain;charset=UTF-8' };
  }

  function btoa(data) {
    const text = String(data);
    if (/[^\x00-\xff]/.test(text)) throw new Error("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.");
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let out = '';
    for (let i = 0; i < text.length; i += 3) {
      const a = text.charCodeAt(i), b = text.charCodeAt(i + 1), c = text.charCodeAt(i + 2);
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (i + 1 < text.length ? alphabet[(n >> 6) & 63] : '=') + (i + 2 < text.length ? alphabet[n & 63] : '=');
    }
    return out;
  }

  function atob(data) {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const text = String(data).replace(/[\t\n\f\r ]/g, '');
    if (text.length % 4 === 1 || /[^A-Za-z0-9+/=]/.test(text) || /=[^=]/.test(text)) {
      throw new Error("Failed to execute 'atob': The string to be decoded is not correctly encoded.");
    }
    let out = '';
    let bits = 0, value = 0;
    for (const ch of text.replace(/=+$/, '')) {
      value = (value << 6) | alphabet.indexOf(ch);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((value >> bits) & 255);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- Request, Response and fetch

  class AbortSignal {
    constructor() {
      this.aborted = false;
      this.reason = undefined;
      this._listeners = [];
      this.onabort = null;
    }
    addEventListener(type, listener) { if (type === 'abort') this._listeners.push(listener); }
    removeEventListener(type, listener) { this._listeners = this._listeners.filter((l) => l !== listener); }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason) { const c = new AbortController(); c.abort(reason); return c.signal; }
    static timeout(ms) { const c = new AbortController(); setTimeout(() => c.abort(abortError('The operation timed out.', 'TimeoutError')), ms); return c.signal; }
  }

  function abortError(message, name) {
    const error = new Error(message || 'This operation was aborted');
    error.name = name || 'AbortError';
    return error;
  }

  class AbortController {
    constructor() { this.signal = new AbortSignal(); }
    abort(reason) {
      const signal = this.signal;
      if (signal.aborted) return;
      signal.aborted = true;
      signal.reason = reason === undefined ? abortError() : reason;
      const event = { type: 'abort', target: signal };
      if (typeof signal.onabort === 'function') signal.onabort(event);
      for (const listener of signal._listeners) listener(event);
    }
  }

  class Request {
    constructor(input, init) {
      const options = init || {};
      const base = input instanceof Request ? input : null;
      this.url = base ? base.url : new URL(String(input)).href;
      this.method = String(options.method || (base && base.method) || 'GET').toUpperCase();
      this.headers = new Headers(options.headers || (base && base.headers));
      this.redirect = options.redirect || (base && base.redirect) || 'follow';
      this.signal = options.signal || (base && base.signal) || new AbortSignal();
      this._body = options.body !== undefined ? options.body : base ? base._body : undefined;
    }
    get [Symbol.toStringTag]() { return 'Request'; }
  }

  // V8's wording for JSON that does not parse, which is what learners see in browsers and Node.
  function jsonError(text) {
    if (text.trim() === '') return new SyntaxError('Unexpected end of JSON input');
    const first = text.trim()[0];
    const shown = text.length > 30 ? text.slice(0, 30) + '...' : text;
    return new SyntaxError("Unexpected token '" + first + "', \"" + shown + '" is not valid JSON');
  }

  class Response {
    constructor(body, init) {
      const options = init || {};
      const extracted = extractBody(body);
      this._bytes = extracted.bytes || new Uint8Array(0);
      this.status = options.status === undefined ? 200 : options.status;
      this.statusText = options.statusText || '';
      this.headers = new Headers(options.headers);
      if (extracted.type && !this.headers.has('content-type')) this.headers.set('content-type', extracted.type);
      this.url = options.url || '';
      this.redirected = !!options.redirected;
      this.type = options.type || 'default';
      this.bodyUsed = false;
    }
    static json(data, init) {
      const response = new Response(JSON.stringify(data), init);
      response.headers.set('content-type', 'application/json');
      return response;
    }
    static error() { const r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
    get ok() { return this.status >= 200 && this.status <= 299; }
    _consume() {
      if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.bodyUsed = true;
      return Promise.resolve(this._bytes);
    }
    text() { return this._consume().then((bytes) => host.utf8Decode(bytes)); }
    json() {
      return this.text().then((text) => {
        try {
          return JSON.parse(text);
        } catch (e) {
          throw jsonError(text);
        }
      });
    }
    arrayBuffer() { return this._consume().then((bytes) => bytes.slice().buffer); }
    bytes() { return this._consume().then((bytes) => bytes.slice()); }
    blob() {
      const type = this.headers.get('content-type') || '';
      return this._consume().then((bytes) => new Blob([bytes], { type }));
    }
    formData() {
      return this.text().then((text) => {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(text)) form.append(k, v);
        return form;
      });
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      const copy = new Response(this._bytes.slice(), this);
      copy.headers = new Headers(this.headers);
      return copy;
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }

  // Marks errors that come from the network or from our host policy rather than from the app.
  const HOST_ERROR = Symbol('host error');

  function fetch(input, init) {
    let request;
    try {
      request = new Request(input instanceof Request ? input : input instanceof URL ? input.href : input && typeof input === 'object' && 'url' in input ? input.url : String(input), init);
    } catch (e) {
      return Promise.reject(new TypeError('Failed to parse URL from ' + String(input)));
    }
    const method = request.method;
    const headers = request.headers;
    const body = request._body;
    if (body !== undefined && body !== null && (method === 'GET' || method === 'HEAD')) {
      return Promise.reject(new TypeError('Request with GET/HEAD method cannot have body.'));
    }
    const extracted = extractBody(body);
    if (extracted.type && !headers.has('content-type')) headers.set('content-type', extracted.type);
    const redirect = request.redirect;
    if (!['follow', 'manual', 'error'].includes(redirect)) {
      return Promise.reject(new TypeError("Failed to read the 'redirect' property: '" + redirect + "' is not a valid value"));
    }
    const signal = request.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    const answered = host.fetch(method, request.url, headers._list.flat(), extracted.bytes, redirect).then((answer) => {
      if (answer.error) {
        const error = new TypeError('fetch failed: ' + answer.message);
        error[HOST_ERROR] = answer.error;
        throw error;
      }
      const flat = answer.headers;
      const pairs = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      const response = new Response(null, {
        status: answer.status,
        statusText: answer.statusText,
        headers: pairs,
        url: answer.url,
        redirected: answer.redirected,
        type: 'basic',
      });
      response._bytes = new Uint8Array(answer.body);
      return response;
    });
    // An abort rejects the promise at once; the request itself is left to finish unseen.
    const result = new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason));
      answered.then(resolve, reject);
    });
    return track(result);
  }

  function structuredClone(value) {
    const seen = new Map();
    function clone(v) {
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function' || typeof v === 'symbol') {
          const error = new Error(String(v) + ' could not be cloned.');
          error.name = 'DataCloneError';
          throw error;
        }
        return v;
      }
      if (seen.has(v)) return seen.get(v);
      let out;
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
      else if (v instanceof Blob) out = v;
      else if (v instanceof Error) { out = new (v.constructor)(v.message); seen.set(v, out); return out; }
      else if (v instanceof Map) { out = new Map(); seen.set(v, out); v.forEach((val, key) => out.set(clone(key), clone(val))); return out; }
      else if (v instanceof Set) { out = new Set(); seen.set(v, out); v.forEach((val) => out.add(clone(val))); return out; }
      else if (Array.isArray(v)) { out = []; seen.set(v, out); v.forEach((item, i) => { out[i] = clone(item); }); return out; }
      else { out = {}; seen.set(v, out); for (const key of Object.keys(v)) out[key] = clone(v[key]); return out; }
      seen.set(v, out);
      return out;
    }
    return clone(value);
  }

  // ---------------------------------------------------------------- the hint's world

  const code = host.url;
  function getUserInput(name) {
    return name === 'url' || name === 'solutionLink' ? code : undefined;
  }

  // jQuery's $, XMLHttpRequest and en-US dates live in a part loaded on first use.
  let extras = null;
  function loadExtras() {
    if (!extras) {
      extras = host.loadExtras()({ host, fetch, track, noop, uncaught, Headers, URLSearchParams, FormData, Blob, jsonError, console });
      for (const name of Object.keys(extras.dateMethods)) {
        Object.defineProperty(Date.prototype, name, { value: extras.dateMethods[name], writable: true, configurable: true });
      }
    }
    return extras;
  }
  for (const [name, key] of [['$', '$'], ['jQuery', '$'], ['XMLHttpRequest', 'XMLHttpRequest'], ['Intl', 'Intl']]) {
    Object.defineProperty(g, name, {
      configurable: true,
      get() {
        const value = loadExtras()[key];
        Object.defineProperty(g, name, { value, writable: true, configurable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(g, name, { value, writable: true, configurable: true });
      },
    });
  }
  for (const name of ['toLocaleDateString', 'toLocaleTimeString', 'toLocaleString']) {
    Object.defineProperty(Date.prototype, name, {
      writable: true,
      configurable: true,
      value(...args) { return loadExtras().dateMethods[name].apply(this, args); },
    });
  }

  // DOMParser comes with an HTML parser few hints need; it is loaded on first use.
  Object.defineProperty(g, 'DOMParser', {
    configurable: true,
    get() {
      const { DOMParser } = host.loadDom();
      Object.defineProperty(g, 'DOMParser', { value: DOMParser, writable: true, configurable: true });
      return DOMParser;
    },
  });

  Object.assign(g, {
    assert, console, fetch, Headers, Request, Response, URL, URLSearchParams, setTimeout, clearTimeout,
    setInterval, clearInterval: clearTimeout, getUserInput, code, AssertionError,
    TextEncoder, TextDecoder, Blob, File, FormData, AbortController, AbortSignal, structuredClone, btoa, atob,

  });

  // ---------------------------------------------------------------- running a hint

  // The position of the innermost frame in the hint's own source, from an error's stack.
  function location(error) {
    const stack = error && typeof error.stack === 'string' ? error.stack : '';
    const match = /\bhint:(\d+)(?::(\d+))?/.exec(stack);
    return match ? { line: Number(match[1]), column: Number(match[2] || 0) } : {};
  }

  function describe(error) {
    if (error instanceof AssertionError) {
      const record = { status: 'failed', kind: 'assertion', message: error.message };
      if ('actual' in error && error.actual !== undefined) record.actual = preview(error.actual);
      if ('expected' in error && error.expected !== undefined) record.expected = preview(error.expected);
      return Object.assign(record, location(error));
    }
    if (error && typeof error === 'object' && 'responseText' in error && 'status' in error) {
      // A jQuery request failed and the hint had no failure callback for it.
      const why = error.status === 0 ? (error.cause ? String(error.cause.message) : 'no answer') : error.status + ' ' + error.statusText;
      const kind = error.status === 0 ? 'errored' : 'failed';
      return { status: kind, kind: 'request', message: 'a request made with $ failed: ' + why };
    }
    if (error === null || typeof error !== 'object') {
      return { status: 'failed', kind: 'thrown', message: 'the hint threw ' + inspect(error) };
    }
    const name = String(error.name || 'Error');
    const message = name + ': ' + String(error.message);
    const where = location(error);
    if (error[HOST_ERROR]) {
      // The app did not answer: a refused connection, a refused host, a broken answer.
      return Object.assign({ status: 'errored', kind: error[HOST_ERROR], message }, where);
    }
    const cannotRun = name === 'ReferenceError' || name === 'InternalError' || name === 'RangeError' ||
      (name === 'TypeError' && /not a function|not a constructor/.test(error.message));
    return Object.assign({ status: cannotRun ? 'errored' : 'failed', kind: 'exception', message }, where);
  }

  async function settle() {
    // Each round waits for what is in flight, then lets one host turn pass so that callbacks
    // chained on it run and may start more work.
    for (let round = 0; round < 10000; round++) {
      if (pending.size) await Promise.all(Array.from(pending, (p) => p.then(noop, noop)));
      await host.sleep(0);
      if (!pending.size) return;
    }
  }

  async function run(hint) {
    try {
      let value = await hint();
      if (typeof value === 'function') value = await value(getUserInput);
      await settle();
      for (const error of uncaught) throw error;
      for (const reason of unhandled.values()) throw reason;
      return { status: 'passed' };
    } catch (error) {
      return describe(error);
    }
  }

  return { run, onRejection };
});
