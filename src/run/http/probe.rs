//! Whether an app answers at all, for `--start`, `--wait` and the check before grading; and the
//! names of the allowed hosts, resolved once by the parent.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use reqwest::Url;

use super::text::{describe, root_cause, seconds};
use super::USER_AGENT;

/// Asks whether an app answers at all, for `--start`, `--wait` and the check before grading.
pub struct Prober {
    runtime: tokio::runtime::Runtime,
    inner: reqwest::Client,
}

impl Prober {
    pub fn new(insecure: bool) -> Result<Prober, String> {
        // Redirects are followed as a browser follows them, so that an app that moved (http to
        // https, another host) is found where it answers.
        let inner = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::limited(10))
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

    /// Where `url` answers, after the redirects it gave, or why it did not answer within
    /// `timeout`; gives up early when `stop` says so.
    pub fn answers(
        &self,
        url: &str,
        timeout: Duration,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<String, Unreachable> {
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
                    Ok(Ok(response)) => Ok(response.url().to_string()),
                    // Redirects without end: the app answers, and its hints will say how.
                    Ok(Err(err)) if err.is_redirect() => Ok(url.to_string()),
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
