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
        // The headers a page set that are not safelisted, by name and value, sorted and once
        // each, as the fetch standard builds the list.
        let mut asked: Vec<String> = headers
            .iter()
            .filter(|(k, v)| !is_safelisted(k, v) && !is_browser_header(&k.to_ascii_lowercase()))
            .map(|(k, _)| k.to_ascii_lowercase())
            .collect();
        asked.sort();
        asked.dedup();
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
        // `*` stands for any method or header but `authorization`, which must be named.
        let listed = |list: Option<String>, item: &str| {
            list.is_some_and(|l| {
                l.split(',').any(|x| {
                    (x.trim() == "*" && item != "authorization")
                        || x.trim().eq_ignore_ascii_case(item)
                })
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

/// A header a page may send without a CORS preflight, by the fetch standard's safelist: its
/// name and its value (`content-type: application/json` is not safelisted).
pub(super) fn is_safelisted(name: &str, value: &str) -> bool {
    let unsafe_byte =
        |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f || br#""():<>?@[\]{}"#.contains(&b);
    let language_byte = |b: u8| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b);
    let bytes = value.as_bytes();
    if bytes.len() > 128 {
        return false;
    }
    match name.to_ascii_lowercase().as_str() {
        "accept" => !bytes.iter().copied().any(unsafe_byte),
        "accept-language" | "content-language" => bytes.iter().copied().all(language_byte),
        "content-type" => {
            let essence = value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            !bytes.iter().copied().any(unsafe_byte)
                && matches!(
                    essence.as_str(),
                    "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                )
        }
        _ => false,
    }
}

/// A request a browser sends without a preflight: GET, HEAD or POST, and only safelisted
/// headers (by name and value) besides those the browser adds itself.
pub(super) fn is_simple(method: &Method, headers: &[(String, String)]) -> bool {
    matches!(method.as_str(), "GET" | "HEAD" | "POST")
        && headers
            .iter()
            .all(|(k, v)| is_safelisted(k, v) || is_browser_header(&k.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_safelist_takes_the_value_into_account() {
        assert!(is_safelisted("Content-Type", "text/plain;charset=UTF-8"));
        assert!(is_safelisted(
            "content-type",
            "application/x-www-form-urlencoded"
        ));
        assert!(!is_safelisted("content-type", "application/json"));
        assert!(!is_safelisted("content-type", "text/plain; x=\"a\""));
        assert!(is_safelisted("accept", "*/*"));
        assert!(!is_safelisted("accept", "a(b)"));
        assert!(is_safelisted("accept-language", "en-US,en;q=0.9"));
        assert!(!is_safelisted("accept-language", "en_US"));
        assert!(!is_safelisted("accept", &"a".repeat(129)));
        assert!(!is_safelisted("x-custom", "1"));
        let json = [("content-type".to_string(), "application/json".to_string())];
        assert!(!is_simple(&Method::POST, &json));
        let form = [("content-type".to_string(), "text/plain".to_string())];
        assert!(is_simple(&Method::POST, &form));
    }
}
