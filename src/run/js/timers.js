// Owns timers and the console. A timer waits on the host, which counts it as pending work until
// it fires or is cleared, so the verdict waits for it; a callback that throws is reported to the
// host as uncaught and fails the hint. Console output goes to the host, which keeps at most
// 1 MiB of it; long text is cut here first so it is never copied whole.
(function timing(rt) {
  'use strict';
  const p = rt.p;
  const host = rt.host;
  const {
    ArrayPrototypeMap, ArrayPrototypeJoin, MathMax, Number, PromisePrototypeThen, PromiseResolve, ReflectApply, SetPrototypeAdd,
    SetPrototypeDelete, SetPrototypeHas, StringPrototypeSlice, StringPrototypeToWellFormed, record,
  } = p;
  const inspect = (value, settings) => rt.inspect(value, settings);

  let nextTimer = 1;
  // Timers not cleared, by id.
  const live = new p.Set();

  function invoke(callback, args) {
    try {
      if (typeof callback === 'function') ReflectApply(callback, undefined, args);
    } catch (error) {
      host.uncaught(error);
    }
  }

  function delayOf(delay) {
    return MathMax(0, Number(delay) || 0);
  }

  function setTimeout(callback, delay, ...args) {
    const id = nextTimer++;
    SetPrototypeAdd(live, id);
    PromisePrototypeThen(host.timer(id, delayOf(delay), false), (fired) => {
      if (!fired || !SetPrototypeDelete(live, id)) return;
      invoke(callback, args);
    });
    return id;
  }

  // Repeats until cleared. When nothing else is pending the host stops waiting for it and says so.
  function setInterval(callback, delay, ...args) {
    const id = nextTimer++;
    const ms = delayOf(delay);
    SetPrototypeAdd(live, id);
    const tick = () => PromisePrototypeThen(host.timer(id, ms, true), (fired) => {
      if (!fired || !SetPrototypeHas(live, id)) return;
      invoke(callback, args);
      if (SetPrototypeHas(live, id)) tick();
    });
    tick();
    return id;
  }

  // A microtask that throws is reported as a timer's callback is, and fails the hint; the
  // engine's own would end the job queue instead.
  function queueMicrotask(callback) {
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'queueMicrotask' on 'Window': The callback provided as parameter 1 is not a function.");
    }
    PromisePrototypeThen(PromiseResolve(), () => invoke(callback, []));
  }

  function clearTimeout(id) {
    if (SetPrototypeDelete(live, id)) host.cancelTimer(id);
  }

  // ---------------------------------------------------------------- console

  const WIDE = record({ truncate: 10000 });
  let room = host.consoleRoom();

  function write(level, text) {
    const kept = room > 0 ? StringPrototypeToWellFormed(StringPrototypeSlice(text, 0, room)) : '';
    room = host.console(level, kept, text.length);
  }

  function format(args) {
    return ArrayPrototypeJoin(ArrayPrototypeMap(args, (a) => (typeof a === 'string' ? a : inspect(a, WIDE))), ' ');
  }

  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    console[level] = (...args) => write(level, format(args));
  }
  console.dir = (value) => write('log', inspect(value, WIDE));
  console.table = console.log;
  console.assert = (condition, ...args) => {
    if (!condition) write('error', 'Assertion failed' + (args.length ? ': ' + format(args) : ''));
  };

  rt.setTimeout = setTimeout;
  rt.setInterval = setInterval;
  rt.clearTimeout = clearTimeout;
  rt.queueMicrotask = queueMicrotask;
  rt.console = console;
})
