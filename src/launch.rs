//! Starts the learner's app for `--start` and stops it afterwards: a shell command in its own
//! process group, so that stopping it reaches every process it started, with its output kept in
//! memory to show when it fails to start. The only place that spawns processes.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How much of the app's output is kept: the end of it, where the reason usually is.
const LOG_LIMIT: usize = 64 << 10;

/// Where and how an app is started, beyond its command and port.
#[derive(Debug, Default, Clone)]
pub struct Setting<'a> {
    /// The folder it runs in; the current one when `None`.
    pub dir: Option<&'a std::path::Path>,
    /// The variable that gets the port; `PORT` when `None`.
    pub port_var: Option<&'a str>,
    /// Variables set besides.
    pub env: &'a [(String, String)],
}

/// A running app; dropping it stops it.
pub struct App {
    child: Child,
    log: Arc<Mutex<Vec<u8>>>,
    readers: Vec<thread::JoinHandle<()>>,
    stopped: bool,
}

impl App {
    /// Runs `command` with `sh -c` and `PORT` set, in a new process group.
    pub fn start(command: &str, port: u16) -> Result<App, String> {
        App::start_with(command, port, &Setting::default())
    }

    /// Runs `command` with `sh -c` in a new process group, as `setting` says: in its folder,
    /// with the port in its variable and its environment added.
    pub fn start_with(command: &str, port: u16, setting: &Setting) -> Result<App, String> {
        become_subreaper();
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(command)
            .envs(setting.env.iter().map(|(k, v)| (k, v)))
            .env(setting.port_var.unwrap_or("PORT"), port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            shell.process_group(0);
        }
        if let Some(dir) = setting.dir {
            shell.current_dir(dir);
        }
        let mut child = shell
            .spawn()
            .map_err(|e| format!("could not run `{command}`: {e}"))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let mut readers = Vec::new();
        for pipe in [
            child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
            child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read + Send>),
        ]
        .into_iter()
        .flatten()
        {
            let log = log.clone();
            readers.push(thread::spawn(move || keep_tail(pipe, &log)));
        }
        Ok(App {
            child,
            log,
            readers,
            stopped: false,
        })
    }

    /// The process id of the app's shell, which leads its process group.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The exit status, once the app's shell has ended.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// What the app printed, its last 64 KiB. After it ended, what it printed last is waited for
    /// briefly (a process it left behind may hold the output open).
    pub fn log(&mut self) -> String {
        if self.exited().is_some() {
            let deadline = Instant::now() + Duration::from_millis(500);
            while Instant::now() < deadline && !self.readers.iter().all(|r| r.is_finished()) {
                thread::sleep(Duration::from_millis(10));
            }
        }
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&log).into_owned()
    }

    /// The TCP ports the app's processes listen on, as the kernel lists them (Linux; elsewhere
    /// none are known).
    pub fn listening_ports(&self) -> Vec<u16> {
        listening_ports(self.child.id() as i32)
    }

    /// Stops every process of the app's group: SIGTERM, then SIGKILL for what is left after
    /// `grace`.
    pub fn stop(&mut self, grace: Duration) {
        if self.stopped {
            return;
        }
        self.stopped = true;
        let group = self.child.id() as i32;
        signal_group(group, Signal::Terminate);
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline && group_alive(group) {
            let _ = self.child.try_wait();
            reap_group(group);
            thread::sleep(Duration::from_millis(20));
        }
        signal_group(group, Signal::Kill);
        let _ = self.child.wait();
        // The group leader is reaped; wait until its last member is gone too.
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline && group_alive(group) {
            reap_group(group);
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Blocks until the process `pid` (a child of this one) has ended, without reaping it, so that
/// the `App` that owns it still reads its status; returns at once when it is gone already.
pub fn wait_ended(pid: u32) {
    #[cfg(unix)]
    // SAFETY: waitid fills the zeroed siginfo it is given; WNOWAIT leaves the child to its owner.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        loop {
            let done = libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            );
            if done == 0
                || std::io::Error::last_os_error().kind() != std::io::ErrorKind::Interrupted
            {
                return;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        thread::sleep(Duration::from_millis(50));
    }
}

/// Whether the app whose first process is `pid` (a child of this one, the leader of its own
/// process group) has ended: that process exited (not reaped, so its owner still reads the
/// status), no process is left in its group, or none of it listens any more on `ports`, where
/// it listened (an app that exits closes its socket before its shell notices). Never waits.
pub fn has_ended(pid: u32, ports: &[u16]) -> bool {
    if !ports.is_empty() {
        let listening = listening_ports(pid as i32);
        if !ports.iter().any(|p| listening.contains(p)) {
            return true;
        }
    }
    #[cfg(unix)]
    // SAFETY: waitid fills the zeroed siginfo it is given; WNOHANG returns at once and WNOWAIT
    // leaves the child to its owner. kill with signal 0 only asks whether the group exists.
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let done = libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        if done == 0 && info.si_pid() != 0 {
            return true;
        }
        libc::kill(-(pid as libc::pid_t), 0) != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        false
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.stop(Duration::from_secs(3));
    }
}

fn keep_tail(mut pipe: impl Read, log: &Mutex<Vec<u8>>) {
    let mut buffer = [0u8; 8192];
    while let Ok(n) = pipe.read(&mut buffer) {
        if n == 0 {
            break;
        }
        let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
        log.extend_from_slice(&buffer[..n]);
        if log.len() > LOG_LIMIT {
            let excess = log.len() - LOG_LIMIT;
            log.drain(..excess);
        }
    }
}

enum Signal {
    Terminate,
    Kill,
}

#[cfg(unix)]
fn signal_group(group: i32, signal: Signal) {
    let number = match signal {
        Signal::Terminate => libc::SIGTERM,
        Signal::Kill => libc::SIGKILL,
    };
    // SAFETY: signalling a process group we created; a group that is gone is an error we ignore.
    unsafe {
        libc::kill(-group, number);
    }
}

#[cfg(unix)]
fn group_alive(group: i32) -> bool {
    // SAFETY: signal 0 only checks that the group exists.
    unsafe { libc::kill(-group, 0) == 0 }
}

/// Reaps the members of `group` that ended and were handed to this process: grade is their
/// subreaper, so an app's processes whose shell ended are not left as zombies that keep the
/// group alive where nothing else reaps them (a container whose first process does not).
#[cfg(unix)]
fn reap_group(group: i32) {
    loop {
        // SAFETY: waitpid with WNOHANG and no status pointer only reaps ended children.
        let reaped = unsafe { libc::waitpid(-group, std::ptr::null_mut(), libc::WNOHANG) };
        if reaped <= 0 {
            return;
        }
    }
}

#[cfg(not(unix))]
fn reap_group(_group: i32) {}

/// Makes this process the subreaper of what it starts (Linux), once.
fn become_subreaper() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // SAFETY: PR_SET_CHILD_SUBREAPER takes a flag and changes only this process.
        ONCE.call_once(|| unsafe {
            libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1);
        });
    }
}

#[cfg(not(unix))]
fn signal_group(_group: i32, _signal: Signal) {}

#[cfg(not(unix))]
fn group_alive(_group: i32) -> bool {
    false
}

/// The listening TCP ports of the processes in `group`: their socket inodes from
/// `/proc/PID/fd`, matched with the listening sockets of `/proc/net/tcp` and `tcp6`.
#[cfg(target_os = "linux")]
fn listening_ports(group: i32) -> Vec<u16> {
    let mut inodes = std::collections::HashSet::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (name) state ppid pgrp ...`; the name may hold spaces and parentheses.
        let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let pgrp = after_name
            .split_whitespace()
            .nth(2)
            .and_then(|g| g.parse::<i32>().ok());
        if pgrp != Some(group) {
            continue;
        }
        for fd in std::fs::read_dir(format!("/proc/{pid}/fd"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(target) = std::fs::read_link(fd.path()) else {
                continue;
            };
            let target = target.to_string_lossy();
            if let Some(inode) = target
                .strip_prefix("socket:[")
                .and_then(|t| t.strip_suffix(']'))
            {
                inodes.insert(inode.to_string());
            }
        }
    }
    let mut ports = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // local address, state (0A is LISTEN), inode.
            let (Some(local), Some(state), Some(inode)) =
                (fields.get(1), fields.get(3), fields.get(9))
            else {
                continue;
            };
            if *state != "0A" || !inodes.contains(*inode) {
                continue;
            }
            let port = local
                .rsplit_once(':')
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok());
            if let Some(port) = port.filter(|p| !ports.contains(p)) {
                ports.push(port);
            }
        }
    }
    ports.sort_unstable();
    ports
}

#[cfg(not(target_os = "linux"))]
fn listening_ports(_group: i32) -> Vec<u16> {
    Vec::new()
}

/// A free TCP port on the loopback interface, for an app started without `--url`.
pub fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("could not find a free port: {e}"))
}

/// Whether [`App::listening_ports`] can tell which ports an app listens on here.
pub const LISTS_PORTS: bool = cfg!(target_os = "linux");

/// Whether `port` of the loopback interface can be listened on now.
pub fn port_free(port: u16) -> bool {
    std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Whether something already accepts connections on `port` of this machine (IPv4 or IPv6
/// loopback), in which case an app started there could not listen and the old one would answer.
pub fn port_in_use(port: u16) -> bool {
    let addresses = [
        std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)),
    ];
    addresses.iter().any(|address| {
        std::net::TcpStream::connect_timeout(address, Duration::from_millis(300)).is_ok()
    })
}
