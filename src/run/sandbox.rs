//! What a hint worker gives up before it runs hint code: it holds no descriptor it inherited but
//! its pipes; on Linux it may make only the system calls running hints needs (seccomp, an
//! allow-list, through seccompiler, the only user of that crate), and any other kills it;
//! everywhere on Unix it writes no core dumps and no files, holds few descriptors, and has a
//! ceiling on its address space. None of this is what keeps a hint in
//! bounds (the engine's limits and the parent's deadline do that); it limits what a flaw in the
//! engine could be turned into.

/// Set up before anything else in a worker: Ctrl-C and SIGTERM are for the parent, which stops
/// its workers itself, and a worker dies with the thread that started it.
pub fn detach() {
    #[cfg(unix)]
    // SAFETY: setting signal dispositions to "ignore" and asking for a death signal are plain
    // system calls with valid arguments.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGTERM, libc::SIG_IGN);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

/// Closes every descriptor the worker inherited beyond standard input, output and error (a
/// shell's open files, another program's sockets), before it opens anything of its own.
pub fn close_inherited() {
    #[cfg(target_os = "linux")]
    // SAFETY: closing descriptors this process owns and has not opened anything on yet.
    unsafe {
        libc::syscall(libc::SYS_close_range, 3u32, u32::MAX, 0u32);
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        // SAFETY: as above, one descriptor at a time.
        let highest = unsafe { libc::sysconf(libc::_SC_OPEN_MAX) }.clamp(3, 65_536) as i32;
        for fd in 3..highest {
            unsafe {
                libc::close(fd);
            }
        }
    }
}

/// Drops what a worker does not need, once it has read what it needs from disk. `heap` is the
/// most a hint may allocate; the address-space ceiling leaves room above it for the program,
/// its threads and its buffers.
pub fn lock_down(heap: usize) -> Result<(), String> {
    #[cfg(not(unix))]
    let _ = heap;
    #[cfg(unix)]
    {
        limit(libc::RLIMIT_CORE, 0)?;
        limit(libc::RLIMIT_FSIZE, 0)?;
        limit(libc::RLIMIT_NOFILE, 256)?;
        let ceiling = (heap as u64).saturating_add(1 << 30);
        limit(libc::RLIMIT_AS, ceiling)?;
    }
    #[cfg(target_os = "linux")]
    seccomp::install()?;
    Ok(())
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(all(unix, not(all(target_os = "linux", target_env = "gnu"))))]
type Resource = libc::c_int;

#[cfg(unix)]
fn limit(resource: Resource, value: u64) -> Result<(), String> {
    let wanted = libc::rlimit {
        rlim_cur: value as libc::rlim_t,
        rlim_max: value as libc::rlim_t,
    };
    // SAFETY: a valid resource and a valid, initialized limit.
    let done = unsafe { libc::setrlimit(resource, &wanted) } == 0;
    if done {
        Ok(())
    } else {
        Err(format!(
            "could not limit the hint worker's resources: {}",
            std::io::Error::last_os_error()
        ))
    }
}

#[cfg(target_os = "linux")]
mod seccomp {
    use std::collections::BTreeMap;

    use seccompiler::{
        BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
        SeccompRule, TargetArch,
    };

    /// What a worker does once it runs hints, found by tracing it over the whole backend
    /// curriculum in every language (`strace -f` on `grade`, the calls each worker made after
    /// this filter was installed), plus what the C library and Rust need to end a process or
    /// abort: reading and writing the descriptors it holds, waiting on them, memory that is never
    /// executable, time, randomness for TLS, and TCP connections over IPv4 and IPv6. Anything
    /// else kills the worker: files, processes, threads, signals to others, other sockets.
    fn allowed() -> Vec<i64> {
        let calls = vec![
            libc::SYS_read,
            libc::SYS_write,
            libc::SYS_readv,
            libc::SYS_writev,
            libc::SYS_close,
            libc::SYS_fcntl,
            libc::SYS_ppoll,
            libc::SYS_epoll_pwait,
            libc::SYS_epoll_ctl,
            libc::SYS_futex,
            libc::SYS_brk,
            libc::SYS_munmap,
            libc::SYS_mremap,
            libc::SYS_madvise,
            libc::SYS_sigaltstack,
            libc::SYS_rt_sigreturn,
            libc::SYS_rt_sigprocmask,
            libc::SYS_exit,
            libc::SYS_exit_group,
            libc::SYS_restart_syscall,
            libc::SYS_clock_gettime,
            libc::SYS_clock_getres,
            libc::SYS_clock_nanosleep,
            libc::SYS_nanosleep,
            libc::SYS_gettimeofday,
            libc::SYS_getrandom,
            libc::SYS_sched_yield,
            libc::SYS_gettid,
            libc::SYS_getpid,
            libc::SYS_connect,
            libc::SYS_setsockopt,
            libc::SYS_getsockopt,
            libc::SYS_getsockname,
            libc::SYS_getpeername,
            libc::SYS_recvfrom,
            libc::SYS_sendto,
            libc::SYS_recvmsg,
            libc::SYS_sendmsg,
            libc::SYS_shutdown,
        ];
        // The older calls that x86-64 still has and newer architectures left out.
        #[cfg(target_arch = "x86_64")]
        let calls = [calls, vec![libc::SYS_poll, libc::SYS_epoll_wait]].concat();
        calls
    }

    /// `arg` holds none of the bits of `mask`.
    fn without(arg: u8, mask: u64) -> Result<SeccompCondition, seccompiler::BackendError> {
        SeccompCondition::new(
            arg,
            SeccompCmpArgLen::Qword,
            SeccompCmpOp::MaskedEq(mask),
            0,
        )
    }

    fn equal(arg: u8, value: u64) -> Result<SeccompCondition, seccompiler::BackendError> {
        SeccompCondition::new(arg, SeccompCmpArgLen::Dword, SeccompCmpOp::Eq, value)
    }

    pub fn install() -> Result<(), String> {
        seccompiler::apply_filter_all_threads(&program()?)
            .map_err(|e| format!("could not sandbox the hint worker: {e}"))
    }

    /// The filter: the allow-list, and death for anything else.
    pub fn program() -> Result<BpfProgram, String> {
        let fail = |e: &dyn std::fmt::Display| format!("could not sandbox the hint worker: {e}");
        let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| fail(&e))?;
        let mut rules: BTreeMap<i64, Vec<SeccompRule>> = allowed()
            .into_iter()
            .map(|call| (call, Vec::new()))
            .collect();
        let rule = |conditions: Vec<SeccompCondition>| SeccompRule::new(conditions);
        let exec = libc::PROT_EXEC as u64;
        // Memory is never made executable.
        let mapping = rule(vec![without(2, exec).map_err(|e| fail(&e))?]).map_err(|e| fail(&e))?;
        rules.insert(libc::SYS_mmap, vec![mapping.clone()]);
        rules.insert(libc::SYS_mprotect, vec![mapping]);
        // Sockets: TCP over IPv4 or IPv6 only; no Unix sockets, no raw or netlink ones.
        let stream = libc::SOCK_STREAM as u64;
        let mut sockets = Vec::new();
        for family in [libc::AF_INET, libc::AF_INET6] {
            let conditions = vec![
                equal(0, family as u64).map_err(|e| fail(&e))?,
                SeccompCondition::new(
                    1,
                    SeccompCmpArgLen::Dword,
                    SeccompCmpOp::MaskedEq(0xf),
                    stream,
                )
                .map_err(|e| fail(&e))?,
            ];
            sockets.push(rule(conditions).map_err(|e| fail(&e))?);
        }
        rules.insert(libc::SYS_socket, sockets);
        // A signal only to itself, as an abort sends one.
        // SAFETY: getpid has no preconditions.
        let own = unsafe { libc::getpid() } as u64;
        let to_itself = rule(vec![equal(0, own).map_err(|e| fail(&e))?]).map_err(|e| fail(&e))?;
        rules.insert(libc::SYS_tgkill, vec![to_itself]);
        let filter = SeccompFilter::new(
            rules,
            SeccompAction::KillProcess,
            SeccompAction::Allow,
            arch,
        )
        .map_err(|e| fail(&e))?;
        filter.try_into().map_err(|e| fail(&e))
    }

    #[cfg(test)]
    mod tests {
        /// How a forked child that installed the filter and then ran `act` ended: the signal
        /// that killed it, or 0 when it ended by itself.
        fn ended_by(act: fn() -> i32) -> i32 {
            let program = super::program().expect("the filter builds");
            // SAFETY: the child only makes system calls and ends with _exit.
            unsafe {
                let child = libc::fork();
                if child == 0 {
                    if seccompiler::apply_filter(&program).is_err() {
                        libc::_exit(2);
                    }
                    libc::_exit(act());
                }
                let mut status = 0;
                libc::waitpid(child, &mut status, 0);
                if libc::WIFSIGNALED(status) {
                    libc::WTERMSIG(status)
                } else {
                    libc::WEXITSTATUS(status)
                }
            }
        }

        #[test]
        fn what_hints_never_need_kills_the_worker() {
            // SAFETY: plain system calls with valid arguments.
            let unix_socket = || unsafe { libc::socket(libc::AF_UNIX, libc::SOCK_STREAM, 0) };
            let open_file = || unsafe { libc::open(c"/etc/hostname".as_ptr(), libc::O_RDONLY) };
            let new_process = || unsafe { libc::fork() };
            let executable = || unsafe {
                let page = libc::mmap(
                    std::ptr::null_mut(),
                    4096,
                    libc::PROT_READ | libc::PROT_EXEC,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                );
                i32::from(page == libc::MAP_FAILED)
            };
            let signal_another = || unsafe { libc::kill(1, 0) };
            for (what, act) in [
                ("a Unix socket", unix_socket as fn() -> i32),
                ("opening a file", open_file),
                ("a new process", new_process),
                ("executable memory", executable),
                ("a signal to another process", signal_another),
            ] {
                assert_eq!(ended_by(act), libc::SIGSYS, "{what}");
            }
            // What hints need is allowed.
            let tcp = || unsafe {
                let fd = libc::socket(libc::AF_INET6, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
                i32::from(fd < 0) + libc::close(fd)
            };
            let memory = || unsafe {
                let page = libc::mmap(
                    std::ptr::null_mut(),
                    1 << 20,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                );
                i32::from(page == libc::MAP_FAILED)
            };
            assert_eq!(ended_by(tcp), 0, "a TCP socket");
            assert_eq!(ended_by(memory), 0, "memory");
        }
    }
}
