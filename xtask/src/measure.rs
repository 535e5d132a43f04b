//! Running a child process and measuring its wall time and peak resident memory.

use std::io::{self, Read};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// What one run of a command cost and printed.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Peak resident set size in bytes: the largest of the child and of any descendant it
    /// waited for (Linux `wait4`, `ru_maxrss`).
    pub peak_rss: u64,
    /// Whether it exited with status 0.
    pub success: bool,
    /// Its exit status as the shell shows it (128 + signal when killed by a signal).
    pub code: i32,
    /// Its standard output.
    pub stdout: String,
    /// Its standard error.
    pub stderr: String,
}

/// Runs `cmd` to completion with captured output, and measures it.
pub fn run(cmd: &mut Command) -> io::Result<Measurement> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd.spawn()?;
    let stdout = reader(child.stdout.take());
    let stderr = reader(child.stderr.take());
    let pid = child.id() as libc::pid_t;

    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is a plain C struct for which all-zero bytes are a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (`child.wait` is never called), and
        // both out-pointers point to live, writable values.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
    let wall = started.elapsed();
    let (success, code) = if libc::WIFEXITED(status) {
        (libc::WEXITSTATUS(status) == 0, libc::WEXITSTATUS(status))
    } else {
        (false, 128 + libc::WTERMSIG(status))
    };
    Ok(Measurement {
        wall,
        // Linux reports ru_maxrss in kibibytes.
        peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        success,
        code,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Reads a pipe to its end on a thread, so a chatty child never blocks on a full pipe.
fn reader<R: Read + Send + 'static>(pipe: Option<R>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The median of a non-empty list of values (the mean of the two middle ones for an even
/// count).
pub fn median<T: Copy + Into<f64>>(values: &[T]) -> f64 {
    assert!(!values.is_empty(), "median of nothing");
    let mut v: Vec<f64> = values.iter().map(|&x| x.into()).collect();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// Total size in bytes of the files under `path` (0 when it does not exist).
pub fn dir_size(path: &std::path::Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| dir_size(&e.path())).sum())
        .unwrap_or(0)
}

/// How many files (not folders) are under `path`, or 1 when it is a file.
pub fn dir_files(path: &std::path::Path) -> u64 {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return 0;
    };
    if !meta.is_dir() {
        return 1;
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| dir_files(&e.path())).sum())
        .unwrap_or(0)
}

/// The full path of `program` on `PATH`, if it is there and executable.
pub fn which(program: &str) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| {
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_a_child_that_allocates_and_reports_its_status() {
        // A shell that holds ~64 MB in a variable: its peak RSS must show it.
        let m = run(Command::new("sh").args([
            "-c",
            "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo ${#x}; echo oops >&2; exit 3",
        ]))
        .unwrap();
        assert!(!m.success);
        assert_eq!(m.code, 3);
        assert_eq!(m.stdout.trim(), "67108864");
        assert_eq!(m.stderr.trim(), "oops");
        assert!(m.peak_rss > 60 << 20, "peak RSS {}", m.peak_rss);
        assert!(m.wall > Duration::ZERO);

        let ok = run(&mut Command::new("true")).unwrap();
        assert!(ok.success);
        assert!(ok.peak_rss < 60 << 20);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[7u32]), 7.0);
    }

    #[test]
    fn dir_size_adds_up_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("a"), [0u8; 100]).unwrap();
        std::fs::write(dir.path().join("sub/b"), [0u8; 23]).unwrap();
        assert_eq!(dir_size(dir.path()), 123);
        assert_eq!(dir_size(&dir.path().join("missing")), 0);
        // Files are counted, folders are not.
        std::fs::create_dir(dir.path().join("empty")).unwrap();
        assert_eq!(dir_files(dir.path()), 2);
        assert_eq!(dir_files(&dir.path().join("a")), 1);
        assert_eq!(dir_files(&dir.path().join("missing")), 0);
        assert!(which("sh").is_some());
        assert!(which("surely-not-a-program-xyz").is_none());
    }
}
