//! The host side of `fetch`: real HTTP over reqwest, sent as a browser on freeCodeCamp's page
//! would send it. One cookie jar per hint, redirects followed by hand so every hop is checked
//! against the same-origin policy, names resolved only to what the parent resolved for the
//! allowed hosts, and everything a hint can make us keep (answers, the request log, findings)
//! capped. The only user of reqwest.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{
    HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE,
};
use reqwest::{Method, Url};

use super::budget::Budget;

/// Browsers stop after 20 redirects; so do we.
const MAX_REDIRECTS: usize = 20;
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

/// A place hint code may reach: one origin, or a host on any port and scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// `http` or `https`; `None` for any.
    pub scheme: Option<String>,
    /// Lower case, without IPv6 brackets.
    pub host: String,
    /// `None` for any port.
    pub port: Option<u16>,
}

impl Allowed {
    /// The origin of `url`, exactly: its scheme, host and port.
    pub fn origin_of(url: &str) -> Result<Allowed, String> {
        let parsed = Url::parse(url).map_err(|e| format!("`{url}` is not a valid URL: {e}"))?;
        Ok(Allowed {
            scheme: Some(parsed.scheme().to_string()),
            host: bare_host(&parsed),
            port: parsed.port_or_known_default(),
        })
    }

    /// `--allow-host HOST[:PORT]`: that host on any scheme, on one port or any.
    pub fn from_flag(text: &str) -> Result<Allowed, String> {
        let text = text.trim();
        let fake = format!("http://{text}/");
        let parsed = Url::parse(&fake)
            .ok()
            .filter(|u| u.host_str().is_some() && u.path() == "/" && u.username().is_empty())
            .ok_or_else(|| format!("`{text}` is not a host or host:port"))?;
        Ok(Allowed {
            scheme: None,
            host: bare_host(&parsed),
            port: parsed.port(),
        })
    }

    fn admits(&self, url: &Url) -> bool {
        self.scheme.as_deref().is_none_or(|s| s == url.scheme())
            && self.host == bare_host(url)
            && self
                .port
                .is_none_or(|p| Some(p) == url.port_or_known_default())
    }

    fn describe(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match (&self.scheme, self.port) {
            (Some(scheme), Some(port)) => format!("{scheme}://{host}:{port}"),
            (_, Some(port)) => format!("{host}:{port}"),
            (_, None) => host,
        }
    }
}

fn bare_host(url: &Url) -> String {
    url.host_str()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

/// What one hint may reach and how its requests look.
#[derive(Debug, Clone)]
pub struct Policy {
    pub allowed: Vec<Allowed>,
    pub max_body: usize,
    /// The page origin requests are sent from, as a browser would, and whose CORS answers are
    /// checked; `None` turns the check off.
    pub cors_origin: Option<String>,
    /// The `Accept-Language` header, the learner's language first.
    pub accept_language: String,
    /// Keep and send cookies between the hint's requests, as a browser session does.
    pub cookies: bool,
    /// An answer the origin's browser could not read is not given to the hint at all, as on
    /// freeCodeCamp's site; otherwise it is given and noted.
    pub strict_cors: bool,
}

/// One HTTP client for a worker's life; connection pools are shared, cookies are not.
#[derive(Clone)]
pub struct Client {
    inner: reqwest::Client,
    names: Arc<Names>,
}

/// Host names and the addresses the parent resolved for them; nothing else resolves.
#[derive(Default)]
struct Names(Mutex<HashMap<String, Vec<SocketAddr>>>);

impl reqwest::dns::Resolve for Names {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let table = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let found = table
            .get(&name.as_str().to_ascii_lowercase())
            .cloned()
            .filter(|a| !a.is_empty());
        let name = name.as_str().to_string();
        Box::pin(async move {
            match found {
                Some(addresses) => {
                    Ok(Box::new(addresses.into_iter())
                        as Box<dyn Iterator<Item = SocketAddr> + Send>)
                }
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
    _held: Held,
}

/// Bytes taken from a budget until dropped.
#[derive(Debug)]
struct Held {
    budget: Rc<Budget>,
    bytes: usize,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.budget.release(self.bytes);
    }
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
    /// The first request that carried a cookie (one the app had set, or one the hint wrote).
    pub cookie_sent: RefCell<Option<String>>,
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
            cookie_sent: RefCell::default(),
        }
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

    fn warn(&self, warning: String) {
        let mut warnings = self.warnings.borrow_mut();
        if warnings.len() < MAX_CORS && !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
}

impl Client {
    /// A client for a worker: `insecure` accepts untrusted TLS certificates.
    pub fn new(insecure: bool, connect_timeout: Duration) -> Result<Client, String> {
        let names = Arc::new(Names::default());
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .user_agent(USER_AGENT)
            .gzip(true)
            .no_proxy()
            .dns_resolver(names.clone())
            .danger_accept_invalid_certs(insecure)
            .build()
            .map_err(|e| format!("could not set up the HTTP client: {e}"))?;
        Ok(Client { inner, names })
    }

    /// The addresses the allowed host names resolve to, for the jobs that follow.
    pub fn set_names(&self, names: &[(String, Vec<SocketAddr>)]) {
        let mut table = self.names.0.lock().unwrap_or_else(|e| e.into_inner());
        for (name, addresses) in names {
            table.insert(name.to_ascii_lowercase(), addresses.clone());
        }
    }

    /// Performs a request like a browser's `fetch` would, following redirects unless told not to.
    pub async fn fetch(&self, session: &Session, request: Request) -> Result<Answer, FetchError> {
        let id = session.next_id.get();
        session.next_id.set(id + 1);
        let label = format!(
            "{} {}",
            request.method.to_uppercase(),
            shorten(&request.url, 200)
        );
        session.in_flight.borrow_mut().push((id, label));
        let result = self.follow(session, request).await;
        session.in_flight.borrow_mut().retain(|(i, _)| *i != id);
        result
    }

    async fn follow(&self, session: &Session, request: Request) -> Result<Answer, FetchError> {
        let policy = &session.policy;
        let mut url = Url::parse(&request.url).map_err(|e| {
            FetchError::InvalidRequest(format!("invalid URL `{}`: {e}", shorten(&request.url, 200)))
        })?;
        let upper = request.method.to_uppercase();
        if matches!(upper.as_str(), "CONNECT" | "TRACE" | "TRACK") {
            return Err(FetchError::InvalidRequest(format!(
                "'{upper}' HTTP method is unsupported"
            )));
        }
        let mut method = Method::from_bytes(upper.as_bytes()).map_err(|_| {
            FetchError::InvalidRequest(format!("invalid method `{}`", request.method))
        })?;
        let mut headers = self.allowed_headers(session, request.headers);
        let mut body = request.body;
        self.check_policy(policy, &url)?;
        if let Some(origin) = &policy.cors_origin {
            if !is_simple(&method, &headers)
                && !self
                    .preflight(session, origin, &method, &url, &headers)
                    .await
                && policy.strict_cors
            {
                return Err(blocked(origin, &method, &url));
            }
        }
        for hop in 0..=MAX_REDIRECTS {
            self.check_policy(policy, &url)?;
            let mut answer = self
                .send(session, &method, &url, &headers, body.clone())
                .await?;
            answer.redirected = hop > 0;
            let location = answer
                .headers
                .iter()
                .find(|(k, _)| k == LOCATION.as_str())
                .map(|(_, v)| v.clone());
            let is_redirect = matches!(answer.status, 301 | 302 | 303 | 307 | 308);
            let (true, Some(location)) = (is_redirect, location) else {
                if let Some(origin) = &policy.cors_origin {
                    if !allows_origin(&answer.headers, origin) {
                        session.note_cors(format!("{method} {}: the answer has no Access-Control-Allow-Origin for {origin}", shorten(url.as_str(), 200)));
                        if policy.strict_cors {
                            return Err(blocked(origin, &method, &url));
                        }
                    }
                }
                return Ok(answer);
            };
            match request.redirect {
                RedirectMode::Manual => return Ok(answer),
                RedirectMode::Error => {
                    return Err(FetchError::Network(format!(
                        "{url} redirected to {} and the request said `redirect: 'error'`",
                        shorten(&location, 200)
                    )))
                }
                RedirectMode::Follow => {}
            }
            let next = url.join(&location).map_err(|e| {
                FetchError::Network(format!(
                    "{url} redirected to an invalid address `{}`: {e}",
                    shorten(&location, 200)
                ))
            })?;
            // As the fetch standard says: 303, and 301/302 after POST, become a GET without body.
            if answer.status == 303 && method != Method::HEAD
                || matches!(answer.status, 301 | 302) && method == Method::POST
            {
                method = Method::GET;
                body = None;
                headers.retain(|(k, _)| {
                    !k.eq_ignore_ascii_case(CONTENT_TYPE.as_str())
                        && !k.eq_ignore_ascii_case(CONTENT_LENGTH.as_str())
                });
            }
            url = next;
        }
        Err(FetchError::Network(format!(
            "too many redirects: more than {MAX_REDIRECTS}, the last one to {url}"
        )))
    }

    /// The hint's headers without those a browser never lets a page set (it drops them and says
    /// so on the console), then what a browser adds on its own.
    fn allowed_headers(
        &self,
        session: &Session,
        asked: Vec<(String, String)>,
    ) -> Vec<(String, String)> {
        let policy = &session.policy;
        let mut headers: Vec<(String, String)> = Vec::new();
        for (name, value) in asked {
            let lower = name.to_ascii_lowercase();
            // Without a cookie jar (freeCodeCamp's runner) a written Cookie goes the way of the
            // other headers a browser forbids.
            if is_forbidden_header(&lower) || (lower == "cookie" && !policy.cookies) {
                session.warn(format!(
                    "the header `{name}` was not sent: browsers do not let a page set it"
                ));
                continue;
            }
            headers.push((lower, value));
        }
        let has = |headers: &[(String, String)], name: &str| headers.iter().any(|(k, _)| k == name);
        if !has(&headers, "accept") {
            headers.push(("accept".into(), "*/*".into()));
        }
        if !has(&headers, "accept-language") {
            headers.push(("accept-language".into(), policy.accept_language.clone()));
        }
        if let Some(origin) = &policy.cors_origin {
            headers.push(("origin".into(), origin.clone()));
            headers.push(("referer".into(), format!("{origin}/")));
            headers.push(("sec-fetch-mode".into(), "cors".into()));
            headers.push(("sec-fetch-site".into(), "cross-site".into()));
            headers.push(("sec-fetch-dest".into(), "empty".into()));
        }
        headers
    }

    /// Sends the OPTIONS request a browser sends before a request that is not simple, and notes
    /// what in its answer would make the browser refuse the request; `false` when it would.
    async fn preflight(
        &self,
        session: &Session,
        origin: &str,
        method: &Method,
        url: &Url,
        headers: &[(String, String)],
    ) -> bool {
        let asked: Vec<String> = headers
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .filter(|k| !is_safelisted_header(k) && !is_browser_header(k))
            .collect();
        let key = format!("{method} {url} {}", asked.join(","));
        if session.preflighted.borrow().contains(&key) {
            return true;
        }
        if session.preflighted.borrow().len() < MAX_LOGGED {
            session.preflighted.borrow_mut().push(key);
        }
        let mut request = self
            .inner
            .request(Method::OPTIONS, url.clone())
            .header("origin", origin)
            .header("access-control-request-method", method.as_str());
        if !asked.is_empty() {
            request = request.header("access-control-request-headers", asked.join(","));
        }
        let label = format!("{method} {}", shorten(url.as_str(), 200));
        let answer = match request.send().await {
            Ok(answer) => answer,
            Err(err) => {
                session.note_cors(format!(
                    "{label}: the CORS preflight (OPTIONS) got no answer: {}",
                    describe(&err, url)
                ));
                return false;
            }
        };
        let headers = header_pairs(answer.headers());
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.to_ascii_lowercase())
        };
        let listed = |list: Option<String>, item: &str| {
            list.is_some_and(|l| {
                l.split(',')
                    .any(|x| x.trim() == "*" || x.trim().eq_ignore_ascii_case(item))
            })
        };
        if !allows_origin(&headers, origin) {
            session.note_cors(format!("{label}: the CORS preflight (OPTIONS) answer has no Access-Control-Allow-Origin for {origin}"));
        } else if !matches!(method.as_str(), "GET" | "HEAD" | "POST")
            && !listed(header("access-control-allow-methods"), method.as_str())
        {
            session.note_cors(format!(
                "{label}: the CORS preflight does not allow the method {method}"
            ));
        } else if let Some(missing) = asked
            .iter()
            .find(|h| !listed(header("access-control-allow-headers"), h))
        {
            session.note_cors(format!(
                "{label}: the CORS preflight does not allow the header {missing}"
            ));
        } else {
            return true;
        }
        false
    }

    fn check_policy(&self, policy: &Policy, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Refused(format!(
                "refused `{}`: hint code may only make http and https requests",
                shorten(url.as_str(), 200)
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(FetchError::Refused(
                "refused a URL that includes credentials (user:password@), as browsers refuse them"
                    .to_string(),
            ));
        }
        if policy.allowed.iter().any(|a| a.admits(url)) {
            return Ok(());
        }
        let allowed: Vec<String> = policy.allowed.iter().map(Allowed::describe).collect();
        let port = url.port_or_known_default().unwrap_or(0);
        Err(FetchError::Refused(format!(
            "refused a request to {}://{}:{port}: hint code may only reach the app being graded ({}); --allow-host widens that",
            url.scheme(),
            url.host_str().unwrap_or(""),
            allowed.join(", ")
        )))
    }

    async fn send(
        &self,
        session: &Session,
        method: &Method,
        url: &Url,
        headers: &[(String, String)],
        body: Option<Vec<u8>>,
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
        // What the client adds itself, so the log shows the whole request.
        for (name, value) in [("user-agent", USER_AGENT), ("accept-encoding", "gzip")] {
            if !sent_headers.iter().any(|(k, _)| k == name) {
                sent_headers.push((name.to_string(), value.to_string()));
            }
        }
        // A Cookie header set by the hint is sent as written, so a hint can replay an old cookie.
        if !sent_headers.iter().any(|(k, _)| k == COOKIE.as_str()) {
            if let Some(cookies) = session.jar.as_ref().and_then(|jar| jar.cookies(url)) {
                sent_headers.push((COOKIE.to_string(), lossy(cookies.as_bytes())));
                builder = builder.header(COOKIE, cookies);
            }
        }
        if sent_headers.iter().any(|(k, _)| k == COOKIE.as_str()) {
            session
                .cookie_sent
                .borrow_mut()
                .get_or_insert_with(|| format!("{method} {}", shorten(url.as_str(), 200)));
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
        }
        let mut held = Held {
            budget: session.budget.clone(),
            bytes: 0,
        };
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > max_body {
                        exchange.response_body = Some(preview(&body));
                        return fail(exchange, too_large(url));
                    }
                    if !session.budget.reserve(chunk.len()) {
                        exchange.response_body = Some(preview(&body));
                        let limit = human_size(session.budget.limit());
                        return fail(
                            exchange,
                            format!(
                                "the answers this hint holds exceed its memory limit of {limit}"
                            ),
                        );
                    }
                    held.bytes += chunk.len();
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

/// Asks whether an app answers at all, for `--start`, `--wait` and the check before grading.
pub struct Prober {
    runtime: tokio::runtime::Runtime,
    inner: reqwest::Client,
}

impl Prober {
    pub fn new(insecure: bool) -> Result<Prober, String> {
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .user_agent(USER_AGENT)
            .no_proxy()
            .danger_accept_invalid_certs(insecure)
            .build()
            .map_err(|e| format!("could not set up the HTTP client: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the async runtime: {e}"))?;
        Ok(Prober { runtime, inner })
    }

    /// The status `url` answers with, or why it did not answer within `timeout`; gives up early
    /// when `stop` says so.
    pub fn answers(
        &self,
        url: &str,
        timeout: Duration,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<u16, Unreachable> {
        let parsed = Url::parse(url).map_err(|e| Unreachable {
            message: format!("`{url}` is not a valid URL: {e}"),
            reason: Reason::Other,
        })?;
        self.runtime.block_on(async {
            let request = self.inner.get(parsed.clone()).send();
            let stopped = async {
                while !stop() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            };
            tokio::select! {
                result = tokio::time::timeout(timeout, request) => match result {
                    Ok(Ok(response)) => Ok(response.status().as_u16()),
                    Ok(Err(err)) => Err(Unreachable {
                        message: describe(&err, &parsed),
                        reason: reason(&err),
                    }),
                    Err(_) => Err(Unreachable {
                        message: format!("no answer from {url} within {}", seconds(timeout)),
                        reason: Reason::Timeout,
                    }),
                },
                () = stopped => Err(Unreachable {
                    message: "stopped".to_string(),
                    reason: Reason::Stopped,
                }),
            }
        })
    }
}

/// Why an app did not answer, in words and in kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    pub message: String,
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Nothing listens on the port.
    Refused,
    /// The host name does not resolve.
    Name,
    /// The TLS certificate is not trusted, or TLS failed.
    Tls,
    Timeout,
    /// Something answered, but not in HTTP.
    NotHttp,
    /// The user asked to stop.
    Stopped,
    Other,
}

fn reason(err: &reqwest::Error) -> Reason {
    let cause = root_cause(err).to_lowercase();
    if cause.contains("certificate") || cause.contains("tls") || cause.contains("handshake") {
        Reason::Tls
    } else if err.is_connect() && cause.contains("refused") {
        Reason::Refused
    } else if cause.contains("dns") || cause.contains("resolve") || cause.contains("lookup") {
        Reason::Name
    } else if err.is_timeout() || cause.contains("timed out") {
        Reason::Timeout
    } else if cause.contains("parse") || cause.contains("invalid http") {
        Reason::NotHttp
    } else {
        Reason::Other
    }
}

/// The addresses `host` resolves to, looked up on a helper thread so that a stuck lookup costs
/// at most `timeout`; empty when it does not resolve.
pub fn resolve(host: &str, port: u16, timeout: Duration) -> Vec<SocketAddr> {
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return vec![SocketAddr::new(ip, port)];
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    let name = host.to_string();
    let _ = std::thread::Builder::new()
        .name("resolve".into())
        .spawn(move || {
            let found: Vec<SocketAddr> = (name.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect())
                .unwrap_or_default();
            let _ = sender.send(found);
        });
    receiver.recv_timeout(timeout).unwrap_or_default()
}

/// Seconds for people: `2 s`, `2.5 s`, `0.25 s`.
pub fn seconds(duration: Duration) -> String {
    let s = duration.as_secs_f64();
    let text = if s >= 10.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    format!("{text} s")
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

/// At most `limit` bytes of `text`, cut at a character boundary, with a mark when cut.
pub fn shorten(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

fn allows_origin(headers: &[(String, String)], origin: &str) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("access-control-allow-origin")
            && (v.trim() == "*" || v.trim().eq_ignore_ascii_case(origin))
    })
}

/// What a browser's fetch says when CORS keeps a page from reading an answer.
fn blocked(origin: &str, method: &Method, url: &Url) -> FetchError {
    FetchError::Network(format!(
        "Failed to fetch: a page on {origin} may not read the answer to {method} {} (CORS: no Access-Control-Allow-Origin for it)",
        shorten(url.as_str(), 200)
    ))
}

/// The headers a browser never lets a page set, by the fetch standard's list. `Cookie` is the
/// exception: the session challenges replay an old cookie on purpose.
fn is_forbidden_header(name: &str) -> bool {
    matches!(
        name,
        "accept-charset"
            | "accept-encoding"
            | "access-control-request-headers"
            | "access-control-request-method"
            | "access-control-request-private-network"
            | "connection"
            | "content-length"
            | "cookie2"
            | "date"
            | "dnt"
            | "expect"
            | "host"
            | "keep-alive"
            | "origin"
            | "referer"
            | "set-cookie"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "via"
    ) || name.starts_with("proxy-")
        || name.starts_with("sec-")
}

/// Headers the browser adds itself; they never cause a preflight.
fn is_browser_header(name: &str) -> bool {
    matches!(name, "origin" | "referer" | "user-agent" | "cookie") || name.starts_with("sec-")
}

/// Headers a page may send without a CORS preflight, by the fetch standard's list.
fn is_safelisted_header(name: &str) -> bool {
    matches!(
        name,
        "accept" | "accept-language" | "content-language" | "content-type"
    )
}

/// A request a browser sends without a preflight: GET, HEAD or POST, safelisted headers only,
/// and a form or text content type.
fn is_simple(method: &Method, headers: &[(String, String)]) -> bool {
    let simple_type = |value: &str| {
        let essence = value
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        matches!(
            essence.as_str(),
            "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
        )
    };
    matches!(method.as_str(), "GET" | "HEAD" | "POST")
        && headers.iter().all(|(k, v)| {
            let name = k.to_ascii_lowercase();
            (is_safelisted_header(&name) || is_browser_header(&name))
                && (name != "content-type" || simple_type(v))
        })
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

/// A sentence for a failed request that says what a person can check.
fn describe(err: &reqwest::Error, url: &Url) -> String {
    let cause = root_cause(err);
    let host = url.host_str().unwrap_or("");
    let port = url.port_or_known_default().unwrap_or(0);
    let lower = cause.to_lowercase();
    if lower.contains("certificate")
        || lower.contains("unknownissuer")
        || lower.contains("causedasendentity")
        || lower.contains("invalidcertificate")
    {
        format!(
            "the TLS certificate of {host} is not trusted ({}); use --insecure to accept it",
            plain_tls_reason(&cause)
        )
    } else if lower.contains("tls") || lower.contains("handshake") {
        format!(
            "could not make a TLS connection to {host}:{port} ({}); is it really https?",
            plain_tls_reason(&cause)
        )
    } else if err.is_connect() {
        if lower.contains("refused") {
            format!("could not connect to {host}:{port}: connection refused (is the app running?)")
        } else if lower.contains("dns") || lower.contains("resolve") || lower.contains("lookup") {
            format!("could not connect to {url}: the name `{host}` does not resolve")
        } else if lower.contains("timed out") || err.is_timeout() {
            format!("could not connect to {host}:{port}: no answer to the connection (timed out)")
        } else {
            format!("could not connect to {host}:{port}: {cause}")
        }
    } else if err.is_timeout() {
        format!("no answer from {url} in time: {cause}")
    } else if lower.contains("parse") || lower.contains("invalid http") {
        format!("{host}:{port} did not answer in HTTP ({cause})")
    } else {
        format!("request to {url} failed: {cause}")
    }
}

/// rustls reports certificate problems as Rust debug text (`InvalidCertificate(UnknownIssuer)`);
/// these are the words for them.
fn plain_tls_reason(cause: &str) -> String {
    let known = [
        (
            "unknownissuer",
            "it is signed by an unknown authority, for example self-signed",
        ),
        (
            "causedasendentity",
            "it is a certificate authority's certificate used as the server's own",
        ),
        ("expired", "it has expired"),
        ("notvalidyet", "it is not valid yet"),
        ("notvalidforname", "it is for another name"),
        ("badsignature", "its signature is invalid"),
        ("revoked", "it was revoked"),
        (
            "unsupportedsignaturealgorithm",
            "it uses an unsupported signature algorithm",
        ),
    ];
    let squashed: String = cause
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    known
        .iter()
        .find(|(key, _)| squashed.contains(key))
        .map_or_else(|| cause.to_string(), |(_, words)| words.to_string())
}

fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(allowed: &Allowed, url: &str, admitted: bool) {
        assert_eq!(allowed.admits(&Url::parse(url).unwrap()), admitted, "{url}");
    }

    #[test]
    fn the_graded_origin_admits_only_itself() {
        let origin = Allowed::origin_of("http://localhost:3000").unwrap();
        check(&origin, "http://localhost:3000/x?y", true);
        check(&origin, "http://LOCALHOST:3000/", true);
        check(&origin, "http://localhost:5432/", false);
        check(&origin, "https://localhost:3000/", false);
        check(&origin, "http://localhost/", false);
        let default_port = Allowed::origin_of("https://app.example").unwrap();
        check(&default_port, "https://app.example:443/a", true);
        check(&default_port, "http://app.example/a", false);
    }

    #[test]
    fn allow_host_takes_any_port_or_one() {
        let any = Allowed::from_flag("cdn.freecodecamp.org").unwrap();
        check(&any, "https://cdn.freecodecamp.org/a.png", true);
        check(&any, "http://cdn.freecodecamp.org:8080/", true);
        let one = Allowed::from_flag("db.local:5432").unwrap();
        check(&one, "http://db.local:5432/", true);
        check(&one, "http://db.local:5433/", false);
        let v6 = Allowed::from_flag("[::1]:8080").unwrap();
        check(&v6, "http://[::1]:8080/", true);
        assert!(Allowed::from_flag("a b").is_err());
        assert!(Allowed::from_flag("host/path").is_err());
    }

    #[test]
    fn forbidden_headers_follow_the_fetch_standard() {
        for name in [
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "sec-x",
            "proxy-y",
            "origin",
        ] {
            assert!(is_forbidden_header(name), "{name}");
        }
        for name in [
            "cookie",
            "accept",
            "x-custom",
            "authorization",
            "user-agent",
        ] {
            assert!(!is_forbidden_header(name), "{name}");
        }
    }

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(seconds(Duration::from_millis(2999)), "3 s");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 s");
        assert_eq!(seconds(Duration::from_millis(250)), "0.25 s");
        assert_eq!(seconds(Duration::from_secs(60)), "60 s");
    }

    #[test]
    fn tls_reasons_are_words() {
        assert_eq!(
            plain_tls_reason("invalid peer certificate: Other(OtherError(CaUsedAsEndEntity))"),
            "it is a certificate authority's certificate used as the server's own"
        );
        assert!(plain_tls_reason("invalid peer certificate: UnknownIssuer")
            .contains("unknown authority"));
    }
}
