//! IPv4 prefix helpers shared by every rule that looks at addresses.

use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// 100.64.0.0/10, the carrier-grade NAT block that the VPN gateway uses itself.
pub const SHARED_ADDRESS_SPACE: Ipv4Net = match Ipv4Net::new(Ipv4Addr::new(100, 64, 0, 0), 10) {
    Ok(net) => net,
    Err(_) => panic!("a /10 is a valid prefix"),
};

/// Whether two prefixes share at least one address (one contains the other).
pub fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(b) || b.contains(a)
}

/// Parses `a.b.c.d/n` exactly: four decimal octets, a prefix length 0..=32, nothing else.
pub fn parse_cidr(text: &str) -> Option<Ipv4Net> {
    let (address, length) = text.split_once('/')?;
    if length.is_empty() || length.len() > 2 || !length.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Ipv4Net::new(address.parse::<Ipv4Addr>().ok()?, length.parse().ok()?).ok()
}

/// The first and last address of a prefix, as numbers: two prefixes overlap exactly when
/// these intervals meet, and one holds the other when its interval holds the other's.
pub fn span(net: &Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}
