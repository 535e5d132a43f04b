//! `loupe serve` under hostile load, on 127.0.0.1 only and bounded in time: slow (slowloris)
//! clients and oversized headers must not slow a plain request down, grow the server's memory
//! or threads, or stop it accepting connections; running out of file descriptors must not stop
//! it either. Prints its figures (`cargo test --test serve_load -- --nocapture`).
#![cfg(target_os = "linux")]

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::served::Served;

/// The slow clients kept connected during the load.
const SLOW_CLIENTS: usize = 500;
/// How long plain requests are measured under load.
const LOAD_FOR: Duration = Duration::from_secs(12);
/// A slow client sends one more header line this often.
const SLOW_TICK: Duration = Duration::from_millis(250);
/// An oversized header is given up after this many bytes (the server must cut it well before).
const OVERSIZED_UP_TO: usize = 256 * 1024 * 1024;
/// The oversized header attempts that must be cut off before this many bytes.
const CUT_BEFORE: usize = 64 * 1024 * 1024;

/// The two tests below each load the machine: they run one after the other.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Raises this process's soft limit of open files (the slow clients need one each).
fn raise_open_files() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain system calls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 {
            lim.rlim_cur = lim.rlim_max.min(8192);
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

/// A field of /proc/PID/status, as a number (`VmRSS` is in kB).
fn proc_status(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// `GET path` on a new connection; the time to the complete response, or why it failed.
fn timed_get(addr: SocketAddr, host: &str, path: &str) -> Result<Duration, String> {
    timed_get_within(addr, host, path, Duration::from_secs(5))
}

/// [`timed_get`], giving up after `patience` to connect or to read.
fn timed_get_within(
    addr: SocketAddr,
    host: &str,
    path: &str,
    patience: Duration,
) -> Result<Duration, String> {
    let start = Instant::now();
    let mut s = TcpStream::connect_timeout(&addr, patience).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(patience))
        .map_err(|e| e.to_string())?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    if !raw.starts_with(b"HTTP/1.1 200") {
        return Err(format!(
            "answered {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(40)])
        ));
    }
    Ok(start.elapsed())
}

/// A slow client: a request started, then one header line per tick, never finished.
fn slow_client(addr: SocketAddr, host: &str) -> Option<TcpStream> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    write!(s, "GET /en/ HTTP/1.1\r\nHost: {host}\r\n").ok()?;
    s.set_nonblocking(true).ok()?;
    Some(s)
}

/// Keeps [`SLOW_CLIENTS`] slow clients connected (reconnecting those the server drops) until
/// `stop`; returns how many times one was dropped.
fn slowloris(addr: SocketAddr, host: String, connected: &AtomicUsize, stop: &AtomicBool) -> usize {
    let mut clients: Vec<Option<TcpStream>> = Vec::with_capacity(SLOW_CLIENTS);
    for _ in 0..SLOW_CLIENTS {
        clients.push(slow_client(addr, &host));
        connected.fetch_add(1, Ordering::Relaxed);
    }
    let mut dropped = 0;
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        for c in clients.iter_mut() {
            let alive = match c {
                Some(s) => match s.write(format!("X-Slow-{n}: 1\r\n").as_bytes()) {
                    Ok(_) => true,
                    Err(e) => e.kind() == ErrorKind::WouldBlock,
                },
                None => false,
            };
            if !alive {
                dropped += 1;
                *c = slow_client(addr, &host);
            }
        }
        std::thread::sleep(SLOW_TICK);
    }
    dropped
}

/// Sends oversized header lines, one connection after another, until `stop`; returns the
/// number of attempts and the most bytes one could send before the server cut it off.
fn oversized(addr: SocketAddr, host: String, stop: &AtomicBool) -> (usize, usize) {
    let chunk = vec![b'a'; 64 * 1024];
    let (mut attempts, mut most) = (0, 0);
    while !stop.load(Ordering::Relaxed) {
        let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        attempts += 1;
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut sent = 0;
        if write!(s, "GET / HTTP/1.1\r\nHost: {host}\r\nX-Huge: ").is_ok() {
            while sent < OVERSIZED_UP_TO && !stop.load(Ordering::Relaxed) {
                match s.write(&chunk) {
                    Ok(n) => sent += n,
                    Err(_) => break,
                }
            }
        }
        most = most.max(sent);
        drop(s);
        std::thread::sleep(Duration::from_millis(100));
    }
    (attempts, most)
}

/// The `q` quantile of sorted `v`.
fn quantile(v: &[Duration], q: f64) -> Duration {
    v[((v.len() - 1) as f64 * q).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[test]
fn slow_clients_and_huge_headers_do_not_slow_down_a_plain_request() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    raise_open_files();
    let s = Served::start();
    let addr: SocketAddr = format!("{}:{}", s.ip, s.port).parse().unwrap();
    let pid = s.child.id();
    let host = s.host();
    timed_get(addr, &host, "/en/").expect("the server answers before the load");

    let stop = Arc::new(AtomicBool::new(false));
    let connected = Arc::new(AtomicUsize::new(0));
    let slow = {
        let (stop, connected, host) = (Arc::clone(&stop), Arc::clone(&connected), host.clone());
        std::thread::spawn(move || slowloris(addr, host, &connected, &stop))
    };
    let huge = {
        let (stop, host) = (Arc::clone(&stop), host.clone());
        std::thread::spawn(move || oversized(addr, host, &stop))
    };
    let start = Instant::now();
    while connected.load(Ordering::Relaxed) < SLOW_CLIENTS
        && start.elapsed() < Duration::from_secs(20)
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let connect_time = start.elapsed();

    let (mut times, mut failures) = (Vec::new(), Vec::new());
    let (mut peak_rss_kb, mut peak_threads) = (0, 0);
    let start = Instant::now();
    while start.elapsed() < LOAD_FOR {
        match timed_get(addr, &host, "/en/") {
            Ok(t) => times.push(t),
            Err(e) => failures.push(e),
        }
        peak_rss_kb = peak_rss_kb.max(proc_status(pid, "VmRSS"));
        peak_threads = peak_threads.max(proc_status(pid, "Threads"));
        std::thread::sleep(Duration::from_millis(20));
    }
    stop.store(true, Ordering::Relaxed);
    let dropped = slow.join().unwrap();
    let (attempts, most) = huge.join().unwrap();
    peak_rss_kb = peak_rss_kb.max(proc_status(pid, "VmRSS"));

    // The clients have left: it still accepts connections and answers.
    let after = (0..50)
        .find_map(|_| {
            let r = timed_get(addr, &host, "/en/").ok();
            if r.is_none() {
                std::thread::sleep(Duration::from_millis(100));
            }
            r
        })
        .expect("the server answers after the load");

    times.sort();
    let (p50, p95, max) = if times.is_empty() {
        (Duration::MAX, Duration::MAX, Duration::MAX)
    } else {
        (
            quantile(&times, 0.5),
            quantile(&times, 0.95),
            times[times.len() - 1],
        )
    };
    println!(
        "serve_load: {SLOW_CLIENTS} slow clients (connected in {:.1} s, dropped by the server \
         {dropped} times), {attempts} oversized headers (at most {} KiB sent before the cut); \
         GET /en/ x{} under load: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, {} failed; \
         peak VmRSS {:.1} MB, peak threads {peak_threads}; GET after the load {:.1} ms",
        connect_time.as_secs_f64(),
        most / 1024,
        times.len(),
        ms(p50),
        ms(p95),
        ms(max),
        failures.len(),
        peak_rss_kb as f64 / 1024.0,
        ms(after),
    );
    assert!(failures.is_empty(), "failed requests: {failures:?}");
    assert!(
        times.len() >= 100,
        "only {} requests in {LOAD_FOR:?}",
        times.len()
    );
    assert!(p95 < Duration::from_millis(50), "p95 {p95:?}");
    assert!(peak_rss_kb < 200 * 1024, "peak VmRSS {peak_rss_kb} kB");
    assert!(peak_threads < 64, "{peak_threads} threads");
    assert!(
        attempts > 0 && most < CUT_BEFORE,
        "an oversized header of {most} bytes was read"
    );
    assert!(dropped > 0, "the server never dropped a slow client");
}

#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    raise_open_files();
    const OPEN_FILES: u64 = 256;
    let mut s = Served::launch_with(&[], |cmd| {
        use std::os::unix::process::CommandExt;
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let lim = libc::rlimit {
                    rlim_cur: OPEN_FILES,
                    rlim_max: OPEN_FILES,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    });
    let addr: SocketAddr = format!("{}:{}", s.ip, s.port).parse().unwrap();
    let host = s.host();
    timed_get(addr, &host, "/en/").expect("the server answers before the flood");

    // Open connections (each starting a request) until the server says it cannot accept
    // more and the listen backlog behind it is full. A connection that times out before the
    // server has said so only means it is slow to accept (a busy machine): keep going.
    let out_of_descriptors = |s: &Served| s.log().contains("cannot accept connections");
    let mut open = Vec::new();
    let mut slow = 0;
    let start = Instant::now();
    let refused = loop {
        if start.elapsed() > Duration::from_secs(60) {
            break None;
        }
        match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            Ok(mut c) => {
                let _ = write!(c, "GET /en/ HTTP/1.1\r\nHost: {host}\r\n");
                open.push(c);
            }
            Err(e) if out_of_descriptors(&s) => break Some(e),
            Err(_) => {
                slow += 1;
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    };
    // The server is out of file descriptors: a request now is left waiting.
    let starved = timed_get_within(addr, &host, "/en/", Duration::from_secs(2)).is_err();
    let opened = open.len();
    println!(
        "serve_load: {opened} connections opened in {:.1} s with `ulimit -n {OPEN_FILES}` \
         ({slow} slow to connect before that; {}); a request then {}",
        start.elapsed().as_secs_f64(),
        refused.map_or("none refused".to_string(), |e| format!("then: {e}")),
        if starved { "failed" } else { "succeeded" },
    );
    drop(open);

    let start = Instant::now();
    let answered = loop {
        match timed_get(addr, &host, "/en/") {
            Ok(t) => break Some(t),
            Err(_) if start.elapsed() < Duration::from_secs(15) => {
                std::thread::sleep(Duration::from_millis(200))
            }
            Err(_) => break None,
        }
    };
    let log = s.log();
    let complaints = log.matches("cannot accept connections").count();
    println!(
        "serve_load: answered again {:.1} s after the connections closed; accept failures \
         logged {complaints} time(s)",
        start.elapsed().as_secs_f64()
    );
    assert!(
        answered.is_some(),
        "no answer after the flood; its errors:\n{log}"
    );
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "the server exited; its errors:\n{log}"
    );
    assert!(
        starved,
        "{opened} connections did not exhaust {OPEN_FILES} descriptors"
    );
    assert!(
        (1..=3).contains(&complaints),
        "accept failures logged {complaints} times:\n{log}"
    );
}
