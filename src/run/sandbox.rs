//! What a hint worker gives up before it runs hint code: on Linux it can no longer start
//! programs, fork, or open, create or remove files (seccomp, through seccompiler, the only user
//! of that crate); everywhere on Unix it writes no core dumps and no files, holds few
//! descriptors, and has a ceiling on its address space. None of this is what keeps a hint in
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

/// Drops what a worker does not need, once it has read what it needs from disk. `heap` is the
/// most a hint may allocate; the address-space ceiling leaves room above it for the program,
/// its threads and its buffers.
pub fn lock_down(heap: usize) -> Result<(), String> {
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

    /// System calls that start programs, make processes, or open or change files by name.
    fn denied() -> Vec<i64> {
        let mut calls = vec![
            libc::SYS_execve,
            libc::SYS_execveat,
            libc::SYS_openat,
            libc::SYS_openat2,
            libc::SYS_unlinkat,
            libc::SYS_renameat2,
            libc::SYS_mkdirat,
            libc::SYS_symlinkat,
            libc::SYS_linkat,
            libc::SYS_fchmodat,
            libc::SYS_fchownat,
            libc::SYS_mknodat,
            libc::SYS_truncate,
            libc::SYS_ptrace,
            libc::SYS_process_vm_writev,
        ];
        #[cfg(target_arch = "x86_64")]
        calls.extend([
            libc::SYS_open,
            libc::SYS_creat,
            libc::SYS_unlink,
            libc::SYS_rename,
            libc::SYS_renameat,
            libc::SYS_mkdir,
            libc::SYS_rmdir,
            libc::SYS_symlink,
            libc::SYS_link,
            libc::SYS_chmod,
            libc::SYS_chown,
            libc::SYS_lchown,
            libc::SYS_mknod,
            libc::SYS_fork,
            libc::SYS_vfork,
        ]);
        calls
    }

    pub fn install() -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| format!("could not sandbox the hint worker: {e}");
        let arch = TargetArch::try_from(std::env::consts::ARCH).map_err(|e| fail(&e))?;
        let mut rules: BTreeMap<i64, Vec<SeccompRule>> = denied()
            .into_iter()
            .map(|call| (call, Vec::new()))
            .collect();
        // `clone` makes threads too, which the worker needs; only a clone without
        // CLONE_THREAD, a new process, is refused.
        let new_process = SeccompCondition::new(
            0,
            SeccompCmpArgLen::Qword,
            SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
            0,
        )
        .and_then(|c| SeccompRule::new(vec![c]))
        .map_err(|e| fail(&e))?;
        rules.insert(libc::SYS_clone, vec![new_process]);
        let refuse = SeccompFilter::new(
            rules,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::EPERM as u32),
            arch,
        )
        .map_err(|e| fail(&e))?;
        // clone3 passes its flags in memory a filter cannot read; saying it does not exist makes
        // the C library fall back to clone, which the rule above checks.
        let mut rules = BTreeMap::new();
        rules.insert(libc::SYS_clone3, Vec::new());
        let absent = SeccompFilter::new(
            rules,
            SeccompAction::Allow,
            SeccompAction::Errno(libc::ENOSYS as u32),
            arch,
        )
        .map_err(|e| fail(&e))?;
        for filter in [refuse, absent] {
            let program: BpfProgram = filter.try_into().map_err(|e| fail(&e))?;
            seccompiler::apply_filter_all_threads(&program).map_err(|e| fail(&e))?;
        }
        Ok(())
    }
}
