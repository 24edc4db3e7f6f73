// The parts of the hint runtime few hints use, loaded on first use: jQuery's `$`,
// XMLHttpRequest, and dates formatted in en-US. The prelude hands over what they build on.
export default function (kit) {
  'use strict';
  const { host, fetch, track, noop, uncaught, Headers, URLSearchParams, FormData, Blob, jsonError, console } = kit;

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
  const dateMethods = {
    toLocaleDateString(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_DATE)); },
    toLocaleTimeString(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_TIME)); },
    toLocaleString(locales, options) { return formatDate(this, localeOptions(locales, options, Object.assign({}, NUMERIC_DATE, NUMERIC_TIME))); },
  };

  class DateTimeFormat {
    constructor(locales, options) { this._options = localeOptions(locales, options, NUMERIC_DATE); }
    format(date) { return formatDate(date === undefined ? new Date() : new Date(date), this._options); }
    resolvedOptions() { return Object.assign({ locale: 'en-US', calendar: 'gregory', numberingSystem: 'latn', timeZone: this._options.timeZone || 'UTC' }, this._options); }
  }
  const Intl = { DateTimeFormat };

  return { $, XMLHttpRequest, Intl, dateMethods };
}
