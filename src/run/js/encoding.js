// Owns URLs and text encodings: `URL` and `URLSearchParams` (WHATWG parsing and serialization
// done by the host's `url` crate), `TextEncoder`, `TextDecoder`, `btoa` and `atob`, and
// `bytesOf`, the bytes of any binary value or of a string as UTF-8.
(function encoding(rt) {
  'use strict';
  const p = rt.p;
  const host = rt.host;
  const {
    ArrayPrototypePush, ArrayPrototypeMap, ArrayPrototypeFilter, ArrayPrototypeFind, ArrayPrototypeFindIndex,
    ArrayPrototypeSome, ArrayPrototypeSort, ArrayPrototypeSlice, ArrayPrototypeFlat, ArrayFrom, ObjectKeys,
    ObjectDefineProperty, StringPrototypeToLowerCase, StringPrototypeReplace, StringPrototypeCharCodeAt,
    StringPrototypeIndexOf, RegExpPrototypeTest, WeakMapPrototypeGet, WeakMapPrototypeSet, ArrayBufferIsView,
    TypedArrayPrototypeGetBuffer, TypedArrayPrototypeGetByteOffset, TypedArrayPrototypeGetByteLength,
    ReflectApply, String, TypeError, RangeError, Error, Uint8Array, ArrayBuffer, SymbolIterator, StringFromCharCode,
  } = p;

  const PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  const partsOf = new p.WeakMap();
  const ownerOf = new p.WeakMap();

  function checkedParts(result) {
    if (typeof result === 'string') throw new TypeError(result);
    return result;
  }

  class URLSearchParams {
    constructor(init) {
      this._list = [];
      if (init === undefined || init === null) return;
      if (init instanceof URLSearchParams) {
        this._list = ArrayPrototypeMap(init._list, (pair) => ArrayPrototypeSlice(pair));
      } else if (typeof init === 'object' && typeof init[SymbolIterator] === 'function') {
        const pairs = p.pairsOf(init, 'Each query pair must be an iterable [name, value] tuple');
        for (let i = 0; i < pairs.length; i += 1) ArrayPrototypePush(this._list, [String(pairs[i][0]), String(pairs[i][1])]);
      } else if (typeof init === 'object') {
        const keys = ObjectKeys(init);
        for (let i = 0; i < keys.length; i += 1) ArrayPrototypePush(this._list, [keys[i], String(init[keys[i]])]);
      } else {
        const flat = host.formParse(String(init));
        for (let i = 0; i < flat.length; i += 2) ArrayPrototypePush(this._list, [flat[i], flat[i + 1]]);
      }
    }
    _changed() {
      const url = WeakMapPrototypeGet(ownerOf, this);
      if (url) {
        const query = this.toString();
        WeakMapPrototypeSet(partsOf, url, checkedParts(host.urlSet(url.href, 'search', query)));
      }
    }
    get size() { return this._list.length; }
    append(name, value) { ArrayPrototypePush(this._list, [String(name), String(value)]); this._changed(); }
    delete(name) { const key = String(name); this._list = ArrayPrototypeFilter(this._list, (pair) => pair[0] !== key); this._changed(); }
    get(name) { const key = String(name); const pair = ArrayPrototypeFind(this._list, (entry) => entry[0] === key); return pair ? pair[1] : null; }
    getAll(name) { const key = String(name); return ArrayPrototypeMap(ArrayPrototypeFilter(this._list, (pair) => pair[0] === key), (pair) => pair[1]); }
    has(name) { const key = String(name); return ArrayPrototypeSome(this._list, (pair) => pair[0] === key); }
    set(name, value) {
      const key = String(name);
      const index = ArrayPrototypeFindIndex(this._list, (pair) => pair[0] === key);
      if (index === -1) ArrayPrototypePush(this._list, [key, String(value)]);
      else {
        this._list[index][1] = String(value);
        this._list = ArrayPrototypeFilter(this._list, (pair, i) => i <= index || pair[0] !== key);
      }
      this._changed();
    }
    sort() { ArrayPrototypeSort(this._list, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._changed(); }
    forEach(callback, thisArg) {
      const list = ArrayPrototypeSlice(this._list);
      for (let i = 0; i < list.length; i += 1) ReflectApply(callback, thisArg, [list[i][1], list[i][0], this]);
    }
    keys() { return ArrayPrototypeMap(this._list, (pair) => pair[0])[SymbolIterator](); }
    values() { return ArrayPrototypeMap(this._list, (pair) => pair[1])[SymbolIterator](); }
    entries() { return ArrayPrototypeMap(this._list, (pair) => ArrayPrototypeSlice(pair))[SymbolIterator](); }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return host.formSerialize(ArrayPrototypeFlat(this._list)); }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  class URL {
    constructor(input, base) {
      const href = input instanceof URL ? input.href : String(input);
      const baseHref = base === undefined ? undefined : base instanceof URL ? base.href : String(base);
      WeakMapPrototypeSet(partsOf, this, checkedParts(host.urlParse(href, baseHref)));
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
        WeakMapPrototypeSet(ownerOf, params, this);
        ObjectDefineProperty(this, '_params', { value: params });
      }
      return params;
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
  }
  for (const part of PARTS) {
    const descriptor = { get() { return WeakMapPrototypeGet(partsOf, this)[part]; }, configurable: true };
    if (part !== 'origin') {
      descriptor.set = function (value) {
        WeakMapPrototypeSet(partsOf, this, checkedParts(host.urlSet(this.href, part, String(value))));
        const params = this._params;
        if (params && (part === 'search' || part === 'href')) {
          params._list = new URLSearchParams(this.search)._list;
        }
      };
    }
    ObjectDefineProperty(URL.prototype, part, descriptor);
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text) { return host.utf8Encode(text === undefined ? '' : String(text)); }
  }

  class TextDecoder {
    constructor(label) {
      const name = StringPrototypeToLowerCase(String(label === undefined ? 'utf-8' : label));
      if (name !== 'utf-8' && name !== 'utf8' && name !== 'unicode-1-1-utf-8') {
        throw new RangeError("The encoding '" + label + "' is not supported");
      }
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      return host.utf8Decode(p.bytesOf(input));
    }
  }

  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  function btoa(data) {
    const text = String(data);
    if (RegExpPrototypeTest(/[^\x00-\xff]/, text)) throw new Error("Failed to execute 'btoa': The string to be encoded contains characters outside of the Latin1 range.");
    let out = '';
    for (let i = 0; i < text.length; i += 3) {
      const a = StringPrototypeCharCodeAt(text, i);
      const b = StringPrototypeCharCodeAt(text, i + 1);
      const c = StringPrototypeCharCodeAt(text, i + 2);
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += BASE64[n >> 18] + BASE64[(n >> 12) & 63] + (i + 1 < text.length ? BASE64[(n >> 6) & 63] : '=') + (i + 2 < text.length ? BASE64[n & 63] : '=');
    }
    return out;
  }

  function atob(data) {
    const text = StringPrototypeReplace(String(data), /[\t\n\f\r ]/g, '');
    if (text.length % 4 === 1 || RegExpPrototypeTest(/[^A-Za-z0-9+/=]/, text) || RegExpPrototypeTest(/=[^=]/, text)) {
      throw new Error("Failed to execute 'atob': The string to be decoded is not correctly encoded.");
    }
    const digits = StringPrototypeReplace(text, /=+$/, '');
    let out = '';
    let bits = 0;
    let value = 0;
    for (let i = 0; i < digits.length; i += 1) {
      value = (value << 6) | StringPrototypeIndexOf(BASE64, digits[i]);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += StringFromCharCode((value >> bits) & 255);
      }
    }
    return out;
  }

  rt.URL = URL;
  rt.URLSearchParams = URLSearchParams;
  rt.TextEncoder = TextEncoder;
  rt.TextDecoder = TextDecoder;
  rt.btoa = btoa;
  rt.atob = atob;
  return rt;
})
