//! Field metadata: what each wire field of an operation is, so callers (the console's forms,
//! the npm package's hints) never restate the rules.

use crate::messages::{self, Lang};
use serde::Serialize;

/// The shape of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FieldKind {
    Text {
        min_chars: u32,
        max_chars: u32,
    },
    /// A resource id: `prefix` followed by lower-case letters and digits.
    Id {
        prefix: &'static str,
    },
    /// An IPv4 CIDR block `a.b.c.d/n` with no host bits.
    Cidr,
    /// Comma-separated IPv4 CIDR blocks.
    CidrList,
    /// An IPv4 address.
    Ipv4,
    Integer {
        min: i64,
        max: i64,
    },
    /// An autonomous system number, 1..=4294967295, also written `a.b` (asdot).
    Asn,
    /// Exactly one of these values, case sensitive.
    OneOf {
        values: &'static [&'static str],
    },
    /// `true` or `false`, any letter case.
    Boolean,
    /// A PEM certificate.
    Certificate,
    /// A JSON object passed as one string, with these keys.
    Json {
        keys: &'static [&'static FieldSpec],
    },
    /// A list sent flattened as `Name.1.Field`, `Name.2.Field`, ...
    List {
        max_items: u32,
        item: &'static [&'static FieldSpec],
    },
    /// A nested object of a list item, sent as `Name.N.Object.Field`.
    Object {
        fields: &'static [&'static FieldSpec],
    },
}

/// One wire field of one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldSpec {
    /// Wire name, e.g. `RouteDest`.
    pub name: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    /// What the service assumes when the field is absent.
    pub default: Option<&'static str>,
    /// A value that passes every rule.
    pub example: &'static str,
    /// One or two sentences for a form hint: English where the engine declares it; `help_in`
    /// (and the npm package's `lang` option) gives it in another language.
    pub help: &'static str,
    /// The help's key in the message catalogs: `field.<Field>`, or `field.<Operation>.<Field>`
    /// for one operation's own.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub help_key: &'static str,
    /// Sent by the SDKs for the account system; not something a user sets.
    pub internal: bool,
}

impl FieldSpec {
    /// A field whose help is the catalogs' `help_key`; a key the English catalog lacks fails
    /// the build.
    pub const fn new(
        name: &'static str,
        kind: FieldKind,
        help_key: &'static str,
        example: &'static str,
    ) -> Self {
        FieldSpec {
            name,
            kind,
            required: false,
            default: None,
            example,
            help: messages::english(help_key),
            help_key,
            internal: false,
        }
    }

    /// The help in `lang`; the English help when the catalogs do not know its key.
    pub fn help_in(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.help,
            _ => messages::template(lang, self.help_key).unwrap_or(self.help),
        }
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn default_value(mut self, value: &'static str) -> Self {
        self.default = Some(value);
        self
    }

    pub const fn internal(mut self) -> Self {
        self.internal = true;
        self
    }

    /// The fields nested inside this one (JSON keys, list items, nested objects).
    pub fn children(&self) -> &'static [&'static FieldSpec] {
        match self.kind {
            FieldKind::Json { keys } => keys,
            FieldKind::List { item, .. } => item,
            FieldKind::Object { fields } => fields,
            _ => &[],
        }
    }

    /// The values a form may offer, where the field has a closed set.
    pub fn allowed_values(&self) -> &'static [&'static str] {
        match self.kind {
            FieldKind::OneOf { values } => values,
            FieldKind::Boolean => &["true", "false"],
            _ => &[],
        }
    }
}

/// Fields that several operations share, declared once as statics that field lists refer to.
pub mod common {
    use super::{FieldKind, FieldSpec};

    pub static REGION_ID: FieldSpec = FieldSpec::new(
        "RegionId",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 64,
        },
        "field.RegionId",
        "cn-hangzhou",
    )
    .required();

    pub static CLIENT_TOKEN: FieldSpec = FieldSpec::new(
        "ClientToken",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 64,
        },
        "field.ClientToken",
        "02fb3da4-130e-11e9-8e44-001sdfg",
    );

    pub static DRY_RUN: FieldSpec =
        FieldSpec::new("DryRun", FieldKind::Boolean, "field.DryRun", "false")
            .default_value("false");

    pub static VPN_GATEWAY_ID: FieldSpec = FieldSpec::new(
        "VpnGatewayId",
        FieldKind::Id { prefix: "vpn-" },
        "field.VpnGatewayId",
        "vpn-bp1a3kqjiiq9legfx0001",
    )
    .required();

    pub static VPN_CONNECTION_ID: FieldSpec = FieldSpec::new(
        "VpnConnectionId",
        FieldKind::Id { prefix: "vco-" },
        "field.VpnConnectionId",
        "vco-p0w2jpkhi2eeop6q60001",
    )
    .required();

    pub static ROUTE_DEST: FieldSpec = FieldSpec::new(
        "RouteDest",
        FieldKind::Cidr,
        "field.RouteDest",
        "10.0.0.0/24",
    )
    .required();

    pub static ROUTE_SOURCE: FieldSpec = FieldSpec::new(
        "RouteSource",
        FieldKind::Cidr,
        "field.RouteSource",
        "192.168.1.0/24",
    )
    .required();

    pub static PRIORITY: FieldSpec = FieldSpec::new(
        "Priority",
        FieldKind::Integer { min: 1, max: 100 },
        "field.Priority",
        "10",
    )
    .default_value("10");

    pub static NEXT_HOP: FieldSpec = FieldSpec::new(
        "NextHop",
        FieldKind::Id { prefix: "vco-" },
        "field.NextHop",
        "vco-bp15oes1py4i66rmd0001",
    )
    .required();

    pub static WEIGHT: FieldSpec = FieldSpec::new(
        "Weight",
        FieldKind::OneOf {
            values: &["100", "0"],
        },
        "field.Weight",
        "100",
    )
    .required();

    pub static PUBLISH_VPC: FieldSpec =
        FieldSpec::new("PublishVpc", FieldKind::Boolean, "field.PublishVpc", "true").required();

    pub static ROUTE_DESCRIPTION: FieldSpec = FieldSpec::new(
        "Description",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "field.Description",
        "to the branch office",
    );

    pub static OVERLAY_MODE: FieldSpec = FieldSpec::new(
        "OverlayMode",
        FieldKind::OneOf { values: &["Ipsec"] },
        "field.OverlayMode",
        "Ipsec",
    )
    .default_value("Ipsec");

    /// The largest integer JavaScript holds exactly; account ids stay below it.
    const MAX_ACCOUNT_ID: i64 = (1 << 53) - 1;

    /// Account fields the SDKs may send on any request.
    pub static ACCOUNT: [FieldSpec; 4] = [
        FieldSpec::new(
            "OwnerId",
            FieldKind::Integer {
                min: 0,
                max: MAX_ACCOUNT_ID,
            },
            "field.OwnerId",
            "",
        )
        .internal(),
        FieldSpec::new(
            "OwnerAccount",
            FieldKind::Text {
                min_chars: 0,
                max_chars: 256,
            },
            "field.OwnerAccount",
            "",
        )
        .internal(),
        FieldSpec::new(
            "ResourceOwnerId",
            FieldKind::Integer {
                min: 0,
                max: MAX_ACCOUNT_ID,
            },
            "field.ResourceOwnerId",
            "",
        )
        .internal(),
        FieldSpec::new(
            "ResourceOwnerAccount",
            FieldKind::Text {
                min_chars: 0,
                max_chars: 256,
            },
            "field.ResourceOwnerAccount",
            "",
        )
        .internal(),
    ];
}
