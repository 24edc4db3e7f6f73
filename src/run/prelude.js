// The browser-like runtime that hint code sees: fetch, Headers, Response, URL, URLSearchParams,
// console, timers, getUserInput and a chai-compatible assert. Host functions arrive on
// `__graderHost`; this file hides them and leaves only the standard names on globalThis.
(function (host) {
  'use strict';
  const g = globalThis;

  // ---------------------------------------------------------------- inspection (chai's style)

  const TRUNCATE = 40;

  function quote(s) {
    return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  }

  function cut(s, limit) {
    return s.length > limit ? s.slice(0, limit - 1) + '…' : s;
  }

  function propertyKey(key) {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
  }

  // Renders a value the way chai 4 does in messages: 'strings' quoted, [ 1, 2 ], { a: 1 }.
  function inspect(value, options) {
    const opts = options || {};
    const limit = opts.truncate === undefined ? TRUNCATE : opts.truncate;
    const seen = [];
    function go(v, depth) {
      switch (typeof v) {
        case 'string':
          return quote(cut(v, limit - 2));
        case 'number':
          return Object.is(v, -0) ? '-0' : String(v);
        case 'bigint':
          return v + 'n';
        case 'boolean':
        case 'undefined':
          return String(v);
        case 'symbol':
          return v.toString();
        case 'function':
          return v.name ? '[Function ' + v.name + ']' : '[Function]';
      }
      if (v === null) return 'null';
      if (seen.includes(v)) return '[Circular]';
      if (v instanceof RegExp) return String(v);
      if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
      if (v instanceof Error) return v.name + (v.message ? ': ' + v.message : '');
      if (v instanceof URL) return "URL { href: " + quote(v.href) + " }";
      if (depth > 2) return Array.isArray(v) ? '[Array]' : '[Object]';
      seen.push(v);
      try {
        if (Array.isArray(v)) {
          if (v.length === 0) return '[]';
          return '[ ' + v.map((item) => go(item, depth + 1)).join(', ') + ' ]';
        }
        if (v instanceof Map) {
          if (v.size === 0) return 'Map{}';
          const parts = [];
          v.forEach((val, key) => parts.push(go(key, depth + 1) + ' => ' + go(val, depth + 1)));
          return 'Map{ ' + parts.join(', ') + ' }';
        }
        if (v instanceof Set) {
          if (v.size === 0) return 'Set{}';
          return 'Set{ ' + Array.from(v, (item) => go(item, depth + 1)).join(', ') + ' }';
        }
        const keys = Object.keys(v);
        const proto = Object.getPrototypeOf(v);
        const name = proto && proto !== Object.prototype && proto.constructor && proto.constructor.name;
        const prefix = name ? name + ' ' : '';
        if (keys.length === 0) return prefix + '{}';
        return prefix + '{ ' + keys.map((k) => propertyKey(k) + ': ' + go(v[k], depth + 1)).join(', ') + ' }';
      } finally {
        seen.pop();
      }
    }
    return go(value, 0);
  }

  // chai's objDisplay: long arrays and objects are summarised in messages.
  function display(value) {
    const text = inspect(value);
    if (text.length < TRUNCATE) return text;
    if (typeof value === 'function') return value.name ? '[Function: ' + value.name + ']' : '[Function]';
    if (Array.isArray(value)) return '[ Array(' + value.length + ') ]';
    if (Object.prototype.toString.call(value) === '[object Object]') {
      const keys = Object.keys(value);
      const shown = keys.length > 2 ? keys.slice(0, 2).join(', ') + ', ...' : keys.join(', ');
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

  function typeName(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? typeof value : tag.toLowerCase();
  }

  function article(word) {
    return /^[aeiou]/i.test(word) ? 'an ' : 'a ';
  }

  // Fails with chai's wording, prefixed by the hint's own message when it gave one.
  function check(ok, userMessage, text, actual, expected, showDiff) {
    if (ok) return;
    const message = userMessage ? userMessage + ': ' + text : text;
    const props = { actual: actual, expected: expected, showDiff: showDiff === true };
    throw new AssertionError(message, props);
  }

  function deepEqual(a, b, seen) {
    if (a === b) return a !== 0 || 1 / a === 1 / b;
    if (a !== a && b !== b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const pairs = seen || [];
    if (pairs.some((p) => p[0] === a && p[1] === b)) return true;
    pairs.push([a, b]);
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if (a instanceof Map || a instanceof Set) {
      if (a.size !== b.size) return false;
      const left = Array.from(a.entries());
      const right = Array.from(b.entries());
      return left.every((entry) => right.some((other) => deepEqual(entry, other, pairs)));
    }
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k], pairs));
  }

  function includes(haystack, needle) {
    if (typeof haystack === 'string') return haystack.indexOf(needle) !== -1;
    if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1 || (needle !== needle && haystack.some((x) => x !== x));
    if (haystack instanceof Set || haystack instanceof Map) return haystack.has(needle);
    if (haystack && typeof haystack === 'object' && needle && typeof needle === 'object') {
      return Object.keys(needle).every((k) => k in haystack && haystack[k] === needle[k]);
    }
    return undefined;
  }

  function includeCheck(haystack, needle, message, negate) {
    const found = includes(haystack, needle);
    if (found === undefined) {
      const kind = typeName(haystack);
      throw new AssertionError(
        (message ? message + ': ' : '') + 'the given combination of arguments (' + kind + ' and ' + typeName(needle) +
          ') is invalid for this assertion. You can use an array, a map, an object, a set, a string, or a weakset instead of a ' +
          typeName(needle));
    }
    const verb = negate ? ' to not include ' : ' to include ';
    check(found !== negate, message, 'expected ' + display(haystack) + verb + inspect(needle), haystack, needle);
  }

  function deepIncludeCheck(haystack, needle, message, negate) {
    let found;
    if (typeof haystack === 'string') found = haystack.includes(needle);
    else if (Array.isArray(haystack) || haystack instanceof Set) found = Array.from(haystack).some((x) => deepEqual(x, needle));
    else if (haystack instanceof Map) found = Array.from(haystack.values()).some((x) => deepEqual(x, needle));
    else if (haystack && typeof haystack === 'object' && needle && typeof needle === 'object') {
      const missing = Object.keys(needle).find((k) => !(k in haystack) || !deepEqual(haystack[k], needle[k]));
      if (!negate && missing !== undefined) {
        const has = missing in haystack;
        const text = 'expected ' + display(haystack) + ' to have deep property ' + inspect(missing) +
          (has ? ' of ' + display(needle[missing]) + ', but got ' + display(haystack[missing]) : '');
        check(false, message, text, has ? haystack[missing] : haystack, needle[missing], has);
      }
      found = missing === undefined;
    } else {
      return includeCheck(haystack, needle, message, negate);
    }
    const verb = negate ? ' to not deep include ' : ' to deep include ';
    check(found !== negate, message, 'expected ' + display(haystack) + verb + inspect(needle), haystack, needle);
  }

  function typeCheck(value, type, message, negate) {
    const ok = typeName(value) === type;
    const text = 'expected ' + display(value) + (negate ? ' not' : '') + ' to be ' + article(type) + type;
    check(ok !== negate, message, text, value, type);
  }

  function assert(expression, message) {
    if (!expression) throw new AssertionError(message);
  }

  Object.assign(assert, {
    fail(actual, expected, message, operator) {
      if (arguments.length < 2) {
        message = actual;
        actual = undefined;
      }
      throw new AssertionError(message || 'assert.fail()', { actual, expected, operator });
    },
    ok(value, message) {
      check(!!value, message, 'expected ' + display(value) + ' to be truthy', value, true);
    },
    notOk(value, message) {
      check(!value, message, 'expected ' + display(value) + ' to be falsy', value, false);
    },
    equal(actual, expected, message) {
      check(actual == expected, message, 'expected ' + display(actual) + ' to equal ' + display(expected), actual, expected, true);
    },
    notEqual(actual, expected, message) {
      check(actual != expected, message, 'expected ' + display(actual) + ' to not equal ' + display(expected), actual, expected, true);
    },
    strictEqual(actual, expected, message) {
      check(actual === expected, message, 'expected ' + display(actual) + ' to equal ' + display(expected), actual, expected, true);
    },
    notStrictEqual(actual, expected, message) {
      check(actual !== expected, message, 'expected ' + display(actual) + ' to not equal ' + display(expected), actual, expected, true);
    },
    deepEqual(actual, expected, message) {
      check(deepEqual(actual, expected), message, 'expected ' + display(actual) + ' to deeply equal ' + display(expected), actual, expected, true);
    },
    notDeepEqual(actual, expected, message) {
      check(!deepEqual(actual, expected), message, 'expected ' + display(actual) + ' to not deeply equal ' + display(expected), actual, expected, true);
    },
    isTrue(value, message) {
      check(value === true, message, 'expected ' + display(value) + ' to be true', value, true);
    },
    isNotTrue(value, message) {
      check(value !== true, message, 'expected ' + display(value) + ' to not be true', value, true);
    },
    isFalse(value, message) {
      check(value === false, message, 'expected ' + display(value) + ' to be false', value, false);
    },
    isNotFalse(value, message) {
      check(value !== false, message, 'expected ' + display(value) + ' to not be false', value, false);
    },
    isNull(value, message) {
      check(value === null, message, 'expected ' + display(value) + ' to be null', value, null);
    },
    isNotNull(value, message) {
      check(value !== null, message, 'expected ' + display(value) + ' to not be null', value, null);
    },
    isUndefined(value, message) {
      check(value === undefined, message, 'expected ' + display(value) + ' to equal undefined', value, undefined, true);
    },
    isDefined(value, message) {
      check(value !== undefined, message, 'expected ' + display(value) + ' to not equal undefined', value, undefined, true);
    },
    exists(value, message) {
      check(value !== null && value !== undefined, message, 'expected ' + display(value) + ' to exist', value);
    },
    notExists(value, message) {
      check(value === null || value === undefined, message, 'expected ' + display(value) + ' to not exist', value);
    },
    match(value, regexp, message) {
      check(regexp.exec(value) !== null, message, 'expected ' + display(value) + ' to match ' + regexp, value, regexp);
    },
    notMatch(value, regexp, message) {
      check(regexp.exec(value) === null, message, 'expected ' + display(value) + ' not to match ' + regexp, value, regexp);
    },
    include(haystack, needle, message) {
      includeCheck(haystack, needle, message, false);
    },
    notInclude(haystack, needle, message) {
      includeCheck(haystack, needle, message, true);
    },
    deepInclude(haystack, needle, message) {
      deepIncludeCheck(haystack, needle, message, false);
    },
    notDeepInclude(haystack, needle, message) {
      deepIncludeCheck(haystack, needle, message, true);
    },
    property(object, name, message) {
      const ok = object !== null && object !== undefined && name in Object(object);
      check(ok, message, 'expected ' + display(object) + ' to have property ' + inspect(name), object, name);
    },
    notProperty(object, name, message) {
      const ok = object === null || object === undefined || !(name in Object(object));
      check(ok, message, 'expected ' + display(object) + ' to not have property ' + inspect(name), object, name);
    },
    propertyVal(object, name, value, message) {
      assert.property(object, name, message);
      check(object[name] === value, message,
        'expected ' + display(object) + ' to have property ' + inspect(name) + ' of ' + display(value) + ', but got ' + display(object[name]),
        object[name], value, true);
    },
    lengthOf(value, length, message) {
      const actual = value instanceof Map || value instanceof Set ? value.size : value && value.length;
      const noun = value instanceof Map || value instanceof Set ? 'size' : 'length';
      check(actual === length, message, 'expected ' + display(value) + ' to have a ' + noun + ' of ' + display(length) + ' but got ' + display(actual), actual, length, true);
    },
    typeOf(value, type, message) {
      typeCheck(value, type, message, false);
    },
    notTypeOf(value, type, message) {
      typeCheck(value, type, message, true);
    },
    instanceOf(value, constructor, message) {
      check(value instanceof constructor, message, 'expected ' + display(value) + ' to be an instance of ' + (constructor && constructor.name), value, constructor);
    },
    isAbove(value, limit, message) {
      check(value > limit, message, 'expected ' + display(value) + ' to be above ' + display(limit), value, limit);
    },
    isAtLeast(value, limit, message) {
      check(value >= limit, message, 'expected ' + display(value) + ' to be at least ' + display(limit), value, limit);
    },
    isBelow(value, limit, message) {
      check(value < limit, message, 'expected ' + display(value) + ' to be below ' + display(limit), value, limit);
    },
    isAtMost(value, limit, message) {
      check(value <= limit, message, 'expected ' + display(value) + ' to be at most ' + display(limit), value, limit);
    },
    approximately(value, expected, delta, message) {
      check(Math.abs(value - expected) <= delta, message, 'expected ' + display(value) + ' to be close to ' + display(expected) + ' +/- ' + display(delta), value, expected);
    },
    oneOf(value, list, message) {
      check(list.indexOf(value) !== -1, message, 'expected ' + display(value) + ' to be one of ' + inspect(list), value, list);
    },
    isEmpty(value, message) {
      const size = value instanceof Map || value instanceof Set ? value.size
        : typeof value === 'string' || Array.isArray(value) ? value.length : Object.keys(Object(value)).length;
      check(size === 0, message, 'expected ' + display(value) + ' to be empty', value);
    },
    isNotEmpty(value, message) {
      const size = value instanceof Map || value instanceof Set ? value.size
        : typeof value === 'string' || Array.isArray(value) ? value.length : Object.keys(Object(value)).length;
      check(size !== 0, message, 'expected ' + display(value) + ' not to be empty', value);
    },
  });
  assert.isOk = assert.ok;
  assert.isNotOk = assert.notOk;
  assert.closeTo = assert.approximately;
  assert.notExist = assert.notExists;
  for (const type of ['string', 'number', 'boolean', 'function', 'object', 'array']) {
    const name = type[0].toUpperCase() + type.slice(1);
    assert['is' + name] = (value, message) => typeCheck(value, type, message, false);
    assert['isNot' + name] = (value, message) => typeCheck(value, type, message, true);
  }
  assert.AssertionError = AssertionError;

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

  // ---------------------------------------------------------------- jQuery's $ (the ajax part)

  function formBody(data) {
    if (data === undefined || data === null) return undefined;
    if (typeof data === 'string') return data;
    if (data instanceof URLSearchParams) return data.toString();
    const params = new URLSearchParams();
    for (const key of Object.keys(data)) {
      const value = data[key];
      if (Array.isArray(value)) value.forEach((v) => params.append(key + '[]', v));
      else params.append(key, value === undefined || value === null ? '' : value);
    }
    return params.toString();
  }

  // An xhr-like object, as jQuery hands to callbacks and rejections.
  function jqXHR(status, statusText, text, headers) {
    const xhr = { readyState: 4, status, statusText, responseText: text };
    xhr.getResponseHeader = (name) => (headers ? headers.get(name) : null);
    xhr.getAllResponseHeaders = () => (headers ? Array.from(headers, ([k, v]) => k + ': ' + v).join('\r\n') : '');
    return xhr;
  }

  // jQuery's promise: `then` and `catch` chain like a Promise; `done`, `fail`, `always` return
  // the same object. Callbacks receive jQuery's arguments: (data, textStatus, xhr) on success,
  // (xhr, textStatus, error) on failure.
  function jqPromise(settled) {
    const jq = {
      then(onDone, onFail) {
        return settled.then(
          (args) => (typeof onDone === 'function' ? onDone(...args) : args[0]),
          (args) => {
            if (typeof onFail === 'function') return onFail(...args);
            throw args[0];
          }
        );
      },
      catch(onFail) { return jq.then(undefined, onFail); },
      done(...callbacks) {
        for (const cb of callbacks.flat()) track(jq.then(cb));
        return jq;
      },
      fail(...callbacks) {
        for (const cb of callbacks.flat()) track(settled.then(noop, (args) => cb(...args)));
        return jq;
      },
      always(...callbacks) {
        for (const cb of callbacks.flat()) {
          track(settled.then((args) => cb(...args), (args) => cb(...args)));
        }
        return jq;
      },
      promise() { return jq; },
    };
    return jq;
  }

  function ajax(urlOrSettings, maybeSettings) {
    const settings = typeof urlOrSettings === 'string'
      ? Object.assign({}, maybeSettings, { url: urlOrSettings })
      : Object.assign({}, urlOrSettings);
    const method = String(settings.method || settings.type || 'GET').toUpperCase();
    let url = String(settings.url === undefined ? '' : settings.url);
    const headers = new Headers(settings.headers);
    let body;
    const data = settings.data;
    if (method === 'GET' || method === 'HEAD') {
      const query = formBody(data);
      if (query) url += (url.includes('?') ? '&' : '?') + query;
    } else if (data !== undefined && data !== null) {
      const raw = data instanceof FormData || data instanceof Blob || data instanceof URLSearchParams || data instanceof ArrayBuffer || ArrayBuffer.isView(data);
      body = raw ? data : settings.processData === false || typeof data === 'string' ? String(data) : formBody(data);
      const type = settings.contentType === undefined ? 'application/x-www-form-urlencoded; charset=UTF-8' : settings.contentType;
      if (type !== false && !headers.has('content-type') && !raw) headers.set('content-type', type);
    }
    const settled = fetch(url, { method, headers, body }).then(
      (res) => res.text().then((text) => {
        const xhr = jqXHR(res.status, res.statusText, text, res.headers);
        const type = res.headers.get('content-type') || '';
        const wantsJson = settings.dataType === 'json' || (!settings.dataType && /[/+]json\b/i.test(type));
        let value = text;
        if (/[/+]json\b/i.test(type) || settings.dataType === 'json') {
          try {
            xhr.responseJSON = JSON.parse(text);
          } catch (e) {
            if (wantsJson && ((res.status >= 200 && res.status < 300) || res.status === 304)) {
              throw [xhr, 'parsererror', jsonError(text)];
            }
          }
          if (wantsJson) value = xhr.responseJSON;
        }
        if ((res.status >= 200 && res.status < 300) || res.status === 304) return [value, 'success', xhr];
        throw [xhr, 'error', res.statusText];
      }),
      (error) => {
        if (Array.isArray(error)) throw error;
        const xhr = jqXHR(0, 'error', '', null);
        xhr.cause = error;
        throw [xhr, 'error', error];
      }
    );
    // Rejections surface through the promises the hint chains on, not through this one.
    settled.then(noop, noop);
    track(settled.then(noop, noop));
    const jq = jqPromise(settled);
    if (settings.success) jq.done(settings.success);
    if (settings.error) jq.fail(settings.error);
    if (settings.complete) jq.always(() => settings.complete());
    Object.assign(jq, { abort: noop });
    return jq;
  }

  function shorthand(method) {
    return (url, data, success, dataType) => {
      if (typeof data === 'function') {
        dataType = success;
        success = data;
        data = undefined;
      }
      return ajax({ url, type: method, data, success, dataType });
    };
  }

  const $ = function () {
    throw new TypeError('$() selects elements of a page; hints run without a page, so only $.get, $.post, $.getJSON and $.ajax exist');
  };
  Object.assign($, {
    ajax,
    get: shorthand('GET'),
    post: shorthand('POST'),
    getJSON: (url, data, success) => shorthand('GET')(url, data, success, 'json'),
  });

  // ---------------------------------------------------------------- XMLHttpRequest

  // Over the same fetch. Events fire as a browser fires them for an asynchronous request:
  // readystatechange at OPENED, HEADERS_RECEIVED, LOADING and DONE, then load (or error) and
  // loadend. A handler that throws before DONE is reported on the console, as a browser reports
  // an uncaught error in an event handler, and the request goes on; one that throws at DONE
  // fails the hint, since that is where a hint's checks run.
  class XMLHttpRequest {
    constructor() {
      this.readyState = 0;
      this.status = 0;
      this.statusText = '';
      this.responseText = '';
      this.response = '';
      this.responseType = '';
      this.responseURL = '';
      this.timeout = 0;
      this.withCredentials = false;
      this._headers = new Headers();
      this._listeners = {};
      this._answer = null;
      this._aborted = false;
    }
    open(method, url) {
      this._method = String(method).toUpperCase();
      this._url = String(url);
      this._headers = new Headers();
      this._answer = null;
      this._aborted = false;
      this._state(1);
    }
    setRequestHeader(name, value) {
      if (this.readyState !== 1) throw new Error("Failed to execute 'setRequestHeader' on 'XMLHttpRequest': The object's state must be OPENED.");
      this._headers.append(name, value);
    }
    getResponseHeader(name) { return this._answer ? this._answer.headers.get(name) : null; }
    getAllResponseHeaders() {
      if (!this._answer) return '';
      return Array.from(this._answer.headers, ([k, v]) => k + ': ' + v + '\r\n').join('');
    }
    overrideMimeType() {}
    addEventListener(type, listener) { (this._listeners[type] = this._listeners[type] || []).push(listener); }
    removeEventListener(type, listener) {
      this._listeners[type] = (this._listeners[type] || []).filter((l) => l !== listener);
    }
    abort() {
      this._aborted = true;
      if (this.readyState > 0 && this.readyState < 4) {
        this._state(4);
        this._fire('abort');
        this._fire('loadend');
      }
      this.readyState = 0;
    }
    send(body) {
      if (this.readyState !== 1) throw new Error("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.");
      const init = { method: this._method, headers: this._headers };
      if (body !== undefined && body !== null && this._method !== 'GET' && this._method !== 'HEAD') init.body = body;
      const request = fetch(this._url, init).then(
        (response) => response.arrayBuffer().then((buffer) => {
          if (this._aborted) return;
          this._answer = response;
          this.status = response.status;
          this.statusText = response.statusText;
          this.responseURL = response.url;
          this._state(2);
          this._state(3);
          const text = host.utf8Decode(new Uint8Array(buffer));
          this.responseText = this.responseType === '' || this.responseType === 'text' ? text : '';
          this.response = this._convert(text, buffer, response);
          this._state(4);
          this._fire('load');
          this._fire('loadend');
        }),
        (error) => {
          if (this._aborted) return;
          this._state(4);
          this._fire('error', error);
          this._fire('loadend');
        }
      );
      track(request.then(noop, noop));
    }
    _convert(text, buffer, response) {
      switch (this.responseType) {
        case 'json':
          try { return JSON.parse(text); } catch (e) { return null; }
        case 'arraybuffer': return buffer;
        case 'blob': return new Blob([buffer], { type: response.headers.get('content-type') || '' });
        default: return text;
      }
    }
    _state(state) {
      this.readyState = state;
      this._fire('readystatechange');
    }
    _fire(type, cause) {
      const event = { type, target: this, currentTarget: this, cause };
      const handlers = [this['on' + type]].concat(this._listeners[type] || []).filter((h) => typeof h === 'function');
      for (const handler of handlers) {
        try {
          handler.call(this, event);
        } catch (error) {
          if (this.readyState === 4) uncaught.push(error);
          else console.error('Uncaught (in an XMLHttpRequest ' + type + ' handler at readyState ' + this.readyState + ')', error && error.message !== undefined ? error.message : error);
        }
      }
    }
  }
  Object.assign(XMLHttpRequest, { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 });

  // ---------------------------------------------------------------- dates in en-US

  // QuickJS has no Intl, and hints compare dates formatted for en-US (often in UTC) with what
  // an app returns; these give the strings Node and browsers give for those options.
  const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const STYLES = {
    full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    long: { year: 'numeric', month: 'long', day: 'numeric' },
    medium: { year: 'numeric', month: 'short', day: 'numeric' },
    short: { year: '2-digit', month: 'numeric', day: 'numeric' },
  };
  const TIME_STYLES = {
    full: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    long: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    medium: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    short: { hour: 'numeric', minute: '2-digit' },
  };

  function dateFields(date, options) {
    const utc = options.timeZone !== undefined && /^(utc|gmt|etc\/utc|etc\/gmt)$/i.test(String(options.timeZone));
    if (options.timeZone !== undefined && !utc) {
      throw new RangeError('Invalid time zone specified: ' + options.timeZone + ' (only UTC and the local time zone are supported)');
    }
    return utc
      ? { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate(), weekday: date.getUTCDay(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() }
      : { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), weekday: date.getDay(), hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds() };
  }

  const pad = (n) => String(n).padStart(2, '0');

  function textual(kind, style, index) {
    const names = kind === 'weekday' ? WEEKDAYS : MONTHS;
    const name = names[index];
    return style === 'long' ? name : style === 'narrow' ? name[0] : name.slice(0, 3);
  }

  function formatDatePart(f, o) {
    const year = o.year === undefined ? null : o.year === '2-digit' ? pad(f.year % 100) : String(f.year);
    const day = o.day === undefined ? null : o.day === '2-digit' ? pad(f.day) : String(f.day);
    const weekday = o.weekday === undefined ? null : textual('weekday', o.weekday, f.weekday);
    let text;
    if (o.month === undefined || o.month === 'numeric' || o.month === '2-digit') {
      const month = o.month === undefined ? null : o.month === '2-digit' ? pad(f.month + 1) : String(f.month + 1);
      text = [month, day, year].filter((x) => x !== null).join('/');
    } else {
      const month = textual('month', o.month, f.month);
      const monthDay = day === null ? month : month + ' ' + day;
      text = year === null ? monthDay : day === null ? month + ' ' + year : monthDay + ', ' + year;
    }
    if (weekday === null) return text;
    return text ? weekday + ', ' + text : weekday;
  }

  function formatTimePart(f, o) {
    const twelve = o.hour12 !== false && o.hourCycle !== 'h23' && o.hourCycle !== 'h24';
    const hour = twelve ? (f.hour % 12 === 0 ? 12 : f.hour % 12) : f.hour;
    const parts = [];
    if (o.hour !== undefined) parts.push(o.hour === '2-digit' || !twelve ? pad(hour) : String(hour));
    if (o.minute !== undefined) parts.push(parts.length ? pad(f.minute) : String(f.minute));
    if (o.second !== undefined) parts.push(parts.length ? pad(f.second) : String(f.second));
    let text = parts.join(':');
    if (twelve && o.hour !== undefined) text += ' ' + (f.hour < 12 ? 'AM' : 'PM');
    return text;
  }

  function localeOptions(locales, options, defaults) {
    if (locales !== undefined && locales !== null) {
      const list = Array.isArray(locales) ? locales : [locales];
      if (list.length && !/^en(-US)?$/i.test(String(list[0]))) {
        console.warn('dates are formatted in en-US; `' + list[0] + '` is not supported');
      }
    }
    const o = Object.assign({}, options);
    if (o.dateStyle) Object.assign(o, STYLES[o.dateStyle]);
    if (o.timeStyle) Object.assign(o, TIME_STYLES[o.timeStyle]);
    const any = ['weekday', 'year', 'month', 'day', 'hour', 'minute', 'second'].some((k) => o[k] !== undefined);
    if (!any) Object.assign(o, defaults);
    return o;
  }

  function formatDate(date, o) {
    if (isNaN(date)) return 'Invalid Date';
    const f = dateFields(date, o);
    const datePart = formatDatePart(f, o);
    const timePart = formatTimePart(f, o);
    return datePart && timePart ? datePart + ', ' + timePart : datePart || timePart;
  }

  const NUMERIC_DATE = { year: 'numeric', month: 'numeric', day: 'numeric' };
  const NUMERIC_TIME = { hour: 'numeric', minute: '2-digit', second: '2-digit' };
  Object.defineProperties(Date.prototype, {
    toLocaleDateString: {
      configurable: true, writable: true,
      value(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_DATE)); },
    },
    toLocaleTimeString: {
      configurable: true, writable: true,
      value(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_TIME)); },
    },
    toLocaleString: {
      configurable: true, writable: true,
      value(locales, options) { return formatDate(this, localeOptions(locales, options, Object.assign({}, NUMERIC_DATE, NUMERIC_TIME))); },
    },
  });

  class DateTimeFormat {
    constructor(locales, options) { this._options = localeOptions(locales, options, NUMERIC_DATE); }
    format(date) { return formatDate(date === undefined ? new Date() : new Date(date), this._options); }
    resolvedOptions() { return Object.assign({ locale: 'en-US', calendar: 'gregory', numberingSystem: 'latn', timeZone: this._options.timeZone || 'UTC' }, this._options); }
  }
  const Intl = { DateTimeFormat };

  // ---------------------------------------------------------------- the hint's world

  const code = host.url;
  function getUserInput(name) {
    return name === 'url' || name === 'solutionLink' ? code : undefined;
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
    setInterval, clearInterval: clearTimeout, getUserInput, code, AssertionError, $, jQuery: $,
    TextEncoder, TextDecoder, Blob, File, FormData, AbortController, AbortSignal, structuredClone, btoa, atob,
    XMLHttpRequest, Intl,
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
