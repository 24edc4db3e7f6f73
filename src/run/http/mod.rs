//! The host side of `fetch`: real HTTP over reqwest, sent as a browser on freeCodeCamp's page
//! would send it. One cookie jar per hint, redirects followed by hand so every hop is checked
//! (hint code asks only the allowed origins; the app's redirects go anywhere public), names
//! resolved only to what the parent resolved, and no connection to a non-public address the
//! run was not given; everything a hint can make us keep (answers, the request log, findings)
//! capped. The only user of reqwest: this file is the client with its caps, `address` which
//! addresses a connection may use, `policy` what a hint may reach and how redirects are
//! followed, `cors` what a browser on freeCodeCamp's page could read, `probe` the check that
//! an app answers at all, `proxy` the proxies of the environment, `download` the curriculum's files, and `text` the
//! words for it all.

mod address;
mod cors;
pub mod download;
mod policy;
mod probe;
mod proxy;
mod text;

pub use address::{non_public, Local};
pub use policy::{Allowed, Policy};
pub use probe::{resolve, Prober, Reason, Unreachable};
pub use proxy::Proxies;
pub use text::{seconds, shorten};

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderName, HeaderValue, ACCEPT_ENCODING, COOKIE, SET_COOKIE};
use reqwest::{Method, Url};

use super::budget::{Budget, Charge};
use text::{describe, root_cause};

/// Requests kept whole in a hint's log; later ones are only counted.
pub const MAX_LOGGED: usize = 50;

/// Findings about answers a browser could not read, per hint.
const MAX_CORS: usize = 20;

/// How much of a URL, a header value or a body a log entry keeps.
const URL_LIMIT: usize = 2048;

const HEADER_LIMIT: usize = 1024;

const HEADERS_KEPT: usize = 50;

const BODY_PREVIEW: usize = 2048;

/// What the browser-like user agent says; apps that report it (the header parser project) see
/// a browser, and the last word says who really asked.
pub const USER_AGENT: &str = concat!(
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 grader/",
    env!("CARGO_PKG_VERSION")
);

/// The compressions a current browser accepts, as it lists them.
const ACCEPTED_ENCODINGS: &str = "gzip, deflate, br, zstd";

/// Requests in flight to one host (scheme, name and port) at once, as a browser keeps six
/// connections a host: the rest wait their turn, and 300 fetches at once never run out of
/// descriptors.
const PER_HOST: usize = 6;

/// Whether grading `url` needs the system's certificate store (its files, or those
/// `SSL_CERT_FILE`/`SSL_CERT_DIR` name) besides the built-in roots: for an https app. Reading
/// the store opens every file of the certificate folder, which costs more than a plain http
/// app's whole run, so an http app is graded without it; its redirects to https on a public
/// host are still trusted through the built-in roots.
pub fn system_roots_for(url: &str) -> bool {
    url.get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
}

/// One HTTP client for a worker's life; connection pools are shared, cookies are not.
#[derive(Clone)]
pub struct Client {
    inner: reqwest::Client,
    names: Arc<Names>,
    /// A queue for each host requests went to.
    hosts: Arc<Mutex<HashMap<String, Arc<tokio::sync::Semaphore>>>>,
}

/// Host names and the addresses the parent resolved for them; nothing else resolves. What a
/// name resolves to is filtered here, by the same rule as an address in a URL, so the address
/// checked is the address connected to.
#[derive(Default)]
struct Names {
    table: Mutex<HashMap<String, Vec<SocketAddr>>>,
    local: Mutex<Local>,
}

impl reqwest::dns::Resolve for Names {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let table = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let found = table
            .get(&name.as_str().to_ascii_lowercase())
            .cloned()
            .filter(|a| !a.is_empty());
        drop(table);
        let name = name.as_str().to_string();
        let found = found.map(|f| {
            self.local
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .filter(&name, f)
        });
        Box::pin(async move {
            match found {
                Some(Ok(addresses)) => {
                    Ok(Box::new(addresses.into_iter())
                        as Box<dyn Iterator<Item = SocketAddr> + Send>)
                }
                Some(Err(refused)) => Err(refused.into()),
                None => Err(format!(
                    "failed to lookup address information: the name `{name}` does not resolve"
                )
                .into()),
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectMode {
    Follow,
    Manual,
    Error,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    pub redirect: RedirectMode,
}

#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub status_text: String,
    pub url: String,
    pub redirected: bool,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body's share of the hint's memory budget, given back when the answer is dropped.
    _held: Charge,
}

/// A cookie a hint relied on, which freeCodeCamp's runner (no cookie jar, and a browser that
/// drops a Cookie header a page writes) would not have sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieUse {
    /// The cookie's name, when the app set it; `None` for a Cookie header the hint wrote.
    pub name: Option<String>,
    /// The request whose answer set it.
    pub set_by: Option<String>,
    /// The request that sent it.
    pub sent_with: String,
}

/// Why a request produced no answer. `Refused` is our policy; the rest come from the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    Refused(String),
    InvalidRequest(String),
    Network(String),
}

impl FetchError {
    pub fn message(&self) -> &str {
        match self {
            FetchError::Refused(m) | FetchError::InvalidRequest(m) | FetchError::Network(m) => m,
        }
    }
}

/// One request and what came of it, kept so a failed hint can show the flow it went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    /// The status, or `None` when no answer came.
    pub status: Option<u16>,
    pub error: Option<String>,
    /// What was sent and received, the bodies cut to their first 2 KiB, for `-v`.
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
}

impl Exchange {
    /// An exchange known only by its request line and outcome.
    pub fn new(method: &str, url: &str, status: Option<u16>, error: Option<String>) -> Exchange {
        Exchange {
            method: method.to_string(),
            url: url.to_string(),
            status,
            error,
            request_headers: Vec::new(),
            request_body: None,
            response_headers: Vec::new(),
            response_body: None,
        }
    }
}

/// A hint's browser session: its policy, cookie jar and memory budget, what it asked for, and
/// what is still in flight.
pub struct Session {
    policy: Policy,
    jar: Option<Jar>,
    budget: Rc<Budget>,
    /// The first requests in full.
    pub exchanges: RefCell<Vec<Exchange>>,
    /// Requests made after the log was full.
    pub omitted: Cell<u64>,
    /// Requests started and not yet answered, for a message when the deadline passes.
    in_flight: RefCell<Vec<(u64, String)>>,
    next_id: Cell<u64>,
    /// Answers a browser on the policy's origin would be blocked from reading, one line each.
    pub cors: RefCell<Vec<String>>,
    /// Preflights already sent, by method, URL and headers asked for: a browser caches them.
    preflighted: RefCell<Vec<String>>,
    /// Things the hint asked for that a browser would not do, for its console.
    pub warnings: RefCell<Vec<String>>,
    /// The cookies the app set in this hint's answers, by name, with the request that set each.
    cookies_set: RefCell<Vec<(String, String)>>,
    /// The first cookie the hint's requests relied on: one the app set and a later request sent
    /// back, or a Cookie header the hint wrote.
    pub cookie_use: RefCell<Option<CookieUse>>,
}

impl Session {
    pub fn new(policy: Policy, budget: Rc<Budget>) -> Session {
        Session {
            jar: policy.cookies.then(Jar::default),
            policy,
            budget,
            exchanges: RefCell::default(),
            omitted: Cell::new(0),
            in_flight: RefCell::default(),
            next_id: Cell::new(0),
            cors: RefCell::default(),
            preflighted: RefCell::default(),
            warnings: RefCell::default(),
            cookies_set: RefCell::default(),
            cookie_use: RefCell::default(),
        }
    }

    /// The hint's memory budget, which what the host copies for it is charged to.
    pub fn budget(&self) -> &Rc<Budget> {
        &self.budget
    }

    /// The requests still waiting for an answer: the first few, and how many more.
    pub fn waiting(&self) -> (Vec<String>, usize) {
        let in_flight = self.in_flight.borrow();
        let shown: Vec<String> = in_flight.iter().take(5).map(|(_, l)| l.clone()).collect();
        let more = in_flight.len() - shown.len();
        (shown, more)
    }

    fn record(&self, exchange: Exchange) {
        let mut log = self.exchanges.borrow_mut();
        if log.len() < MAX_LOGGED {
            log.push(exchange);
        } else {
            self.omitted.set(self.omitted.get() + 1);
        }
    }

    fn note_cors(&self, finding: String) {
        let mut cors = self.cors.borrow_mut();
        if cors.len() < MAX_CORS && !cors.contains(&finding) {
            cors.push(finding);
        }
    }

    fn note_cookie(&self, cookie: CookieUse) {
        self.cookie_use.borrow_mut().get_or_insert(cookie);
    }

    fn warn(&self, warning: String) {
        let mut warnings = self.warnings.borrow_mut();
        if warnings.len() < MAX_CORS && !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
}

impl Client {
    /// A client for a worker: `insecure` accepts untrusted TLS certificates.
    pub fn new(
        insecure: bool,
        system_roots: bool,
        connect_timeout: Duration,
    ) -> Result<Client, String> {
        let names = Arc::new(Names::default());
        let proxies = Proxies::from_env()?;
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .user_agent(USER_AGENT)
            .gzip(true)
            .deflate(true)
            .brotli(true)
            .zstd(true)
            .no_proxy()
            .dns_resolver(names.clone())
            .tls_built_in_native_certs(system_roots)
            .danger_accept_invalid_certs(insecure);
        let inner = with_proxies(builder, proxies)
            .build()
            .map_err(|e| format!("could not set up the HTTP client: {e}"))?;
        Ok(Client {
            inner,
            names,
            hosts: Arc::default(),
        })
    }

    /// The addresses the allowed host names resolve to, and the non-public addresses the run
    /// may reach, for the jobs that follow.
    pub fn set_names(&self, names: &[(String, Vec<SocketAddr>)], local: &Local) {
        let mut table = self.names.table.lock().unwrap_or_else(|e| e.into_inner());
        for (name, addresses) in names {
            table.insert(name.to_ascii_lowercase(), addresses.clone());
        }
        *self.names.local.lock().unwrap_or_else(|e| e.into_inner()) = local.clone();
    }

    /// Performs a request like a browser's `fetch` would, following redirects unless told not
    /// to, until it is answered or `abort` is notified.
    pub async fn fetch(
        &self,
        session: &Session,
        request: Request,
        abort: &tokio::sync::Notify,
    ) -> Result<Answer, FetchError> {
        let id = session.next_id.get();
        session.next_id.set(id + 1);
        let label = format!(
            "{} {}",
            request.method.to_uppercase(),
            shorten(&request.url, 200)
        );
        session.in_flight.borrow_mut().push((id, label));
        // An abort ends the request at once; a request cut off by the deadline stays listed,
        // for the message that says what the hint was waiting for.
        let result = tokio::select! {
            result = self.follow(session, request) => result,
            () = abort.notified() => Err(FetchError::Network("the request was aborted".to_string())),
        };
        session.in_flight.borrow_mut().retain(|(i, _)| *i != id);
        result
    }

    pub(super) async fn send(
        &self,
        session: &Session,
        method: &Method,
        url: &Url,
        headers: &[(String, String)],
        body: Option<Bytes>,
    ) -> Result<Answer, FetchError> {
        let started = Instant::now();
        let mut builder = self.inner.request(method.clone(), url.clone());
        let mut sent_headers = Vec::new();
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                FetchError::InvalidRequest(format!("invalid header name `{}`", shorten(name, 100)))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                FetchError::InvalidRequest(format!("invalid value for header `{name}`"))
            })?;
            sent_headers.push((name.to_string(), lossy(value.as_bytes())));
            builder = builder.header(name, value);
        }
        // What a current browser accepts, in its order; each is decoded, within the same
        // caps as any answer.
        builder = builder.header(ACCEPT_ENCODING, ACCEPTED_ENCODINGS);
        // What the client adds itself, so the log shows the whole request.
        for (name, value) in [
            ("user-agent", USER_AGENT),
            ("accept-encoding", ACCEPTED_ENCODINGS),
        ] {
            if !sent_headers.iter().any(|(k, _)| k == name) {
                sent_headers.push((name.to_string(), value.to_string()));
            }
        }
        // A Cookie header set by the hint is sent as written, so a hint can replay an old cookie.
        let label = format!("{method} {}", shorten(url.as_str(), 200));
        if sent_headers.iter().any(|(k, _)| k == COOKIE.as_str()) {
            session.note_cookie(CookieUse {
                name: None,
                set_by: None,
                sent_with: label.clone(),
            });
        } else if let Some(cookies) = session.jar.as_ref().and_then(|jar| jar.cookies(url)) {
            let text = lossy(cookies.as_bytes());
            // The first cookie sent back that an answer of this hint had set.
            let set = session.cookies_set.borrow();
            let relied = text
                .split(';')
                .filter_map(|pair| pair.split('=').next())
                .map(str::trim)
                .find_map(|name| set.iter().find(|(n, _)| n == name).cloned());
            drop(set);
            if let Some((name, set_by)) = relied {
                session.note_cookie(CookieUse {
                    name: Some(name),
                    set_by: Some(set_by),
                    sent_with: label.clone(),
                });
            }
            sent_headers.push((COOKIE.to_string(), text));
            builder = builder.header(COOKIE, cookies);
        }
        let mut exchange = Exchange {
            method: method.to_string(),
            url: shorten(url.as_str(), URL_LIMIT),
            status: None,
            error: None,
            request_headers: kept_headers(sent_headers),
            request_body: body.as_deref().map(preview),
            response_headers: Vec::new(),
            response_body: None,
        };
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let fail = |mut exchange: Exchange, message: String| {
            exchange.error = Some(message.clone());
            session.record(exchange);
            Err(FetchError::Network(message))
        };
        // The request waits for its turn on its host, and keeps it until its answer is read.
        let queue = {
            let key = format!(
                "{}://{}:{}",
                url.scheme(),
                url.host_str().unwrap_or(""),
                url.port_or_known_default().unwrap_or(0)
            );
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts
                .entry(key)
                .or_insert_with(|| Arc::new(tokio::sync::Semaphore::new(PER_HOST)))
                .clone()
        };
        let Ok(_turn) = queue.acquire_owned().await else {
            return fail(exchange, "the request queue closed".to_string());
        };
        // A pooled connection the server closed after its last answer fails at once, before a
        // byte of the answer; a browser then sends the request again on a fresh connection.
        let retry = builder.try_clone();
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(err) if is_stale_connection(&err) => match retry {
                Some(again) => match again.send().await {
                    Ok(response) => response,
                    Err(err) => return fail(exchange, describe(&err, url)),
                },
                None => return fail(exchange, describe(&err, url)),
            },
            Err(err) => return fail(exchange, describe(&err, url)),
        };
        let status = response.status();
        exchange.status = Some(status.as_u16());
        let headers = header_pairs(response.headers());
        exchange.response_headers = kept_headers(headers.clone());
        let max_body = session.policy.max_body;
        let too_large = |url: &Url| {
            format!(
                "the answer from {} is larger than the {} limit (see --max-body)",
                shorten(url.as_str(), 200),
                human_size(max_body)
            )
        };
        // A declared length over the limit is refused before reading a byte. (For a compressed
        // answer this is the compressed length; the decompressed size is capped below.)
        if response
            .content_length()
            .is_some_and(|n| n > max_body as u64)
        {
            return fail(exchange, too_large(url));
        }
        if let Some(jar) = &session.jar {
            let mut set_cookies = response.headers().get_all(SET_COOKIE).iter();
            jar.set_cookies(&mut set_cookies, url);
            // A cookie set in answer to a request that changes something (a login's POST) is a
            // session the hint goes on to use; one every page sets (an empty session on a GET)
            // is not something a hint relies on.
            let mut set = session.cookies_set.borrow_mut();
            let changes = !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS");
            for value in response
                .headers()
                .get_all(SET_COOKIE)
                .iter()
                .filter(|_| changes)
            {
                let name = lossy(value.as_bytes());
                let name = name
                    .split(['=', ';'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                if !name.is_empty() && set.len() < MAX_CORS && !set.iter().any(|(n, _)| *n == name)
                {
                    set.push((shorten(&name, 100), label.clone()));
                }
            }
        }
        // The body's memory is charged as it is allocated: the buffer's whole capacity.
        let Some(mut held) = Budget::charge(&session.budget, 0) else {
            return fail(exchange, out_of_memory(&session.budget));
        };
        let mut body: Vec<u8> = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let needed = body.len() + chunk.len();
                    if needed > max_body {
                        exchange.response_body = Some(preview(&body));
                        return fail(exchange, too_large(url));
                    }
                    let grown = needed.max(body.capacity() * 2).min(max_body);
                    let more = grown.saturating_sub(body.capacity());
                    if more > 0 && !held.grow(more) {
                        exchange.response_body = Some(preview(&body));
                        return fail(exchange, out_of_memory(&session.budget));
                    }
                    if more > 0 {
                        body.reserve_exact(grown - body.len());
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(err) => {
                    exchange.response_body = Some(preview(&body));
                    let message = format!(
                        "the answer from {} broke off after {} bytes and {:.1} s: {}",
                        shorten(url.as_str(), 200),
                        body.len(),
                        started.elapsed().as_secs_f64(),
                        root_cause(&err)
                    );
                    return fail(exchange, message);
                }
            }
        }
        exchange.response_body = Some(preview(&body));
        session.record(exchange);
        Ok(Answer {
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or("").to_string(),
            url: url.to_string(),
            redirected: false,
            headers,
            body,
            _held: held,
        })
    }
}

/// `builder` sending requests through the environment's proxies, where they apply.
fn with_proxies(builder: reqwest::ClientBuilder, proxies: Proxies) -> reqwest::ClientBuilder {
    if !proxies.any() {
        return builder;
    }
    builder.proxy(reqwest::Proxy::custom(move |url| proxies.for_url(url)))
}

/// Why a request failed when the hint's memory ran out on the host side.
fn out_of_memory(budget: &Budget) -> String {
    format!(
        "the answers this hint holds exceed its memory limit of {}",
        human_size(budget.limit())
    )
}

fn header_pairs(map: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| (k.as_str().to_string(), lossy(v.as_bytes())))
        .collect()
}

fn kept_headers(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    headers
        .into_iter()
        .take(HEADERS_KEPT)
        .map(|(k, v)| (shorten(&k, 100), shorten(&v, HEADER_LIMIT)))
        .collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first 2 KiB of a body, as text, for `-v`.
fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(BODY_PREVIEW)]).into_owned();
    if bytes.len() > BODY_PREVIEW {
        format!("{text}… ({} bytes in all)", bytes.len())
    } else {
        text
    }
}

/// A request that failed because the pooled connection it went out on had been closed by the
/// server, before any of the answer arrived.
fn is_stale_connection(err: &reqwest::Error) -> bool {
    let cause = root_cause(err).to_lowercase();
    err.is_request()
        && (cause.contains("connection closed before message completed")
            || cause.contains("connection reset")
            || cause.contains("broken pipe"))
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}
