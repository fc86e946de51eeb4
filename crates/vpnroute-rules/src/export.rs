//! A plan as files for other tools: a shell script of `aliyun` CLI calls that sends its rows,
//! and Terraform configuration of the routes it leaves, for the `aliyun/alicloud` provider.
//! Both are text built from the plan and the snapshot it was checked against; nothing is read
//! or sent here.

use crate::model::field::common;
use crate::model::routes::{DestinationRoute, PolicyRoute, RouteType};
use crate::model::snapshot::TableSnapshot;
use crate::ops::Target;
use crate::plan::{end_state, PlanRequest};
use ipnet::Ipv4Net;
use std::collections::{BTreeMap, BTreeSet};

/// The provider version whose resources (`alicloud_vpn_route_entry`,
/// `alicloud_vpn_pbr_route_entry` and `alicloud_vpn_gateway_vco_route`) all exist: the vco
/// route came last, in 1.183.0.
pub const TERRAFORM_PROVIDER_MIN: &str = "1.183.0";

/// `text` as one word of a POSIX shell: as it is when no character in it is special, else in
/// single quotes (a quote inside closes them, adds `\'` and opens them again).
fn shell_word(text: &str) -> String {
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"@%+=:,./_-".contains(&b);
    if !text.is_empty() && text.bytes().all(plain) {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The plan's rows as `aliyun vpc <Action> --<Field> <value>` lines, in plan order, each field
/// under its wire name (`--RegionId`, `--Tags.1.Key`) and in the order of the operation's
/// fields, whatever order the plan's text had. The service takes one change at a time per
/// gateway (vco routes: per connection), so after each write the script waits, with the CLI's
/// `--waiter`, until its target is ready again; `set -e` stops it at the first refusal.
pub fn aliyun_cli(plan: &[PlanRequest]) -> String {
    let mut script = String::from(
        "#!/bin/sh\n\
         # The plan's rows as Alibaba Cloud CLI calls, in plan order (written by vpnroute export).\n\
         # After each write the script waits until its gateway or connection is ready again:\n\
         # the service refuses a change while the one before it is still being made.\n\
         set -e\n",
    );
    for request in plan {
        let mut line = format!("aliyun vpc {}", shell_word(request.operation.name()));
        for (key, value) in in_field_order(request) {
            line.push_str(&format!(
                " {} {}",
                shell_word(&format!("--{key}")),
                shell_word(value)
            ));
        }
        script.push_str(&line);
        script.push('\n');
        let target = request.operation.target_in(&request.params.pairs());
        if let (true, Some(target)) = (request.operation.is_write(), target) {
            let (action, key, ready) = match &target {
                Target::Gateway(_) => ("DescribeVpnGateway", "VpnGatewayId", "active"),
                Target::Connection(_) => ("DescribeVpnConnection", "VpnConnectionId", "attached"),
            };
            let mut wait = format!("aliyun vpc {action}");
            if let Some(region) = request.params.get("RegionId") {
                wait.push_str(&format!(" --RegionId {}", shell_word(region)));
            }
            wait.push_str(&format!(
                " --{key} {} --waiter expr=Status to={ready}\n",
                shell_word(target.id())
            ));
            script.push_str(&wait);
        }
    }
    script
}

/// The request's parameters in the order of its operation's fields (`Tags.1.Key` where `Tags`
/// is), keys the operation does not know last, each group in the plan's order.
fn in_field_order(request: &PlanRequest) -> Vec<&(String, String)> {
    let fields = request.operation.fields();
    let position = |key: &str| {
        let field = key.split('.').next().unwrap_or(key);
        fields
            .iter()
            .position(|f| f.name == field)
            .unwrap_or(fields.len())
    };
    let mut params: Vec<&(String, String)> = request.params.0.iter().collect();
    params.sort_by_key(|(key, _)| position(key));
    params
}

/// `text` as an HCL string literal: quotes, backslashes and control characters escaped, and
/// `${` and `%{` doubled so that they are not read as templates.
fn hcl_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.replace("${", "$${").replace("%{", "%%{") + "\""
}

/// One resource to write: its type, the provider's import id, its arguments (the gateway or
/// connection first, then the route's fields), and a note for the reader.
struct Resource {
    kind: &'static str,
    /// The parts of the provider's id.
    id_parts: Vec<String>,
    /// How many of the id parts, from the first, name the resource.
    named_by: usize,
    arguments: Vec<(&'static str, String)>,
    note: Option<String>,
}

impl Resource {
    fn import_id(&self) -> String {
        self.id_parts.join(":")
    }

    /// What tells the route apart from the others of its kind: the id parts that name it.
    fn identity(&self) -> (&'static str, &[String]) {
        (self.kind, &self.id_parts[..self.named_by])
    }

    /// A valid and stable HCL identifier made of the id parts that name the route:
    /// characters other than letters, digits, `_` and `-` become `_`, and a name that would
    /// start with a digit or `-` gets a leading `_`.
    fn base_name(&self) -> String {
        let name: String = self.id_parts[..self.named_by]
            .join("_")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            name
        } else {
            format!("_{name}")
        }
    }
}

fn destination_resource(gateway: &str, route: &DestinationRoute, publish: bool) -> Resource {
    Resource {
        kind: "alicloud_vpn_route_entry",
        id_parts: vec![
            gateway.to_owned(),
            route.next_hop.clone(),
            route.route_dest.to_string(),
        ],
        named_by: 3,
        arguments: vec![
            ("vpn_gateway_id", hcl_string(gateway)),
            ("route_dest", hcl_string(&route.route_dest.to_string())),
            ("next_hop", hcl_string(&route.next_hop)),
            ("weight", route.weight.value().to_string()),
            ("publish_vpc", publish.to_string()),
        ],
        note: None,
    }
}

fn policy_resource(gateway: &str, route: &PolicyRoute, publish: bool) -> Resource {
    Resource {
        kind: "alicloud_vpn_pbr_route_entry",
        id_parts: vec![
            gateway.to_owned(),
            route.next_hop.clone(),
            route.route_source.to_string(),
            route.route_dest.to_string(),
        ],
        named_by: 4,
        arguments: vec![
            ("vpn_gateway_id", hcl_string(gateway)),
            ("route_source", hcl_string(&route.route_source.to_string())),
            ("route_dest", hcl_string(&route.route_dest.to_string())),
            ("next_hop", hcl_string(&route.next_hop)),
            ("weight", route.weight.value().to_string()),
            ("publish_vpc", publish.to_string()),
        ],
        note: Some(format!(
            "priority {}: the provider has no priority argument and creates at priority {}",
            route.priority,
            common::PRIORITY.default.unwrap_or_default()
        )),
    }
}

/// A vco route. The provider's id ends with the weight, and the provider cannot change it: a
/// plan that changes the weight makes Terraform replace the route. The weight is no part of
/// the name, so the name stays when it changes.
fn vco_resource(connection: &str, route: &DestinationRoute) -> Resource {
    Resource {
        kind: "alicloud_vpn_gateway_vco_route",
        id_parts: vec![
            connection.to_owned(),
            route.route_dest.to_string(),
            route.next_hop.clone(),
            route.weight.value().to_string(),
        ],
        named_by: 3,
        arguments: vec![
            ("vpn_connection_id", hcl_string(connection)),
            ("route_dest", hcl_string(&route.route_dest.to_string())),
            ("next_hop", hcl_string(&route.next_hop)),
            ("weight", route.weight.value().to_string()),
        ],
        note: None,
    }
}

/// Every route of `snapshot` as a resource, each gateway's and connection's in table order.
fn resources(snapshot: &TableSnapshot) -> Vec<Resource> {
    let mut resources = Vec::new();
    for gateway in &snapshot.gateways {
        let id = &gateway.vpn_gateway_id;
        let published = |route_type, route_dest: &Ipv4Net, next_hop: &str| {
            gateway.published.iter().any(|p| {
                p.route_type == route_type && p.route_dest == *route_dest && p.next_hop == next_hop
            })
        };
        resources.extend(gateway.destination_routes.iter().map(|route| {
            let publish = published(RouteType::Dbr, &route.route_dest, &route.next_hop);
            destination_resource(id, route, publish)
        }));
        resources.extend(gateway.policy_routes.iter().map(|route| {
            let publish = published(RouteType::Pbr, &route.route_dest, &route.next_hop);
            policy_resource(id, route, publish)
        }));
    }
    for connection in &snapshot.connections {
        resources.extend(
            connection
                .routes
                .iter()
                .map(|route| vco_resource(&connection.vpn_connection_id, route)),
        );
    }
    resources
}

/// The routes the plan leaves, as Terraform resources of the `aliyun/alicloud` provider
/// (1.183.0 or later; import blocks need Terraform 1.5): `alicloud_vpn_route_entry`,
/// `alicloud_vpn_pbr_route_entry` and `alicloud_vpn_gateway_vco_route`, each gateway's and
/// connection's in table order. Every route that exists in `snapshot` gets an `import` block
/// with its id as it is now, so that Terraform takes it over and makes the plan's changes to
/// it rather than creating it again. Routes the plan removes are listed in comments:
/// Terraform removes only what it manages. Resource names are made of the route's id parts,
/// so they stay the same from one export to the next.
pub fn terraform(plan: &[PlanRequest], snapshot: &TableSnapshot) -> String {
    let before = resources(snapshot);
    let mut existing: BTreeMap<(&str, &[String]), &Resource> =
        before.iter().map(|r| (r.identity(), r)).collect();
    let after = resources(&end_state(plan, snapshot));
    let written: Vec<(&Resource, Option<String>)> = after
        .iter()
        .map(|resource| {
            let now = existing.remove(&resource.identity());
            (resource, now.map(Resource::import_id))
        })
        .collect();
    let removed: Vec<&Resource> = existing.into_values().collect();
    write_terraform(&written, &removed)
}

/// The file: each resource after its import block when it has an import id.
fn write_terraform(resources: &[(&Resource, Option<String>)], removed: &[&Resource]) -> String {
    let mut text = format!(
        "# The routes as the plan leaves them (written by vpnroute export), for the\n\
         # aliyun/alicloud provider {TERRAFORM_PROVIDER_MIN} or later. Routes that exist already are\n\
         # imported (Terraform 1.5 or later), so that Terraform changes them rather than adding\n\
         # them again.\n"
    );
    if !removed.is_empty() {
        text.push_str(
            "#\n# The plan removes these routes. Terraform removes only what it manages: import one\n\
             # into a resource block and then delete the block for Terraform to remove it.\n",
        );
        for resource in removed {
            text.push_str(&format!("#   {} {}\n", resource.kind, resource.import_id()));
        }
    }
    let mut taken = BTreeSet::new();
    for (resource, import_id) in resources {
        // Two routes share a name only when the provider's ids cannot tell them apart either
        // (policy routes that differ only in priority).
        let base = resource.base_name();
        let mut name = base.clone();
        let mut n = 1;
        while !taken.insert((resource.kind, name.clone())) {
            n += 1;
            name = format!("{base}_{n}");
        }
        text.push('\n');
        if let Some(id) = import_id {
            text.push_str(&format!(
                "import {{\n  to = {}.{name}\n  id = {}\n}}\n\n",
                resource.kind,
                hcl_string(id)
            ));
        }
        text.push_str(&format!("resource \"{}\" \"{name}\" {{\n", resource.kind));
        if let Some(note) = &resource.note {
            text.push_str(&format!("  # {note}\n"));
        }
        let width = resource
            .arguments
            .iter()
            .map(|(key, _)| key.len())
            .max()
            .unwrap_or(0);
        for (key, value) in &resource.arguments {
            text.push_str(&format!("  {key:<width$} = {value}\n"));
        }
        text.push_str("}\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_bare_only_when_nothing_in_them_is_special() {
        assert_eq!(shell_word("10.0.0.0/24"), "10.0.0.0/24");
        assert_eq!(shell_word("--RegionId"), "--RegionId");
        assert_eq!(shell_word(""), "''");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
        assert_eq!(shell_word("{\"Psk\":\"x\"}"), "'{\"Psk\":\"x\"}'");
    }

    #[test]
    fn hcl_strings_escape_quotes_and_templates() {
        assert_eq!(hcl_string("vpn-a1"), "\"vpn-a1\"");
        assert_eq!(hcl_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(hcl_string("${x} %{y}"), "\"$${x} %%{y}\"");
        assert_eq!(hcl_string("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn names_are_identifiers_whatever_the_ids() {
        let resource = |parts: &[&str]| Resource {
            kind: "alicloud_vpn_route_entry",
            id_parts: parts.iter().map(|p| (*p).to_owned()).collect(),
            named_by: parts.len(),
            arguments: Vec::new(),
            note: None,
        };
        assert_eq!(
            resource(&["vpn-a1", "vco-x1", "10.0.0.0/24"]).base_name(),
            "vpn-a1_vco-x1_10_0_0_0_24"
        );
        assert_eq!(resource(&["1a", "b c"]).base_name(), "_1a_b_c");
        assert_eq!(resource(&["-a"]).base_name(), "_-a");
    }
}
