// Owns `fetch` and its types: `Headers`, `Request`, `Response`, `Blob`, `File`, `FormData`
// (with multipart bodies), `AbortController`, `AbortSignal` and `structuredClone`. Loaded the
// first time a hint touches one of them. A request goes
// to the host, which applies the same-origin policy, cookies and caps; the answer comes back as a
// `Response`. Promises are chained with the captured `then`, so a hint cannot keep a request's
// callbacks from running.
(function fetching(rt) {
  'use strict';
  const p = rt.p;
  const host = rt.host;
  const {
    ArrayPrototypePush, ArrayPrototypeMap, ArrayPrototypeFilter, ArrayPrototypeFind, ArrayPrototypeFindIndex,
    ArrayPrototypeSome, ArrayPrototypeSort, ArrayPrototypeSlice, ArrayPrototypeJoin, ArrayPrototypeFlat,
    ArrayPrototypeIncludes, ArrayFrom, ObjectKeys, StringPrototypeToLowerCase, StringPrototypeToUpperCase,
    StringPrototypeTrim, StringPrototypeReplace, StringPrototypeSlice, RegExpPrototypeTest, ArrayBufferIsView,
    TypedArrayPrototypeSet, TypedArrayPrototypeSlice, TypedArrayPrototypeGetLength, TypedArrayPrototypeGetBuffer,
    PromisePrototypeThen, PromiseResolve, PromiseReject, ReflectApply, JSONParse, JSONStringify, MathFloor,
    MathRandom, DateNow, MapPrototypeGet, MapPrototypeSet, MapPrototypeHas, MapPrototypeForEach,
    SetPrototypeForEach, String, Number, TypeError, SyntaxError, Error, Uint8Array, ArrayBuffer, SymbolIterator,
    record,
  } = p;
  const plainBytes = p.bytesOf;

  // ---------------------------------------------------------------- Headers

  function headerName(name) {
    const key = StringPrototypeToLowerCase(String(name));
    if (!RegExpPrototypeTest(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/, key)) throw new TypeError("'" + name + "' is not a valid HTTP header name");
    return key;
  }

  class Headers {
    constructor(init) {
      this._list = [];
      if (init === undefined || init === null) return;
      if (init instanceof Headers) {
        this._list = ArrayPrototypeMap(init._list, (pair) => ArrayPrototypeSlice(pair));
      } else if (typeof init[SymbolIterator] === 'function') {
        const pairs = p.pairsOf(init, 'Headers constructor: expected name/value pair to be length 2');
        for (let i = 0; i < pairs.length; i += 1) this.append(pairs[i][0], pairs[i][1]);
      } else {
        const keys = ObjectKeys(init);
        for (let i = 0; i < keys.length; i += 1) this.append(keys[i], init[keys[i]]);
      }
    }
    append(name, value) { ArrayPrototypePush(this._list, [headerName(name), StringPrototypeTrim(String(value))]); }
    set(name, value) {
      const key = headerName(name);
      this._list = ArrayPrototypeFilter(this._list, (pair) => pair[0] !== key);
      ArrayPrototypePush(this._list, [key, StringPrototypeTrim(String(value))]);
    }
    delete(name) { const key = headerName(name); this._list = ArrayPrototypeFilter(this._list, (pair) => pair[0] !== key); }
    get(name) {
      const key = headerName(name);
      const values = ArrayPrototypeMap(ArrayPrototypeFilter(this._list, (pair) => pair[0] === key), (pair) => pair[1]);
      return values.length ? ArrayPrototypeJoin(values, ', ') : null;
    }
    getSetCookie() { return ArrayPrototypeMap(ArrayPrototypeFilter(this._list, (pair) => pair[0] === 'set-cookie'), (pair) => pair[1]); }
    has(name) { const key = headerName(name); return ArrayPrototypeSome(this._list, (pair) => pair[0] === key); }
    _sorted() {
      const names = [];
      for (let i = 0; i < this._list.length; i += 1) {
        if (!ArrayPrototypeIncludes(names, this._list[i][0])) ArrayPrototypePush(names, this._list[i][0]);
      }
      ArrayPrototypeSort(names);
      const out = [];
      for (let i = 0; i < names.length; i += 1) {
        if (names[i] === 'set-cookie') {
          const cookies = this.getSetCookie();
          for (let j = 0; j < cookies.length; j += 1) ArrayPrototypePush(out, ['set-cookie', cookies[j]]);
        } else {
          ArrayPrototypePush(out, [names[i], this.get(names[i])]);
        }
      }
      return out;
    }
    forEach(callback, thisArg) {
      const sorted = this._sorted();
      for (let i = 0; i < sorted.length; i += 1) ReflectApply(callback, thisArg, [sorted[i][1], sorted[i][0], this]);
    }
    keys() { return ArrayPrototypeMap(this._sorted(), (pair) => pair[0])[SymbolIterator](); }
    values() { return ArrayPrototypeMap(this._sorted(), (pair) => pair[1])[SymbolIterator](); }
    entries() { return this._sorted()[SymbolIterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }

  // ---------------------------------------------------------------- bytes: Blob, File, FormData

  function bytesOf(value) {
    if (value instanceof Blob) return value._bytes;
    return plainBytes(value);
  }

  function concat(chunks) {
    let total = 0;
    for (let i = 0; i < chunks.length; i += 1) total += TypedArrayPrototypeGetLength(chunks[i]);
    const out = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < chunks.length; i += 1) {
      TypedArrayPrototypeSet(out, chunks[i], at);
      at += TypedArrayPrototypeGetLength(chunks[i]);
    }
    return out;
  }

  class Blob {
    constructor(parts, options) {
      const list = parts === undefined ? [] : ArrayFrom(parts);
      this._bytes = concat(ArrayPrototypeMap(list, (part) => bytesOf(part)));
      const type = options && options.type !== undefined ? String(options.type) : '';
      this._type = RegExpPrototypeTest(/^[\x20-\x7e]*$/, type) ? StringPrototypeToLowerCase(type) : '';
    }
    get size() { return TypedArrayPrototypeGetLength(this._bytes); }
    get type() { return this._type; }
    text() { return PromiseResolve(host.utf8Decode(this._bytes)); }
    arrayBuffer() { return PromiseResolve(TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(this._bytes))); }
    bytes() { return PromiseResolve(TypedArrayPrototypeSlice(this._bytes)); }
    slice(start, end, type) {
      return new Blob([TypedArrayPrototypeSlice(this._bytes, start, end)], { type: type === undefined ? '' : type });
    }
    get [Symbol.toStringTag]() { return 'Blob'; }
  }

  class File extends Blob {
    constructor(parts, name, options) {
      super(parts, options);
      this._name = String(name);
      this._modified = options && options.lastModified !== undefined ? Number(options.lastModified) : DateNow();
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
    append(name, value, filename) { ArrayPrototypePush(this._list, this._entry(name, value, filename)); }
    set(name, value, filename) {
      const entry = this._entry(name, value, filename);
      const index = ArrayPrototypeFindIndex(this._list, (e) => e[0] === entry[0]);
      this._list = ArrayPrototypeFilter(this._list, (e, i) => e[0] !== entry[0] || i === index);
      if (index === -1) ArrayPrototypePush(this._list, entry);
      else this._list[ArrayPrototypeFindIndex(this._list, (e) => e[0] === entry[0])] = entry;
    }
    get(name) { const key = String(name); const e = ArrayPrototypeFind(this._list, (x) => x[0] === key); return e ? e[1] : null; }
    getAll(name) { const key = String(name); return ArrayPrototypeMap(ArrayPrototypeFilter(this._list, (e) => e[0] === key), (e) => e[1]); }
    has(name) { const key = String(name); return ArrayPrototypeSome(this._list, (e) => e[0] === key); }
    delete(name) { const key = String(name); this._list = ArrayPrototypeFilter(this._list, (e) => e[0] !== key); }
    forEach(callback, thisArg) {
      const list = ArrayPrototypeSlice(this._list);
      for (let i = 0; i < list.length; i += 1) ReflectApply(callback, thisArg, [list[i][1], list[i][0], this]);
    }
    keys() { return ArrayPrototypeMap(this._list, (e) => e[0])[SymbolIterator](); }
    values() { return ArrayPrototypeMap(this._list, (e) => e[1])[SymbolIterator](); }
    entries() { return ArrayPrototypeMap(this._list, (e) => ArrayPrototypeSlice(e))[SymbolIterator](); }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'FormData'; }
  }

  // multipart/form-data as browsers write it; quotes and line breaks in names are escaped.
  function multipart(form) {
    let boundary = '----graderFormBoundary';
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    for (let i = 0; i < 16; i++) boundary += alphabet[MathFloor(MathRandom() * 36)];
    const escape = (text) => StringPrototypeReplace(StringPrototypeReplace(StringPrototypeReplace(text, /"/g, '%22'), /\r/g, '%0D'), /\n/g, '%0A');
    const chunks = [];
    const list = form._list;
    for (let i = 0; i < list.length; i += 1) {
      const name = list[i][0];
      const value = list[i][1];
      let head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + escape(name) + '"';
      if (value instanceof File) {
        head += '; filename="' + escape(value.name) + '"\r\nContent-Type: ' + (value.type || 'application/octet-stream');
        ArrayPrototypePush(chunks, bytesOf(head + '\r\n\r\n'), value._bytes, bytesOf('\r\n'));
      } else {
        ArrayPrototypePush(chunks, bytesOf(head + '\r\n\r\n' + StringPrototypeReplace(value, /\r?\n|\r/g, '\r\n') + '\r\n'));
      }
    }
    ArrayPrototypePush(chunks, bytesOf('--' + boundary + '--\r\n'));
    return record({ bytes: concat(chunks), type: 'multipart/form-data; boundary=' + boundary });
  }

  // A request or response body as bytes, with the content type it implies.
  function extractBody(body) {
    if (body === undefined || body === null) return record({ bytes: undefined, type: null });
    if (rt.URLSearchParams !== undefined && body instanceof rt.URLSearchParams) {
      return record({ bytes: bytesOf(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' });
    }
    if (body instanceof FormData) return multipart(body);
    if (body instanceof Blob) return record({ bytes: body._bytes, type: body.type || null });
    if (body instanceof ArrayBuffer || ArrayBufferIsView(body)) return record({ bytes: TypedArrayPrototypeSlice(bytesOf(body)), type: null });
    return record({ bytes: bytesOf(String(body)), type: 'text/plain;charset=UTF-8' });
  }

  // ---------------------------------------------------------------- Request, Response and fetch

  class AbortSignal {
    constructor() {
      this.aborted = false;
      this.reason = undefined;
      this._listeners = [];
      this.onabort = null;
    }
    addEventListener(type, listener) { if (type === 'abort') ArrayPrototypePush(this._listeners, listener); }
    removeEventListener(type, listener) { this._listeners = ArrayPrototypeFilter(this._listeners, (l) => l !== listener); }
    throwIfAborted() { if (this.aborted) throw this.reason; }
    static abort(reason) { const c = new AbortController(); c.abort(reason); return c.signal; }
    static timeout(ms) {
      const c = new AbortController();
      rt.setTimeout(() => c.abort(abortError('The operation timed out.', 'TimeoutError')), ms);
      return c.signal;
    }
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
      const event = record({ type: 'abort', target: signal });
      if (typeof signal.onabort === 'function') signal.onabort(event);
      const listeners = ArrayPrototypeSlice(signal._listeners);
      for (let i = 0; i < listeners.length; i += 1) listeners[i](event);
    }
  }

  class Request {
    constructor(input, init) {
      const options = init || {};
      const base = input instanceof Request ? input : null;
      if (!base) {
        const parts = host.urlParse(String(input), undefined);
        if (typeof parts === 'string') throw new TypeError(parts);
        if (parts.username || parts.password) {
          throw new TypeError('Request cannot be constructed from a URL that includes credentials: ' + parts.href);
        }
        this.url = parts.href;
      } else {
        this.url = base.url;
      }
      this.method = StringPrototypeToUpperCase(String(options.method || (base && base.method) || 'GET'));
      this.headers = new Headers(options.headers || (base && base.headers));
      this.redirect = options.redirect || (base && base.redirect) || 'follow';
      this.signal = options.signal || (base && base.signal) || new AbortSignal();
      this._body = options.body !== undefined ? options.body : base ? base._body : undefined;
    }
    get [Symbol.toStringTag]() { return 'Request'; }
  }

  // V8's wording for JSON that does not parse, which is what learners see in browsers and Node.
  function jsonError(text) {
    const trimmed = StringPrototypeTrim(text);
    if (trimmed === '') return new SyntaxError('Unexpected end of JSON input');
    const shown = text.length > 30 ? StringPrototypeSlice(text, 0, 30) + '...' : text;
    return new SyntaxError("Unexpected token '" + trimmed[0] + "', \"" + shown + '" is not valid JSON');
  }

  function parseJson(text) {
    try {
      return JSONParse(text);
    } catch (e) {
      throw jsonError(text);
    }
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
      const response = new Response(JSONStringify(data), init);
      response.headers.set('content-type', 'application/json');
      return response;
    }
    static error() { const r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
    get ok() { return this.status >= 200 && this.status <= 299; }
    _consume() {
      if (this.bodyUsed) return PromiseReject(new TypeError('Body is unusable: Body has already been read'));
      this.bodyUsed = true;
      return PromiseResolve(this._bytes);
    }
    text() { return PromisePrototypeThen(this._consume(), (bytes) => host.utf8Decode(bytes)); }
    json() { return PromisePrototypeThen(this.text(), parseJson); }
    arrayBuffer() { return PromisePrototypeThen(this._consume(), (bytes) => TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(bytes))); }
    bytes() { return PromisePrototypeThen(this._consume(), (bytes) => TypedArrayPrototypeSlice(bytes)); }
    blob() {
      const type = this.headers.get('content-type') || '';
      return PromisePrototypeThen(this._consume(), (bytes) => new Blob([bytes], { type }));
    }
    formData() {
      return PromisePrototypeThen(this.text(), (text) => {
        const form = new FormData();
        const flat = host.formParse(text);
        for (let i = 0; i < flat.length; i += 2) form.append(flat[i], flat[i + 1]);
        return form;
      });
    }
    clone() {
      if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.');
      const copy = new Response(TypedArrayPrototypeSlice(this._bytes), this);
      copy.headers = new Headers(this.headers);
      return copy;
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }

  const HOST_ERROR = rt.HOST_ERROR;
  const REDIRECTS = ['follow', 'manual', 'error'];
  const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

  // Each request's id, by which an abort ends it.
  let nextFetch = 1;

  function fetch(input, init) {
    let request;
    try {
      const target = input instanceof Request ? input
        : rt.URL !== undefined && input instanceof rt.URL ? input.href
          : input && typeof input === 'object' && 'url' in input ? input.url : String(input);
      request = new Request(target, init);
    } catch (e) {
      if (e instanceof TypeError && RegExpPrototypeTest(/credentials/, String(e.message))) return PromiseReject(e);
      return PromiseReject(new TypeError('Failed to parse URL from ' + String(input)));
    }
    const method = request.method;
    const headers = request.headers;
    const body = request._body;
    if (body !== undefined && body !== null && (method === 'GET' || method === 'HEAD')) {
      return PromiseReject(new TypeError('Request with GET/HEAD method cannot have body.'));
    }
    const extracted = extractBody(body);
    if (extracted.type && !headers.has('content-type')) headers.set('content-type', extracted.type);
    const redirect = request.redirect;
    if (!ArrayPrototypeIncludes(REDIRECTS, redirect)) {
      return PromiseReject(new TypeError("Failed to read the 'redirect' property: '" + redirect + "' is not a valid value"));
    }
    const signal = request.signal;
    if (signal.aborted) return PromiseReject(signal.reason);
    const flatHeaders = ArrayPrototypeFlat(headers._list);
    const id = nextFetch++;
    const answered = PromisePrototypeThen(host.fetch(method, request.url, flatHeaders, extracted.bytes, redirect, id), (answer) => {
      if (answer.error) {
        const error = new TypeError('fetch failed: ' + answer.message);
        error[HOST_ERROR] = answer.error;
        throw error;
      }
      const flat = answer.headers;
      const pairs = [];
      for (let i = 0; i < flat.length; i += 2) ArrayPrototypePush(pairs, [flat[i], flat[i + 1]]);
      // With `redirect: 'manual'` a browser hands back an opaque redirect: status 0, no headers,
      // no body. Set-Cookie stays readable through `getSetCookie()`, the one exception, as a
      // hint may write `Cookie`: the session challenges replay a cookie on purpose.
      if (redirect === 'manual' && ArrayPrototypeIncludes(REDIRECT_STATUSES, answer.status)) {
        const cookies = ArrayPrototypeFilter(pairs, (pair) => StringPrototypeToLowerCase(pair[0]) === 'set-cookie');
        return new Response(null, { status: 0, statusText: '', headers: cookies, url: request.url, type: 'opaqueredirect' });
      }
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
    // An abort rejects the promise at once and ends the request, as a browser's does.
    return new p.Promise((resolve, reject) => {
      signal.addEventListener('abort', () => {
        host.abortFetch(id);
        reject(signal.reason);
      });
      PromisePrototypeThen(answered, resolve, reject);
    });
  }

  function structuredClone(value) {
    const seen = new p.Map();
    function clone(v) {
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'function' || typeof v === 'symbol') {
          const error = new Error(String(v) + ' could not be cloned.');
          error.name = 'DataCloneError';
          throw error;
        }
        return v;
      }
      if (MapPrototypeHas(seen, v)) return MapPrototypeGet(seen, v);
      let out;
      if (v instanceof p.Date) out = new p.Date(p.DatePrototypeGetTime(v));
      else if (v instanceof p.RegExp) out = new p.RegExp(p.RegExpPrototypeGetSource(v), p.RegExpPrototypeGetFlags(v));
      else if (v instanceof ArrayBuffer) out = p.ArrayBufferPrototypeSlice(v, 0);
      else if (ArrayBufferIsView(v)) out = new v.constructor(v);
      else if (v instanceof Blob) out = v;
      else if (v instanceof Error) { out = new (v.constructor)(v.message); MapPrototypeSet(seen, v, out); return out; }
      else if (v instanceof p.Map) { out = new p.Map(); MapPrototypeSet(seen, v, out); MapPrototypeForEach(v, (val, key) => MapPrototypeSet(out, clone(key), clone(val))); return out; }
      else if (v instanceof p.Set) { out = new p.Set(); MapPrototypeSet(seen, v, out); SetPrototypeForEach(v, (val) => p.SetPrototypeAdd(out, clone(val))); return out; }
      else if (p.ArrayIsArray(v)) { out = []; MapPrototypeSet(seen, v, out); for (let i = 0; i < v.length; i += 1) out[i] = clone(v[i]); return out; }
      else {
        out = {};
        MapPrototypeSet(seen, v, out);
        const keys = ObjectKeys(v);
        for (let i = 0; i < keys.length; i += 1) out[keys[i]] = clone(v[keys[i]]);
        return out;
      }
      MapPrototypeSet(seen, v, out);
      return out;
    }
    return clone(value);
  }

  rt.Headers = Headers;
  rt.Blob = Blob;
  rt.File = File;
  rt.FormData = FormData;
  rt.AbortController = AbortController;
  rt.AbortSignal = AbortSignal;
  rt.Request = Request;
  rt.Response = Response;
  rt.fetch = fetch;
  rt.structuredClone = structuredClone;
  rt.jsonError = jsonError;
  return rt;
})
