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

/// Parses `a.b.c.d/n` exactly: four decimal octets without leading zeros, a prefix length
/// 0..=32 of one or two digits, nothing else.
pub fn parse_cidr(text: &str) -> Option<Ipv4Net> {
    read_cidr(text, false)
}

/// Parses `a.b.c.d/n` as ipnet's `FromStr`, and so its serde, reads it: as [`parse_cidr`],
/// except that octets may have leading zeros (`010`). The npm package reads the CIDRs of
/// structured inputs this way, as it did when serde read them.
pub fn parse_cidr_lenient(text: &str) -> Option<Ipv4Net> {
    read_cidr(text, true)
}

/// Both grammars in one pass over the bytes: octets of one to three digits, each at most 255,
/// and a length of one or two digits.
fn read_cidr(text: &str, leading_zeros: bool) -> Option<Ipv4Net> {
    // Four octets, then the length; how many digits the current one has so far.
    let mut parts = [0u32; 5];
    let mut part = 0;
    let mut digits = 0;
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' if digits < if part == 4 { 2 } else { 3 } => {
                if part < 4 && digits > 0 && parts[part] == 0 && !leading_zeros {
                    return None;
                }
                parts[part] = parts[part] * 10 + u32::from(byte - b'0');
                digits += 1;
            }
            b'.' if part < 3 && digits > 0 => {
                part += 1;
                digits = 0;
            }
            b'/' if part == 3 && digits > 0 => {
                part = 4;
                digits = 0;
            }
            _ => return None,
        }
    }
    if part != 4 || digits == 0 {
        return None;
    }
    let [a, b, c, d, length] = parts.map(|n| u8::try_from(n).ok());
    Ipv4Net::new(Ipv4Addr::new(a?, b?, c?, d?), length?).ok()
}

/// The first and last address of a prefix, as numbers: two prefixes overlap exactly when
/// these intervals meet, and one holds the other when its interval holds the other's.
pub fn span(net: &Ipv4Net) -> (u32, u32) {
    (u32::from(net.network()), u32::from(net.broadcast()))
}
