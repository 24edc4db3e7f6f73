//! What a hint may reach (the graded origin and `--allow-host`), redirects followed by hand as
//! the fetch standard follows them (each hop checked for its scheme, its address and, for a
//! page, CORS), and the headers a browser lets a page send.

use bytes::Bytes;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};
use reqwest::{Method, Url};

use super::address::Local;
use super::cors::{allows_origin, blocked, is_simple};
use super::text::shorten;
use super::{Answer, Client, FetchError, RedirectMode, Request, Session};

/// Browsers stop after 20 redirects; so do we.
const MAX_REDIRECTS: usize = 20;

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

    pub(super) fn admits(&self, url: &Url) -> bool {
        self.scheme.as_deref().is_none_or(|s| s == url.scheme())
            && self.host == bare_host(url)
            && self
                .port
                .is_none_or(|p| Some(p) == url.port_or_known_default())
    }

    pub(super) fn describe(&self) -> String {
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
    /// The non-public addresses requests may reach.
    pub local: Local,
}

impl Client {
    pub(super) async fn follow(
        &self,
        session: &Session,
        request: Request,
    ) -> Result<Answer, FetchError> {
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
        // Shared, never copied, by each hop of a redirect and a retry.
        let mut body = request.body.map(Bytes::from);
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
        // Hint code itself reaches only the allowed origins (checked above); the redirects the
        // app answers with are followed wherever they lead, as a browser follows them, but
        // never into a private network the run was not given.
        let mut previous: Option<Url> = None;
        let mut sent_origin = policy.cors_origin.clone();
        for hop in 0..=MAX_REDIRECTS {
            let hop_failed = |error: FetchError| match (&previous, error) {
                (Some(from), FetchError::Network(m) | FetchError::Refused(m)) => {
                    FetchError::Network(format!(
                        "the redirect from {} to {} failed: {m}",
                        shorten(from.as_str(), 200),
                        shorten(url.as_str(), 200)
                    ))
                }
                (_, error) => error,
            };
            if previous.is_some() {
                check_scheme(&url).map_err(hop_failed)?;
            }
            policy
                .local
                .check_literal(&url)
                .map_err(|m| hop_failed(FetchError::Refused(m)))?;
            let mut answer = self
                .send(session, &method, &url, &headers, body.clone())
                .await
                .map_err(hop_failed)?;
            answer.redirected = hop > 0;
            let location = answer
                .headers
                .iter()
                .find(|(k, _)| k == LOCATION.as_str())
                .map(|(_, v)| v.clone());
            let is_redirect = matches!(answer.status, 301 | 302 | 303 | 307 | 308);
            // A browser checks CORS on every answer, a redirect's included, before it follows
            // it; after a redirect to another origin it sends `Origin: null`.
            if let Some(origin) = &sent_origin {
                let followed = is_redirect && request.redirect == RedirectMode::Follow;
                if (followed || !is_redirect) && !allows_origin(&answer.headers, origin) {
                    let what = if is_redirect { "redirect" } else { "answer" };
                    session.note_cors(format!(
                        "{method} {}: the {what} has no Access-Control-Allow-Origin for {origin}",
                        shorten(url.as_str(), 200)
                    ));
                    if policy.strict_cors {
                        return Err(blocked(origin, &method, &url));
                    }
                }
            }
            let (true, Some(location)) = (is_redirect, location) else {
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
            previous = Some(url.clone());
            let next = url.join(&location).map_err(|e| {
                FetchError::Network(format!(
                    "{url} redirected to an invalid address `{}`: {e}",
                    shorten(&location, 200)
                ))
            })?;
            // The fetch standard's tainted origin: a page's request sent on from one origin to
            // another, neither of them the page's, says it comes from nowhere.
            if let Some(origin) = &mut sent_origin {
                if url.origin() != next.origin() && url.origin().ascii_serialization() != *origin {
                    *origin = "null".to_string();
                    for (k, v) in headers.iter_mut() {
                        if k == "origin" {
                            *v = "null".to_string();
                        }
                    }
                }
            }
            // Credentials the page wrote are not sent to another origin.
            if url.origin() != next.origin() {
                headers.retain(|(k, _)| k != "authorization");
            }
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

    fn check_policy(&self, policy: &Policy, url: &Url) -> Result<(), FetchError> {
        check_scheme(url)?;
        if policy.allowed.iter().any(|a| a.admits(url)) {
            return Ok(());
        }
        let allowed: Vec<String> = policy.allowed.iter().map(Allowed::describe).collect();
        let port = url.port_or_known_default().unwrap_or(0);
        let host = url.host_str().unwrap_or("");
        // The flag that would let it: the host alone when it is on its scheme's own port.
        let flag = if url.port().is_none() {
            host.to_string()
        } else {
            format!("{host}:{port}")
        };
        Err(FetchError::Refused(format!(
            "refused a request to {}://{host}:{port}: hint code may only reach the app being graded ({}); to let it reach this host, pass --allow-host {flag}",
            url.scheme(),
            allowed.join(", ")
        )))
    }
}

/// Requests go only over http and https, and without credentials in the URL, as in a browser.
fn check_scheme(url: &Url) -> Result<(), FetchError> {
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
    Ok(())
}

/// The headers a browser never lets a page set, by the fetch standard's list. `Cookie` is the
/// exception: the session challenges replay an old cookie on purpose.
pub(super) fn is_forbidden_header(name: &str) -> bool {
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
}
