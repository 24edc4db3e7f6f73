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
      this._body = body === undefined || body === null ? '' : String(body);
      this.status = options.status === undefined ? 200 : options.status;
      this.statusText = options.statusText || '';
      this.headers = new Headers(options.headers);
      this.url = options.url || '';
      this.redirected = !!options.redirected;
      this.type = options.type || 'default';
      this.bodyUsed = false;
    }
    get ok() { return this.status >= 200 && this.status <= 299; }
    _consume() {
      if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      this.bodyUsed = true;
      return Promise.resolve(this._body);
    }
    text() { return this._consume(); }
    json() {
      return this._consume().then((text) => {
        try {
          return JSON.parse(text);
        } catch (e) {
          throw jsonError(text);
        }
      });
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      return new Response(this._body, this);
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }

  // Marks errors that come from the network or from our host policy rather than from the app.
  const HOST_ERROR = Symbol('host error');

  function fetch(input, init) {
    const options = init || {};
    let url;
    try {
      const raw = input instanceof URL ? input.href : input && typeof input === 'object' && 'url' in input ? input.url : String(input);
      url = new URL(raw).href;
    } catch (e) {
      return Promise.reject(new TypeError('Failed to parse URL from ' + String(input)));
    }
    const method = String(options.method || (input && input.method) || 'GET').toUpperCase();
    const headers = new Headers(options.headers || (input && input.headers));
    let body = options.body;
    if (body !== undefined && body !== null) {
      if (method === 'GET' || method === 'HEAD') {
        return Promise.reject(new TypeError('Request with GET/HEAD method cannot have body.'));
      }
      if (body instanceof URLSearchParams) {
        if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
        body = body.toString();
      } else {
        body = String(body);
        if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      }
    } else {
      body = undefined;
    }
    const redirect = options.redirect || 'follow';
    if (!['follow', 'manual', 'error'].includes(redirect)) {
      return Promise.reject(new TypeError("Failed to read the 'redirect' property: '" + redirect + "' is not a valid value"));
    }
    const request = host.fetch(method, url, headers._list.flat(), body, redirect).then((answer) => {
      if (answer.error) {
        const error = new TypeError('fetch failed: ' + answer.message);
        error[HOST_ERROR] = answer.error;
        throw error;
      }
      const flat = answer.headers;
      const pairs = [];
      for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]]);
      return new Response(answer.body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: pairs,
        url: answer.url,
        redirected: answer.redirected,
        type: 'basic',
      });
    });
    return track(request);
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
      body = settings.processData === false || typeof data === 'string' ? String(data) : formBody(data);
      const type = settings.contentType === undefined ? 'application/x-www-form-urlencoded; charset=UTF-8' : settings.contentType;
      if (type !== false && !headers.has('content-type')) headers.set('content-type', type);
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

  // ---------------------------------------------------------------- the hint's world

  const code = host.url;
  function getUserInput(name) {
    return name === 'url' || name === 'solutionLink' ? code : undefined;
  }

  Object.assign(g, {
    assert, console, fetch, Headers, Response, URL, URLSearchParams, setTimeout, clearTimeout,
    getUserInput, code, AssertionError, $, jQuery: $,
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
