// Owns the hint's world and the words for its failures: puts the runtime's names on the global
// object (`assert` fixed in place), `code` and `getUserInput`, and the parts loaded on first use
// (`fetch` and its types, URLs and encodings, `$`, `XMLHttpRequest`, en-US dates and `Intl`,
// `DOMParser`). Gives the host `describe`, which
// turns what a hint threw into a record, and `adopt`, which turns a thenable into a promise. The
// verdict itself is the host's: nothing here can say a hint passed.
(function running(rt) {
  'use strict';
  const p = rt.p;
  const host = rt.host;
  const {
    Number, String, ObjectDefineProperty, ObjectKeys, PromisePrototypeThen, PromiseResolve, ReflectApply,
    RegExpPrototypeExec, StringPrototypeSlice, StringPrototypeToWellFormed, record,
  } = p;
  const g = p.globalThis;
  const { AssertionError, inspect } = rt;
  // Marks errors that come from the network or from our host policy rather than from the app.
  const HOST_ERROR = p.Symbol('host error');
  rt.HOST_ERROR = HOST_ERROR;

  const code = host.url;
  function getUserInput(name) {
    return name === 'url' || name === 'solutionLink' ? code : undefined;
  }

  // Parts loaded on first use; each is a function of the runtime.
  const loaded = record({});
  function part(name) {
    if (!loaded[name]) loaded[name] = host.loadPart(name)(rt);
    return loaded[name];
  }
  rt.part = part;

  // The getter runs when hint code first names the global, after it may have replaced any
  // builtin: it uses only those captured before.
  function lazyGlobal(name, load) {
    ObjectDefineProperty(g, name, {
      configurable: true,
      get() {
        const value = load();
        ObjectDefineProperty(g, name, { value, writable: true, configurable: true });
        return value;
      },
      set(value) {
        ObjectDefineProperty(g, name, { value, writable: true, configurable: true });
      },
    });
  }
  for (const name of ['fetch', 'Headers', 'Request', 'Response', 'Blob', 'File', 'FormData', 'AbortController', 'AbortSignal', 'structuredClone']) {
    lazyGlobal(name, () => part('fetch')[name]);
  }
  for (const name of ['URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'btoa', 'atob']) {
    lazyGlobal(name, () => part('url')[name]);
  }
  lazyGlobal('$', () => part('jquery').$);
  lazyGlobal('jQuery', () => part('jquery').$);
  lazyGlobal('XMLHttpRequest', () => part('jquery').XMLHttpRequest);
  lazyGlobal('Intl', () => part('dates').Intl);
  lazyGlobal('DOMParser', () => part('dom').DOMParser);
  for (const name of ['toLocaleDateString', 'toLocaleTimeString', 'toLocaleString']) {
    ObjectDefineProperty(p.Date.prototype, name, {
      writable: true,
      configurable: true,
      value(...args) { return p.ReflectApply(part('dates').dateMethods[name], this, args); },
    });
  }

  const globals = {
    console: rt.console, setTimeout: rt.setTimeout, clearTimeout: rt.clearTimeout, setInterval: rt.setInterval,
    clearInterval: rt.clearTimeout, queueMicrotask: rt.queueMicrotask, getUserInput, code, AssertionError,
  };
  for (const name of ObjectKeys(globals)) {
    ObjectDefineProperty(g, name, { value: globals[name], writable: true, configurable: true, enumerable: false });
  }
  // The assertions a hint makes are the ones the runtime provides.
  ObjectDefineProperty(g, 'assert', { value: rt.assert, writable: false, configurable: false, enumerable: false });

  // ---------------------------------------------------------------- what a failure says

  const TEXT_LIMIT = 65536;
  // Well formed, so that a lone surrogate (or half a pair cut at the limit) reaches the host as
  // U+FFFD instead of losing the whole text.
  function text(value) {
    return StringPrototypeToWellFormed(StringPrototypeSlice(String(value), 0, TEXT_LIMIT));
  }

  // The position of the innermost frame in the hint's own source, from an error's stack.
  function location(error) {
    const stack = error && typeof error.stack === 'string' ? error.stack : '';
    const match = RegExpPrototypeExec(/\bhint:(\d+)(?::(\d+))?/, stack);
    return match ? record({ line: Number(match[1]), column: Number(match[2] || 0) }) : record({});
  }

  function withLocation(fields, error) {
    const where = location(error);
    if (where.line !== undefined) {
      fields.line = where.line;
      fields.column = where.column;
    }
    return fields;
  }

  // A record of what `error` says: `failed` for a check that failed, `errored` when the hint
  // could not run (a missing name, a refused request).
  function describe(error) {
    if (error instanceof AssertionError) {
      const fields = record({ status: 'failed', kind: 'assertion', message: text(error.message) });
      // Expected and actual are shown together or not at all: `undefined` is a value too. An
      // assertion with nothing to expect (closeTo, a type check) has no pair to show.
      const nothingExpected = error.expected === undefined && error.showDiff !== true;
      if ((error.actual !== undefined || error.expected !== undefined) && !nothingExpected) {
        fields.actual = text(rt.preview(error.actual));
        fields.expected = text(rt.preview(error.expected));
      }
      return withLocation(fields, error);
    }
    if (error !== null && typeof error === 'object' && 'responseText' in error && 'status' in error) {
      // A jQuery request failed and the hint had no failure callback for it.
      const why = error.status === 0 ? (error.cause ? String(error.cause.message) : 'no answer') : error.status + ' ' + error.statusText;
      const status = error.status === 0 ? 'errored' : 'failed';
      return record({ status, kind: 'request', message: text('a request made with $ failed: ' + why) });
    }
    if (error === null || typeof error !== 'object') {
      return record({ status: 'failed', kind: 'thrown', message: text('the hint threw ' + inspect(error)) });
    }
    const name = String(error.name || 'Error');
    const message = text(name + ': ' + String(error.message));
    if (error[HOST_ERROR]) {
      // The app did not answer: a refused connection, a refused host, a broken answer.
      return withLocation(record({ status: 'errored', kind: error[HOST_ERROR], message }), error);
    }
    const cannotRun = name === 'ReferenceError' || name === 'InternalError' || name === 'RangeError' ||
      (name === 'TypeError' && p.matches(/not a function|not a constructor/, String(error.message)));
    return withLocation(record({ status: cannotRun ? 'errored' : 'failed', kind: 'exception', message }), error);
  }

  // A native promise that follows a thenable the hint returned (a jQuery request, say). The host
  // read `then` once and hands it over; it is called in a later job, as a promise's resolution
  // calls it, and what it throws rejects the promise.
  function adopt(value, then) {
    return new p.Promise((resolve, reject) => {
      PromisePrototypeThen(PromiseResolve(undefined), () => {
        try {
          ReflectApply(then, value, [resolve, reject]);
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  rt.api = record({ describe, adopt, getUserInput });
})
