//! Runs one hint's JavaScript in a fresh QuickJS engine with the browser-like runtime installed,
//! and decides its verdict from engine state that hint code cannot reach: the native state of
//! the hint's promise, host-side counts of the work it left pending, the engine's rejection
//! tracker, and an allocator that knows when memory ran out. The only user of rquickjs.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::Poll;
use std::time::{Duration, Instant};

use rquickjs::allocator::Allocator;
use rquickjs::context::EvalOptions;
use rquickjs::module::WriteOptions;
use rquickjs::promise::{PromiseState, Promised};
use rquickjs::{
    qjs, ArrayBuffer, AsyncContext, AsyncRuntime, Context, Ctx, Exception, Function, IntoJs,
    Module, Object, Persistent, Runtime, TypedArray, Value,
};

use super::budget::Budget;
use super::http::{self, FetchError, RedirectMode};
use super::web;

/// The runtime every hint gets, in load order; each file says what it owns. Concatenated into
/// one module so that it compiles to one piece of bytecode.
const BUNDLE: &str = concat!(
    "export default function (host) {\n'use strict';\nconst rt = { __proto__: null, host };\n",
    include_str!("js/primordials.js"),
    "(rt);\n",
    include_str!("js/assert.js"),
    "(rt);\n",
    include_str!("js/timers.js"),
    "(rt);\n",
    include_str!("js/runner.js"),
    "(rt);\nreturn rt.api;\n}\n"
);

/// Parts loaded on first use, each a function of the runtime, so that a hint pays only for what
/// it touches: printing values for messages, `fetch` and its types, URLs and encodings, jQuery
/// and XMLHttpRequest, en-US dates, and the DOM.
const PARTS: [(&str, &str); 6] = [
    (
        "inspect",
        concat!("export default ", include_str!("js/inspect.js")),
    ),
    (
        "fetch",
        concat!("export default ", include_str!("js/fetch.js")),
    ),
    (
        "url",
        concat!("export default ", include_str!("js/encoding.js")),
    ),
    (
        "jquery",
        concat!("export default ", include_str!("js/jquery.js")),
    ),
    (
        "dates",
        concat!("export default ", include_str!("js/dates.js")),
    ),
    ("dom", concat!("export default ", include_str!("js/dom.js"))),
];

/// The file name hint code is compiled under; positions are read back from stacks by it.
const HINT_FILE: &str = "hint";

/// The note on a hint that left an interval running; reporters recognize it to word it.
pub const INTERVAL_CLEARED: &str =
    "an interval (setInterval) was still running when nothing else was pending; it was cleared";

/// Console output kept per hint, in bytes and in lines.
pub const CONSOLE_BYTES: usize = 1 << 20;
const CONSOLE_LINES: usize = 10_000;
/// The longest message, expected or actual value kept from a hint.
const TEXT_LIMIT: usize = 64 << 10;
/// Allocated bytes after which the engine collects garbage.
const GC_THRESHOLD: usize = 8 << 20;
/// Errors thrown by timer callbacks, and rejections nobody handled, remembered per hint.
const KEPT_ERRORS: usize = 256;

/// The runtime compiled to QuickJS bytecode once per worker, so that each fresh engine loads it
/// instead of parsing its source again.
pub struct Prelude {
    bundle: Vec<u8>,
    parts: [OnceCell<Vec<u8>>; PARTS.len()],
}

impl Prelude {
    pub fn compile() -> Result<Rc<Prelude>, String> {
        let fail = |e: rquickjs::Error| format!("could not compile the hint runtime: {e}");
        let runtime = Runtime::new().map_err(fail)?;
        let context = Context::full(&runtime).map_err(fail)?;
        let bundle = context.with(|ctx| {
            let module = Module::declare(ctx.clone(), "runtime", BUNDLE).map_err(|e| {
                let thrown = thrown(&ctx, e);
                rquickjs::Error::new_from_js_message("source", "bytecode", thrown.text())
            })?;
            module.write(lean())
        });
        Ok(Rc::new(Prelude {
            bundle: bundle.map_err(fail)?,
            parts: Default::default(),
        }))
    }

    /// The bytecode of a lazily loaded part, compiled on first use.
    fn part(&self, ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<&[u8]> {
        let index = PARTS
            .iter()
            .position(|(n, _)| *n == name)
            .ok_or_else(|| rquickjs::Error::new_from_js("part", "module"))?;
        if self.parts[index].get().is_none() {
            let bytes = Module::declare(ctx.clone(), name, PARTS[index].1)?.write(lean())?;
            let _ = self.parts[index].set(bytes);
        }
        Ok(self.parts[index].get().map_or(&[][..], Vec::as_slice))
    }

    fn load<'js, T: rquickjs::FromJs<'js>>(ctx: &Ctx<'js>, bytecode: &[u8]) -> rquickjs::Result<T> {
        // SAFETY: the bytes were written by `compile` or `part` above, by this same QuickJS build.
        let module = unsafe { Module::load(ctx.clone(), bytecode)? };
        let (module, _) = module.eval()?;
        module.get("default")
    }
}

/// Bytecode without the runtime's source text and line tables: smaller, so quicker to load into
/// every fresh engine. Positions in hint code come from the hint's own compilation, not these.
fn lean() -> WriteOptions {
    WriteOptions {
        strip_source: true,
        strip_debug: true,
        ..WriteOptions::default()
    }
}

/// A hint that does not compile: the engine's message and the position in the hint's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub position: Option<(u32, u32)>,
}

/// Compiles hint code without running any of it, with the wrappers the runner uses, in one
/// engine reused for many hints (one per thread: engines cannot move between threads). The
/// engine is asked to compile only, so code that closes a wrapper early still runs nothing.
pub struct SyntaxChecker {
    context: Context,
    _runtime: Runtime,
}

impl SyntaxChecker {
    pub fn new() -> Result<SyntaxChecker, String> {
        let fail = |e: rquickjs::Error| format!("could not start the JavaScript engine: {e}");
        let runtime = Runtime::new().map_err(fail)?;
        runtime.set_memory_limit(64 << 20);
        runtime.set_max_stack_size(1 << 20);
        let context = Context::full(&runtime).map_err(fail)?;
        Ok(SyntaxChecker {
            context,
            _runtime: runtime,
        })
    }

    pub fn check(&self, code: &str) -> Result<(), SyntaxError> {
        self.context.with(|ctx| {
            // Hint code compiles when either wrapper takes it. Nearly all code that is valid at
            // all is valid as a body, so that is tried first, and its error is the one reported.
            let body = compile_only(&ctx, &body_wrapper(code));
            let Err(thrown) = body else { return Ok(()) };
            let expression = code.trim_end().trim_end_matches(';');
            if compile_only(&ctx, &expression_wrapper(expression)).is_ok() {
                return Ok(());
            }
            let thrown = at_code_end(thrown, code);
            Err(SyntaxError {
                message: thrown.text(),
                position: thrown.position,
            })
        })
    }
}

/// Compiles a script and throws the result away, never evaluating it.
fn compile_only(ctx: &Ctx<'_>, source: &str) -> Result<(), Thrown> {
    let Ok(text) = std::ffi::CString::new(source) else {
        return Err(Thrown::plain(
            "SyntaxError",
            "the code holds a NUL character",
        ));
    };
    let file = std::ffi::CString::new(HINT_FILE).unwrap_or_default();
    let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    // SAFETY: a live context, NUL-terminated source of the given length, and a value whose
    // ownership passes to `Value`, which frees it.
    let compiled = unsafe {
        let raw = qjs::JS_Eval(
            ctx.as_raw().as_ptr(),
            text.as_ptr(),
            source.len() as _,
            file.as_ptr(),
            flags,
        );
        Value::from_raw(ctx.clone(), raw)
    };
    if compiled.is_exception() {
        return Err(thrown(ctx, rquickjs::Error::Exception));
    }
    Ok(())
}

/// Bounds on one hint's run.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub memory: usize,
    pub stack: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed,
    Errored,
    TimedOut,
}

/// What the engine learned from one hint, before the runner maps positions to files.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineOutcome {
    pub verdict: Verdict,
    pub message: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Line and column in the hint's code (from 1), where the failure was raised.
    pub position: Option<(u32, u32)>,
    pub console: Vec<String>,
    pub exchanges: Vec<http::Exchange>,
    /// Requests made after the log was full.
    pub omitted_requests: u64,
    pub cors: Vec<String>,
    /// What the runtime did on the hint's behalf, such as clearing an interval it left running.
    pub notes: Vec<String>,
    /// The first request that carried a cookie.
    pub cookie_sent: Option<String>,
}

impl EngineOutcome {
    pub fn new(verdict: Verdict, message: Option<String>) -> Self {
        EngineOutcome {
            verdict,
            message,
            expected: None,
            actual: None,
            position: None,
            console: Vec::new(),
            exchanges: Vec::new(),
            omitted_requests: 0,
            cors: Vec::new(),
            notes: Vec::new(),
            cookie_sent: None,
        }
    }
}

/// One hint to run.
pub struct Job<'a> {
    pub url: &'a str,
    pub code: &'a str,
    pub policy: http::Policy,
    pub limits: Limits,
}

/// Runs a hint and returns its verdict. Never panics on bad code.
pub async fn run_hint(prelude: &Rc<Prelude>, client: &http::Client, job: Job<'_>) -> EngineOutcome {
    let started = Instant::now();
    let deadline = started + job.limits.timeout;
    let budget = Rc::new(Budget::new(job.limits.memory));
    let session = Rc::new(http::Session::new(job.policy.clone(), budget.clone()));
    let watch = Rc::new(Watch::default());
    let mut outcome =
        match run_in_engine(prelude, client, &job, deadline, &budget, &session, &watch).await {
            Ok(outcome) => outcome,
            Err(message) => EngineOutcome::new(Verdict::Errored, Some(message)),
        };
    // Whatever the hint made of its exceptions, a refused allocation means it ran out of memory;
    // and nothing it finished after its deadline counts.
    if budget.exhausted() {
        outcome = EngineOutcome::new(
            Verdict::Errored,
            Some(format!(
                "the hint ran out of memory (its limit is {} MiB)",
                job.limits.memory >> 20
            )),
        );
    } else if outcome.verdict != Verdict::TimedOut && Instant::now() > deadline {
        outcome = EngineOutcome::new(Verdict::TimedOut, None);
    }
    if outcome.verdict == Verdict::TimedOut {
        outcome.message = Some(timeout_message(job.limits.timeout, &session));
        outcome.position = None;
    }
    let mut console = watch.console.take();
    for warning in session.warnings.take() {
        console.push_line(&format!("[warn] {warning}"));
    }
    outcome.console = console.finish();
    outcome.exchanges = session.exchanges.take();
    outcome.omitted_requests = session.omitted.get();
    outcome.cors = session.cors.take();
    outcome.cookie_sent = session.cookie_sent.take();
    outcome.notes.extend(watch.notes.take());
    outcome
}

/// What the verdict is decided from, beyond the hint's promise; filled by host functions and the
/// engine's hooks, never by hint code.
#[derive(Default)]
struct Watch {
    /// Fetches and timeouts started and not yet finished.
    work: Cell<usize>,
    /// Interval ticks waiting.
    intervals: Cell<usize>,
    /// Timers that can still be cancelled, by id.
    timers: RefCell<HashMap<u32, Rc<tokio::sync::Notify>>>,
    /// Errors thrown by timer and request callbacks, as a browser would report them uncaught.
    uncaught: RefCell<Vec<Persistent<Value<'static>>>>,
    uncaught_more: Cell<bool>,
    /// Rejected promises no handler has been attached to, with their reasons.
    unhandled: RefCell<Vec<(Persistent<Value<'static>>, Persistent<Value<'static>>)>>,
    /// Unhandled rejections beyond those kept, less those handled later.
    unhandled_more: Cell<usize>,
    console: RefCell<Console>,
    notes: RefCell<Vec<String>>,
}

impl Watch {
    fn rejection<'js>(
        &self,
        ctx: &Ctx<'js>,
        promise: Value<'js>,
        reason: Value<'js>,
        handled: bool,
    ) {
        let mut unhandled = self.unhandled.borrow_mut();
        if handled {
            let position = unhandled
                .iter()
                .position(|(p, _)| p.clone().restore(ctx).is_ok_and(|p| p == promise));
            match position {
                Some(index) => {
                    unhandled.swap_remove(index);
                }
                None => self
                    .unhandled_more
                    .set(self.unhandled_more.get().saturating_sub(1)),
            }
        } else if unhandled.len() < KEPT_ERRORS {
            unhandled.push((
                Persistent::save(ctx, promise),
                Persistent::save(ctx, reason),
            ));
        } else {
            self.unhandled_more.set(self.unhandled_more.get() + 1);
        }
    }

    /// Drops every value kept from the engine; must run while the engine is alive.
    fn forget(&self) {
        self.uncaught.borrow_mut().clear();
        self.unhandled.borrow_mut().clear();
        self.timers.borrow_mut().clear();
    }
}

/// A piece of work the verdict waits for, counted from the moment it starts until it ends or is
/// dropped with the engine.
struct Pending {
    watch: Rc<Watch>,
    interval: bool,
}

impl Pending {
    fn start(watch: &Rc<Watch>, interval: bool) -> Pending {
        let counter = if interval {
            &watch.intervals
        } else {
            &watch.work
        };
        counter.set(counter.get() + 1);
        Pending {
            watch: watch.clone(),
            interval,
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let counter = if self.interval {
            &self.watch.intervals
        } else {
            &self.watch.work
        };
        counter.set(counter.get().saturating_sub(1));
    }
}

/// The hint's console, capped in bytes and lines.
#[derive(Default)]
struct Console {
    lines: Vec<String>,
    bytes: usize,
    dropped_lines: usize,
    dropped_bytes: usize,
}

impl Console {
    /// Room left, in bytes, so the runtime can cut long text before handing it over.
    fn room(&self) -> usize {
        CONSOLE_BYTES.saturating_sub(self.bytes)
    }

    fn push_line(&mut self, text: &str) {
        let room = self.room();
        if room == 0 || self.lines.len() >= CONSOLE_LINES {
            self.dropped_lines += 1;
            self.dropped_bytes += text.len();
            return;
        }
        if text.len() <= room {
            self.bytes += text.len();
            self.lines.push(text.to_string());
        } else {
            let mut end = room;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            self.bytes = CONSOLE_BYTES;
            self.dropped_bytes += text.len() - end;
            self.lines.push(text[..end].to_string());
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped_bytes > 0 || self.dropped_lines > 0 {
            self.lines.push(format!(
                "… console output cut at {} KiB: {} more bytes in {} more lines were not kept",
                CONSOLE_BYTES >> 10,
                self.dropped_bytes,
                self.dropped_lines
            ));
        }
        self.lines
    }
}

/// An allocator that charges every allocation to the hint's budget and refuses what is over it,
/// so the host knows for certain when the hint ran out of memory, whatever the hint made of the
/// exception. Each block carries its size in a 16-byte header.
struct Charged(Rc<Budget>);

const HEADER: usize = 16;

impl Charged {
    /// A block of `size` bytes after its header, zeroed when asked, if the budget allows it.
    fn charge(&mut self, size: usize, zeroed: bool) -> *mut u8 {
        let Some(total) = size.checked_add(HEADER) else {
            return std::ptr::null_mut();
        };
        if !self.0.reserve(total) {
            return std::ptr::null_mut();
        }
        // SAFETY: a non-zero size; the header is written inside the block.
        unsafe {
            let base = if zeroed {
                libc::calloc(1, total)
            } else {
                libc::malloc(total)
            }
            .cast::<u8>();
            if base.is_null() {
                self.0.release(total);
                return base;
            }
            base.cast::<usize>().write(size);
            base.add(HEADER)
        }
    }
}

unsafe impl Allocator for Charged {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        self.charge(size, false)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        match count.checked_mul(size) {
            Some(total) => self.charge(total, true),
            None => std::ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        if ptr.is_null() {
            return;
        }
        // SAFETY: `ptr` came from `charge` or `realloc` above, so a header precedes it.
        unsafe {
            let base = ptr.sub(HEADER);
            self.0.release(base.cast::<usize>().read() + HEADER);
            libc::free(base.cast());
        }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        let Some(total) = new_size.checked_add(HEADER) else {
            return std::ptr::null_mut();
        };
        // SAFETY: `ptr` came from this allocator, so a header precedes it.
        unsafe {
            let base = ptr.sub(HEADER);
            let old = base.cast::<usize>().read();
            if new_size > old && !self.0.reserve(new_size - old) {
                return std::ptr::null_mut();
            }
            let moved = libc::realloc(base.cast(), total).cast::<u8>();
            if moved.is_null() {
                if new_size > old {
                    self.0.release(new_size - old);
                }
                return moved;
            }
            if new_size < old {
                self.0.release(old - new_size);
            }
            moved.cast::<usize>().write(new_size);
            moved.add(HEADER)
        }
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: `ptr` came from this allocator, so a header precedes it.
        unsafe { ptr.sub(HEADER).cast::<usize>().read() }
    }
}

async fn run_in_engine(
    prelude: &Rc<Prelude>,
    client: &http::Client,
    job: &Job<'_>,
    deadline: Instant,
    budget: &Rc<Budget>,
    session: &Rc<http::Session>,
    watch: &Rc<Watch>,
) -> Result<EngineOutcome, String> {
    let runtime = AsyncRuntime::new_with_alloc(Charged(budget.clone()))
        .map_err(|e| format!("could not start the JavaScript engine: {e}"))?;
    runtime.set_max_stack_size(job.limits.stack).await;
    // The engine lives for one hint and is freed whole; collecting before it holds a few MiB only
    // slows every hint down. The budget still bounds what it may hold.
    runtime.set_gc_threshold(GC_THRESHOLD).await;
    runtime
        .set_interrupt_handler(Some(Box::new(move || Instant::now() >= deadline)))
        .await;
    let tracked = watch.clone();
    runtime
        .set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
            tracked.rejection(&ctx, promise, reason, handled);
        })))
        .await;
    let context = AsyncContext::full(&runtime)
        .await
        .map_err(|e| format!("could not start the JavaScript engine: {e}"))?;
    let work = context.async_with(async |ctx| {
        let outcome = drive(&ctx, prelude, client, job, session, watch).await;
        watch.forget();
        outcome
    });
    let outcome = match tokio::time::timeout_at(deadline.into(), work).await {
        Ok(outcome) => outcome,
        Err(_) => {
            // The hint was cut off at an await; what it kept is dropped while the engine lives.
            context.with(|_ctx| watch.forget()).await;
            EngineOutcome::new(Verdict::TimedOut, None)
        }
    };
    runtime.set_host_promise_rejection_tracker(None).await;
    Ok(outcome)
}

/// Installs the runtime, runs the hint to its end and waits for the work it left pending.
async fn drive<'js>(
    ctx: &Ctx<'js>,
    prelude: &Rc<Prelude>,
    client: &http::Client,
    job: &Job<'_>,
    session: &Rc<http::Session>,
    watch: &Rc<Watch>,
) -> EngineOutcome {
    let api = match install(ctx, prelude, client, job.url, session, watch) {
        Ok(api) => api,
        Err(err) => return thrown(ctx, err).outcome("could not install the hint runtime"),
    };
    let hint = match compile(ctx, job.code) {
        Ok(hint) => hint,
        Err(thrown) => return thrown.outcome("the hint does not compile"),
    };
    let mut settled = match hint.call::<_, Value>(()) {
        Ok(value) => settle(ctx, &api, value).await,
        Err(err) => Err(caught(ctx, err)),
    };
    // The getUserInput shape: the hint gave back a function to call with it.
    if let Ok(value) = &settled {
        if let Some(function) = value.as_function() {
            let get_user_input: Value = api
                .get("getUserInput")
                .unwrap_or_else(|_| Value::new_undefined(ctx.clone()));
            settled = match function.call::<_, Value>((get_user_input,)) {
                Ok(value) => settle(ctx, &api, value).await,
                Err(err) => Err(caught(ctx, err)),
            };
        }
    }
    let failure = match settled {
        Err(Failure::Interrupted) => return EngineOutcome::new(Verdict::TimedOut, None),
        Err(Failure::Threw(reason)) => Some(reason),
        Ok(_) => {
            if !wait_for_pending(ctx, watch).await {
                return EngineOutcome::new(Verdict::TimedOut, None);
            }
            first_failure(ctx, watch)
        }
    };
    match failure {
        None => EngineOutcome::new(Verdict::Passed, None),
        Some(reason) => describe(ctx, &api, reason),
    }
}

/// How a hint's promise ended when it did not fulfil.
enum Failure<'js> {
    Threw(Value<'js>),
    /// The deadline passed while the engine was running code.
    Interrupted,
}

fn caught<'js>(ctx: &Ctx<'js>, err: rquickjs::Error) -> Failure<'js> {
    if !matches!(err, rquickjs::Error::Exception) {
        return Failure::Threw(
            err.to_string()
                .into_js(ctx)
                .unwrap_or_else(|_| Value::new_undefined(ctx.clone())),
        );
    }
    let value = ctx.catch();
    if value.is_uncatchable_error() {
        Failure::Interrupted
    } else {
        Failure::Threw(value)
    }
}

/// Waits for `value` to settle: a native promise by its own state, any other thenable after the
/// runtime adopted it into a native promise; a plain value is already settled.
async fn settle<'js>(
    ctx: &Ctx<'js>,
    api: &Object<'js>,
    value: Value<'js>,
) -> Result<Value<'js>, Failure<'js>> {
    let promise = match value.as_promise() {
        Some(promise) => promise.clone(),
        None => {
            let thenable = value
                .as_object()
                .is_some_and(|o| o.get::<_, Value>("then").is_ok_and(|t| t.is_function()));
            if !thenable {
                return Ok(value);
            }
            let adopt: Function = api.get("adopt").map_err(|e| caught(ctx, e))?;
            let adopted: Value = adopt.call((value,)).map_err(|e| caught(ctx, e))?;
            match adopted.into_promise() {
                Some(promise) => promise,
                None => return Err(Failure::Interrupted),
            }
        }
    };
    poll_fn(|_| match promise.state() {
        PromiseState::Pending => Poll::Pending,
        PromiseState::Resolved | PromiseState::Rejected => Poll::Ready(()),
    })
    .await;
    match promise.state() {
        PromiseState::Resolved => promise
            .result::<Value>()
            .and_then(|r| r.ok())
            .ok_or(Failure::Interrupted),
        _ => match promise.result::<Value>() {
            Some(Err(err)) => Err(caught(ctx, err)),
            _ => Err(Failure::Interrupted),
        },
    }
}

/// Waits until nothing the hint started is still running: no fetch, no timeout, no job. An
/// interval still running then is cleared, with a note. False when the engine was interrupted.
async fn wait_for_pending(ctx: &Ctx<'_>, watch: &Rc<Watch>) -> bool {
    poll_fn(|_| {
        while ctx.execute_pending_job() {}
        if watch.work.get() > 0 {
            return Poll::Pending;
        }
        Poll::Ready(())
    })
    .await;
    if watch.intervals.get() > 0 {
        watch.notes.borrow_mut().push(INTERVAL_CLEARED.to_string());
        for timer in watch.timers.borrow().values() {
            timer.notify_one();
        }
    }
    !ctx.has_exception()
}

/// The first error a callback threw, else the first rejection nobody handled.
fn first_failure<'js>(ctx: &Ctx<'js>, watch: &Watch) -> Option<Value<'js>> {
    let from = |p: &Persistent<Value<'static>>| p.clone().restore(ctx).ok();
    if let Some(error) = watch.uncaught.borrow().first().and_then(from) {
        return Some(error);
    }
    if watch.uncaught_more.get() {
        return Some(Value::new_undefined(ctx.clone()));
    }
    if let Some(reason) = watch.unhandled.borrow().first().and_then(|(_, r)| from(r)) {
        return Some(reason);
    }
    (watch.unhandled_more.get() > 0).then(|| Value::new_undefined(ctx.clone()))
}

/// The outcome of a hint that threw `reason`, worded by the runtime; if the wording fails (the
/// hint broke what it reads), the hint failed all the same.
fn describe<'js>(ctx: &Ctx<'js>, api: &Object<'js>, reason: Value<'js>) -> EngineOutcome {
    if reason.is_uncatchable_error() {
        return EngineOutcome::new(Verdict::TimedOut, None);
    }
    let record = api
        .get::<_, Function>("describe")
        .and_then(|describe| describe.call::<_, Object>((reason,)));
    let record = match record {
        Ok(record) => record,
        Err(err) => {
            if let Failure::Interrupted = caught(ctx, err) {
                return EngineOutcome::new(Verdict::TimedOut, None);
            }
            return EngineOutcome::new(
                Verdict::Failed,
                Some("the hint threw an exception that could not be read".to_string()),
            );
        }
    };
    read_record(&record)
}

fn timeout_message(timeout: Duration, session: &http::Session) -> String {
    let seconds = http::seconds(timeout);
    let (waiting, more) = session.waiting();
    if waiting.is_empty() {
        format!(
            "the hint did not finish within {seconds} and was stopped (an endless loop, or a slow regular expression?)"
        )
    } else {
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!(
            "the hint did not finish within {seconds}: still waiting for an answer to {}{more}",
            waiting.join(", ")
        )
    }
}

/// Installs the host functions and the runtime; returns the runtime's `{ describe, adopt,
/// getUserInput }`.
fn install<'js>(
    ctx: &Ctx<'js>,
    prelude: &Rc<Prelude>,
    client: &http::Client,
    url: &str,
    session: &Rc<http::Session>,
    watch: &Rc<Watch>,
) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    host.set("url", url)?;

    let sink = watch.clone();
    host.set(
        "console",
        Function::new(ctx.clone(), move |level: String, text: String| {
            let mut console = sink.console.borrow_mut();
            match level.as_str() {
                "log" | "info" | "debug" | "trace" => console.push_line(&text),
                _ => console.push_line(&format!("[{level}] {text}")),
            }
            console.room()
        })?,
    )?;
    let sink = watch.clone();
    host.set(
        "consoleRoom",
        Function::new(ctx.clone(), move || sink.console.borrow().room())?,
    )?;

    let timers = watch.clone();
    host.set(
        "timer",
        Function::new(ctx.clone(), move |id: u32, ms: f64, repeat: bool| {
            let pending = Pending::start(&timers, repeat);
            let cancel = Rc::new(tokio::sync::Notify::new());
            timers.timers.borrow_mut().insert(id, cancel.clone());
            let ms = if ms.is_finite() {
                ms.clamp(0.0, 86_400_000.0)
            } else {
                0.0
            };
            let watch = timers.clone();
            Promised(async move {
                let fired = if ms == 0.0 {
                    // The timer wheel ticks in milliseconds; a zero wait is a turn of the loop.
                    tokio::select! {
                        () = tokio::task::yield_now() => true,
                        () = cancel.notified() => false,
                    }
                } else {
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_secs_f64(ms / 1000.0)) => true,
                        () = cancel.notified() => false,
                    }
                };
                if !repeat || !fired {
                    watch.timers.borrow_mut().remove(&id);
                }
                drop(pending);
                fired
            })
        })?,
    )?;
    let timers = watch.clone();
    host.set(
        "cancelTimer",
        Function::new(ctx.clone(), move |id: u32| {
            if let Some(cancel) = timers.timers.borrow_mut().remove(&id) {
                cancel.notify_one();
            }
        })?,
    )?;

    let reports = watch.clone();
    host.set(
        "uncaught",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, error: Value<'js>| {
            let mut uncaught = reports.uncaught.borrow_mut();
            if uncaught.len() < KEPT_ERRORS {
                uncaught.push(Persistent::save(&ctx, error));
            } else {
                reports.uncaught_more.set(true);
            }
        })?,
    )?;

    let client = client.clone();
    let session_for_fetch = session.clone();
    let fetches = watch.clone();
    host.set(
        "fetch",
        Function::new(
            ctx.clone(),
            move |method: String,
                  url: String,
                  headers: Vec<String>,
                  body: Option<TypedArray<'js, u8>>,
                  redirect: String| {
                let pending = Pending::start(&fetches, false);
                let client = client.clone();
                let session = session_for_fetch.clone();
                // SAFETY: copied at once, before any JavaScript runs again.
                let body = body.and_then(|b| unsafe { b.as_bytes() }.map(<[u8]>::to_vec));
                Promised(async move {
                    let request = http::Request {
                        method,
                        url,
                        headers: pairs(headers),
                        body,
                        redirect: match redirect.as_str() {
                            "manual" => RedirectMode::Manual,
                            "error" => RedirectMode::Error,
                            _ => RedirectMode::Follow,
                        },
                    };
                    let answer = client.fetch(&session, request).await;
                    drop(pending);
                    JsAnswer(answer)
                })
            },
        )?,
    )?;

    host.set(
        "utf8Encode",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            TypedArray::<u8>::new(ctx, text.into_bytes())
        })?,
    )?;
    host.set(
        "utf8Decode",
        Function::new(ctx.clone(), |bytes: TypedArray<'js, u8>| {
            // SAFETY: read at once, before any JavaScript runs again.
            let bytes = unsafe { bytes.as_bytes() }.unwrap_or_default();
            String::from_utf8_lossy(bytes).into_owned()
        })?,
    )?;
    host.set(
        "urlParse",
        Function::new(ctx.clone(), |input: String, base: Option<String>| {
            JsUrl(web::parse(&input, base.as_deref()))
        })?,
    )?;
    host.set(
        "urlSet",
        Function::new(ctx.clone(), |href: String, part: String, value: String| {
            JsUrl(web::set(&href, &part, &value))
        })?,
    )?;
    host.set(
        "formParse",
        Function::new(ctx.clone(), |input: String| {
            web::form_parse(&input)
                .into_iter()
                .flat_map(|(k, v)| [k, v])
                .collect::<Vec<String>>()
        })?,
    )?;
    host.set(
        "formSerialize",
        Function::new(ctx.clone(), |flat: Vec<String>| {
            web::form_serialize(&pairs(flat))
        })?,
    )?;

    let lazy = prelude.clone();
    host.set(
        "loadPart",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, name: String| {
            let bytecode = lazy.part(&ctx, &name)?;
            Prelude::load::<Function<'js>>(&ctx, bytecode)
        })?,
    )?;
    Prelude::load::<Function>(ctx, &prelude.bundle)?.call((host,))
}

fn pairs(flat: Vec<String>) -> Vec<(String, String)> {
    let mut iter = flat.into_iter();
    let mut out = Vec::new();
    while let (Some(k), Some(v)) = (iter.next(), iter.next()) {
        out.push((k, v));
    }
    out
}

/// The expression wrapper: code that is one expression (a function, a promise, an assertion) is
/// returned. Both wrappers put the code's first line on line 2.
fn expression_wrapper(expression: &str) -> String {
    format!("(async () => (\n{expression}\n))")
}

/// The body wrapper: anything else becomes the body of an async function.
fn body_wrapper(code: &str) -> String {
    format!("(async () => {{\n{code}\n}})")
}

/// Compiles hint code into an async function: as one expression if it is one, else as a body.
fn compile<'js>(ctx: &Ctx<'js>, code: &str) -> Result<Function<'js>, Thrown> {
    let expression = code.trim_end().trim_end_matches(';');
    if let Ok(function) = eval_hint(ctx, expression_wrapper(expression)) {
        return Ok(function);
    }
    let _ = ctx.catch();
    eval_hint(ctx, body_wrapper(code)).map_err(|err| at_code_end(thrown(ctx, err), code))
}

/// Code that ends too early is noticed at the wrapper's closing line; point at the end of the
/// code instead.
fn at_code_end(mut thrown: Thrown, code: &str) -> Thrown {
    let lines: Vec<&str> = code.lines().collect();
    let last = lines.len().max(1) as u32;
    if let Some((line, _)) = thrown.position.filter(|(line, _)| *line > last) {
        let width = lines.last().map_or(0, |l| l.chars().count()) as u32;
        thrown.position = Some((last.min(line), width + 1));
    }
    thrown
}

fn eval_hint<'js>(ctx: &Ctx<'js>, source: String) -> rquickjs::Result<Function<'js>> {
    let mut options = EvalOptions::default();
    // Hint code was written for a browser's sloppy-mode `eval`.
    options.strict = false;
    options.filename = Some(HINT_FILE.to_string());
    ctx.eval_with_options(source, options)
}

/// A JavaScript exception read out of the engine, before anyone words it.
struct Thrown {
    name: String,
    message: String,
    /// Where in the hint's code it was raised.
    position: Option<(u32, u32)>,
    /// The interrupt handler stopped the code: the deadline passed.
    interrupted: bool,
}

impl Thrown {
    fn plain(name: &str, message: &str) -> Thrown {
        Thrown {
            name: name.to_string(),
            message: message.to_string(),
            position: None,
            interrupted: false,
        }
    }

    /// `Name: message`, or the message alone when there is no name.
    fn text(&self) -> String {
        if self.name.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.name, self.message)
        }
    }

    /// The outcome of a hint stopped by this: an interrupt is a timeout; anything else means the
    /// hint could not run.
    fn outcome(self, context: &str) -> EngineOutcome {
        if self.interrupted {
            return EngineOutcome::new(Verdict::TimedOut, None);
        }
        let mut outcome = EngineOutcome::new(
            Verdict::Errored,
            Some(cap(format!("{context}: {}", self.text()))),
        );
        outcome.position = self.position;
        outcome
    }
}

/// Reads the pending exception behind `err` (or `err` itself when it is not a JavaScript one).
fn thrown(ctx: &Ctx<'_>, err: rquickjs::Error) -> Thrown {
    if !matches!(err, rquickjs::Error::Exception) {
        return Thrown::plain("", &err.to_string());
    }
    let value = ctx.catch();
    if value.is_uncatchable_error() {
        return Thrown {
            interrupted: true,
            ..Thrown::plain("", "interrupted")
        };
    }
    let (name, message, stack) = match value
        .as_object()
        .and_then(|o| Exception::from_object(o.clone()))
    {
        Some(exception) => (
            exception
                .get::<_, Option<String>>("name")
                .ok()
                .flatten()
                .unwrap_or_default(),
            exception.message().unwrap_or_default(),
            exception.stack().unwrap_or_default(),
        ),
        None => (
            String::new(),
            value
                .as_string()
                .and_then(|s| s.to_string().ok())
                .unwrap_or_else(|| "out of memory or stack".to_string()),
            String::new(),
        ),
    };
    Thrown {
        interrupted: message == "interrupted",
        position: stack_position(&stack),
        name,
        message,
    }
}

/// The first `hint:LINE:COL` in a QuickJS stack, as a position in the hint's code.
fn stack_position(stack: &str) -> Option<(u32, u32)> {
    let start = stack.find("hint:")? + HINT_FILE.len() + 1;
    let mut numbers = stack[start..]
        .split(|c: char| !c.is_ascii_digit())
        .take(2)
        .map(|n| n.parse::<u32>().ok());
    let line = numbers.next().flatten()?;
    let column = numbers.next().flatten().unwrap_or(1);
    Some((code_line(line), column))
}

/// The wrappers add one line before the code.
fn code_line(js_line: u32) -> u32 {
    js_line.saturating_sub(1).max(1)
}

/// At most `TEXT_LIMIT` bytes of a hint's text.
fn cap(text: String) -> String {
    if text.len() <= TEXT_LIMIT {
        text
    } else {
        http::shorten(&text, TEXT_LIMIT)
    }
}

fn read_record(record: &Object<'_>) -> EngineOutcome {
    let text = |key: &str| record.get::<_, Option<String>>(key).ok().flatten().map(cap);
    // The runtime tells a failure from a hint that could not run; it never says "passed" here.
    let verdict = match text("status").as_deref() {
        Some("errored") => Verdict::Errored,
        _ => Verdict::Failed,
    };
    let mut outcome = EngineOutcome::new(verdict, text("message"));
    outcome.expected = text("expected");
    outcome.actual = text("actual");
    let line = record.get::<_, Option<u32>>("line").ok().flatten();
    let column = record.get::<_, Option<u32>>("column").ok().flatten();
    outcome.position = line.map(|l| (code_line(l), column.unwrap_or(1)));
    outcome
}

/// A host answer as the runtime's `fetch` expects it. Its own `then` is undefined, so resolving
/// a promise with it never consults a `then` the hint may have put on `Object.prototype`.
struct JsAnswer(Result<http::Answer, FetchError>);

impl<'js> IntoJs<'js> for JsAnswer {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let object = Object::new(ctx.clone())?;
        object.set("then", Value::new_undefined(ctx.clone()))?;
        match self.0 {
            Ok(answer) => {
                object.set("status", answer.status)?;
                object.set("statusText", answer.status_text.as_str())?;
                object.set("url", answer.url.as_str())?;
                object.set("redirected", answer.redirected)?;
                let flat: Vec<&str> = answer
                    .headers
                    .iter()
                    .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                    .collect();
                object.set("headers", flat)?;
                object.set("body", ArrayBuffer::new_copy(ctx.clone(), &answer.body)?)?;
            }
            Err(err) => {
                let kind = match err {
                    FetchError::Refused(_) => "refused",
                    FetchError::InvalidRequest(_) => "invalid",
                    FetchError::Network(_) => "network",
                };
                object.set("error", kind)?;
                object.set("message", err.message())?;
            }
        }
        Ok(object.into_value())
    }
}

/// URL parts, or the message of the `TypeError` the runtime throws.
struct JsUrl(Result<web::UrlParts, String>);

impl<'js> IntoJs<'js> for JsUrl {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let parts = match self.0 {
            Ok(parts) => parts,
            Err(message) => return message.into_js(ctx),
        };
        let object = Object::new(ctx.clone())?;
        object.set("then", Value::new_undefined(ctx.clone()))?;
        for (key, value) in [
            ("href", parts.href),
            ("origin", parts.origin),
            ("protocol", parts.protocol),
            ("username", parts.username),
            ("password", parts.password),
            ("host", parts.host),
            ("hostname", parts.hostname),
            ("port", parts.port),
            ("pathname", parts.pathname),
            ("search", parts.search),
            ("hash", parts.hash),
        ] {
            object.set(key, value)?;
        }
        Ok(object.into_value())
    }
}
