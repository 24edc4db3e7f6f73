//! Compiling hint code in its four historical shapes (a bare body, an async function, a function
//! of `getUserInput`, a jQuery promise chain), without running it for `validate`; the runtime
//! compiled to bytecode once per worker; and JavaScript exceptions read back with their position
//! in the hint's code.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use rquickjs::context::EvalOptions;
use rquickjs::module::WriteOptions;
use rquickjs::{qjs, Context, Ctx, Exception, Function, Module, Runtime, Value};

use super::{cap, EngineOutcome, Verdict};

/// The runtime every hint gets, in load order; each file says what it owns. Concatenated into
/// one module so that it compiles to one piece of bytecode.
const BUNDLE: &str = concat!(
    "export default function (host) {\n'use strict';\nconst rt = { __proto__: null, host };\n",
    include_str!("../js/primordials.js"),
    "(rt);\n",
    include_str!("../js/assert.js"),
    "(rt);\n",
    include_str!("../js/timers.js"),
    "(rt);\n",
    include_str!("../js/runner.js"),
    "(rt);\nreturn rt.api;\n}\n"
);

/// Parts loaded on first use, each a function of the runtime, so that a hint pays only for what
/// it touches: printing values for messages, deep equality, the rarer assertions, `fetch` and
/// its types, URLs and encodings, jQuery and XMLHttpRequest, en-US dates, and the DOM. Every
/// fresh engine loads the eager bundle, so what most hints never run stays out of it.
const PARTS: [(&str, &str); 8] = [
    (
        "inspect",
        concat!("export default ", include_str!("../js/inspect.js")),
    ),
    (
        "deep",
        concat!("export default ", include_str!("../js/deep.js")),
    ),
    (
        "rarer",
        concat!("export default ", include_str!("../js/rarer.js")),
    ),
    (
        "fetch",
        concat!("export default ", include_str!("../js/fetch.js")),
    ),
    (
        "url",
        concat!("export default ", include_str!("../js/encoding.js")),
    ),
    (
        "jquery",
        concat!("export default ", include_str!("../js/jquery.js")),
    ),
    (
        "dates",
        concat!("export default ", include_str!("../js/dates.js")),
    ),
    (
        "dom",
        concat!("export default ", include_str!("../js/dom.js")),
    ),
];

/// The file name hint code is compiled under; positions are read back from stacks by it.
const HINT_FILE: &str = "hint";

/// Samples of every kind of value, from which the engine's class of each kind is learned.
const KINDS: &str = include_str!("../js/kinds.js");

/// The runtime compiled to QuickJS bytecode once per worker, so that each fresh engine loads it
/// instead of parsing its source again; and the name of each of the engine's built-in classes.
pub struct Prelude {
    pub(super) bundle: Vec<u8>,
    parts: [OnceCell<Vec<u8>>; PARTS.len()],
    /// Built-in class ids, which are the same in every engine of this build, by kind name.
    kinds: HashMap<u32, &'static str>,
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
        let kinds = context.with(|ctx| learn_kinds(&ctx)).map_err(fail)?;
        Ok(Rc::new(Prelude {
            bundle: bundle.map_err(fail)?,
            parts: Default::default(),
            kinds,
        }))
    }

    /// The kind of an object as the engine's class says (`Array`, `Map`, `Proxy`), whatever its
    /// prototype or `Symbol.toStringTag` claim; `Object` for a plain object and any class not
    /// learned.
    pub(super) fn kind_of(&self, value: &Value<'_>) -> &'static str {
        // SAFETY: reading the class id of a live value; for a value that is not an object the
        // engine answers with an id that names no class.
        let id = unsafe { qjs::JS_GetClassID(value.as_raw()) };
        self.kinds.get(&id).copied().unwrap_or("Object")
    }

    /// The bytecode of a lazily loaded part, compiled on first use.
    pub(super) fn part(&self, ctx: &Ctx<'_>, name: &str) -> rquickjs::Result<&[u8]> {
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

    pub(super) fn load<'js, T: rquickjs::FromJs<'js>>(
        ctx: &Ctx<'js>,
        bytecode: &[u8],
    ) -> rquickjs::Result<T> {
        // SAFETY: the bytes were written by `compile` or `part` above, by this same QuickJS build.
        let module = unsafe { Module::load(ctx.clone(), bytecode)? };
        let (module, _) = module.eval()?;
        module.get("default")
    }
}

/// The class id of each kind of value, from the samples of `KINDS`.
fn learn_kinds(ctx: &Ctx<'_>) -> rquickjs::Result<HashMap<u32, &'static str>> {
    const NAMES: &[&str] = &[
        "Object",
        "Array",
        "Error",
        "Number",
        "String",
        "Boolean",
        "Symbol",
        "BigInt",
        "Arguments",
        "Date",
        "RegExp",
        "ArrayBuffer",
        "SharedArrayBuffer",
        "Int8Array",
        "Uint8Array",
        "Uint8ClampedArray",
        "Int16Array",
        "Uint16Array",
        "Int32Array",
        "Uint32Array",
        "Float16Array",
        "Float32Array",
        "Float64Array",
        "BigInt64Array",
        "BigUint64Array",
        "DataView",
        "Map",
        "Set",
        "WeakMap",
        "WeakSet",
        "WeakRef",
        "FinalizationRegistry",
        "Promise",
        "Generator",
        "AsyncGenerator",
        "Array Iterator",
        "Map Iterator",
        "Set Iterator",
        "String Iterator",
        "RegExp String Iterator",
        "Proxy",
    ];
    let samples: Vec<rquickjs::Array> = ctx.eval(KINDS)?;
    let mut kinds = HashMap::new();
    for pair in samples {
        let name: String = pair.get(0)?;
        let sample: Value = pair.get(1)?;
        if let Some(known) = NAMES.iter().find(|n| **n == name) {
            // SAFETY: as in `kind_of`, a live value.
            kinds.insert(unsafe { qjs::JS_GetClassID(sample.as_raw()) }, *known);
        }
    }
    Ok(kinds)
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
pub(super) fn compile<'js>(ctx: &Ctx<'js>, code: &str) -> Result<Function<'js>, Thrown> {
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
pub(super) struct Thrown {
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
    pub(super) fn outcome(self, context: &str) -> EngineOutcome {
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
pub(super) fn thrown(ctx: &Ctx<'_>, err: rquickjs::Error) -> Thrown {
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
pub(super) fn code_line(js_line: u32) -> u32 {
    js_line.saturating_sub(1).max(1)
}
