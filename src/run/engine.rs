//! Runs one hint's JavaScript in a fresh QuickJS engine with the browser-like prelude installed.
//! The only user of rquickjs. Each hint gets its own runtime, limits and cookie jar, so nothing
//! one hint does can leak into the next.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::function::Async;
use rquickjs::module::WriteOptions;
use rquickjs::{
    ArrayBuffer, AsyncContext, AsyncRuntime, Context, Ctx, Exception, Function, IntoJs, Module,
    Object, Persistent, Promise, Runtime, TypedArray, Value,
};

use super::http::{self, FetchError, RedirectMode};
use super::web;

const PRELUDE: &str = include_str!("prelude.js");

/// Parts of the runtime few hints use, loaded on first use so the rest do not pay for them.
const DOM: &str = include_str!("dom.js");
const EXTRAS: &str = include_str!("extras.js");

/// The file name hint code is compiled under; the prelude reads positions back from stacks by it.
const HINT_FILE: &str = "hint";

/// The prelude compiled to QuickJS bytecode once per run, so that each fresh engine loads it
/// instead of parsing some twenty kilobytes of JavaScript again.
#[derive(Clone)]
pub struct Prelude {
    bytecode: Rc<Vec<u8>>,
    /// Compiled by the first hint that uses them, then shared by the hints after it.
    dom: Rc<std::cell::OnceCell<Vec<u8>>>,
    extras: Rc<std::cell::OnceCell<Vec<u8>>>,
}

impl Prelude {
    pub fn compile() -> Result<Prelude, String> {
        let fail = |e: rquickjs::Error| format!("could not compile the hint runtime: {e}");
        let runtime = Runtime::new().map_err(fail)?;
        let context = Context::full(&runtime).map_err(fail)?;
        let bytecode = context.with(|ctx| {
            let source = format!("export default {PRELUDE}");
            Module::declare(ctx, "prelude", source)?.write(lean())
        });
        Ok(Prelude {
            bytecode: Rc::new(bytecode.map_err(fail)?),
            dom: Rc::default(),
            extras: Rc::default(),
        })
    }

    /// The bytecode of a lazily loaded part, compiled on first use.
    fn part<'a>(
        cell: &'a std::cell::OnceCell<Vec<u8>>,
        ctx: &Ctx<'_>,
        name: &str,
        source: &str,
    ) -> rquickjs::Result<&'a [u8]> {
        if cell.get().is_none() {
            let bytes = Module::declare(ctx.clone(), name, source)?.write(lean())?;
            let _ = cell.set(bytes);
        }
        Ok(cell.get().map_or(&[][..], Vec::as_slice))
    }

    fn load<'js, T: rquickjs::FromJs<'js>>(ctx: &Ctx<'js>, bytecode: &[u8]) -> rquickjs::Result<T> {
        // SAFETY: the bytes were written by `compile` above, by this same QuickJS build.
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

/// Compiles hint code without running it, with the same wrappers the runner uses, in one engine
/// reused for many hints (one per thread: engines cannot move between threads).
pub struct SyntaxChecker {
    context: Context,
    deadline: Rc<std::cell::Cell<Instant>>,
    _runtime: Runtime,
}

impl SyntaxChecker {
    pub fn new() -> Result<SyntaxChecker, String> {
        let fail = |e: rquickjs::Error| format!("could not start the JavaScript engine: {e}");
        let runtime = Runtime::new().map_err(fail)?;
        runtime.set_memory_limit(64 << 20);
        runtime.set_max_stack_size(1 << 20);
        // Compiling runs nothing, but code can close a wrapper's parenthesis early and so run at
        // compile time; this bounds what such code could do.
        let deadline = Rc::new(std::cell::Cell::new(Instant::now()));
        let watched = deadline.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || Instant::now() >= watched.get())));
        let context = Context::full(&runtime).map_err(fail)?;
        Ok(SyntaxChecker {
            context,
            deadline,
            _runtime: runtime,
        })
    }

    pub fn check(&self, code: &str) -> Result<(), SyntaxError> {
        self.deadline.set(Instant::now() + Duration::from_secs(1));
        self.context.with(|ctx| match compile(&ctx, code) {
            Ok(_) => Ok(()),
            Err(thrown) => Err(SyntaxError {
                message: thrown.text(),
                position: thrown.position,
            }),
        })
    }
}

/// Bounds on one hint's run.
#[derive(Debug, Clone)]
pub struct Limits {
    pub timeout: Duration,
    pub memory: usize,
    pub stack: usize,
    /// Set when the user asked the whole run to stop.
    pub cancelled: Arc<AtomicBool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed,
    Errored,
    TimedOut,
}

/// What the engine learned from one hint, before the runner maps positions to files.
#[derive(Debug, Clone)]
pub struct EngineOutcome {
    pub verdict: Verdict,
    pub message: Option<String>,
    pub expected: Option<String>,
    pub actual: Option<String>,
    /// Line and column in the hint's code (from 1), where the failure was raised.
    pub position: Option<(u32, u32)>,
    pub console: Vec<String>,
    pub exchanges: Vec<http::Exchange>,
    pub cors: Vec<String>,
}

impl EngineOutcome {
    fn new(verdict: Verdict, message: Option<String>) -> Self {
        EngineOutcome {
            verdict,
            message,
            expected: None,
            actual: None,
            position: None,
            console: Vec::new(),
            exchanges: Vec::new(),
            cors: Vec::new(),
        }
    }
}

/// Runs `code` against `url` and returns its verdict. Never panics on bad code.
pub async fn run_hint(
    prelude: &Prelude,
    client: &http::Client,
    limits: Limits,
    url: &str,
    code: &str,
) -> EngineOutcome {
    let started = Instant::now();
    let deadline = started + limits.timeout;
    let session = Rc::new(http::Session::default());
    let console = Rc::new(RefCell::new(Vec::new()));
    let setup = Setup {
        prelude,
        client,
        limits: &limits,
        deadline,
        url,
    };
    let mut outcome = match setup_and_run(&setup, code, &session, &console).await {
        Ok(outcome) => outcome,
        Err(message) => EngineOutcome::new(Verdict::Errored, Some(message)),
    };
    outcome.console = console.take();
    outcome.exchanges = session.exchanges.take();
    outcome.cors = session.cors.take();
    outcome
}

/// What every hint of a run shares, and this hint's deadline.
struct Setup<'a> {
    prelude: &'a Prelude,
    client: &'a http::Client,
    limits: &'a Limits,
    deadline: Instant,
    url: &'a str,
}

async fn setup_and_run(
    setup: &Setup<'_>,
    code: &str,
    session: &Rc<http::Session>,
    console: &Rc<RefCell<Vec<String>>>,
) -> Result<EngineOutcome, String> {
    let Setup {
        prelude,
        client,
        limits,
        deadline,
        url,
    } = *setup;
    let runtime =
        AsyncRuntime::new().map_err(|e| format!("could not start the JavaScript engine: {e}"))?;
    runtime.set_memory_limit(limits.memory).await;
    runtime.set_max_stack_size(limits.stack).await;
    let cancelled = limits.cancelled.clone();
    runtime
        .set_interrupt_handler(Some(Box::new(move || {
            Instant::now() >= deadline || cancelled.load(Ordering::Relaxed)
        })))
        .await;
    let tracker: Rc<RefCell<Option<Persistent<Function<'static>>>>> = Rc::default();
    let tracker_in_runtime = tracker.clone();
    runtime
        .set_host_promise_rejection_tracker(Some(Box::new(move |ctx, promise, reason, handled| {
            let callback = tracker_in_runtime.borrow().clone();
            if let Some(callback) = callback.and_then(|c| c.restore(&ctx).ok()) {
                let _ = callback.call::<_, ()>((promise, reason, handled));
            }
        })))
        .await;
    let context = AsyncContext::full(&runtime)
        .await
        .map_err(|e| format!("could not start the JavaScript engine: {e}"))?;

    let work = context.async_with(async |ctx| -> Result<EngineOutcome, String> {
        let api = match install(&ctx, prelude, client, url, session, console) {
            Ok(api) => api,
            Err(err) => return Ok(thrown(&ctx, err).outcome("could not install the hint runtime")),
        };
        if let Ok(on_rejection) = api.get::<_, Function>("onRejection") {
            *tracker.borrow_mut() = Some(Persistent::save(&ctx, on_rejection));
        }
        let hint = match compile(&ctx, code) {
            Ok(hint) => hint,
            Err(thrown) => return Ok(thrown.outcome("the hint does not compile")),
        };
        let run: Function = api.get("run").map_err(|e| e.to_string())?;
        let promise: Promise = match run.call((hint,)) {
            Ok(promise) => promise,
            Err(err) => return Ok(thrown(&ctx, err).outcome("the hint could not start")),
        };
        match promise.into_future::<Object>().await {
            Ok(record) => Ok(read_record(&record)),
            Err(err) => Ok(thrown(&ctx, err).outcome("the hint stopped")),
        }
    });
    let result = match tokio::time::timeout_at(deadline.into(), work).await {
        Ok(result) => result,
        Err(_) => Ok(EngineOutcome::new(Verdict::TimedOut, None)),
    };
    *tracker.borrow_mut() = None;
    let mut outcome = result?;
    if outcome.verdict == Verdict::TimedOut {
        outcome.message = Some(timeout_message(limits.timeout, session));
    }
    Ok(outcome)
}

fn timeout_message(timeout: Duration, session: &http::Session) -> String {
    let seconds = timeout.as_secs_f64();
    let waiting: Vec<String> = session
        .in_flight
        .borrow()
        .iter()
        .map(|(_, label)| label.clone())
        .collect();
    if waiting.is_empty() {
        format!(
            "the hint did not finish within {seconds} s and was stopped (an endless loop, or a slow regular expression?)"
        )
    } else {
        format!(
            "the hint did not finish within {seconds} s: still waiting for an answer to {}",
            waiting.join(", ")
        )
    }
}

/// Installs the host functions and the prelude; returns the prelude's `{ run, onRejection }`.
fn install<'js>(
    ctx: &Ctx<'js>,
    prelude: &Prelude,
    client: &http::Client,
    url: &str,
    session: &Rc<http::Session>,
    console: &Rc<RefCell<Vec<String>>>,
) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    host.set("url", url)?;

    let lines = console.clone();
    host.set(
        "console",
        Function::new(ctx.clone(), move |level: String, text: String| {
            let mut lines = lines.borrow_mut();
            // A hint that logs in a loop must not exhaust memory on our side.
            if lines.len() < 1000 {
                lines.push(match level.as_str() {
                    "log" | "info" | "debug" | "trace" => text,
                    _ => format!("[{level}] {text}"),
                });
            }
        })?,
    )?;

    host.set(
        "sleep",
        Function::new(
            ctx.clone(),
            Async(|ms: f64| async move {
                let ms = if ms.is_finite() {
                    ms.clamp(0.0, 86_400_000.0)
                } else {
                    0.0
                };
                if ms == 0.0 {
                    // The timer wheel ticks in milliseconds; a zero wait is only a turn of the loop.
                    tokio::task::yield_now().await;
                } else {
                    tokio::time::sleep(Duration::from_secs_f64(ms / 1000.0)).await;
                }
                rquickjs::Result::Ok(())
            }),
        )?,
    )?;

    let client = client.clone();
    let session = session.clone();
    host.set(
        "fetch",
        Function::new(
            ctx.clone(),
            Async(
                move |method: String,
                      url: String,
                      headers: Vec<String>,
                      body: Option<TypedArray<'js, u8>>,
                      redirect: String| {
                    let client = client.clone();
                    let session = session.clone();
                    // SAFETY: copied at once, before any JavaScript runs again.
                    let body = body.and_then(|b| unsafe { b.as_bytes() }.map(<[u8]>::to_vec));
                    async move {
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
                        rquickjs::Result::Ok(JsAnswer(client.fetch(&session, request).await))
                    }
                },
            ),
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
        "loadDom",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
            let bytecode = Prelude::part(&lazy.dom, &ctx, "dom", DOM)?;
            Prelude::load::<Object<'js>>(&ctx, bytecode)
        })?,
    )?;
    let lazy = prelude.clone();
    host.set(
        "loadExtras",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>| {
            let bytecode = Prelude::part(&lazy.extras, &ctx, "extras", EXTRAS)?;
            Prelude::load::<Function<'js>>(&ctx, bytecode)
        })?,
    )?;
    Prelude::load::<Function>(ctx, &prelude.bytecode)?.call((host,))
}

fn pairs(flat: Vec<String>) -> Vec<(String, String)> {
    let mut iter = flat.into_iter();
    let mut out = Vec::new();
    while let (Some(k), Some(v)) = (iter.next(), iter.next()) {
        out.push((k, v));
    }
    out
}

/// Compiles hint code into an async function. Code that is one expression (a function, a
/// promise, an assertion) is wrapped so its value is returned; anything else becomes the body of
/// an async function. Both wrappers put the code's first line on line 2.
fn compile<'js>(ctx: &Ctx<'js>, code: &str) -> Result<Function<'js>, Thrown> {
    let expression = code.trim_end().trim_end_matches(';');
    if let Ok(function) = eval_hint(ctx, format!("(async () => (\n{expression}\n))")) {
        return Ok(function);
    }
    let _ = ctx.catch();
    eval_hint(ctx, format!("(async () => {{\n{code}\n}})")).map_err(|err| {
        let mut thrown = thrown(ctx, err);
        // Code that ends too early is noticed at the wrapper's closing line; point at the end
        // of the code instead.
        let lines: Vec<&str> = code.lines().collect();
        let last = lines.len().max(1) as u32;
        if let Some((line, _)) = thrown.position.filter(|(line, _)| *line > last) {
            let width = lines.last().map_or(0, |l| l.chars().count()) as u32;
            thrown.position = Some((last.min(line), width + 1));
        }
        thrown
    })
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
    /// The interrupt handler stopped the code: a deadline passed or the run was cancelled.
    interrupted: bool,
}

impl Thrown {
    /// `Name: message`, or the message alone when there is no name.
    fn text(&self) -> String {
        if self.name.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.name, self.message)
        }
    }

    /// The outcome of a hint stopped by this: an interrupt is a timeout; anything else, running
    /// out of memory or stack included, means the hint could not run.
    fn outcome(self, context: &str) -> EngineOutcome {
        if self.interrupted {
            return EngineOutcome::new(Verdict::TimedOut, None);
        }
        let mut outcome = EngineOutcome::new(
            Verdict::Errored,
            Some(format!("{context}: {}", self.text())),
        );
        outcome.position = self.position;
        outcome
    }
}

/// Reads the pending exception behind `err` (or `err` itself when it is not a JavaScript one).
fn thrown(ctx: &Ctx<'_>, err: rquickjs::Error) -> Thrown {
    if !matches!(err, rquickjs::Error::Exception) {
        return Thrown {
            name: String::new(),
            message: err.to_string(),
            position: None,
            interrupted: false,
        };
    }
    let value = ctx.catch();
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
        None => (String::new(), describe_value(&value), String::new()),
    };
    Thrown {
        interrupted: message == "interrupted",
        position: stack_position(&stack),
        name,
        message,
    }
}

fn describe_value(value: &Value<'_>) -> String {
    if value.is_null() || value.is_undefined() {
        "out of memory or stack".to_string()
    } else {
        value
            .as_string()
            .and_then(|s| s.to_string().ok())
            .unwrap_or_else(|| format!("{:?}", value.type_of()))
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

fn read_record(record: &Object<'_>) -> EngineOutcome {
    let text = |key: &str| record.get::<_, Option<String>>(key).ok().flatten();
    let verdict = match text("status").as_deref() {
        Some("passed") => Verdict::Passed,
        Some("failed") => Verdict::Failed,
        _ => Verdict::Errored,
    };
    let mut outcome = EngineOutcome::new(verdict, text("message"));
    outcome.expected = text("expected");
    outcome.actual = text("actual");
    let line = record.get::<_, Option<u32>>("line").ok().flatten();
    let column = record.get::<_, Option<u32>>("column").ok().flatten();
    outcome.position = line.map(|l| (code_line(l), column.unwrap_or(1)));
    outcome
}

/// A host answer as the prelude's `fetch` expects it.
struct JsAnswer(Result<http::Answer, FetchError>);

impl<'js> IntoJs<'js> for JsAnswer {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let object = Object::new(ctx.clone())?;
        match self.0 {
            Ok(answer) => {
                object.set("status", answer.status)?;
                object.set("statusText", answer.status_text)?;
                object.set("url", answer.url)?;
                object.set("redirected", answer.redirected)?;
                let flat: Vec<String> = answer
                    .headers
                    .into_iter()
                    .flat_map(|(k, v)| [k, v])
                    .collect();
                object.set("headers", flat)?;
                object.set("body", ArrayBuffer::new(ctx.clone(), answer.body)?)?;
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

/// URL parts, or the message of the `TypeError` the prelude throws.
struct JsUrl(Result<web::UrlParts, String>);

impl<'js> IntoJs<'js> for JsUrl {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let parts = match self.0 {
            Ok(parts) => parts,
            Err(message) => return message.into_js(ctx),
        };
        let object = Object::new(ctx.clone())?;
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
