//! The empty app: answers every request with 404 and an empty page, so a hint that passes
//! against it checks nothing an app does. Built in, on a loopback port, for the whole lab.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A request larger than this is not read further; the answer is the same anyway.
const MOST_READ: usize = 1 << 20;

pub struct EmptyApp {
    pub url: String,
    stop: Arc<AtomicBool>,
    port: u16,
    accepter: Option<thread::JoinHandle<()>>,
}

impl EmptyApp {
    pub fn start() -> Result<EmptyApp, String> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .map_err(|e| format!("could not start the empty app: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("could not start the empty app: {e}"))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let accepter = thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    thread::spawn(move || answer(stream));
                }
            }
        });
        Ok(EmptyApp {
            url: format!("http://127.0.0.1:{port}"),
            stop,
            port,
            accepter: Some(accepter),
        })
    }
}

impl Drop for EmptyApp {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // The accepting thread wakes for one more connection and sees the flag.
        let _ =
            TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_secs(1));
        if let Some(accepter) = self.accepter.take() {
            let _ = accepter.join();
        }
    }
}

/// Reads requests on one connection and answers each with 404, until the client closes it.
fn answer(mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut buffered: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        // The head of the next request.
        let head_end = loop {
            if let Some(end) = find(&buffered, b"\r\n\r\n") {
                break end + 4;
            }
            if buffered.len() > MOST_READ {
                return;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffered.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buffered[..head_end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let chunked = head
            .lines()
            .any(|l| l.starts_with("transfer-encoding:") && l.contains("chunked"));
        let closing = head
            .lines()
            .any(|l| l.starts_with("connection:") && l.contains("close"));
        // The body is read and dropped, so the client is not reset while it still sends.
        let mut rest = buffered.split_off(head_end);
        if chunked {
            while find(&rest, b"0\r\n\r\n").is_none() && rest.len() <= MOST_READ {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => rest.extend_from_slice(&chunk[..n]),
                }
            }
            let end = find(&rest, b"0\r\n\r\n").map_or(rest.len(), |e| e + 5);
            rest.drain(..end);
        } else {
            while rest.len() < length && length <= MOST_READ {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => rest.extend_from_slice(&chunk[..n]),
                }
            }
            rest.drain(..length.min(rest.len()));
        }
        buffered = rest;
        let body = "Not Found";
        let response = format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n{}\r\n{body}",
            body.len(),
            if closing { "Connection: close\r\n" } else { "" }
        );
        if stream.write_all(response.as_bytes()).is_err() || closing || length > MOST_READ {
            let _ = stream.shutdown(Shutdown::Both);
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
