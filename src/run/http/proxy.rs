//! The proxy a school may require, from the environment as curl reads it: `HTTPS_PROXY` for
//! https, `HTTP_PROXY` for http, `ALL_PROXY` for both when those are not set (each also in
//! lower case, which wins), and `NO_PROXY` (a comma-separated list of hosts and domains, `*`
//! for all) for the hosts reached directly. Loopback hosts are always reached directly. What a
//! proxy reaches is its own policy: it may be at any address.

use reqwest::Url;

/// The proxy settings of the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proxies {
    http: Option<Url>,
    https: Option<Url>,
    bypass: Vec<String>,
}

impl Proxies {
    /// Read from the environment; a proxy URL that is not http or https is an error.
    pub fn from_env() -> Result<Proxies, String> {
        Proxies::from_vars(&|name| std::env::var(name).ok())
    }

    fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Proxies, String> {
        let read = |name: &str| {
            var(&name.to_ascii_lowercase())
                .or_else(|| var(name))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let parse = |name: &str| -> Result<Option<Url>, String> {
            let Some(text) = read(name) else {
                return Ok(None);
            };
            // A proxy without a scheme is an http proxy, as curl takes it.
            let full = if text.contains("://") {
                text.clone()
            } else {
                format!("http://{text}")
            };
            let url = Url::parse(&full)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
                .ok_or_else(|| {
                    format!("{name}=`{text}` is not an http or https proxy URL (grade speaks to http and https proxies only)")
                })?;
            Ok(Some(url))
        };
        let all = parse("ALL_PROXY")?;
        Ok(Proxies {
            http: parse("HTTP_PROXY")?.or_else(|| all.clone()),
            https: parse("HTTPS_PROXY")?.or(all),
            bypass: read("NO_PROXY")
                .map(|list| {
                    list.split([',', ' '])
                        .map(|h| h.trim().trim_start_matches("*.").trim_start_matches('.'))
                        .filter(|h| !h.is_empty())
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }

    /// Whether any proxy is set.
    pub fn any(&self) -> bool {
        self.http.is_some() || self.https.is_some()
    }

    /// The proxies' hosts, for the names the parent resolves.
    pub fn hosts(&self) -> Vec<String> {
        let mut hosts: Vec<String> = Vec::new();
        for url in self.http.iter().chain(&self.https) {
            let host = url
                .host_str()
                .unwrap_or("")
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase();
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
        hosts
    }

    /// The proxy a request to `url` goes through, if any.
    pub fn for_url(&self, url: &Url) -> Option<Url> {
        let host = url
            .host_str()?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        if is_loopback(&host) || self.bypassed(&host, url.port_or_known_default()) {
            return None;
        }
        match url.scheme() {
            "http" => self.http.clone(),
            "https" => self.https.clone(),
            _ => None,
        }
    }

    fn bypassed(&self, host: &str, port: Option<u16>) -> bool {
        self.bypass.iter().any(|entry| {
            if entry == "*" {
                return true;
            }
            // `host:port` entries name one port of the host.
            let (name, only) = match entry.rsplit_once(':') {
                Some((name, p)) if !name.contains(':') && p.parse::<u16>().is_ok() => {
                    (name, p.parse::<u16>().ok())
                }
                _ => (entry.as_str(), None),
            };
            let name = name.trim_start_matches('[').trim_end_matches(']');
            only.is_none_or(|p| Some(p) == port)
                && (host == name || host.ends_with(&format!(".{name}")))
        })
    }
}

/// `localhost`, its subdomains, and loopback addresses: never sent through a proxy.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(vars: &[(&str, &str)]) -> Proxies {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Proxies::from_vars(&|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
            .unwrap()
    }

    #[track_caller]
    fn check(proxies: &Proxies, url: &str, expected: Option<&str>) {
        let through = proxies.for_url(&Url::parse(url).unwrap());
        assert_eq!(through.as_ref().map(Url::as_str), expected, "{url}");
    }

    #[test]
    fn each_scheme_takes_its_proxy_and_no_proxy_and_loopback_go_direct() {
        let set = proxies(&[
            ("HTTPS_PROXY", "proxy.school:3128"),
            ("http_proxy", "http://10.0.0.1:8080"),
            ("HTTP_PROXY", "http://ignored:1"),
            ("NO_PROXY", "internal.school, .lan,db:5432"),
        ]);
        check(
            &set,
            "https://app.example/",
            Some("http://proxy.school:3128/"),
        );
        check(&set, "http://app.example/", Some("http://10.0.0.1:8080/"));
        check(&set, "http://internal.school/", None);
        check(&set, "http://a.internal.school/", None);
        check(&set, "http://printer.lan/", None);
        check(&set, "http://db:5432/", None);
        check(&set, "http://db:80/", Some("http://10.0.0.1:8080/"));
        check(&set, "http://localhost:3000/", None);
        check(&set, "http://127.0.0.2/", None);
        check(&set, "http://[::1]:3000/", None);
        let all = proxies(&[("ALL_PROXY", "http://gate:3128"), ("no_proxy", "*")]);
        check(&all, "https://app.example/", None);
        let all = proxies(&[("all_proxy", "http://gate:3128")]);
        check(&all, "https://app.example/", Some("http://gate:3128/"));
        assert_eq!(all.hosts(), ["gate"]);
        assert!(!proxies(&[]).any());
        let socks =
            Proxies::from_vars(&|n| (n == "ALL_PROXY").then(|| "socks5://gate:1080".to_string()));
        assert!(socks
            .unwrap_err()
            .contains("ALL_PROXY=`socks5://gate:1080`"));
    }
}
