//! What traffic should do: an intent names a gateway, a block of traffic (sources x
//! destinations) and what must happen to it. Intent files are read by `intent_file`.

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// One intent, as a file or the npm package gives it. Exactly one of `via`, `never_via` and
/// `routed = false` says what must happen; `backup` goes with `via`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(optional_fields))]
pub struct Intent {
    /// How reports name it; its position when empty.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub name: String,
    /// The gateway whose tables carry the traffic.
    pub gateway: String,
    /// Sources, every address when left out.
    #[serde(default = "every_address")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub from: Ipv4Net,
    /// Destinations, every address when left out.
    #[serde(default = "every_address")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub to: Ipv4Net,
    /// The connection all of it must leave through.
    #[serde(default)]
    pub via: Option<String>,
    /// The connection that must take it over while `via` is down.
    #[serde(default)]
    pub backup: Option<String>,
    /// A connection none of it may leave through, whichever one connection is down.
    #[serde(default)]
    pub never_via: Option<String>,
    /// `false`: none of it may be routed through the gateway.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "false", optional))]
    pub routed: Option<bool>,
}

fn every_address() -> Ipv4Net {
    Ipv4Net::default()
}

/// What an intent asks, once its fields are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expectation<'a> {
    Via {
        via: &'a str,
        backup: Option<&'a str>,
    },
    NeverVia(&'a str),
    NotRouted,
}

impl Intent {
    /// What it asks, or what is wrong with how it asks it.
    pub fn expectation(&self) -> Result<Expectation<'_>, String> {
        let asked = [
            self.via.is_some(),
            self.never_via.is_some(),
            self.routed.is_some(),
        ];
        if asked.iter().filter(|&&a| a).count() != 1 {
            return Err(
                "give exactly one of via = \"vco-...\", never_via = \"vco-...\" or routed = false"
                    .to_owned(),
            );
        }
        if self.backup.is_some() && self.via.is_none() {
            return Err("backup goes with via: the connection that takes over from it".to_owned());
        }
        match (&self.via, &self.never_via, self.routed) {
            (Some(via), _, _) => Ok(Expectation::Via {
                via,
                backup: self.backup.as_deref(),
            }),
            (_, Some(hop), _) => Ok(Expectation::NeverVia(hop)),
            (_, _, Some(false)) => Ok(Expectation::NotRouted),
            _ => Err(
                "routed = true says nothing about where: use via = \"vco-...\" instead".to_owned(),
            ),
        }
    }

    /// How reports name it: its name, else its position (from 1).
    pub fn label(&self, index: usize) -> String {
        if self.name.is_empty() {
            format!("intent {}", index + 1)
        } else {
            self.name.clone()
        }
    }
}
