// Owns jQuery's `$` (the ajax part: `$.get`, `$.post`, `$.getJSON`, `$.ajax`) and
// `XMLHttpRequest`, both over the runtime's `fetch`. Loaded on first use. Callbacks are chained
// with the captured `then` and fired from copies of the listener lists, so a hint cannot keep
// them from running; a callback that throws fails the hint, as it would fail freeCodeCamp's.
(function jquery(rt) {
  'use strict';
  const p = rt.p;
  const host = rt.host;
  const {
    ArrayIsArray, ArrayPrototypeFlat, ArrayPrototypeFilter, ArrayPrototypeMap, ArrayPrototypeJoin,
    ArrayPrototypeConcat, ArrayPrototypePush, ArrayPrototypeForEach, ObjectKeys, ObjectAssign, JSONParse,
    PromisePrototypeThen, ReflectApply, RegExpPrototypeTest, StringPrototypeIncludes, StringPrototypeToUpperCase,
    String, TypeError, Error, Uint8Array, ArrayBuffer, ArrayBufferIsView, record,
  } = p;
  const { fetch, Headers, FormData, Blob, jsonError } = rt.part('fetch');
  const { URLSearchParams } = rt.part('url');
  const { console } = rt;
  const noop = () => {};

  function formBody(data) {
    if (data === undefined || data === null) return undefined;
    if (typeof data === 'string') return data;
    if (data instanceof URLSearchParams) return data.toString();
    const params = new URLSearchParams();
    const keys = ObjectKeys(data);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      const value = data[key];
      if (ArrayIsArray(value)) ArrayPrototypeForEach(value, (v) => params.append(key + '[]', v));
      else params.append(key, value === undefined || value === null ? '' : value);
    }
    return params.toString();
  }

  function headerLines(headers, end) {
    return ArrayPrototypeJoin(ArrayPrototypeMap(headers._sorted(), (pair) => pair[0] + ': ' + pair[1] + end), end ? '' : '\r\n');
  }

  // An xhr-like object, as jQuery hands to callbacks and rejections.
  function jqXHR(status, statusText, text, headers) {
    const xhr = { readyState: 4, status, statusText, responseText: text };
    xhr.getResponseHeader = (name) => (headers ? headers.get(name) : null);
    xhr.getAllResponseHeaders = () => (headers ? headerLines(headers, '') : '');
    return xhr;
  }

  // jQuery's promise: `then` and `catch` chain like a Promise; `done`, `fail`, `always` return
  // the same object. Callbacks receive jQuery's arguments: (data, textStatus, xhr) on success,
  // (xhr, textStatus, error) on failure.
  function jqPromise(settled) {
    const jq = {
      then(onDone, onFail) {
        return PromisePrototypeThen(settled,
          (args) => (typeof onDone === 'function' ? ReflectApply(onDone, undefined, args) : args[0]),
          (args) => {
            if (typeof onFail === 'function') return ReflectApply(onFail, undefined, args);
            throw args[0];
          });
      },
      catch(onFail) { return jq.then(undefined, onFail); },
      done(...callbacks) {
        const list = ArrayPrototypeFlat(callbacks);
        for (let i = 0; i < list.length; i += 1) {
          const callback = list[i];
          PromisePrototypeThen(settled, (args) => ReflectApply(callback, undefined, args), noop);
        }
        return jq;
      },
      fail(...callbacks) {
        const list = ArrayPrototypeFlat(callbacks);
        for (let i = 0; i < list.length; i += 1) {
          const callback = list[i];
          PromisePrototypeThen(settled, noop, (args) => ReflectApply(callback, undefined, args));
        }
        return jq;
      },
      always(...callbacks) {
        const list = ArrayPrototypeFlat(callbacks);
        for (let i = 0; i < list.length; i += 1) {
          const callback = list[i];
          const call = (args) => ReflectApply(callback, undefined, args);
          PromisePrototypeThen(settled, call, call);
        }
        return jq;
      },
      promise() { return jq; },
    };
    return jq;
  }

  function isSuccess(status) {
    return (status >= 200 && status < 300) || status === 304;
  }

  function ajax(urlOrSettings, maybeSettings) {
    // Copied onto an object with no prototype: a setter a hint put on `Object.prototype` cannot
    // catch `success` or `error` on the way.
    const settings = typeof urlOrSettings === 'string'
      ? ObjectAssign(record({}), maybeSettings, { url: urlOrSettings })
      : ObjectAssign(record({}), urlOrSettings);
    const method = StringPrototypeToUpperCase(String(settings.method || settings.type || 'GET'));
    let url = String(settings.url === undefined ? '' : settings.url);
    const headers = new Headers(settings.headers);
    let body;
    const data = settings.data;
    if (method === 'GET' || method === 'HEAD') {
      const query = formBody(data);
      if (query) url += (StringPrototypeIncludes(url, '?') ? '&' : '?') + query;
    } else if (data !== undefined && data !== null) {
      const raw = data instanceof FormData || data instanceof Blob || data instanceof URLSearchParams || data instanceof ArrayBuffer || ArrayBufferIsView(data);
      body = raw ? data : settings.processData === false || typeof data === 'string' ? String(data) : formBody(data);
      const type = settings.contentType === undefined ? 'application/x-www-form-urlencoded; charset=UTF-8' : settings.contentType;
      if (type !== false && !headers.has('content-type') && !raw) headers.set('content-type', type);
    }
    const jsonType = (type) => RegExpPrototypeTest(/[/+]json\b/i, type);
    const settled = PromisePrototypeThen(fetch(url, { method, headers, body }),
      (res) => PromisePrototypeThen(res.text(), (text) => {
        const xhr = jqXHR(res.status, res.statusText, text, res.headers);
        const type = res.headers.get('content-type') || '';
        const wantsJson = settings.dataType === 'json' || (!settings.dataType && jsonType(type));
        let value = text;
        if (jsonType(type) || settings.dataType === 'json') {
          try {
            xhr.responseJSON = JSONParse(text);
          } catch (e) {
            if (wantsJson && isSuccess(res.status)) throw [xhr, 'parsererror', jsonError(text)];
          }
          if (wantsJson) value = xhr.responseJSON;
        }
        if (isSuccess(res.status)) return [value, 'success', xhr];
        throw [xhr, 'error', res.statusText];
      }),
      (error) => {
        if (ArrayIsArray(error)) throw error;
        const xhr = jqXHR(0, 'error', '', null);
        xhr.cause = error;
        throw [xhr, 'error', error];
      });
    // Rejections surface through the promises the hint chains on, not through this one.
    PromisePrototypeThen(settled, noop, noop);
    const jq = jqPromise(settled);
    if (settings.success) jq.done(settings.success);
    if (settings.error) jq.fail(settings.error);
    if (settings.complete) jq.always(() => settings.complete());
    jq.abort = noop;
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
  ObjectAssign($, {
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
  // fails the hint, since that is where a hint's checks run. Whether an event is at DONE is the
  // runtime's own knowledge, never `readyState`, which a hint can redefine or a handler reset.
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
      this._listeners = record({});
      this._answer = null;
      this._aborted = false;
      this._controller = null;
    }
    open(method, url) {
      this._method = StringPrototypeToUpperCase(String(method));
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
      return headerLines(this._answer.headers, '\r\n');
    }
    overrideMimeType() {}
    addEventListener(type, listener) {
      const list = this._listeners[type] || (this._listeners[type] = []);
      ArrayPrototypePush(list, listener);
    }
    removeEventListener(type, listener) {
      this._listeners[type] = ArrayPrototypeFilter(this._listeners[type] || [], (l) => l !== listener);
    }
    abort() {
      this._aborted = true;
      if (this._controller) this._controller.abort();
      if (this.readyState > 0 && this.readyState < 4) {
        this._state(4);
        this._fire('abort', undefined, true);
        this._fire('loadend', undefined, true);
      }
      this.readyState = 0;
    }
    send(body) {
      if (this.readyState !== 1) throw new Error("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.");
      // abort() ends the request itself, not only its events.
      this._controller = new rt.AbortController();
      const init = { method: this._method, headers: this._headers, signal: this._controller.signal };
      if (body !== undefined && body !== null && this._method !== 'GET' && this._method !== 'HEAD') init.body = body;
      PromisePrototypeThen(fetch(this._url, init),
        (response) => PromisePrototypeThen(response.arrayBuffer(), (buffer) => {
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
          this._fire('load', undefined, true);
          this._fire('loadend', undefined, true);
        }),
        (error) => {
          if (this._aborted) return;
          this._state(4);
          this._fire('error', error, true);
          this._fire('loadend', undefined, true);
        });
    }
    _convert(text, buffer, response) {
      switch (this.responseType) {
        case 'json':
          try { return JSONParse(text); } catch (e) { return null; }
        case 'arraybuffer': return buffer;
        case 'blob': return new Blob([buffer], { type: response.headers.get('content-type') || '' });
        default: return text;
      }
    }
    _state(state) {
      this.readyState = state;
      this._fire('readystatechange', undefined, state === 4);
    }
    _fire(type, cause, done) {
      const event = { type, target: this, currentTarget: this, cause };
      const candidates = ArrayPrototypeConcat([this['on' + type]], this._listeners[type] || []);
      const handlers = ArrayPrototypeFilter(candidates, (h) => typeof h === 'function');
      for (let i = 0; i < handlers.length; i += 1) {
        try {
          ReflectApply(handlers[i], this, [event]);
        } catch (error) {
          if (done) host.uncaught(error);
          else console.error('Uncaught (in an XMLHttpRequest ' + type + ' handler before DONE)', error && error.message !== undefined ? error.message : error);
        }
      }
    }
  }
  ObjectAssign(XMLHttpRequest, { UNSENT: 0, OPENED: 1, HEADERS_RECEIVED: 2, LOADING: 3, DONE: 4 });

  return record({ $, XMLHttpRequest });
})
