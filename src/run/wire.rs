//! The frames `grade` and its hint workers exchange over a pipe: a length, then a payload of
//! plain fields (numbers little-endian, strings and byte strings length-prefixed). Hand-written
//! because the format is small and both ends are this crate; a malformed frame is an error, never
//! a panic.

use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::time::Duration;

use super::engine::{EngineOutcome, Verdict};
use super::http::{Allowed, CookieUse, Exchange, Local, Policy};

/// A worker refuses a frame larger than this; no job or outcome comes near it.
pub const MAX_FRAME: usize = 64 << 20;

/// Builds one frame's payload.
#[derive(Default)]
pub struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    pub fn new() -> Encoder {
        Encoder::default()
    }

    pub fn u8(&mut self, value: u8) -> &mut Self {
        self.bytes.push(value);
        self
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.u8(u8::from(value))
    }

    pub fn u32(&mut self, value: u32) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.bytes.extend_from_slice(&value.to_le_bytes());
        self
    }

    pub fn bytes(&mut self, value: &[u8]) -> &mut Self {
        self.u32(value.len() as u32);
        self.bytes.extend_from_slice(value);
        self
    }

    pub fn str(&mut self, value: &str) -> &mut Self {
        self.bytes(value.as_bytes())
    }

    pub fn opt_str(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(text) => self.bool(true).str(text),
            None => self.bool(false),
        }
    }

    pub fn strs(&mut self, values: &[String]) -> &mut Self {
        self.u32(values.len() as u32);
        for value in values {
            self.str(value);
        }
        self
    }

    pub fn pairs(&mut self, values: &[(String, String)]) -> &mut Self {
        self.u32(values.len() as u32);
        for (key, value) in values {
            self.str(key).str(value);
        }
        self
    }

    /// Writes the frame: its length, then its payload.
    pub fn send(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(&(self.bytes.len() as u32).to_le_bytes())?;
        out.write_all(&self.bytes)?;
        out.flush()
    }
}

/// Reads one frame's payload field by field.
pub struct Decoder<'a> {
    bytes: &'a [u8],
}

/// What went wrong reading a frame.
pub type WireResult<T> = Result<T, String>;

impl<'a> Decoder<'a> {
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder { bytes }
    }

    fn take(&mut self, n: usize) -> WireResult<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(format!(
                "a frame ended early: wanted {n} more bytes, {} left",
                self.bytes.len()
            ));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    pub fn u8(&mut self) -> WireResult<u8> {
        Ok(self.take(1)?[0])
    }

    pub fn bool(&mut self) -> WireResult<bool> {
        Ok(self.u8()? != 0)
    }

    pub fn u32(&mut self) -> WireResult<u32> {
        let mut word = [0; 4];
        word.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(word))
    }

    pub fn u64(&mut self) -> WireResult<u64> {
        let mut word = [0; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    pub fn bytes(&mut self) -> WireResult<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    pub fn string(&mut self) -> WireResult<String> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| "a frame held a string that is not UTF-8".to_string())
    }

    pub fn opt_string(&mut self) -> WireResult<Option<String>> {
        if self.bool()? {
            self.string().map(Some)
        } else {
            Ok(None)
        }
    }

    /// A list's length, checked against what is left so a corrupt count cannot allocate much.
    fn count(&mut self) -> WireResult<usize> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() {
            return Err(format!(
                "a frame announced {n} items in {} bytes",
                self.bytes.len()
            ));
        }
        Ok(n)
    }

    pub fn strings(&mut self) -> WireResult<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.string()).collect()
    }

    pub fn pairs(&mut self) -> WireResult<Vec<(String, String)>> {
        let n = self.count()?;
        (0..n)
            .map(|_| Ok((self.string()?, self.string()?)))
            .collect()
    }

    /// A list of items each read by `item`.
    pub fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> WireResult<T>,
    ) -> WireResult<Vec<T>> {
        let n = self.count()?;
        (0..n).map(|_| item(self)).collect()
    }
}

/// Takes the first whole frame off the front of `bytes`, if they hold one; an oversized length
/// is an error.
pub fn take_frame(bytes: &mut Vec<u8>) -> Option<WireResult<Vec<u8>>> {
    if bytes.len() < 4 {
        return None;
    }
    let length = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    if length > MAX_FRAME {
        return Some(Err(format!("a frame of {length} bytes is over the limit")));
    }
    if bytes.len() < 4 + length {
        return None;
    }
    let frame = bytes[4..4 + length].to_vec();
    bytes.drain(..4 + length);
    Some(Ok(frame))
}

/// Reads the next frame; `Ok(None)` at a clean end of the stream.
pub fn receive(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0u8; 4];
    match input.read_exact(&mut length) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(err) => return Err(err),
    }
    let length = u32::from_le_bytes(length) as usize;
    if length > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {length} bytes is over the limit"),
        ));
    }
    let mut payload = vec![0; length];
    input.read_exact(&mut payload)?;
    Ok(Some(payload))
}

/// The first frame a worker reads: what holds for every hint it will run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// Accept TLS certificates that are not trusted.
    pub insecure: bool,
    /// Trust the system's certificate store besides the built-in roots (see
    /// `http::system_roots_for`).
    pub system_roots: bool,
    /// The most one hint may allocate, its answers in flight included.
    pub memory: u64,
    pub stack: u64,
}

impl Setup {
    pub fn encode(&self) -> Encoder {
        let mut frame = Encoder::new();
        frame
            .bool(self.insecure)
            .bool(self.system_roots)
            .u64(self.memory)
            .u64(self.stack);
        frame
    }

    pub fn decode(payload: &[u8]) -> WireResult<Setup> {
        let mut d = Decoder::new(payload);
        Ok(Setup {
            insecure: d.bool()?,
            system_roots: d.bool()?,
            memory: d.u64()?,
            stack: d.u64()?,
        })
    }
}

/// One hint for a worker to run.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The graded URL, which the hint sees as `code`.
    pub url: String,
    pub code: String,
    pub timeout: Duration,
    pub policy: Policy,
    /// What the allowed host names resolve to; the worker resolves nothing itself.
    pub names: Vec<(String, Vec<SocketAddr>)>,
}

impl Assignment {
    pub fn encode(&self) -> Encoder {
        let mut frame = Encoder::new();
        frame
            .str(&self.url)
            .str(&self.code)
            .u64(self.timeout.as_millis() as u64);
        let policy = &self.policy;
        frame.u32(policy.allowed.len() as u32);
        for allowed in &policy.allowed {
            frame
                .opt_str(allowed.scheme.as_deref())
                .str(&allowed.host)
                .bool(allowed.port.is_some())
                .u32(u32::from(allowed.port.unwrap_or(0)));
        }
        frame
            .u64(policy.max_body as u64)
            .opt_str(policy.cors_origin.as_deref())
            .str(&policy.accept_language)
            .bool(policy.cookies)
            .bool(policy.strict_cors);
        let local: Vec<String> = policy.local.0.iter().map(ToString::to_string).collect();
        frame.strs(&local);
        frame.u32(self.names.len() as u32);
        for (name, addresses) in &self.names {
            let addresses: Vec<String> = addresses.iter().map(ToString::to_string).collect();
            frame.str(name).strs(&addresses);
        }
        frame
    }

    pub fn decode(payload: &[u8]) -> WireResult<Assignment> {
        let mut d = Decoder::new(payload);
        let url = d.string()?;
        let code = d.string()?;
        let timeout = Duration::from_millis(d.u64()?);
        let allowed = d.list(|d| {
            let scheme = d.opt_string()?;
            let host = d.string()?;
            let has_port = d.bool()?;
            let port = d.u32()? as u16;
            Ok(Allowed {
                scheme,
                host,
                port: has_port.then_some(port),
            })
        })?;
        let policy = Policy {
            allowed,
            max_body: d.u64()? as usize,
            cors_origin: d.opt_string()?,
            accept_language: d.string()?,
            cookies: d.bool()?,
            strict_cors: d.bool()?,
            local: Local(d.strings()?.iter().filter_map(|a| a.parse().ok()).collect()),
        };
        let names = d.list(|d| {
            let name = d.string()?;
            let addresses = d.strings()?.iter().filter_map(|a| a.parse().ok()).collect();
            Ok((name, addresses))
        })?;
        Ok(Assignment {
            url,
            code,
            timeout,
            policy,
            names,
        })
    }
}

fn verdict_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Passed => 0,
        Verdict::Failed => 1,
        Verdict::Errored => 2,
        Verdict::TimedOut => 3,
    }
}

/// A worker's report of one hint.
pub fn encode_outcome(outcome: &EngineOutcome) -> Encoder {
    let mut frame = Encoder::new();
    frame
        .u8(verdict_code(outcome.verdict))
        .opt_str(outcome.message.as_deref())
        .opt_str(outcome.expected.as_deref())
        .opt_str(outcome.actual.as_deref());
    match outcome.position {
        Some((line, col)) => frame.bool(true).u32(line).u32(col),
        None => frame.bool(false),
    };
    frame.strs(&outcome.console);
    frame.u32(outcome.exchanges.len() as u32);
    for e in &outcome.exchanges {
        frame
            .str(&e.method)
            .str(&e.url)
            .bool(e.status.is_some())
            .u32(u32::from(e.status.unwrap_or(0)))
            .opt_str(e.error.as_deref())
            .pairs(&e.request_headers)
            .opt_str(e.request_body.as_deref())
            .pairs(&e.response_headers)
            .opt_str(e.response_body.as_deref());
    }
    frame
        .u64(outcome.omitted_requests)
        .strs(&outcome.cors)
        .strs(&outcome.notes)
        .bool(outcome.cookie.is_some());
    if let Some(cookie) = &outcome.cookie {
        frame
            .opt_str(cookie.name.as_deref())
            .opt_str(cookie.set_by.as_deref())
            .str(&cookie.sent_with);
    }
    frame
}

pub fn decode_outcome(payload: &[u8]) -> WireResult<EngineOutcome> {
    let mut d = Decoder::new(payload);
    let verdict = match d.u8()? {
        0 => Verdict::Passed,
        1 => Verdict::Failed,
        2 => Verdict::Errored,
        3 => Verdict::TimedOut,
        other => return Err(format!("unknown verdict {other}")),
    };
    let mut outcome = EngineOutcome::new(verdict, d.opt_string()?);
    outcome.expected = d.opt_string()?;
    outcome.actual = d.opt_string()?;
    if d.bool()? {
        outcome.position = Some((d.u32()?, d.u32()?));
    }
    outcome.console = d.strings()?;
    outcome.exchanges = d.list(|d| {
        let method = d.string()?;
        let url = d.string()?;
        let has_status = d.bool()?;
        let status = d.u32()? as u16;
        Ok(Exchange {
            method,
            url,
            status: has_status.then_some(status),
            error: d.opt_string()?,
            request_headers: d.pairs()?,
            request_body: d.opt_string()?,
            response_headers: d.pairs()?,
            response_body: d.opt_string()?,
        })
    })?;
    outcome.omitted_requests = d.u64()?;
    outcome.cors = d.strings()?;
    outcome.notes = d.strings()?;
    if d.bool()? {
        outcome.cookie = Some(CookieUse {
            name: d.opt_string()?,
            set_by: d.opt_string()?,
            sent_with: d.string()?,
        });
    }
    Ok(outcome)
}

/// Reads `bytes` as either end of the pipe would, whatever they hold: frame by frame, each
/// decoded as a setup, an assignment and an outcome. An outcome that decodes is encoded again
/// and must come back the same. Returns how many frames were whole. For the fuzzer and the
/// tests: a malformed frame must be an error, never a panic.
pub fn decode_untrusted(bytes: &[u8]) -> usize {
    let mut whole = 0;
    let mut stream = bytes;
    while let Ok(Some(payload)) = receive(&mut stream) {
        whole += 1;
        let _ = Setup::decode(&payload);
        let _ = Assignment::decode(&payload);
        if let Ok(outcome) = decode_outcome(&payload) {
            let again = decode_outcome(&encode_outcome(&outcome).bytes);
            assert_eq!(again.as_ref(), Ok(&outcome), "an outcome survives the pipe");
        }
    }
    // The parent's way: frames taken off a buffer as they arrive.
    let mut buffer = bytes.to_vec();
    while let Some(Ok(_)) = take_frame(&mut buffer) {}
    whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_back_as_written() {
        let mut frame = Encoder::new();
        frame
            .u8(7)
            .bool(true)
            .u32(70_000)
            .u64(1 << 40)
            .str("héllo")
            .opt_str(None)
            .opt_str(Some("x"))
            .strs(&["a".into(), "b".into()])
            .pairs(&[("k".into(), "v".into())]);
        let mut wire = Vec::new();
        frame.send(&mut wire).unwrap();
        let payload = receive(&mut wire.as_slice()).unwrap().unwrap();
        let mut d = Decoder::new(&payload);
        assert_eq!(d.u8().unwrap(), 7);
        assert!(d.bool().unwrap());
        assert_eq!(d.u32().unwrap(), 70_000);
        assert_eq!(d.u64().unwrap(), 1 << 40);
        assert_eq!(d.string().unwrap(), "héllo");
        assert_eq!(d.opt_string().unwrap(), None);
        assert_eq!(d.opt_string().unwrap().as_deref(), Some("x"));
        assert_eq!(d.strings().unwrap(), ["a", "b"]);
        assert_eq!(d.pairs().unwrap(), [("k".to_string(), "v".to_string())]);
        assert!(d.u8().is_err(), "reading past the end is an error");
    }

    #[test]
    fn an_assignment_and_an_outcome_survive_the_pipe() {
        let assignment = Assignment {
            url: "http://localhost:3000".into(),
            code: "assert.ok(true)".into(),
            timeout: Duration::from_millis(2500),
            policy: Policy {
                allowed: vec![
                    Allowed::origin_of("http://localhost:3000").unwrap(),
                    Allowed::from_flag("cdn.example").unwrap(),
                ],
                max_body: 1 << 20,
                cors_origin: Some("https://www.freecodecamp.org".into()),
                accept_language: "de,en;q=0.9".into(),
                cookies: true,
                strict_cors: true,
                local: Local(vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()]),
            },
            names: vec![("localhost".into(), vec!["127.0.0.1:0".parse().unwrap()])],
        };
        let back = Assignment::decode(&assignment.encode().bytes).unwrap();
        assert_eq!(back.code, assignment.code);
        assert_eq!(back.timeout, assignment.timeout);
        assert_eq!(back.policy.allowed, assignment.policy.allowed);
        assert_eq!(back.policy.accept_language, "de,en;q=0.9");
        assert!(back.policy.strict_cors);
        assert_eq!(back.policy.local, assignment.policy.local);
        assert_eq!(back.names, assignment.names);
        let mut outcome = EngineOutcome::new(Verdict::Failed, Some("no".into()));
        outcome.position = Some((3, 4));
        outcome
            .exchanges
            .push(Exchange::new("GET", "http://x/", Some(200), None));
        outcome.omitted_requests = 7;
        outcome.notes.push("note".into());
        outcome.cookie = Some(CookieUse {
            name: Some("sid".into()),
            set_by: Some("POST http://x/login".into()),
            sent_with: "GET http://x/".into(),
        });
        assert_eq!(
            decode_outcome(&encode_outcome(&outcome).bytes).unwrap(),
            outcome
        );
    }

    /// A brief fuzzing run inside the test suite: valid frames cut, flipped and grown at random
    /// (a fixed seed, so a failure repeats) are errors, never panics.
    #[test]
    fn mangled_frames_are_errors_not_panics() {
        let mut outcome = EngineOutcome::new(Verdict::Errored, Some("boom".into()));
        outcome.console.push("log".into());
        outcome.exchanges.push(Exchange::new(
            "POST",
            "http://x/a",
            None,
            Some("refused".into()),
        ));
        outcome.cookie = Some(CookieUse {
            name: None,
            set_by: None,
            sent_with: "GET http://x/".into(),
        });
        let setup = Setup {
            insecure: true,
            system_roots: false,
            memory: 64 << 20,
            stack: 1 << 20,
        };
        let mut seeds = Vec::new();
        for frame in [encode_outcome(&outcome), setup.encode()] {
            let mut wire = Vec::new();
            frame.send(&mut wire).unwrap();
            seeds.push(wire);
        }
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            // xorshift64*: enough to scatter the mutations.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        let mut whole = 0;
        for round in 0..20_000 {
            let mut bytes = seeds[round % seeds.len()].clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % bytes.len().max(1);
                match next() % 4 {
                    0 => bytes.truncate(at),
                    1 if !bytes.is_empty() => bytes[at] ^= 1 << (next() % 8),
                    2 => bytes.insert(at.min(bytes.len()), next() as u8),
                    _ => {
                        let copy = bytes.clone();
                        bytes.extend_from_slice(&copy[at.min(copy.len())..]);
                    }
                }
            }
            whole += decode_untrusted(&bytes);
        }
        assert!(
            whole > 1000,
            "most mangled streams still hold a whole frame: {whole}"
        );
    }

    #[test]
    fn a_corrupt_count_is_an_error_not_an_allocation() {
        let payload = u32::MAX.to_le_bytes();
        assert!(Decoder::new(&payload).strings().is_err());
        assert!(receive(&mut &[][..]).unwrap().is_none());
    }
}
