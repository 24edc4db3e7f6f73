//! What a browser on freeCodeCamp's page could read: CORS preflights before requests that are
//! not simple, and answers without `Access-Control-Allow-Origin`.

use reqwest::{Method, Url};

use super::text::{describe, shorten};
use super::{header_pairs, Client, FetchError, Session, MAX_LOGGED};

impl Client {
    /// Sends the OPTIONS request a browser sends before a request that is not simple, and notes
    /// what in its answer would make the browser refuse the request; `false` when it would.
    pub(super) async fn preflight(
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
}

pub(super) fn allows_origin(headers: &[(String, String)], origin: &str) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("access-control-allow-origin")
            && (v.trim() == "*" || v.trim().eq_ignore_ascii_case(origin))
    })
}

/// What a browser's fetch says when CORS keeps a page from reading an answer.
pub(super) fn blocked(origin: &str, method: &Method, url: &Url) -> FetchError {
    FetchError::Network(format!(
        "Failed to fetch: a page on {origin} may not read the answer to {method} {} (CORS: no Access-Control-Allow-Origin for it)",
        shorten(url.as_str(), 200)
    ))
}

/// Headers the browser adds itself; they never cause a preflight.
pub(super) fn is_browser_header(name: &str) -> bool {
    matches!(name, "origin" | "referer" | "user-agent" | "cookie") || name.starts_with("sec-")
}

/// Headers a page may send without a CORS preflight, by the fetch standard's list.
pub(super) fn is_safelisted_header(name: &str) -> bool {
    matches!(
        name,
        "accept" | "accept-language" | "content-language" | "content-type"
    )
}

/// A request a browser sends without a preflight: GET, HEAD or POST, safelisted headers only,
/// and a form or text content type.
pub(super) fn is_simple(method: &Method, headers: &[(String, String)]) -> bool {
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
