//! A running `loupe serve` binary on a copy of a fixture site and a free loopback port, and
//! raw HTTP/1.1 exchanges with it (requests are sent exactly as written).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a test waits for the server to start or answer.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A running `loupe serve` on a copy of the `serve-site` fixture; killed on drop.
pub struct Served {
    /// The server process.
    pub child: Child,
    /// The address it listens on, as printed (`127.0.0.1`).
    pub ip: String,
    /// The port it listens on.
    pub port: u16,
    /// Holds `site/` (the copy of the fixture), `served/` and `serve.log` (its stderr).
    pub tmp: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Starts `loupe serve` with the default options.
    pub fn start() -> Served {
        Served::launch(&[], &[])
    }

    /// Starts `loupe serve` with extra `args` and environment variables `env`.
    pub fn launch(args: &[&str], env: &[(&str, &str)]) -> Served {
        Served::launch_with(args, |cmd| {
            cmd.envs(env.iter().copied());
        })
    }

    /// Starts `loupe serve` with extra `args`, after `configure` has adjusted the command.
    pub fn launch_with(args: &[&str], configure: impl FnOnce(&mut Command)) -> Served {
        let tmp = tempfile::tempdir().unwrap();
        super::copy_dir(&super::fixture("serve-site"), &tmp.path().join("site"));
        let log = std::fs::File::create(tmp.path().join("serve.log")).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_loupe"));
        cmd.args(["serve", "--port", "0", "--root"])
            .arg(tmp.path().join("site"))
            .arg("--output")
            .arg(tmp.path().join("served"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(log);
        configure(&mut cmd);
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let _ = tx.send(line.unwrap_or_default());
            }
        });
        let Ok(line) = rx.recv_timeout(PATIENCE) else {
            let log = std::fs::read_to_string(tmp.path().join("serve.log")).unwrap_or_default();
            panic!("the server printed no URL; its errors:\n{log}");
        };
        let (ip, port) = line
            .rsplit_once(" at http://")
            .and_then(|(_, a)| a.trim_end_matches('/').rsplit_once(':'))
            .and_then(|(ip, p)| Some((ip.to_string(), p.parse().ok()?)))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Served {
            child,
            ip,
            port,
            tmp,
        }
    }

    /// The site folder (a copy, free to edit).
    pub fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// The served folder.
    pub fn served_dir(&self) -> PathBuf {
        self.tmp.path().join("served")
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.tmp.path().join("serve.log")).unwrap_or_default()
    }

    /// The `Host` header a browser sends to this server.
    pub fn host(&self) -> String {
        format!("{}:{}", self.ip, self.port)
    }

    /// A new connection, with a read timeout of [`PATIENCE`].
    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect((self.ip.as_str(), self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        s
    }

    /// Sends `raw` as it is on a new connection, reads until the server closes it and
    /// returns (status, head, body) of the response.
    pub fn exchange(&self, raw: &str) -> (u16, String, Vec<u8>) {
        let mut s = self.connect();
        s.write_all(raw.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an incomplete response: {raw:?}"));
        let head = String::from_utf8_lossy(&raw[..end]).to_string();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap();
        (status, head, raw[end + 4..].to_vec())
    }

    /// `GET target` with `Host: host`; returns (status, head, body).
    pub fn get_as(&self, target: &str, host: &str) -> (u16, String, Vec<u8>) {
        self.exchange(&format!(
            "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ))
    }
}
