//! Plain file downloads for the curriculum: several GETs at once, each revalidated with the
//! validators of a cached copy, each body capped. Unlike a hint's requests these go wherever the
//! user pointed the curriculum source, through the proxy the environment names, if any.

use std::time::Duration;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;

/// One file to fetch, with the validators of the copy already held.
#[derive(Debug, Clone)]
pub struct Download {
    pub url: String,
    pub etag: Option<String>,
    pub modified: Option<String>,
}

/// What came of one download.
#[derive(Debug)]
pub enum Fetched {
    /// A new body, with the validators to revalidate it next time.
    Body {
        bytes: Vec<u8>,
        etag: Option<String>,
        modified: Option<String>,
    },
    /// `304`: the copy held is still current.
    NotModified,
    /// `404` or `410`: there is no such file.
    Missing,
    /// Any other failure: an error status, a refused connection, a timeout, a body too large
    /// or cut short. The words say which.
    Failed(String),
}

/// Fetches every download at once, at most `timeout` in all, each body at most `max_bytes`;
/// the answers come back in the order of `downloads`.
pub fn download_all(downloads: &[Download], timeout: Duration, max_bytes: usize) -> Vec<Fetched> {
    let failed_all = |why: String| {
        downloads
            .iter()
            .map(|_| Fetched::Failed(why.clone()))
            .collect()
    };
    if downloads.is_empty() {
        return Vec::new();
    }
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(5))
        .connect_timeout(Duration::from_secs(10))
        .timeout(timeout)
        .user_agent(concat!("grader/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(e) => return failed_all(format!("could not set up the HTTP client: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return failed_all(format!("could not start the async runtime: {e}")),
    };
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for (index, download) in downloads.iter().cloned().enumerate() {
            let client = client.clone();
            tasks.spawn(async move { (index, fetch(&client, &download, max_bytes).await) });
        }
        let mut answers: Vec<Option<Fetched>> = downloads.iter().map(|_| None).collect();
        // Every task ends within the client's timeout, so this wait is bounded too.
        while let Some(joined) = tasks.join_next().await {
            if let Ok((index, fetched)) = joined {
                answers[index] = Some(fetched);
            }
        }
        answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| Fetched::Failed("the download was lost".to_string())))
            .collect()
    })
}

async fn fetch(client: &reqwest::Client, download: &Download, max_bytes: usize) -> Fetched {
    let mut request = client.get(&download.url);
    if let Some(etag) = &download.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(modified) = &download.modified {
        request = request.header(IF_MODIFIED_SINCE, modified);
    }
    let mut response = match request.send().await {
        Ok(response) => response,
        Err(e) => return Fetched::Failed(super::text::root_cause(&e)),
    };
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Fetched::NotModified;
    }
    if status == StatusCode::NOT_FOUND || status == StatusCode::GONE {
        return Fetched::Missing;
    }
    if !status.is_success() {
        return Fetched::Failed(format!("the server answered {status}"));
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, modified) = (header(ETAG), header(LAST_MODIFIED));
    if response
        .content_length()
        .is_some_and(|n| n > max_bytes as u64)
    {
        return Fetched::Failed(format!("the file is larger than {max_bytes} bytes"));
    }
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > max_bytes {
                    return Fetched::Failed(format!("the file is larger than {max_bytes} bytes"));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            // A body cut short (fewer bytes than its length said) ends here too.
            Err(e) => return Fetched::Failed(super::text::root_cause(&e)),
        }
    }
    Fetched::Body {
        bytes,
        etag,
        modified,
    }
}
