//! Ready-to-paste calls of a request: a `curl` line against a vpnroute server and the code
//! that sends it with the official Python and Node SDKs. Field types come from the field
//! metadata, so integers go out as numbers and booleans as booleans, as the SDK models want.

use crate::model::field::{FieldKind, FieldSpec};
use crate::model::json::quoted;
use crate::model::wire::WireParams;
use crate::ops::{build_request, Operation};

/// A value of the request, shaped as the SDK models nest it.
enum Value {
    Scalar(String, FieldKind),
    /// A list of models (`Tags`, `TunnelOptionsSpecification`), by 1-based index.
    List(Vec<(u32, Model)>),
    Model(Model),
}

/// One SDK model: its class-name suffix and its fields in wire order.
struct Model {
    class: String,
    fields: Vec<(String, Value)>,
}

impl Model {
    fn field(&mut self, name: &str) -> Option<&mut Value> {
        self.fields
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Files `path = value` into `model`, following the field metadata; unknown paths go in as text.
fn insert(model: &mut Model, specs: &'static [&'static FieldSpec], path: &[&str], value: &str) {
    let Some((name, rest)) = path.split_first() else {
        return;
    };
    let spec = specs.iter().find(|s| s.name == *name);
    let class = format!("{}{name}", model.class);
    match (spec.map(|s| s.kind), rest) {
        (Some(FieldKind::List { item, .. }), [index, rest @ ..]) => {
            let Ok(index) = index.parse::<u32>() else {
                return;
            };
            if model.field(name).is_none() {
                model
                    .fields
                    .push(((*name).to_owned(), Value::List(Vec::new())));
            }
            if let Some(Value::List(items)) = model.field(name) {
                let at = match items.iter().position(|(i, _)| *i == index) {
                    Some(at) => at,
                    None => {
                        items.push((
                            index,
                            Model {
                                class,
                                fields: Vec::new(),
                            },
                        ));
                        items.len() - 1
                    }
                };
                insert(&mut items[at].1, item, rest, value);
            }
        }
        (Some(FieldKind::Object { fields }), [_, ..]) => {
            if model.field(name).is_none() {
                model.fields.push((
                    (*name).to_owned(),
                    Value::Model(Model {
                        class,
                        fields: Vec::new(),
                    }),
                ));
            }
            if let Some(Value::Model(inner)) = model.field(name) {
                insert(inner, fields, rest, value);
            }
        }
        (kind, _) => model.fields.push((
            path.join("."),
            Value::Scalar(
                value.to_owned(),
                kind.unwrap_or(FieldKind::Text {
                    min_chars: 0,
                    max_chars: 0,
                }),
            ),
        )),
    }
}

fn request_model(operation: Operation, params: &WireParams) -> Model {
    let mut model = Model {
        class: format!("{}Request", operation.name()),
        fields: Vec::new(),
    };
    for (key, value) in &params.0 {
        let path: Vec<&str> = key.split('.').collect();
        insert(&mut model, operation.fields(), &path, value);
    }
    for (_, value) in &mut model.fields {
        if let Value::List(items) = value {
            items.sort_by_key(|(index, _)| *index);
        }
    }
    model
}

/// `VpnGatewayId` → `vpn_gateway_id`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `VpnGatewayId` → `vpnGatewayId`.
fn camel_case(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[derive(Clone, Copy)]
enum Language {
    Python,
    Node,
}

fn scalar(language: Language, text: &str, kind: FieldKind) -> String {
    let is_integer =
        !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() < 16;
    let numeric_choice =
        |values: &[&str]| values.iter().all(|v| v.bytes().all(|b| b.is_ascii_digit()));
    match kind {
        FieldKind::Integer { .. } | FieldKind::Asn if is_integer => text.to_owned(),
        // `Weight` is one of 0 and 100, an integer in the SDK models.
        FieldKind::OneOf { values } if is_integer && numeric_choice(values) => text.to_owned(),
        FieldKind::Boolean
            if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") =>
        {
            let flag = text.eq_ignore_ascii_case("true");
            match (language, flag) {
                (Language::Python, true) => "True".to_owned(),
                (Language::Python, false) => "False".to_owned(),
                (Language::Node, flag) => flag.to_string(),
            }
        }
        _ => quoted(text),
    }
}

fn render(language: Language, model: &Model, depth: usize) -> String {
    let indent = "    ".repeat(depth + 1);
    let close = "    ".repeat(depth);
    let mut lines = Vec::new();
    for (name, value) in &model.fields {
        let text = match value {
            Value::Scalar(text, kind) => scalar(language, text, *kind),
            Value::Model(inner) => render(language, inner, depth + 1),
            Value::List(items) => {
                let inner: Vec<String> = items
                    .iter()
                    .map(|(_, item)| format!("{indent}    {}", render(language, item, depth + 2)))
                    .collect();
                format!("[\n{},\n{indent}]", inner.join(",\n"))
            }
        };
        lines.push(match language {
            Language::Python => format!("{indent}{}={text},", snake_case(name)),
            Language::Node => format!("{indent}{}: {text},", camel_case(name)),
        });
    }
    match language {
        Language::Python => format!("models.{}(\n{}\n{close})", model.class, lines.join("\n")),
        Language::Node => format!(
            "new Vpc.{}({{\n{}\n{close}}})",
            model.class,
            lines.join("\n")
        ),
    }
}

/// A `curl` line that sends the request, unsigned, to `base_url` (a vpnroute server accepts
/// that only when both ends are on loopback).
pub fn curl(base_url: &str, operation: Operation, params: &WireParams) -> String {
    let request = build_request(operation, params);
    let mut line = format!(
        "curl -X POST '{}/?{}'",
        base_url.trim_end_matches('/'),
        request.query
    );
    for (name, value) in &request.headers {
        line.push_str(&format!(" -H '{name}: {value}'"));
    }
    if !request.body.is_empty() {
        line.push_str(&format!(" --data '{}'", request.body));
    }
    line
}

/// A Python program that sends the request with `alibabacloud-vpc20160428` to `endpoint`
/// (`host:port`), signed with `access_key_id`/`access_key_secret`.
pub fn python(
    endpoint: &str,
    access_key_id: &str,
    access_key_secret: &str,
    operation: Operation,
    params: &WireParams,
) -> String {
    format!(
        "from alibabacloud_tea_openapi import models as open_api_models\n\
         from alibabacloud_vpc20160428 import models\n\
         from alibabacloud_vpc20160428.client import Client\n\n\
         client = Client(open_api_models.Config(\n    access_key_id={},\n    access_key_secret={},\n    endpoint={},\n    protocol=\"http\",\n))\n\
         request = {}\n\
         print(client.{}(request).body.to_map())\n",
        quoted(access_key_id),
        quoted(access_key_secret),
        quoted(endpoint),
        render(Language::Python, &request_model(operation, params), 0),
        snake_case(operation.name()),
    )
}

/// A Node program (ES module) that sends the request with `@alicloud/vpc20160428`.
pub fn node(
    endpoint: &str,
    access_key_id: &str,
    access_key_secret: &str,
    operation: Operation,
    params: &WireParams,
) -> String {
    format!(
        "import Vpc from '@alicloud/vpc20160428';\n\
         import * as OpenApi from '@alicloud/openapi-core';\n\n\
         const client = new Vpc.default(new OpenApi.$OpenApiUtil.Config({{\n    accessKeyId: {},\n    accessKeySecret: {},\n    endpoint: {},\n    protocol: \"http\",\n}}));\n\
         const request = {};\n\
         console.log((await client.{}(request)).body);\n",
        quoted(access_key_id),
        quoted(access_key_secret),
        quoted(endpoint),
        render(Language::Node, &request_model(operation, params), 0),
        camel_case(operation.name()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> WireParams {
        pairs.iter().copied().collect()
    }

    #[test]
    fn scalars_are_typed_and_names_follow_each_sdk() {
        let request = params(&[
            ("RegionId", "cn-hangzhou"),
            ("Weight", "100"),
            ("PublishVpc", "True"),
            ("Description", "say \"hi\""),
        ]);
        let py = python(
            "127.0.0.1:8080",
            "id",
            "secret",
            Operation::CreateVpnRouteEntry,
            &request,
        );
        assert!(py.contains("models.CreateVpnRouteEntryRequest(\n    region_id=\"cn-hangzhou\",\n    weight=100,\n    publish_vpc=True,\n    description=\"say \\\"hi\\\"\",\n)"), "{py}");
        assert!(
            py.contains("client.create_vpn_route_entry(request)"),
            "{py}"
        );
        let js = node(
            "127.0.0.1:8080",
            "id",
            "secret",
            Operation::CreateVpnRouteEntry,
            &request,
        );
        assert!(js.contains("new Vpc.CreateVpnRouteEntryRequest({\n    regionId: \"cn-hangzhou\",\n    weight: 100,\n    publishVpc: true,"), "{js}");
        assert!(js.contains("client.createVpnRouteEntry(request)"), "{js}");
    }

    #[test]
    fn flattened_lists_become_lists_of_nested_models_in_index_order() {
        let request = params(&[
            ("TunnelOptionsSpecification.2.Role", "slave"),
            ("TunnelOptionsSpecification.1.Role", "master"),
            (
                "TunnelOptionsSpecification.1.TunnelBgpConfig.LocalAsn",
                "65530",
            ),
            ("Tags.1.Key", "env"),
        ]);
        let py = python("h:1", "i", "s", Operation::CreateVpnConnection, &request);
        let first = py.find("role=\"master\"").unwrap();
        let second = py.find("role=\"slave\"").unwrap();
        assert!(first < second, "{py}");
        assert!(
            py.contains(
                "models.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelBgpConfig(\n"
            ),
            "{py}"
        );
        assert!(py.contains("local_asn=65530"), "{py}");
        assert!(
            py.contains("models.CreateVpnConnectionRequestTags(\n"),
            "{py}"
        );
    }

    #[test]
    fn curl_puts_tunnels_in_the_body() {
        let request = params(&[
            ("RegionId", "cn-hangzhou"),
            ("TunnelOptionsSpecification.1.Role", "master"),
        ]);
        let line = curl(
            "http://127.0.0.1:8080/",
            Operation::CreateVpnConnection,
            &request,
        );
        assert!(line.starts_with("curl -X POST 'http://127.0.0.1:8080/?RegionId=cn-hangzhou' -H 'x-acs-action: CreateVpnConnection'"), "{line}");
        assert!(
            line.ends_with("--data 'TunnelOptionsSpecification.1.Role=master'"),
            "{line}"
        );
    }
}
