//! WHATWG URL and form-encoding rules for the JavaScript `URL` and `URLSearchParams`, and the
//! app's URL read once where it comes in (`AppUrl`), backed by the `url` crate. The only user of
//! that crate outside the HTTP client.

use url::{form_urlencoded, quirks, Url};

/// The URL of an app to grade, read once where it comes in (`--url`, a roster row, the address
/// of a started app): written as freeCodeCamp builds it from what a learner typed (`http://`
/// added, a trailing slash dropped), parsed, and checked to be one that can be graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppUrl {
    /// As shown and requested: [`crate::plan::normalize_url`]'s form.
    text: String,
    parsed: Url,
}

impl AppUrl {
    /// Reads `input`: http or https, with a host, without credentials.
    pub fn parse(input: &str) -> Result<AppUrl, String> {
        let text = crate::plan::normalize_url(input);
        let parsed = Url::parse(&text).map_err(|_| format!("`{text}` is not a valid URL"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("`{text}` is not an http or https URL"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(format!("`{text}` has no host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!(
                "`{text}` includes credentials (user:password@), which browsers refuse to send this way"
            ));
        }
        Ok(AppUrl { text, parsed })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The port, given or the scheme's.
    pub fn port(&self) -> u16 {
        self.parsed.port_or_known_default().unwrap_or(80)
    }

    /// The same URL on another port.
    pub fn with_port(&self, port: u16) -> AppUrl {
        let mut parsed = self.parsed.clone();
        let _ = parsed.set_port(Some(port));
        AppUrl {
            text: crate::plan::normalize_url(parsed.as_str()),
            parsed,
        }
    }
}

impl std::fmt::Display for AppUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The parts of a URL as the WHATWG `URL` class exposes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    pub href: String,
    pub origin: String,
    pub protocol: String,
    pub username: String,
    pub password: String,
    pub host: String,
    pub hostname: String,
    pub port: String,
    pub pathname: String,
    pub search: String,
    pub hash: String,
}

/// `new URL(input, base)`: the error is the message of the `TypeError` to throw.
pub fn parse(input: &str, base: Option<&str>) -> Result<UrlParts, String> {
    let parsed = match base {
        Some(base) => Url::parse(base)
            .map_err(|_| format!("Invalid base URL: {base}"))
            .and_then(|b| b.join(input).map_err(|_| format!("Invalid URL: {input}"))),
        None => Url::parse(input).map_err(|_| format!("Invalid URL: {input}")),
    }?;
    Ok(parts(&parsed))
}

/// Applies one of the `URL` setters; setters that the standard ignores leave the URL unchanged.
pub fn set(href: &str, part: &str, value: &str) -> Result<UrlParts, String> {
    let mut url = Url::parse(href).map_err(|_| format!("Invalid URL: {href}"))?;
    match part {
        "href" => url = Url::parse(value).map_err(|_| format!("Invalid URL: {value}"))?,
        "protocol" => {
            let _ = quirks::set_protocol(&mut url, value);
        }
        "username" => {
            let _ = quirks::set_username(&mut url, value);
        }
        "password" => {
            let _ = quirks::set_password(&mut url, value);
        }
        "host" => {
            let _ = quirks::set_host(&mut url, value);
        }
        "hostname" => {
            let _ = quirks::set_hostname(&mut url, value);
        }
        "port" => {
            let _ = quirks::set_port(&mut url, value);
        }
        "pathname" => quirks::set_pathname(&mut url, value),
        "search" => quirks::set_search(&mut url, value),
        "hash" => quirks::set_hash(&mut url, value),
        _ => {}
    }
    Ok(parts(&url))
}

fn parts(url: &Url) -> UrlParts {
    UrlParts {
        href: quirks::href(url).to_string(),
        origin: quirks::origin(url),
        protocol: quirks::protocol(url).to_string(),
        username: quirks::username(url).to_string(),
        password: quirks::password(url).to_string(),
        host: quirks::host(url).to_string(),
        hostname: quirks::hostname(url).to_string(),
        port: quirks::port(url).to_string(),
        pathname: quirks::pathname(url).to_string(),
        search: quirks::search(url).to_string(),
        hash: quirks::hash(url).to_string(),
    }
}

/// Reads `a=1&b=2` (a leading `?` ignored) into name/value pairs.
pub fn form_parse(input: &str) -> Vec<(String, String)> {
    let input = input.strip_prefix('?').unwrap_or(input);
    form_urlencoded::parse(input.as_bytes())
        .into_owned()
        .collect()
}

/// Writes name/value pairs as `application/x-www-form-urlencoded`.
pub fn form_serialize(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
