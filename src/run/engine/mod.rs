//! Runs one hint's JavaScript in a fresh QuickJS engine with the browser-like runtime installed,
//! and decides its verdict from engine state that hint code cannot reach: the native state of
//! the hint's promise, host-side counts of the work it left pending, the engine's rejection
//! tracker, and an allocator that knows when memory ran out. The only user of rquickjs: `shapes`
//! compiles the hint shapes and the runtime, `host` installs the functions the runtime calls,
//! `alloc` charges the engine's memory to the hint's budget, and this file decides the verdict.

mod alloc;
mod host;
mod shapes;

pub use shapes::{Prelude, SyntaxChecker, SyntaxError};

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::poll_fn;
use std::rc::Rc;
use std::task::Poll;
use std::time::{Duration, Instant};

use rquickjs::promise::PromiseState;
use rquickjs::{AsyncContext, AsyncRuntime, Ctx, Function, IntoJs, Object, Persistent, Value};

use super::budget::Budget;
use super::http;
use alloc::Charged;
use host::{install, Console};
use shapes::{code_line, compile, thrown};

/// The note on a hint that left an interval running; reporters recognize it to word it.
pub const INTERVAL_CLEARED: &str =
    "an interval (setInterval) was still running when nothing else was pending; it was cleared";

/// Console output kept per hint, in bytes and in lines.
pub const CONSOLE_BYTES: usize = 1 << 20;

/// The longest message, expected or actual value kept from a hint.
const TEXT_LIMIT: usize = 64 << 10;

/// Allocated bytes after which the engine collects garbage.
const GC_THRESHOLD: usize = 8 << 20;

/// Errors thrown by timer callbacks, and rejections nobody handled, remembered per hint.
const KEPT_ERRORS: usize = 256;

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

impl Verdict {
    /// The name machines read: in JSON, the results file and the gradebook.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Failed => "failed",
            Verdict::Errored => "errored",
            Verdict::TimedOut => "timed_out",
        }
    }
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
    pub cookie: Option<http::CookieUse>,
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
            cookie: None,
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
    let evidence = Rc::new(Evidence::default());
    let mut outcome = match run_in_engine(
        prelude, client, &job, deadline, &budget, &session, &evidence,
    )
    .await
    {
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
    let mut console = evidence.console.take();
    for warning in session.warnings.take() {
        console.push_line(&format!("[warn] {warning}"));
    }
    outcome.console = console.finish();
    outcome.exchanges = session.exchanges.take();
    outcome.omitted_requests = session.omitted.get();
    outcome.cors = session.cors.take();
    outcome.cookie = session.cookie_use.take();
    outcome.notes.extend(evidence.notes.take());
    outcome
}

/// What the verdict is decided from, beyond the hint's promise; filled by host functions and the
/// engine's hooks, never by hint code.
#[derive(Default)]
struct Evidence {
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

impl Evidence {
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
    evidence: Rc<Evidence>,
    interval: bool,
}

impl Pending {
    fn start(evidence: &Rc<Evidence>, interval: bool) -> Pending {
        let counter = if interval {
            &evidence.intervals
        } else {
            &evidence.work
        };
        counter.set(counter.get() + 1);
        Pending {
            evidence: evidence.clone(),
            interval,
        }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let counter = if self.interval {
            &self.evidence.intervals
        } else {
            &self.evidence.work
        };
        counter.set(counter.get().saturating_sub(1));
    }
}

async fn run_in_engine(
    prelude: &Rc<Prelude>,
    client: &http::Client,
    job: &Job<'_>,
    deadline: Instant,
    budget: &Rc<Budget>,
    session: &Rc<http::Session>,
    evidence: &Rc<Evidence>,
) -> Result<EngineOutcome, String> {
    let runtime = AsyncRuntime::new_with_alloc(Charged(budget.clone()))
        .map_err(|e| format!("could not start the JavaScript engine: {e}"))?;
    runtime.set_max_stack_size(job.limits.stack).await;
    // Hint code imports nothing: not the runtime's own modules by name, nor anything else.
    runtime.set_loader(NoImports, NoImports).await;
    // The engine lives for one hint and is freed whole; collecting before it holds a few MiB only
    // slows every hint down. The budget still bounds what it may hold.
    runtime.set_gc_threshold(GC_THRESHOLD).await;
    runtime
        .set_interrupt_handler(Some(Box::new(move || Instant::now() >= deadline)))
        .await;
    let tracked = evidence.clone();
    runtime
        .set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
            tracked.rejection(&ctx, promise, reason, handled);
        })))
        .await;
    let context = AsyncContext::full(&runtime)
        .await
        .map_err(|e| format!("could not start the JavaScript engine: {e}"))?;
    let work = context.async_with(async |ctx| {
        let outcome = drive(&ctx, prelude, client, job, session, evidence).await;
        evidence.forget();
        outcome
    });
    let outcome = match tokio::time::timeout_at(deadline.into(), work).await {
        Ok(outcome) => outcome,
        Err(_) => {
            // The hint was cut off at an await; what it kept is dropped while the engine lives.
            context.with(|_ctx| evidence.forget()).await;
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
    evidence: &Rc<Evidence>,
) -> EngineOutcome {
    let api = match install(ctx, prelude, client, job.url, session, evidence) {
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
            if !wait_for_pending(ctx, evidence).await {
                return EngineOutcome::new(Verdict::TimedOut, None);
            }
            first_failure(ctx, evidence)
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
            // `then` is read once, as a promise's resolution reads it: a getter that answers
            // differently each time cannot make the engine see one thing and adopt another, and
            // one that throws rejects with what it threw.
            let Some(object) = value.as_object() else {
                return Ok(value);
            };
            let then: Value = object.get("then").map_err(|e| caught(ctx, e))?;
            if !then.is_function() {
                return Ok(value);
            }
            let adopt: Function = api.get("adopt").map_err(|e| caught(ctx, e))?;
            let adopted: Value = adopt.call((value, then)).map_err(|e| caught(ctx, e))?;
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

/// The module resolver and loader of every engine: each import is refused, so hint code cannot
/// reach the runtime's modules (`import('runtime')`), which are loaded from bytecode and never
/// imported.
struct NoImports;

impl rquickjs::loader::Resolver for NoImports {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<rquickjs::loader::ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        Err(rquickjs::Error::new_resolving_message(
            base,
            name,
            "hint code cannot import modules",
        ))
    }
}

impl rquickjs::loader::Loader for NoImports {
    fn load<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<rquickjs::loader::ImportAttributes<'js>>,
    ) -> rquickjs::Result<rquickjs::Module<'js, rquickjs::module::Declared>> {
        Err(rquickjs::Error::new_loading_message(
            name,
            "hint code cannot import modules",
        ))
    }
}

/// Waits until nothing the hint started is still running: no fetch, no timeout, no job. An
/// interval still running then is cleared, with a note. False when the engine was interrupted.
async fn wait_for_pending(ctx: &Ctx<'_>, evidence: &Rc<Evidence>) -> bool {
    poll_fn(|_| {
        while ctx.execute_pending_job() {}
        if evidence.work.get() > 0 {
            return Poll::Pending;
        }
        Poll::Ready(())
    })
    .await;
    if evidence.intervals.get() > 0 {
        evidence
            .notes
            .borrow_mut()
            .push(INTERVAL_CLEARED.to_string());
        for timer in evidence.timers.borrow().values() {
            timer.notify_one();
        }
    }
    !ctx.has_exception()
}

/// The first error a callback threw, else the first rejection nobody handled.
fn first_failure<'js>(ctx: &Ctx<'js>, evidence: &Evidence) -> Option<Value<'js>> {
    let from = |p: &Persistent<Value<'static>>| p.clone().restore(ctx).ok();
    if let Some(error) = evidence.uncaught.borrow().first().and_then(from) {
        return Some(error);
    }
    if evidence.uncaught_more.get() {
        return Some(Value::new_undefined(ctx.clone()));
    }
    if let Some(reason) = evidence
        .unhandled
        .borrow()
        .first()
        .and_then(|(_, r)| from(r))
    {
        return Some(reason);
    }
    (evidence.unhandled_more.get() > 0).then(|| Value::new_undefined(ctx.clone()))
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
