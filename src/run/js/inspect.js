// Owns how values are printed in messages: chai 4 prints them with loupe, truncating at 40
// characters, and these follow its rules, quirks included (a Map of one entry prints as `Map{}`),
// so messages read as chai's do: `inspect`, `display` (chai's objDisplay) and `preview`. Loaded
// the first time a message or the console prints a value.
(function inspection(rt) {
  'use strict';
  const p = rt.p;
  const {
    ArrayIsArray, ArrayPrototypeIndexOf, ArrayPrototypePush, ArrayPrototypePop, ArrayPrototypeSlice,
    ArrayPrototypeMap, ArrayPrototypeFilter, ArrayPrototypeSplice, ArrayPrototypeJoin,
    ObjectGetOwnPropertyNames, ObjectGetOwnPropertySymbols, ObjectGetPrototypeOf, ObjectKeys,
    ObjectPrototypeToString, StringPrototypeSlice,
    StringPrototypeCharCodeAt, NumberPrototypeToString, RegExpPrototypeGetSource,
    RegExpPrototypeGetFlags, DatePrototypeToJSON, MapPrototypeForEach, MapPrototypeGetSize,
    SetPrototypeForEach, SetPrototypeGetSize, SymbolPrototypeToString, ArrayBufferIsView,
    TypedArrayPrototypeGetLength, String, tagOf, record,
  } = p;
  const TRUNCATE = 40;
  const TAIL = '…';

  function truncate(text, length) {
    const string = String(text);
    if (TAIL.length > length && string.length > TAIL.length) return TAIL;
    if (string.length > length && string.length > TAIL.length) {
      let end = length - TAIL.length;
      if (end > 0 && isHighSurrogate(StringPrototypeCharCodeAt(string, end - 1))) end -= 1;
      return StringPrototypeSlice(string, 0, end) + TAIL;
    }
    return string;
  }

  const ESCAPES = record({ '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', "'": "\\'" });

  function isHighSurrogate(code) {
    return code >= 0xd800 && code <= 0xdbff;
  }

  // The characters loupe escapes in a quoted string: quotes, controls and invisible ones.
  function escapes(code) {
    return code === 0x27 || code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0xad ||
      (code >= 0x600 && code <= 0x604) || code === 0x70f || code === 0x17b4 || code === 0x17b5 ||
      (code >= 0x200c && code <= 0x200f) || (code >= 0x2028 && code <= 0x202f) ||
      (code >= 0x2060 && code <= 0x206f) || code === 0xfeff || code >= 0xfff0;
  }

  function quote(text, options) {
    // Only the start survives truncation, and an escape is never shorter than its character.
    const shown = (options.truncate > 1 ? options.truncate : 1) + 1;
    const end = text.length > shown ? shown : text.length;
    let escaped = '';
    for (let i = 0; i < end; i += 1) {
      const code = StringPrototypeCharCodeAt(text, i);
      if (escapes(code)) {
        escaped += ESCAPES[text[i]] || '\\u' + StringPrototypeSlice('0000' + NumberPrototypeToString(code, 16), -4);
      } else {
        escaped += text[i];
      }
    }
    return "'" + truncate(escaped, options.truncate - 2) + "'";
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
    if (typeof key === 'string') key = p.matches(/^[a-z_]\w*$/i, key) ? key : quote(key, options);
    else if (typeof key !== 'number') key = '[' + inspectValue(key, options) + ']';
    options.truncate -= key.length;
    return key + ': ' + inspectValue(entry[1], options);
  }

  function entriesOf(object, keys) {
    return ArrayPrototypeMap(keys, (k) => [k, object[k]]);
  }

  function inspectObject(object, options) {
    const names = ObjectGetOwnPropertyNames(object);
    const symbols = ObjectGetOwnPropertySymbols(object);
    if (names.length === 0 && symbols.length === 0) return '{}';
    options.truncate -= 4;
    if (ArrayPrototypeIndexOf(options.seen, object) >= 0) return '[Circular]';
    ArrayPrototypePush(options.seen, object);
    const named = inspectList(entriesOf(object, names), options, inspectProperty);
    const symbolic = inspectList(entriesOf(object, symbols), options, inspectProperty);
    ArrayPrototypePop(options.seen);
    return '{ ' + named + (named && symbolic ? ', ' : '') + symbolic + ' }';
  }

  const ERROR_KEYS = ['stack', 'line', 'column', 'name', 'message', 'fileName', 'lineNumber', 'columnNumber', 'number', 'description'];

  function inspectValue(value, options) {
    if (value === null) return 'null';
    switch (typeof value) {
      case 'undefined': return 'undefined';
      case 'boolean': return value ? 'true' : 'false';
      case 'number':
        if (value !== value) return 'NaN';
        if (value === Infinity) return 'Infinity';
        if (value === -Infinity) return '-Infinity';
        if (value === 0) return 1 / value === Infinity ? '+0' : '-0';
        return truncate(NumberPrototypeToString(value), options.truncate);
      case 'bigint': return truncate(String(value), options.truncate - 1) + 'n';
      case 'string': return quote(value, options);
      case 'symbol': return SymbolPrototypeToString(value);
      case 'function': {
        const name = typeof value.name === 'string' ? value.name : '';
        return name ? '[Function ' + truncate(name, options.truncate - 11) + ']' : '[Function]';
      }
    }
    const tag = tagOf(value);
    switch (tag) {
      case 'Array': {
        if (!ArrayIsArray(value)) break;
        const extra = ArrayPrototypeSlice(ObjectKeys(value), value.length);
        if (!value.length && !extra.length) return '[]';
        options.truncate -= 4;
        const items = inspectList(value, options, inspectValue);
        options.truncate -= items.length;
        const more = extra.length ? inspectList(entriesOf(value, extra), options, inspectProperty) : '';
        return '[ ' + items + (more ? ', ' + more : '') + ' ]';
      }
      case 'Date': {
        const json = DatePrototypeToJSON(value);
        if (json === null) return 'Invalid Date';
        const at = p.StringPrototypeIndexOf(json, 'T');
        const day = StringPrototypeSlice(json, 0, at);
        return day + 'T' + truncate(StringPrototypeSlice(json, at + 1), options.truncate - day.length - 1);
      }
      case 'RegExp': {
        const flags = RegExpPrototypeGetFlags(value);
        return '/' + truncate(RegExpPrototypeGetSource(value), options.truncate - flags.length - 2) + '/' + flags;
      }
      case 'Map': {
        // loupe prints a Map of one entry as empty; chai's messages show it so.
        const size = MapPrototypeGetSize(value);
        if (size - 1 <= 0) return 'Map{}';
        options.truncate -= 7;
        const entries = [];
        MapPrototypeForEach(value, (v, k) => ArrayPrototypePush(entries, [k, v]));
        return 'Map{ ' + inspectList(entries, options, (entry, o) => {
          o.truncate -= 4;
          const key = inspectValue(entry[0], o);
          o.truncate -= key.length;
          return key + ' => ' + inspectValue(entry[1], o);
        }) + ' }';
      }
      case 'Set': {
        if (SetPrototypeGetSize(value) === 0) return 'Set{}';
        options.truncate -= 7;
        const items = [];
        SetPrototypeForEach(value, (v) => ArrayPrototypePush(items, v));
        return 'Set{ ' + inspectList(items, options, inspectValue) + ' }';
      }
      case 'Error': {
        const keys = ArrayPrototypeFilter(ObjectGetOwnPropertyNames(value), (k) => ArrayPrototypeIndexOf(ERROR_KEYS, k) === -1);
        const name = String(value.name);
        options.truncate -= name.length;
        let message = '';
        if (typeof value.message === 'string') message = truncate(value.message, options.truncate);
        else ArrayPrototypeSplice(keys, 0, 0, 'message');
        message = message ? ': ' + message : '';
        options.truncate -= message.length + 5;
        const props = inspectList(entriesOf(value, keys), options, inspectProperty);
        return name + message + (props ? ' { ' + props + ' }' : '');
      }
      case 'Arguments': {
        if (!value.length) return 'Arguments[]';
        options.truncate -= 13;
        return 'Arguments[ ' + inspectList(p.listOf(value), options, inspectValue) + ' ]';
      }
      case 'Promise': return 'Promise{…}';
      case 'WeakMap': return 'WeakMap{…}';
      case 'WeakSet': return 'WeakSet{…}';
    }
    if (ArrayBufferIsView(value) && tag !== 'DataView') {
      const length = TypedArrayPrototypeGetLength(value);
      if (!length) return tag + '[]';
      options.truncate -= tag.length + 4;
      return tag + '[ ' + inspectList(p.listOf(value), options, inspectValue) + ' ]';
    }
    const proto = ObjectGetPrototypeOf(value);
    if (proto === p.Object.prototype || proto === null) return inspectObject(value, options);
    if ('constructor' in value && value.constructor !== p.Object) {
      let name = value[p.SymbolToStringTag] || (value.constructor && value.constructor.name) || '';
      if (typeof name !== 'string' || !name || name === '_class') name = '<Anonymous Class>';
      options.truncate -= name.length;
      return name + inspectObject(value, options);
    }
    return inspectObject(value, options);
  }

  // Renders a value as chai's messages do.
  function inspect(value, settings) {
    const limit = settings && settings.truncate !== undefined ? settings.truncate : TRUNCATE;
    return inspectValue(value, record({ truncate: limit, seen: [] }));
  }

  // chai's objDisplay: long arrays, objects and functions are summarised.
  function display(value) {
    const text = inspect(value);
    if (text.length < TRUNCATE) return text;
    const tag = ObjectPrototypeToString(value);
    if (tag === '[object Function]') return !value.name ? '[Function]' : '[Function: ' + value.name + ']';
    if (tag === '[object Array]') return '[ Array(' + value.length + ') ]';
    if (tag === '[object Object]') {
      const keys = ObjectKeys(value);
      const shown = keys.length > 2 ? ArrayPrototypeJoin(ArrayPrototypeSplice(keys, 0, 2), ', ') + ', ...' : ArrayPrototypeJoin(keys, ', ');
      return '{ Object (' + shown + ') }';
    }
    return text;
  }

  // A longer rendering kept with a failure, for the learner to compare.
  function preview(value) {
    return inspect(value, record({ truncate: 2000 }));
  }

  return record({ inspect, display, preview });
})
