//! The words for what happened to a request: durations, shortened text, and a sentence for each
//! way a connection fails that says what a person can check.

use std::time::Duration;

use reqwest::Url;

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

/// A sentence for a failed request that says what a person can check.
pub(super) fn describe(err: &reqwest::Error, url: &Url) -> String {
    let cause = root_cause(err);
    let host = url.host_str().unwrap_or("");
    let port = url.port_or_known_default().unwrap_or(0);
    let lower = cause.to_lowercase();
    // Our own refusal of an address, from the resolver: it says all there is to say.
    if cause.starts_with("refused ") {
        return cause;
    }
    // rustls reading an HTTP answer where a TLS record should be.
    if lower.contains("invalidcontenttype") || lower.contains("corrupt message") {
        return format!(
            "{host}:{port} answered in plain HTTP, not TLS: the app speaks http://, not https://"
        );
    }
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

pub(super) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
