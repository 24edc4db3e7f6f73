//! The host functions the runtime's JavaScript calls: the console, timers, `fetch` over the
//! worker's HTTP client, UTF-8, URLs and forms, and the parts of the runtime loaded on first use.
//! What they return is built so that hint code cannot hook into it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use rquickjs::promise::Promised;
use rquickjs::{ArrayBuffer, Ctx, Function, IntoJs, Object, Persistent, TypedArray, Value};

use super::shapes::Prelude;
use super::{Evidence, Pending, CONSOLE_BYTES, KEPT_ERRORS};
use crate::run::budget::Budget;
use crate::run::http::{self, FetchError, RedirectMode};
use crate::run::web;

const CONSOLE_LINES: usize = 10_000;

/// The hint's console, capped in bytes and lines.
#[derive(Default)]
pub(super) struct Console {
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

    pub(super) fn push_line(&mut self, text: &str) {
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

    pub(super) fn finish(mut self) -> Vec<String> {
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

/// Installs the host functions and the runtime; returns the runtime's `{ describe, adopt,
/// getUserInput }`.
pub(super) fn install<'js>(
    ctx: &Ctx<'js>,
    prelude: &Rc<Prelude>,
    client: &http::Client,
    url: &str,
    session: &Rc<http::Session>,
    evidence: &Rc<Evidence>,
) -> rquickjs::Result<Object<'js>> {
    let host = Object::new(ctx.clone())?;
    host.set("url", url)?;

    let sink = evidence.clone();
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
    let sink = evidence.clone();
    host.set(
        "consoleRoom",
        Function::new(ctx.clone(), move || sink.console.borrow().room())?,
    )?;

    let timers = evidence.clone();
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
            let evidence = timers.clone();
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
                    evidence.timers.borrow_mut().remove(&id);
                }
                drop(pending);
                fired
            })
        })?,
    )?;
    let timers = evidence.clone();
    host.set(
        "cancelTimer",
        Function::new(ctx.clone(), move |id: u32| {
            if let Some(cancel) = timers.timers.borrow_mut().remove(&id) {
                cancel.notify_one();
            }
        })?,
    )?;

    let reports = evidence.clone();
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
    let fetches = evidence.clone();
    // The requests in flight, by the id the runtime gave each, so an abort can end one.
    let aborts: Rc<RefCell<HashMap<u32, Rc<tokio::sync::Notify>>>> = Rc::default();
    let abortable = aborts.clone();
    host.set(
        "fetch",
        Function::new(
            ctx.clone(),
            move |method: String,
                  url: String,
                  headers: Vec<String>,
                  body: Option<TypedArray<'js, u8>>,
                  redirect: String,
                  id: u32| {
                let pending = Pending::start(&fetches, false);
                let abort = Rc::new(tokio::sync::Notify::new());
                abortable.borrow_mut().insert(id, abort.clone());
                let abortable = abortable.clone();
                let client = client.clone();
                let session = session_for_fetch.clone();
                // The copy is charged to the hint's memory before it is made, and given back when
                // the request ends. SAFETY: read at once, before any JavaScript runs again.
                let bytes = body.as_ref().and_then(|b| unsafe { b.as_bytes() });
                let charge = Budget::charge(session.budget(), bytes.map_or(0, <[u8]>::len));
                let body = charge.as_ref().and(bytes).map(<[u8]>::to_vec);
                Promised(async move {
                    let Some(_charge) = charge else {
                        drop(pending);
                        return JsAnswer(Err(FetchError::Network(
                            "the hint ran out of memory copying the request's body".to_string(),
                        )));
                    };
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
                    let answer = client.fetch(&session, request, &abort).await;
                    abortable.borrow_mut().remove(&id);
                    drop(pending);
                    JsAnswer(answer)
                })
            },
        )?,
    )?;
    host.set(
        "abortFetch",
        Function::new(ctx.clone(), move |id: u32| {
            if let Some(abort) = aborts.borrow_mut().remove(&id) {
                abort.notify_one();
            }
        })?,
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
            // The encoding standard's UTF-8 decode drops a leading byte-order mark, as
            // browsers do for `text()`, `json()`, XHR and `TextDecoder`.
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
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

    let classes = prelude.clone();
    host.set(
        "kindOf",
        Function::new(ctx.clone(), move |value: Value<'js>| {
            classes.kind_of(&value)
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

/// A host answer as the runtime's `fetch` expects it. It has no prototype, so neither filling it
/// in nor resolving a promise with it reaches a setter or a `then` a hint put on
/// `Object.prototype`.
struct JsAnswer(Result<http::Answer, FetchError>);

impl<'js> IntoJs<'js> for JsAnswer {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let object = Object::new(ctx.clone())?;
        object.set_prototype(None)?;
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

/// URL parts, or the message of the `TypeError` the runtime throws; with no prototype, as above.
struct JsUrl(Result<web::UrlParts, String>);

impl<'js> IntoJs<'js> for JsUrl {
    fn into_js(self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let parts = match self.0 {
            Ok(parts) => parts,
            Err(message) => return message.into_js(ctx),
        };
        let object = Object::new(ctx.clone())?;
        object.set_prototype(None)?;
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
