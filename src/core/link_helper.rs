//! The one unconfined step of a confined process: giving a finished export its name in a folder the kernel sandbox
//! gives no rights in — a folder above the lake, which holds the lake, so that any right there would reach into it.
//!
//! Before the sandbox is applied, qlake forks a copy of itself, connected by a socket pair, which becomes this helper
//! (the qlake binary started again) at the first request, and ends unstarted with its process if none comes. The
//! confined process makes the export as a nameless file (`O_TMPFILE` in its spool) and opens the target folder by
//! descriptor; it sends both descriptors and the file's name. The helper resolves no path: it checks that the file
//! is a nameless regular file (made by the asker, never an existing lake file), that the folder and every folder
//! above it is not a lake (the lakes it was started with, and anything that looks like one), and that the name is a
//! plain file name; then it links the file in by descriptor. It ends when the confined process closes the socket.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use crate::core::error::{Error, Result};
use crate::core::target_dir::TargetDir;

/// The argument that makes the qlake binary this helper (not a command users see).
pub const ARG: &str = "__qlake-link-helper";

/// The descriptor the helper finds its end of the socket on.
const HELPER_FD: RawFd = 3;

static SOCKET: OnceLock<Mutex<Socket>> = OnceLock::new();

/// The argument before the one folder a helper may link into (an `-o FILE` export's).
const ONLY: &str = "--only";

/// Start the helper (call before the sandbox is applied); `lakes` are the lakes it refuses besides those qlake knows;
/// `only`, where given, is the one folder it links into (the `-o FILE` export's), else any folder outside a lake.
pub fn start(lakes: &[PathBuf], only: Option<&std::path::Path>) -> Result<()> {
    if SOCKET.get().is_some() {
        return Ok(());
    }
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: a two-element array the call fills with new descriptors.
    let rc = unsafe {
        libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_SEQPACKET | libc::SOCK_CLOEXEC,
            0,
            fds.as_mut_ptr(),
        )
    };
    if rc != 0 {
        return Err(Error::Invalid(format!(
            "cannot start qlake's link helper: {}",
            std::io::Error::last_os_error()
        )));
    }
    // SAFETY: socketpair returned two new descriptors that nothing else owns.
    let (ours, theirs) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let cannot = |what: &str, e: std::io::Error| {
        Error::Invalid(format!("cannot start qlake's link helper ({what}): {e}"))
    };
    // This very binary, held open: the helper is the same build even if the file at its path is replaced meanwhile.
    let exe = std::fs::File::open("/proc/self/exe").map_err(|e| cannot("its binary", e))?;
    let mut args: Vec<&OsStr> = vec![OsStr::new("qlake"), OsStr::new(ARG)];
    if let Some(folder) = only {
        args.extend([OsStr::new(ONLY), folder.as_os_str()]);
    }
    args.extend(lakes.iter().map(|lake| lake.as_os_str()));
    let args = c_strings(args.into_iter())?;
    let env = c_strings(std::env::vars_os().map(|(name, value)| {
        let mut pair = name;
        pair.push("=");
        pair.push(value);
        pair
    }))?;
    let (argv, envp) = (pointers(&args), pointers(&env));
    let null = c"/dev/null";
    let (ours_raw, theirs_raw, exe_raw) = (ours.as_raw_fd(), theirs.as_raw_fd(), exe.as_raw_fd());
    // SAFETY: the child makes only async-signal-safe calls (close, signal, recv, dup2, fexecve, _exit) on memory
    // prepared before the fork, as a copy of a process with threads must.
    match unsafe { libc::fork() } {
        -1 => return Err(cannot("fork", std::io::Error::last_os_error())),
        0 => unsafe { wait_then_exec(ours_raw, theirs_raw, exe_raw, null, &argv, &envp) },
        _ => {}
    }
    drop(theirs);
    let _ = SOCKET.set(Mutex::new(Socket {
        fd: ours,
        asked: false,
    }));
    Ok(())
}

/// The forked child's life before it becomes the helper. Starting a second copy of this large binary costs a start
/// 5–10 ms on a 2-core machine (docs/performance.md), and most runs never export above a lake: the copy waits for
/// the first request's go-ahead, and ends, never having run, when its process ends without one.
///
/// # Safety
/// Called only in the child of a fork, with descriptors and null-terminated arrays made before the fork.
unsafe fn wait_then_exec(
    ours: RawFd,
    theirs: RawFd,
    exe: RawFd,
    null: &std::ffi::CStr,
    argv: &[*const libc::c_char],
    envp: &[*const libc::c_char],
) -> ! {
    // SAFETY: async-signal-safe calls only. The asker's end is closed here, so its process ending is this socket's
    // end. Standard input and output are left to nothing (the helper answers on its socket); standard error stays,
    // for the helper's own last words. Until the exec, the copies of what the asker had open stay open here too (a
    // lock file's descriptor among them), for no longer than the asker lives.
    // An ignored signal stays ignored across exec, so Ctrl+C in the terminal leaves the helper to end when its
    // socket closes.
    unsafe {
        libc::close(ours);
        let nothing = libc::open(null.as_ptr(), libc::O_RDWR);
        if nothing >= 0 {
            libc::dup2(nothing, 0);
            libc::dup2(nothing, 1);
            if nothing > 1 {
                libc::close(nothing);
            }
        }
        libc::signal(libc::SIGINT, libc::SIG_IGN);
        libc::signal(libc::SIGQUIT, libc::SIG_IGN);
        let mut go = [0u8; 1];
        loop {
            let got = libc::recv(theirs, go.as_mut_ptr().cast(), go.len(), 0);
            if got == 1 && go[0] == GO {
                break;
            }
            if got < 0 && *libc::__errno_location() == libc::EINTR {
                continue;
            }
            libc::_exit(0);
        }
        // Already on the helper's descriptor, dup2 would leave close-on-exec set: it is cleared instead.
        let placed = if theirs == HELPER_FD {
            libc::fcntl(theirs, libc::F_SETFD, 0)
        } else {
            libc::dup2(theirs, HELPER_FD)
        };
        if placed >= 0 {
            libc::fexecve(exe, argv.as_ptr(), envp.as_ptr());
        }
        libc::_exit(127)
    }
}

/// The one-byte message that makes the waiting copy the helper; the helper itself never reads it.
const GO: u8 = b'G';

/// The asker's end of the socket, and whether the helper was asked to start yet.
struct Socket {
    fd: OwnedFd,
    asked: bool,
}

fn c_strings(texts: impl Iterator<Item = impl AsRef<OsStr>>) -> Result<Vec<std::ffi::CString>> {
    texts
        .map(|text| {
            std::ffi::CString::new(text.as_ref().as_bytes()).map_err(|_| {
                Error::Invalid(format!(
                    "cannot start qlake's link helper: a NUL byte in {}",
                    text.as_ref().to_string_lossy()
                ))
            })
        })
        .collect()
}

/// The null-terminated array of pointers exec takes, into `texts` (which must outlive it).
fn pointers(texts: &[std::ffi::CString]) -> Vec<*const libc::c_char> {
    texts
        .iter()
        .map(|text| text.as_ptr())
        .chain(std::iter::once(std::ptr::null()))
        .collect()
}

/// Whether this process has a helper to ask.
pub fn available() -> bool {
    SOCKET.get().is_some()
}

/// Ask the helper to give `file` (nameless) the name `name` in `dir`.
pub fn link(file: &File, dir: &TargetDir, name: &OsStr, overwrite: bool) -> std::io::Result<()> {
    let Some(socket) = SOCKET.get() else {
        return Err(std::io::Error::from_raw_os_error(libc::EACCES));
    };
    let mut socket = socket
        .lock()
        .map_err(|_| std::io::Error::other("the link helper's socket is poisoned"))?;
    if !socket.asked {
        send(socket.fd.as_raw_fd(), &[GO], &[]).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("qlake's link helper could not start: {e}"),
            )
        })?;
        socket.asked = true;
    }
    let socket = &socket.fd;
    let mut message = vec![u8::from(overwrite)];
    message.extend_from_slice(name.as_bytes());
    message.push(0);
    message.extend_from_slice(dir.path().as_os_str().as_bytes());
    send(
        socket.as_raw_fd(),
        &message,
        &[file.as_raw_fd(), dir.as_raw_fd()],
    )?;
    let (reply, _) = receive(socket.as_raw_fd())?;
    match reply.split_first() {
        Some((0, _)) => Ok(()),
        // The system's own error keeps its number, so the caller can say what it means (EEXIST, EXDEV).
        Some((_, rest)) if rest.len() >= 4 && rest[..4] != [0; 4] => {
            Err(std::io::Error::from_raw_os_error(i32::from_le_bytes([
                rest[0], rest[1], rest[2], rest[3],
            ])))
        }
        Some((_, rest)) => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            String::from_utf8_lossy(rest.get(4..).unwrap_or_default()).into_owned(),
        )),
        None => Err(std::io::Error::other(
            "qlake's link helper has ended (or could not start)",
        )),
    }
}

/// What the helper refuses, or the system error it met.
enum Refusal {
    Said(String),
    System(std::io::Error),
}

/// When this process was started as the helper (its first argument is [`ARG`]), serve and exit; else return. Every
/// binary that confines itself calls it first: the helper is a copy of whichever binary started it.
pub fn serve_if_asked() {
    let mut args = std::env::args_os().skip(1);
    if args.next().as_deref() == Some(OsStr::new(ARG)) {
        std::process::exit(serve(args.map(Into::into).collect()));
    }
}

/// The helper's life: answer requests until the socket closes. Returns the process exit code.
pub fn serve(mut lakes: Vec<PathBuf>) -> i32 {
    let only = match lakes.first() {
        Some(first) if first.as_os_str() == ONLY && lakes.len() >= 2 => {
            let folder = lakes.remove(1);
            lakes.remove(0);
            match std::fs::metadata(&folder) {
                Ok(meta) => {
                    use std::os::unix::fs::MetadataExt;
                    Some((meta.dev(), meta.ino()))
                }
                Err(_) => return 1,
            }
        }
        _ => None,
    };
    crate::core::lake::note_opened(&lakes);
    loop {
        let (message, fds) = match receive(HELPER_FD) {
            Ok(got) => got,
            Err(_) => return 1,
        };
        if message.is_empty() && fds.is_empty() {
            return 0;
        }
        let reply = match handle(&message, fds, only) {
            Ok(()) => vec![0],
            Err(Refusal::System(e)) => {
                let mut reply = vec![1];
                reply.extend_from_slice(&e.raw_os_error().unwrap_or(libc::EIO).to_le_bytes());
                reply
            }
            Err(Refusal::Said(text)) => {
                let mut reply = vec![1, 0, 0, 0, 0];
                reply.extend_from_slice(text.as_bytes());
                reply
            }
        };
        if send(HELPER_FD, &reply, &[]).is_err() {
            return 1;
        }
    }
}

fn handle(
    message: &[u8],
    mut fds: Vec<OwnedFd>,
    only: Option<(u64, u64)>,
) -> std::result::Result<(), Refusal> {
    let said = |text: &str| Refusal::Said(text.to_string());
    let (dir_fd, file_fd) = match (fds.pop(), fds.pop()) {
        (Some(dir), Some(file)) if fds.is_empty() => (dir, file),
        _ => return Err(said("a request must carry a file and a folder")),
    };
    let (&overwrite, rest) = message
        .split_first()
        .ok_or_else(|| said("an empty request"))?;
    let mut parts = rest.splitn(2, |b| *b == 0);
    let name = OsString::from(OsStr::from_bytes(parts.next().unwrap_or_default()));
    let shown = PathBuf::from(OsStr::from_bytes(parts.next().unwrap_or_default()));
    if name.is_empty() || name == "." || name == ".." || name.as_bytes().contains(&b'/') {
        return Err(Refusal::Said(format!("{name:?} is not a file name")));
    }
    let file = File::from(file_fd);
    let meta = file.metadata().map_err(Refusal::System)?;
    use std::os::unix::fs::MetadataExt;
    if !meta.is_file() || meta.nlink() != 0 {
        return Err(said(
            "only a new, nameless file made for this export is linked",
        ));
    }
    let folder = File::from(dir_fd.try_clone().map_err(Refusal::System)?)
        .metadata()
        .map_err(Refusal::System)?;
    if only.is_some_and(|id| id != (folder.dev(), folder.ino())) {
        return Err(said(
            "this run exports only into the folder it was started for",
        ));
    }
    let dir = TargetDir::from_fd(dir_fd, shown.clone());
    let target = shown.join(&name);
    dir.ensure_outside_lakes(&target)
        .map_err(|e| Refusal::Said(e.to_string()))?;
    dir.link_in(&file, &name, overwrite != 0)
        .map_err(Refusal::System)
}

fn send(socket: RawFd, bytes: &[u8], fds: &[RawFd]) -> std::io::Result<()> {
    let mut iov = libc::iovec {
        iov_base: bytes.as_ptr() as *mut libc::c_void,
        iov_len: bytes.len(),
    };
    let fd_bytes = std::mem::size_of_val(fds);
    // SAFETY: CMSG_SPACE only computes a size.
    let space = unsafe { libc::CMSG_SPACE(fd_bytes as u32) } as usize;
    let mut control = vec![0u8; if fds.is_empty() { 0 } else { space }];
    // SAFETY: a zeroed msghdr is a valid empty one.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    if !fds.is_empty() {
        msg.msg_control = control.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = control.len() as _;
        // SAFETY: the control buffer is CMSG_SPACE bytes for `fds`, so the first header and its data fit in it.
        unsafe {
            let header = libc::CMSG_FIRSTHDR(&msg);
            (*header).cmsg_level = libc::SOL_SOCKET;
            (*header).cmsg_type = libc::SCM_RIGHTS;
            (*header).cmsg_len = libc::CMSG_LEN(fd_bytes as u32) as _;
            std::ptr::copy_nonoverlapping(
                fds.as_ptr() as *const u8,
                libc::CMSG_DATA(header),
                fd_bytes,
            );
        }
    }
    // SAFETY: msg points at buffers that live across the call.
    let sent = unsafe { libc::sendmsg(socket, &msg, libc::MSG_NOSIGNAL) };
    if sent < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

/// One message and the descriptors it carries (an empty message with none: the other end closed).
fn receive(socket: RawFd) -> std::io::Result<(Vec<u8>, Vec<OwnedFd>)> {
    const MAX_FDS: usize = 4;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut iov = libc::iovec {
        iov_base: buffer.as_mut_ptr() as *mut libc::c_void,
        iov_len: buffer.len(),
    };
    // SAFETY: CMSG_SPACE only computes a size.
    let space =
        unsafe { libc::CMSG_SPACE((MAX_FDS * std::mem::size_of::<RawFd>()) as u32) } as usize;
    let mut control = vec![0u8; space];
    // SAFETY: a zeroed msghdr is a valid empty one.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = &mut iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr() as *mut libc::c_void;
    msg.msg_controllen = control.len() as _;
    // SAFETY: msg points at buffers that live across the call.
    let got = unsafe { libc::recvmsg(socket, &mut msg, libc::MSG_CMSG_CLOEXEC) };
    if got < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut fds = Vec::new();
    // SAFETY: walking the control messages the kernel wrote into `control`, within msg_controllen.
    unsafe {
        let mut header = libc::CMSG_FIRSTHDR(&msg);
        while !header.is_null() {
            if (*header).cmsg_level == libc::SOL_SOCKET && (*header).cmsg_type == libc::SCM_RIGHTS {
                let data = libc::CMSG_DATA(header);
                let bytes = (*header).cmsg_len as usize - libc::CMSG_LEN(0) as usize;
                for i in 0..bytes / std::mem::size_of::<RawFd>() {
                    let mut fd: RawFd = 0;
                    std::ptr::copy_nonoverlapping(
                        data.add(i * std::mem::size_of::<RawFd>()),
                        &mut fd as *mut RawFd as *mut u8,
                        std::mem::size_of::<RawFd>(),
                    );
                    fds.push(OwnedFd::from_raw_fd(fd));
                }
            }
            header = libc::CMSG_NXTHDR(&msg, header);
        }
    }
    buffer.truncate(got as usize);
    Ok((buffer, fds))
}
