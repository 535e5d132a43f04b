//! Which `Host` a request may name. A page of any web site can make the browser send requests
//! to `127.0.0.1` under a name of its own (DNS rebinding) and read the answers; refusing every
//! name but the server's own stops that.
//!
//! Allowed: `127.0.0.1`, `localhost` and `[::1]`; the address bound, unless it is a wildcard
//! (`0.0.0.0`, `::`); the names given with `--allow-host`. Always with the port served
//! (omitted only when it is 80). Names are compared without regard to case.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

/// The names always allowed.
const LOOPBACK: &[&str] = &["127.0.0.1", "localhost", "[::1]"];

/// An `--allow-host` value that is not a host name or an IP address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--allow-host {0:?}: give a host name or an IP address, without a port")]
pub struct BadHostName(pub String);

/// The `Host` values a server answers.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: BTreeSet<String>,
    port: u16,
}

impl AllowedHosts {
    /// The hosts of a server bound to `bound`, with the `extra` names of `--allow-host`.
    pub fn new(bound: SocketAddr, extra: &[String]) -> Result<AllowedHosts, BadHostName> {
        let mut names: BTreeSet<String> = LOOPBACK.iter().map(|s| s.to_string()).collect();
        if !bound.ip().is_unspecified() {
            names.insert(match bound.ip() {
                IpAddr::V4(ip) => ip.to_string(),
                IpAddr::V6(ip) => format!("[{ip}]"),
            });
        }
        for name in extra {
            names.insert(normalize(name).ok_or_else(|| BadHostName(name.clone()))?);
        }
        Ok(AllowedHosts {
            names,
            port: bound.port(),
        })
    }

    /// True when a request with `Host: host` may be answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split(host) else {
            return false;
        };
        port.unwrap_or(80) == self.port && normalize(name).is_some_and(|n| self.names.contains(&n))
    }
}

/// A host name or IP address in the form compared: lower case, IPv6 in brackets, shortest
/// form. `None` when it is neither.
fn normalize(name: &str) -> Option<String> {
    let name = name.to_ascii_lowercase();
    let bare = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .unwrap_or(&name);
    if let Ok(ip) = bare.parse::<Ipv6Addr>() {
        return Some(format!("[{ip}]"));
    }
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    valid.then_some(name)
}

/// `name[:port]` or `[ipv6][:port]` → (name, port); `None` when malformed.
fn split(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')? + 1;
        let port = match &host[end..] {
            "" => None,
            rest => Some(rest.strip_prefix(':')?),
        };
        (&host[..end], port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    Some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str, extra: &[&str]) -> AllowedHosts {
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        AllowedHosts::new(bound.parse().unwrap(), &extra).unwrap()
    }

    #[test]
    fn loopback_names_with_the_port_served() {
        let h = hosts("127.0.0.1:1111", &[]);
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        for bad in [
            "127.0.0.1",
            "localhost",
            "127.0.0.1:1112",
            "127.0.0.1:01111x",
            "127.0.0.1:+1111",
            "127.0.0.1:",
            "127.0.0.1:1111:1111",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "[::1]",
            "[::1]x:1111",
            "[::1:1111",
            "::1:1111",
            "user@localhost:1111",
            "",
            ":1111",
        ] {
            assert!(!h.allows(bad), "{bad}");
        }
    }

    #[test]
    fn port_80_may_be_left_out() {
        let h = hosts("127.0.0.1:80", &[]);
        assert!(h.allows("localhost"));
        assert!(h.allows("localhost:80"));
        assert!(!h.allows("localhost:8080"));
    }

    #[test]
    fn the_bound_address_and_extra_names() {
        let h = hosts(
            "192.0.2.7:8000",
            &["Preview.Example", "fe80::1", "[2001:db8::2]"],
        );
        for ok in [
            "192.0.2.7:8000",
            "preview.example:8000",
            "[fe80::1]:8000",
            "[2001:db8::2]:8000",
            "localhost:8000",
        ] {
            assert!(h.allows(ok), "{ok}");
        }
        assert!(!h.allows("192.0.2.8:8000"));
        let v6 = hosts("[2001:db8::1]:8000", &[]);
        assert!(v6.allows("[2001:DB8::1]:8000"));
    }

    #[test]
    fn a_wildcard_bind_adds_no_name() {
        for bound in ["0.0.0.0:8000", "[::]:8000"] {
            let h = hosts(bound, &[]);
            assert!(h.allows("localhost:8000"));
            assert!(!h.allows("0.0.0.0:8000"), "{bound}");
            assert!(!h.allows("[::]:8000"), "{bound}");
            assert!(!h.allows("192.0.2.7:8000"), "{bound}");
        }
    }

    #[test]
    fn bad_extra_names_are_refused() {
        for bad in ["example.org:80", "", "a b", "*", "http://x", "a/b"] {
            let err = AllowedHosts::new("127.0.0.1:1".parse().unwrap(), &[bad.to_string()]);
            assert_eq!(err.unwrap_err(), BadHostName(bad.to_string()));
        }
    }
}
