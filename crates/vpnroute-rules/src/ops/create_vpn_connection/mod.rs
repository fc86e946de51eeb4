//! CreateVpnConnection: creates an IPsec connection on a VPN gateway, single-tunnel (one
//! customer gateway and JSON configs) or dual-tunnel (two `TunnelOptionsSpecification` items).

mod configs;
mod fields;
mod parse;
mod to_wire;

pub use configs::{BgpConfig, HealthCheckConfig, IkeConfig, IpsecConfig, Tag, TunnelOptions};
pub use fields::{
    BGP_CONFIG, BGP_KEYS, FIELDS, HEALTH_CHECK_CONFIG, HEALTH_CHECK_KEYS, IKE_CONFIG, IKE_KEYS,
    IPSEC_CONFIG, IPSEC_KEYS, TAG_FIELDS, TUNNEL_BGP_KEYS, TUNNEL_FIELDS,
};

use crate::model::diagnostic::Parsed;
use crate::model::field::FieldSpec;
use crate::model::routes::NewConnection;
use crate::model::wire::{WirePairs, WireParams};
use crate::ops::{
    shown, Answered, Context, OperationModule, TableEffect, Target, TargetKind, Task, TaskStep,
    WriteOptions,
};
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

/// A valid CreateVpnConnection request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnConnection {
    pub region_id: String,
    pub vpn_gateway_id: String,
    pub customer_gateway_id: Option<String>,
    pub name: Option<String>,
    pub local_subnet: Vec<Ipv4Net>,
    pub remote_subnet: Vec<Ipv4Net>,
    pub effect_immediately: Option<bool>,
    pub auto_config_route: Option<bool>,
    pub enable_dpd: Option<bool>,
    pub enable_nat_traversal: Option<bool>,
    pub enable_tunnels_bgp: Option<bool>,
    pub ike_config: Option<IkeConfig>,
    pub ipsec_config: Option<IpsecConfig>,
    pub bgp_config: Option<BgpConfig>,
    pub health_check_config: Option<HealthCheckConfig>,
    pub remote_ca_certificate: Option<String>,
    pub tags: Vec<Tag>,
    pub tunnel_options_specification: Vec<TunnelOptions>,
    pub dry_run: bool,
    pub client_token: Option<String>,
}

/// The service's answer to CreateVpnConnection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateVpnConnectionResponse {
    pub request_id: String,
    pub vpn_connection_id: String,
    pub name: String,
    pub create_time: u64,
}

impl CreateVpnConnection {
    /// Both subnets are exactly 0.0.0.0/0: the connection routes by destination, and adds no
    /// policy routes.
    pub fn is_destination_routing(&self) -> bool {
        let any = |list: &[Ipv4Net]| list.len() == 1 && list[0].prefix_len() == 0;
        any(&self.local_subnet) && any(&self.remote_subnet)
    }

    /// How many policy routes the service adds for this connection: one per subnet pair, in
    /// protected-data-flow mode with automatic routes.
    pub fn policy_routes_added(&self) -> usize {
        if self.is_destination_routing() || self.auto_config_route == Some(false) {
            0
        } else {
            self.local_subnet.len() * self.remote_subnet.len()
        }
    }

    /// The BGP tunnel CIDRs this connection would use.
    pub fn tunnel_cidrs(&self) -> Vec<(String, Ipv4Net)> {
        let mut cidrs: Vec<(String, Ipv4Net)> = self
            .bgp_config
            .iter()
            .filter_map(|b| b.tunnel_cidr)
            .map(|n| ("BgpConfig.TunnelCidr".to_owned(), n))
            .collect();
        for (i, tunnel) in self.tunnel_options_specification.iter().enumerate() {
            if let Some(net) = tunnel
                .tunnel_bgp_config
                .as_ref()
                .and_then(|b| b.tunnel_cidr)
            {
                cidrs.push((
                    format!(
                        "TunnelOptionsSpecification.{}.TunnelBgpConfig.TunnelCidr",
                        i + 1
                    ),
                    net,
                ));
            }
        }
        cidrs
    }

    /// What this connection adds to its gateway's tables.
    pub fn new_connection(&self) -> NewConnection {
        NewConnection {
            tunnel_cidrs: self.tunnel_cidrs(),
            local_subnets: self.local_subnet.len(),
            remote_subnets: self.remote_subnet.len(),
            policy_routes_added: self.policy_routes_added(),
        }
    }
}

impl OperationModule for CreateVpnConnection {
    const NAME: &'static str = "CreateVpnConnection";
    const FIELDS: &'static [&'static FieldSpec] = FIELDS;
    const TARGET: TargetKind = TargetKind::Gateway;
    const WRITES: bool = true;
    const TASK: (Task, TaskStep) = (Task::Connections, TaskStep::Add);
    const FORM_BODY: bool = true;
    type Response = CreateVpnConnectionResponse;

    fn read(params: &WirePairs<'_>, context: &Context<'_>) -> Parsed<Self> {
        parse::read(params, context)
    }

    fn target(&self) -> Target {
        Target::Gateway(self.vpn_gateway_id.clone())
    }

    fn effect(&self) -> TableEffect<'_> {
        TableEffect::AddConnection {
            connection: self,
            adds: self.new_connection(),
        }
    }

    fn to_wire(&self) -> WireParams {
        to_wire::to_wire(self)
    }

    fn summary(params: &WirePairs<'_>) -> String {
        format!(
            "connection {} <-> {}",
            shown(params, "LocalSubnet"),
            shown(params, "RemoteSubnet")
        )
    }

    fn write_options(&self) -> Option<WriteOptions<'_>> {
        Some(WriteOptions {
            region_id: &self.region_id,
            client_token: self.client_token.as_deref(),
            dry_run: self.dry_run,
        })
    }

    /// `created_id` is the new connection's id; its name defaults to it.
    fn respond(&self, answered: &Answered<'_>) -> Option<CreateVpnConnectionResponse> {
        let id = answered.created_id.unwrap_or_default().to_owned();
        Some(CreateVpnConnectionResponse {
            request_id: answered.request_id.to_owned(),
            name: self.name.clone().unwrap_or_else(|| id.clone()),
            vpn_connection_id: id,
            create_time: answered.create_time,
        })
    }
}
