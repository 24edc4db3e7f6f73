// Owns dates formatted for people: `Date.prototype.toLocaleDateString`, `toLocaleTimeString`,
// `toLocaleString` and `Intl.DateTimeFormat`, in en-US, in UTC or the local time zone. QuickJS
// has no Intl, and hints compare such strings with what an app returns; these give the strings
// Node and browsers give for those options. Loaded on first use.
(function dates(rt) {
  'use strict';
  const p = rt.p;
  const {
    ArrayIsArray, ArrayPrototypeFilter, ArrayPrototypeJoin, ArrayPrototypePush, ArrayPrototypeSome, ObjectAssign,
    RegExpPrototypeTest, StringPrototypePadStart, StringPrototypeSlice, String, Number, RangeError, Date,
    DatePrototypeGetTime, record,
  } = p;
  const { console } = rt;

  const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const STYLES = record({
    full: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
    long: { year: 'numeric', month: 'long', day: 'numeric' },
    medium: { year: 'numeric', month: 'short', day: 'numeric' },
    short: { year: '2-digit', month: 'numeric', day: 'numeric' },
  });
  const TIME_STYLES = record({
    full: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    long: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    medium: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
    short: { hour: 'numeric', minute: '2-digit' },
  });
  const FIELDS = ['weekday', 'year', 'month', 'day', 'hour', 'minute', 'second'];

  function dateFields(date, options) {
    const utc = options.timeZone !== undefined && RegExpPrototypeTest(/^(utc|gmt|etc\/utc|etc\/gmt)$/i, String(options.timeZone));
    if (options.timeZone !== undefined && !utc) {
      throw new RangeError('Invalid time zone specified: ' + options.timeZone + ' (only UTC and the local time zone are supported)');
    }
    return utc
      ? record({ year: p.DatePrototypeGetUTCFullYear(date), month: p.DatePrototypeGetUTCMonth(date), day: p.DatePrototypeGetUTCDate(date), weekday: p.DatePrototypeGetUTCDay(date), hour: p.DatePrototypeGetUTCHours(date), minute: p.DatePrototypeGetUTCMinutes(date), second: p.DatePrototypeGetUTCSeconds(date) })
      : record({ year: p.DatePrototypeGetFullYear(date), month: p.DatePrototypeGetMonth(date), day: p.DatePrototypeGetDate(date), weekday: p.DatePrototypeGetDay(date), hour: p.DatePrototypeGetHours(date), minute: p.DatePrototypeGetMinutes(date), second: p.DatePrototypeGetSeconds(date) });
  }

  const pad = (n) => StringPrototypePadStart(String(n), 2, '0');

  function textual(kind, style, index) {
    const names = kind === 'weekday' ? WEEKDAYS : MONTHS;
    const name = names[index];
    return style === 'long' ? name : style === 'narrow' ? name[0] : StringPrototypeSlice(name, 0, 3);
  }

  function formatDatePart(f, o) {
    const year = o.year === undefined ? null : o.year === '2-digit' ? pad(f.year % 100) : String(f.year);
    const day = o.day === undefined ? null : o.day === '2-digit' ? pad(f.day) : String(f.day);
    const weekday = o.weekday === undefined ? null : textual('weekday', o.weekday, f.weekday);
    let text;
    if (o.month === undefined || o.month === 'numeric' || o.month === '2-digit') {
      const month = o.month === undefined ? null : o.month === '2-digit' ? pad(f.month + 1) : String(f.month + 1);
      text = ArrayPrototypeJoin(ArrayPrototypeFilter([month, day, year], (x) => x !== null), '/');
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
    if (o.hour !== undefined) ArrayPrototypePush(parts, o.hour === '2-digit' || !twelve ? pad(hour) : String(hour));
    if (o.minute !== undefined) ArrayPrototypePush(parts, parts.length ? pad(f.minute) : String(f.minute));
    if (o.second !== undefined) ArrayPrototypePush(parts, parts.length ? pad(f.second) : String(f.second));
    let text = ArrayPrototypeJoin(parts, ':');
    if (twelve && o.hour !== undefined) text += ' ' + (f.hour < 12 ? 'AM' : 'PM');
    return text;
  }

  function localeOptions(locales, options, defaults) {
    if (locales !== undefined && locales !== null) {
      const list = ArrayIsArray(locales) ? locales : [locales];
      if (list.length && !RegExpPrototypeTest(/^en(-US)?$/i, String(list[0]))) {
        console.warn('dates are formatted in en-US; `' + list[0] + '` is not supported');
      }
    }
    const o = ObjectAssign(record({}), options);
    if (o.dateStyle) ObjectAssign(o, STYLES[o.dateStyle]);
    if (o.timeStyle) ObjectAssign(o, TIME_STYLES[o.timeStyle]);
    if (!ArrayPrototypeSome(FIELDS, (k) => o[k] !== undefined)) ObjectAssign(o, defaults);
    return o;
  }

  function formatDate(date, o) {
    if (p.NumberIsNaN(DatePrototypeGetTime(date))) return 'Invalid Date';
    const f = dateFields(date, o);
    const datePart = formatDatePart(f, o);
    const timePart = formatTimePart(f, o);
    return datePart && timePart ? datePart + ', ' + timePart : datePart || timePart;
  }

  const NUMERIC_DATE = { year: 'numeric', month: 'numeric', day: 'numeric' };
  const NUMERIC_TIME = { hour: 'numeric', minute: '2-digit', second: '2-digit' };
  const NUMERIC_BOTH = ObjectAssign({}, NUMERIC_DATE, NUMERIC_TIME);
  const dateMethods = record({
    toLocaleDateString(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_DATE)); },
    toLocaleTimeString(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_TIME)); },
    toLocaleString(locales, options) { return formatDate(this, localeOptions(locales, options, NUMERIC_BOTH)); },
  });

  class DateTimeFormat {
    constructor(locales, options) { this._options = localeOptions(locales, options, NUMERIC_DATE); }
    format(date) { return formatDate(date === undefined ? new Date() : new Date(date), this._options); }
    resolvedOptions() {
      return ObjectAssign({ locale: 'en-US', calendar: 'gregory', numberingSystem: 'latn', timeZone: this._options.timeZone || 'UTC' }, this._options);
    }
  }

  return record({ Intl: { DateTimeFormat }, dateMethods });
})
