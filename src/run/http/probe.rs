//! Whether an app answers at all, for `--start`, `--wait` and the check before grading; and the
//! names of the allowed hosts, resolved once by the parent.

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::LOCATION;
use reqwest::Url;

use super::address::Local;
use super::policy::Allowed;
use super::proxy::Proxies;
use super::text::{describe, root_cause, seconds, shorten};
use super::{with_proxies, USER_AGENT};

/// Browsers stop after 20 redirects; so does the probe.
const MAX_REDIRECTS: usize = 20;

/// Asks whether an app answers at all, for `--start`, `--wait` and the check before grading.
pub struct Prober {
    runtime: tokio::runtime::Runtime,
    inner: reqwest::Client,
    names: Arc<Checked>,
    allow_hosts: Vec<Allowed>,
    /// The proxies' hosts, which may be at any address.
    proxy_hosts: Vec<String>,
}

/// The system's resolver, its answers filtered by the run's rule on non-public addresses.
#[derive(Default)]
struct Checked(Mutex<Local>);

impl reqwest::dns::Resolve for Checked {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let local = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let name = name.as_str().to_string();
        Box::pin(async move {
            let host = name.clone();
            let found =
                tokio::task::spawn_blocking(move || resolve(&host, 0, Duration::from_secs(5)))
                    .await
                    .unwrap_or_default();
            if found.is_empty() {
                return Err(format!(
                    "failed to lookup address information: the name `{name}` does not resolve"
                )
                .into());
            }
            match local.filter(&name, found) {
                Ok(kept) => {
                    Ok(Box::new(kept.into_iter()) as Box<dyn Iterator<Item = SocketAddr> + Send>)
                }
                Err(refused) => Err(refused.into()),
            }
        })
    }
}

impl Prober {
    /// A prober that may reach the non-public addresses of the URL it asks and of
    /// `allow_hosts` (`HOST` or `HOST:PORT`), and no other.
    /// `url` is the app's, which decides whether the system's certificate store is read
    /// ([`super::system_roots_for`]).
    pub fn new(insecure: bool, allow_hosts: &[Allowed], url: &str) -> Result<Prober, String> {
        let names = Arc::new(Checked::default());
        let proxies = Proxies::from_env()?;
        let proxy_hosts = proxies.hosts();
        // Redirects are followed by hand, each hop checked as a hint's are.
        let builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .user_agent(USER_AGENT)
            .no_proxy()
            .dns_resolver(names.clone())
            .tls_built_in_native_certs(super::system_roots_for(url))
            .danger_accept_invalid_certs(insecure);
        let inner = with_proxies(builder, proxies)
            .build()
            .map_err(|e| format!("could not set up the HTTP client: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("could not start the async runtime: {e}"))?;
        Ok(Prober {
            runtime,
            inner,
            names,
            allow_hosts: allow_hosts.to_vec(),
            proxy_hosts,
        })
    }

    /// Where `url` answers, after the redirects it gave, or why it did not answer within
    /// `timeout`; gives up early when `stop` says so. An answer that says the app is not up
    /// (502, 503, 504: a host waking a sleeping app) is no answer.
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
        *self.names.0.lock().unwrap_or_else(|e| e.into_inner()) = self.local_of(&parsed);
        self.runtime.block_on(async {
            let stopped = async {
                while !stop() {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            };
            tokio::select! {
                result = tokio::time::timeout(timeout, self.follow(&parsed)) => match result {
                    Ok(answer) => answer,
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

    /// The non-public addresses this probe may reach: those of `url` and of the allowed hosts.
    fn local_of(&self, url: &Url) -> Local {
        let mut hosts = vec![(
            url.host_str().unwrap_or("").to_string(),
            url.port_or_known_default().unwrap_or(0),
        )];
        for allowed in &self.allow_hosts {
            hosts.push((allowed.host.clone(), allowed.port.unwrap_or(0)));
        }
        hosts.extend(self.proxy_hosts.iter().map(|h| (h.clone(), 0)));
        Local(
            hosts
                .iter()
                .flat_map(|(host, port)| {
                    let bare = host.trim_start_matches('[').trim_end_matches(']');
                    resolve(bare, *port, Duration::from_secs(5))
                })
                .map(|a| a.ip())
                .filter(|ip| super::address::non_public(*ip).is_some())
                .collect(),
        )
    }

    /// One GET and the redirects it leads to, each hop checked; the URL that answered.
    async fn follow(&self, given: &Url) -> Result<String, Unreachable> {
        let local = self
            .names
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let mut url = given.clone();
        let mut previous: Option<Url> = None;
        for _ in 0..=MAX_REDIRECTS {
            let hop_failed = |message: String, reason: Reason| Unreachable {
                message: match &previous {
                    Some(from) => format!(
                        "the redirect from {} to {} failed: {message}",
                        shorten(from.as_str(), 200),
                        shorten(url.as_str(), 200)
                    ),
                    None => message,
                },
                reason,
            };
            if previous.is_some() && !matches!(url.scheme(), "http" | "https") {
                return Err(hop_failed(
                    format!(
                        "`{}` is not an http or https URL",
                        shorten(url.as_str(), 200)
                    ),
                    Reason::Other,
                ));
            }
            local
                .check_literal(&url)
                .map_err(|m| hop_failed(m, Reason::Forbidden))?;
            // A connection reset or closed before the answer is sent again once, as a
            // browser does.
            let response = match self.inner.get(url.clone()).send().await {
                Err(err) if is_reset(&err) => self.inner.get(url.clone()).send().await,
                sent => sent,
            };
            let response =
                response.map_err(|err| hop_failed(describe(&err, &url), reason(&err)))?;
            let status = response.status();
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            match (status.is_redirection(), location) {
                (true, Some(location)) if status.as_u16() != 304 => {
                    let next = url.join(&location).map_err(|e| {
                        hop_failed(
                            format!(
                                "{url} redirected to an invalid address `{}`: {e}",
                                shorten(&location, 200)
                            ),
                            Reason::Other,
                        )
                    })?;
                    previous = Some(url);
                    url = next;
                }
                _ if matches!(status.as_u16(), 502..=504) => {
                    let retry = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .map(|v| format!(" (Retry-After: {})", shorten(v, 40)))
                        .unwrap_or_default();
                    return Err(hop_failed(
                        format!(
                            "{} answered {status}{retry}: its host says the app is not up yet (asleep, starting or down)",
                            shorten(url.as_str(), 200)
                        ),
                        Reason::Asleep,
                    ));
                }
                _ => return Ok(url.to_string()),
            }
        }
        // Redirects without end: the app answers, and its hints will say how.
        Ok(given.to_string())
    }
}

/// A connection the app reset or closed before it answered.
fn is_reset(err: &reqwest::Error) -> bool {
    let cause = root_cause(err).to_lowercase();
    cause.contains("connection reset")
        || cause.contains("connection closed")
        || cause.contains("broken pipe")
        || cause.contains("incomplete message")
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
    /// A host answers for the app that the app is not up: 502, 503 or 504.
    Asleep,
    /// A redirect led to a non-public address the run was not given.
    Forbidden,
    /// https was asked of a port that speaks plain HTTP.
    PlainHttp,
    Other,
}

fn reason(err: &reqwest::Error) -> Reason {
    let cause = root_cause(err).to_lowercase();
    if cause.starts_with("refused ") {
        Reason::Forbidden
    } else if cause.contains("invalidcontenttype") || cause.contains("corrupt message") {
        Reason::PlainHttp
    } else if cause.contains("certificate") || cause.contains("tls") || cause.contains("handshake")
    {
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
