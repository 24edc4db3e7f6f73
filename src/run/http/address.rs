//! Which addresses a request may connect to: every public one, and a non-public one (loopback,
//! private, link-local, unique-local and the rest) only when the URL given for the app is
//! there or `--allow-host` names it. Names are checked by the resolver the connection itself
//! uses, so what was checked is what is connected to; an address written in a URL is checked
//! before the request is sent.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;

use super::text::shorten;

/// Why an address is not public, in a word or two; `None` for a public one.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => non_public_v4(v4),
            None => non_public_v6(v6),
        },
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_private() {
        "private"
    } else if ip.is_link_local() {
        // 169.254.169.254 is where cloud machines keep their metadata and credentials.
        "link-local"
    } else if ip.is_unspecified() || a == 0 {
        "unspecified"
    } else if a == 100 && (64..128).contains(&b) {
        "shared (carrier-grade NAT)"
    } else if ip.is_broadcast() {
        "broadcast"
    } else if ip.is_multicast() {
        "multicast"
    } else if ip.is_documentation() {
        "documentation"
    } else if a == 198 && (b == 18 || b == 19) {
        "benchmarking"
    } else if a == 192 && b == 0 && c == 0 {
        "protocol-assignment"
    } else if a >= 240 {
        "reserved"
    } else {
        return None;
    })
}

fn non_public_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let segments = ip.segments();
    Some(if ip.is_loopback() {
        "loopback"
    } else if ip.is_unspecified() {
        "unspecified"
    } else if segments[0] & 0xffc0 == 0xfe80 {
        "link-local"
    } else if segments[0] & 0xfe00 == 0xfc00 {
        "unique-local"
    } else if segments[0] & 0xffc0 == 0xfec0 {
        "site-local"
    } else if ip.is_multicast() {
        "multicast"
    } else if segments[0] == 0x2001 && segments[1] == 0x0db8 {
        "documentation"
    } else if segments[0] == 0x0064 && segments[1] == 0xff9b {
        // NAT64 carries an IPv4 address in its last 32 bits: judged by that one.
        let [_, _, _, _, _, _, high, low] = segments;
        let v4 = Ipv4Addr::new((high >> 8) as u8, high as u8, (low >> 8) as u8, low as u8);
        return non_public_v4(v4);
    } else {
        return None;
    })
}

/// The non-public addresses a run may still reach: those of the URL given for the app, and
/// those of the hosts `--allow-host` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Local(pub Vec<IpAddr>);

impl Local {
    pub fn admits(&self, ip: IpAddr) -> bool {
        non_public(ip).is_none() || self.0.iter().any(|a| same(*a, ip))
    }

    /// The addresses of `found` a connection may use, or why none of them may.
    pub fn filter(&self, name: &str, found: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, String> {
        let Some(first) = found.first().copied() else {
            return Ok(found);
        };
        let kept: Vec<SocketAddr> = found.into_iter().filter(|a| self.admits(a.ip())).collect();
        if kept.is_empty() {
            return Err(refusal(
                &format!("`{}` resolves to {}", shorten(name, 200), first.ip()),
                first.ip(),
                name,
                first.port(),
            ));
        }
        Ok(kept)
    }

    /// A refusal when `url` names, by its address, a place a request may not go.
    pub fn check_literal(&self, url: &Url) -> Result<(), String> {
        let host = url.host_str().unwrap_or("");
        let Ok(ip) = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        else {
            return Ok(());
        };
        if self.admits(ip) {
            return Ok(());
        }
        let port = url.port_or_known_default().unwrap_or(0);
        Err(refusal(
            &format!("{}://{}:{port}", url.scheme(), url.host_str().unwrap_or("")),
            ip,
            url.host_str().unwrap_or(""),
            port,
        ))
    }
}

/// The same address, an IPv4 one and its IPv6-mapped form alike.
fn same(a: IpAddr, b: IpAddr) -> bool {
    let plain = |ip: IpAddr| match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    plain(a) == plain(b)
}

/// The words for a place refused by the rule: what was refused, the rule, and the flag.
fn refusal(what: &str, ip: IpAddr, host: &str, port: u16) -> String {
    let kind = non_public(ip).unwrap_or("non-public");
    format!(
        "refused {what}: {ip} is a {kind} address, and grade reaches loopback, private and link-local addresses only when the URL given for the app is there; to let it, pass --allow-host {host}:{port}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(ip: &str, kind: Option<&str>) {
        assert_eq!(non_public(ip.parse().unwrap()), kind, "{ip}");
    }

    #[test]
    fn addresses_are_public_or_say_what_they_are() {
        check("127.0.0.2", Some("loopback"));
        check("10.1.2.3", Some("private"));
        check("172.16.0.1", Some("private"));
        check("192.168.1.1", Some("private"));
        check("169.254.169.254", Some("link-local"));
        check("100.64.0.1", Some("shared (carrier-grade NAT)"));
        check("0.0.0.0", Some("unspecified"));
        check("192.0.2.10", Some("documentation"));
        check("198.18.0.1", Some("benchmarking"));
        check("240.0.0.1", Some("reserved"));
        check("::1", Some("loopback"));
        check("::ffff:127.0.0.1", Some("loopback"));
        check("::ffff:169.254.169.254", Some("link-local"));
        check("fe80::1", Some("link-local"));
        check("fd00:ec2::254", Some("unique-local"));
        check("64:ff9b::a9fe:a9fe", Some("link-local"));
        check("2001:db8::1", Some("documentation"));
        check("8.8.8.8", None);
        check("172.32.0.1", None);
        check("2606:4700::1111", None);
        check("64:ff9b::808:808", None);
    }

    #[test]
    fn only_the_given_addresses_of_the_non_public_ones_are_admitted() {
        let local = Local(vec!["127.0.0.1".parse().unwrap()]);
        assert!(local.admits("127.0.0.1".parse().unwrap()));
        assert!(local.admits("::ffff:127.0.0.1".parse().unwrap()));
        assert!(!local.admits("127.0.0.2".parse().unwrap()));
        assert!(local.admits("93.184.215.14".parse().unwrap()));
        let found = vec!["[::1]:80".parse().unwrap(), "127.0.0.1:80".parse().unwrap()];
        assert_eq!(
            local.filter("localhost", found).unwrap(),
            vec!["127.0.0.1:80".parse::<SocketAddr>().unwrap()]
        );
        let refused = local
            .filter("metadata", vec!["169.254.169.254:80".parse().unwrap()])
            .unwrap_err();
        assert!(
            refused.contains("`metadata` resolves to 169.254.169.254"),
            "{refused}"
        );
        assert!(refused.contains("link-local"), "{refused}");
        let url = Url::parse("http://127.0.0.2:4311/secret").unwrap();
        let refused = local.check_literal(&url).unwrap_err();
        assert!(
            refused.starts_with("refused http://127.0.0.2:4311: 127.0.0.2 is a loopback address"),
            "{refused}"
        );
        assert!(
            refused.ends_with("--allow-host 127.0.0.2:4311"),
            "{refused}"
        );
    }
}
