//! The host side of `fetch`: real HTTP over reqwest, one cookie jar per hint, redirects followed
//! by hand so each hop is checked against the host policy. The only user of reqwest.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{
    HeaderName, HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE,
};
use reqwest::{Method, Url};

/// Browsers stop after 20 redirects; so do we.
const MAX_REDIRECTS: usize = 20;

/// Which hosts hint code may reach, and how much it may read.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Host names (without port) that requests may go to.
    pub allowed_hosts: Vec<String>,
    pub max_body: usize,
    /// Accept TLS certificates that are not trusted.
    pub insecure: bool,
    /// The page origin requests are sent from, as a browser would, and whose CORS answers are
    /// checked; `None` turns the check off.
    pub cors_origin: Option<String>,
}

/// One HTTP client for a whole run; connection pools are shared, cookies are not.
#[derive(Clone)]
pub struct Client {
    inner: reqwest::Client,
    policy: Policy,
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

#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub status_text: String,
    pub url: String,
    pub redirected: bool,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
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

/// A hint's browser session: its cookie jar, what it asked for, and what is still in flight.
#[derive(Default)]
pub struct Session {
    jar: Jar,
    pub exchanges: RefCell<Vec<Exchange>>,
    /// Requests started and not yet answered, for a message when the deadline passes.
    pub in_flight: RefCell<Vec<(u64, String)>>,
    next_id: std::cell::Cell<u64>,
    /// Answers a browser on the policy's origin would be blocked from reading, one line each.
    pub cors: RefCell<Vec<String>>,
    /// Preflights already sent, by method, URL and headers asked for: a browser caches them.
    preflighted: RefCell<Vec<String>>,
}

impl Client {
    pub fn new(policy: Policy, connect_timeout: Duration) -> Result<Client, String> {
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect_timeout)
            .user_agent(concat!("grader/", env!("CARGO_PKG_VERSION")))
            .gzip(true)
            .danger_accept_invalid_certs(policy.insecure)
            .build()
            .map_err(|e| format!("could not set up the HTTP client: {e}"))?;
        Ok(Client { inner, policy })
    }

    /// Whether `url` answers HTTP at all (any status will do), for waiting on an app to come up.
    pub async fn probe(&self, url: &str) -> Result<u16, String> {
        let parsed = Url::parse(url).map_err(|e| format!("`{url}` is not a valid URL: {e}"))?;
        match self.inner.get(parsed.clone()).send().await {
            Ok(response) => Ok(response.status().as_u16()),
            Err(err) => Err(describe(&err, &parsed)),
        }
    }

    /// Performs a request like a browser's `fetch` would, following redirects unless told not to.
    pub async fn fetch(&self, session: &Session, request: Request) -> Result<Answer, FetchError> {
        let id = session.next_id.get();
        session.next_id.set(id + 1);
        let label = format!("{} {}", request.method.to_uppercase(), request.url);
        session.in_flight.borrow_mut().push((id, label));
        let result = self.follow(session, request).await;
        session.in_flight.borrow_mut().retain(|(i, _)| *i != id);
        result
    }

    async fn follow(&self, session: &Session, request: Request) -> Result<Answer, FetchError> {
        let mut url = Url::parse(&request.url).map_err(|e| {
            FetchError::InvalidRequest(format!("invalid URL `{}`: {e}", request.url))
        })?;
        let mut method =
            Method::from_bytes(request.method.to_uppercase().as_bytes()).map_err(|_| {
                FetchError::InvalidRequest(format!("invalid method `{}`", request.method))
            })?;
        let mut headers = request.headers;
        let mut body = request.body;
        if let Some(origin) = &self.policy.cors_origin {
            self.check_policy(&url)?;
            if !is_simple(&method, &headers) {
                self.preflight(session, origin, &method, &url, &headers)
                    .await;
            }
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("origin"))
            {
                headers.push(("origin".to_string(), origin.clone()));
            }
        }
        for hop in 0..=MAX_REDIRECTS {
            self.check_policy(&url)?;
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
                if let Some(origin) = &self.policy.cors_origin {
                    if !allows_origin(&answer.headers, origin) {
                        note_cors(session, format!("{method} {url}: the answer has no Access-Control-Allow-Origin for {origin}"));
                    }
                }
                return Ok(answer);
            };
            match request.redirect {
                RedirectMode::Manual => return Ok(answer),
                RedirectMode::Error => {
                    return Err(FetchError::Network(format!(
                        "{url} redirected to {location} and the request said `redirect: 'error'`"
                    )))
                }
                RedirectMode::Follow => {}
            }
            let next = url.join(&location).map_err(|e| {
                FetchError::Network(format!(
                    "{url} redirected to an invalid address `{location}`: {e}"
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

    /// Sends the OPTIONS request a browser sends before a request that is not simple, and notes
    /// what in its answer would make the browser refuse the request.
    async fn preflight(
        &self,
        session: &Session,
        origin: &str,
        method: &Method,
        url: &Url,
        headers: &[(String, String)],
    ) {
        let asked: Vec<String> = headers
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .filter(|k| !is_safelisted_header(k))
            .collect();
        let key = format!("{method} {url} {}", asked.join(","));
        if session.preflighted.borrow().contains(&key) {
            return;
        }
        session.preflighted.borrow_mut().push(key);
        let mut request = self
            .inner
            .request(Method::OPTIONS, url.clone())
            .header("origin", origin)
            .header("access-control-request-method", method.as_str());
        if !asked.is_empty() {
            request = request.header("access-control-request-headers", asked.join(","));
        }
        let label = format!("{method} {url}");
        let answer = match request.send().await {
            Ok(answer) => answer,
            Err(err) => {
                note_cors(
                    session,
                    format!(
                        "{label}: the CORS preflight (OPTIONS) got no answer: {}",
                        describe(&err, url)
                    ),
                );
                return;
            }
        };
        let headers: Vec<(String, String)> = answer
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
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
            note_cors(session, format!("{label}: the CORS preflight (OPTIONS) answer has no Access-Control-Allow-Origin for {origin}"));
        } else if !matches!(method.as_str(), "GET" | "HEAD" | "POST")
            && !listed(header("access-control-allow-methods"), method.as_str())
        {
            note_cors(
                session,
                format!("{label}: the CORS preflight does not allow the method {method}"),
            );
        } else if let Some(missing) = asked
            .iter()
            .find(|h| !listed(header("access-control-allow-headers"), h))
        {
            note_cors(
                session,
                format!("{label}: the CORS preflight does not allow the header {missing}"),
            );
        }
    }

    fn check_policy(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Refused(format!(
                "refused `{url}`: hint code may only make http and https requests"
            )));
        }
        let host = url.host_str().unwrap_or("");
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if self
            .policy
            .allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(host))
        {
            return Ok(());
        }
        Err(FetchError::Refused(format!(
            "refused a request to `{host}`: hint code may only reach the app being graded ({})",
            self.policy.allowed_hosts.join(", ")
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
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| FetchError::InvalidRequest(format!("invalid header name `{name}`")))?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                FetchError::InvalidRequest(format!("invalid value for header `{name}`"))
            })?;
            sent_headers.push((
                name.to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            ));
            builder = builder.header(name, value);
        }
        // A Cookie header set by the hint is sent as written, so a hint can replay an old cookie.
        if !sent_headers.iter().any(|(k, _)| k == COOKIE.as_str()) {
            if let Some(cookies) = session.jar.cookies(url) {
                sent_headers.push((
                    COOKIE.to_string(),
                    String::from_utf8_lossy(cookies.as_bytes()).into_owned(),
                ));
                builder = builder.header(COOKIE, cookies);
            }
        }
        let mut exchange = Exchange {
            method: method.to_string(),
            url: url.to_string(),
            status: None,
            error: None,
            request_headers: sent_headers,
            request_body: body.as_deref().map(preview),
            response_headers: Vec::new(),
            response_body: None,
        };
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let record = |mut exchange: Exchange, error: Option<String>| {
            exchange.error = error;
            session.exchanges.borrow_mut().push(exchange);
        };
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(err) => {
                let message = describe(&err, url);
                record(exchange, Some(message.clone()));
                return Err(FetchError::Network(message));
            }
        };
        let status = response.status();
        exchange.status = Some(status.as_u16());
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        exchange.response_headers = headers.clone();
        let too_large = |url: &Url, max: usize| {
            format!(
                "the answer from {url} is larger than the {} limit (see --max-body)",
                human_size(max)
            )
        };
        // A declared length over the limit is refused before reading a byte. (For a compressed
        // answer this is the compressed length; the decompressed size is capped below.)
        if response
            .content_length()
            .is_some_and(|n| n > self.policy.max_body as u64)
        {
            let message = too_large(url, self.policy.max_body);
            record(exchange, Some(message.clone()));
            return Err(FetchError::Network(message));
        }
        let mut set_cookies = response.headers().get_all(SET_COOKIE).iter();
        session.jar.set_cookies(&mut set_cookies, url);
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.policy.max_body {
                        let message = too_large(url, self.policy.max_body);
                        exchange.response_body = Some(preview(&body));
                        record(exchange, Some(message.clone()));
                        return Err(FetchError::Network(message));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(err) => {
                    let message = format!(
                        "the answer from {url} broke off after {} bytes and {:.1} s: {}",
                        body.len(),
                        started.elapsed().as_secs_f64(),
                        root_cause(&err)
                    );
                    exchange.response_body = Some(preview(&body));
                    record(exchange, Some(message.clone()));
                    return Err(FetchError::Network(message));
                }
            }
        }
        exchange.response_body = Some(preview(&body));
        record(exchange, None);
        Ok(Answer {
            status: status.as_u16(),
            status_text: status.canonical_reason().unwrap_or("").to_string(),
            url: url.to_string(),
            redirected: false,
            headers,
            body,
        })
    }
}

fn note_cors(session: &Session, finding: String) {
    let mut cors = session.cors.borrow_mut();
    if !cors.contains(&finding) {
        cors.push(finding);
    }
}

fn allows_origin(headers: &[(String, String)], origin: &str) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("access-control-allow-origin")
            && (v.trim() == "*" || v.trim().eq_ignore_ascii_case(origin))
    })
}

/// Headers a page may send without a CORS preflight, by the fetch standard's list; and the
/// forbidden ones, which a browser never lets a page set, so they never cause one either.
fn is_safelisted_header(name: &str) -> bool {
    matches!(
        name,
        "accept"
            | "accept-language"
            | "content-language"
            | "content-type"
            | "origin"
            | "cookie"
            | "host"
            | "connection"
            | "content-length"
            | "user-agent"
            | "referer"
            | "accept-encoding"
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
            is_safelisted_header(&name) && (name != "content-type" || simple_type(v))
        })
}

/// The first 2 KiB of a body, as text, for `-v`.
fn preview(bytes: &[u8]) -> String {
    const LIMIT: usize = 2048;
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(LIMIT)]).into_owned();
    if bytes.len() > LIMIT {
        format!("{text}… ({} bytes in all)", bytes.len())
    } else {
        text
    }
}

/// A sentence for a failed request that says what a person can check.
fn describe(err: &reqwest::Error, url: &Url) -> String {
    let cause = root_cause(err);
    let host = url.host_str().unwrap_or("");
    let port = url.port_or_known_default().unwrap_or(0);
    let lower = cause.to_lowercase();
    if lower.contains("certificate") || lower.contains("unknownissuer") {
        format!(
            "the TLS certificate of {host} is not trusted ({cause}); use --insecure to accept it"
        )
    } else if err.is_connect() {
        if cause.contains("refused") {
            format!("could not connect to {host}:{port}: connection refused (is the app running?)")
        } else if cause.contains("dns") || cause.contains("resolve") || cause.contains("lookup") {
            format!("could not connect to {url}: the name `{host}` does not resolve")
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

fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}
