//! Field metadata: what each wire field of an operation is, so callers (the console's forms,
//! the npm package's hints) never restate the rules.

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
    /// One or two sentences for a form hint.
    pub help: &'static str,
    /// Sent by the SDKs for the account system; not something a user sets.
    pub internal: bool,
}

impl FieldSpec {
    pub const fn new(
        name: &'static str,
        kind: FieldKind,
        help: &'static str,
        example: &'static str,
    ) -> Self {
        FieldSpec {
            name,
            kind,
            required: false,
            default: None,
            example,
            help,
            internal: false,
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
        "Region of the resource, such as cn-hangzhou.",
        "cn-hangzhou",
    )
    .required();

    pub static CLIENT_TOKEN: FieldSpec = FieldSpec::new(
        "ClientToken",
        FieldKind::Text { min_chars: 1, max_chars: 64 },
        "Up to 64 ASCII characters. Sending the same token again returns the first result instead of creating twice.",
        "02fb3da4-130e-11e9-8e44-001sdfg",
    );

    pub static DRY_RUN: FieldSpec = FieldSpec::new(
        "DryRun",
        FieldKind::Boolean,
        "Check the request without changing anything; a passing check answers DryRunOperation.",
        "false",
    )
    .default_value("false");

    pub static VPN_GATEWAY_ID: FieldSpec = FieldSpec::new(
        "VpnGatewayId",
        FieldKind::Id { prefix: "vpn-" },
        "The VPN gateway (vpn-...) to change.",
        "vpn-bp1a3kqjiiq9legfx0001",
    )
    .required();

    pub static VPN_CONNECTION_ID: FieldSpec = FieldSpec::new(
        "VpnConnectionId",
        FieldKind::Id { prefix: "vco-" },
        "The IPsec connection (vco-...), attached to a transit router.",
        "vco-p0w2jpkhi2eeop6q60001",
    )
    .required();

    pub static ROUTE_DEST: FieldSpec = FieldSpec::new(
        "RouteDest",
        FieldKind::Cidr,
        "Destination CIDR block, such as 10.0.0.0/24. Not 0.0.0.0/0, and clear of 100.64.0.0/10.",
        "10.0.0.0/24",
    )
    .required();

    pub static ROUTE_SOURCE: FieldSpec = FieldSpec::new(
        "RouteSource",
        FieldKind::Cidr,
        "Source CIDR block the policy matches, such as 192.168.1.0/24.",
        "192.168.1.0/24",
    )
    .required();

    pub static PRIORITY: FieldSpec = FieldSpec::new(
        "Priority",
        FieldKind::Integer { min: 1, max: 100 },
        "1 to 100; policies with a smaller number are matched first.",
        "10",
    )
    .default_value("10");

    pub static NEXT_HOP: FieldSpec = FieldSpec::new(
        "NextHop",
        FieldKind::Id { prefix: "vco-" },
        "The IPsec connection (vco-...) that traffic for this route leaves through.",
        "vco-bp15oes1py4i66rmd0001",
    )
    .required();

    pub static WEIGHT: FieldSpec = FieldSpec::new(
        "Weight",
        FieldKind::OneOf { values: &["100", "0"] },
        "100 makes the route active, 0 makes it the standby of an active route to the same destination.",
        "100",
    )
    .required();

    pub static PUBLISH_VPC: FieldSpec = FieldSpec::new(
        "PublishVpc",
        FieldKind::Boolean,
        "Whether the route is also advertised to the VPC's system route table.",
        "true",
    )
    .required();

    pub static ROUTE_DESCRIPTION: FieldSpec = FieldSpec::new(
        "Description",
        FieldKind::Text {
            min_chars: 1,
            max_chars: 100,
        },
        "Free text of 1 to 100 characters; it may not begin with http:// or https://.",
        "to the branch office",
    );

    pub static OVERLAY_MODE: FieldSpec = FieldSpec::new(
        "OverlayMode",
        FieldKind::OneOf { values: &["Ipsec"] },
        "The tunnel protocol; Ipsec is the only value.",
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
            "Account id.",
            "",
        )
        .internal(),
        FieldSpec::new(
            "OwnerAccount",
            FieldKind::Text {
                min_chars: 0,
                max_chars: 256,
            },
            "Account name.",
            "",
        )
        .internal(),
        FieldSpec::new(
            "ResourceOwnerId",
            FieldKind::Integer {
                min: 0,
                max: MAX_ACCOUNT_ID,
            },
            "Resource owner id.",
            "",
        )
        .internal(),
        FieldSpec::new(
            "ResourceOwnerAccount",
            FieldKind::Text {
                min_chars: 0,
                max_chars: 256,
            },
            "Resource owner name.",
            "",
        )
        .internal(),
    ];
}
