//! Live tables for the command line: `vpnroute snapshot`, and `check` and `export` when they
//! read what exists rather than a `--table` file. They read through `vpnroute-api`'s
//! `tables`, every page as the console reads them, with calls signed as an SDK signs them:
//! to a `vpnroute serve` (by default the one on this machine) or to Alibaba Cloud.

use crate::access::{DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET};
use crate::action::Action;
use crate::signature::Credentials;
use crate::upstream::{
    Upstream, UpstreamKind, ACCESS_KEY_ID_VAR, ACCESS_KEY_SECRET_VAR, SECURITY_TOKEN_VAR,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use vpnroute_api::tables::{self, Describe};
use vpnroute_rules::model::field::common;
use vpnroute_rules::{PlanRequest, TableSnapshot, Target, WireParams};

/// Where `vpnroute serve` listens unless told otherwise.
pub const DEFAULT_ENDPOINT: &str = "http://127.0.0.1:8080";

/// What to read and where: the options `snapshot`, `check` and `export` share.
#[derive(clap::Args, Debug)]
pub struct LiveArgs {
    /// Read the tables of this gateway (repeatable).
    #[arg(long = "gateway", value_name = "ID")]
    pub gateways: Vec<String>,
    /// Read the vco routes of this IPsec connection attached to a transit router (repeatable).
    #[arg(long = "connection", value_name = "ID")]
    pub connections: Vec<String>,
    /// The region to read in [default: cn-hangzhou]; what a plan row names is read in its
    /// RegionId.
    #[arg(long)]
    pub region: Option<String>,
    /// Read from a `vpnroute serve` (emulator) or from Alibaba Cloud (aliyun: key pair from
    /// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN).
    #[arg(long, value_enum)]
    pub upstream: Option<UpstreamKind>,
    /// The base URL to read from [default: http://127.0.0.1:8080; with --upstream aliyun,
    /// https://vpc.<RegionId>.aliyuncs.com].
    #[arg(long)]
    pub endpoint: Option<String>,
    /// AccessKeyId of the `vpnroute serve` read from (its --access-key-id).
    #[arg(long, env = "VPNROUTE_ACCESS_KEY_ID", default_value = DEFAULT_ACCESS_KEY_ID)]
    pub access_key_id: String,
    /// AccessKey secret of the `vpnroute serve` read from (its --access-key-secret).
    #[arg(
        long,
        env = "VPNROUTE_ACCESS_KEY_SECRET",
        default_value = DEFAULT_ACCESS_KEY_SECRET,
        hide_env_values = true
    )]
    pub access_key_secret: String,
}

impl LiveArgs {
    /// Whether gateways or connections are named to be read.
    pub fn names_targets(&self) -> bool {
        !self.gateways.is_empty() || !self.connections.is_empty()
    }

    /// The options that say where to read, when one was given: they mean nothing unless
    /// something is read.
    pub fn where_option(&self) -> Option<&'static str> {
        if self.endpoint.is_some() {
            Some("--endpoint")
        } else if self.upstream.is_some() {
            Some("--upstream")
        } else if self.region.is_some() {
            Some("--region")
        } else {
            None
        }
    }

    /// Reads the named gateways and connections, and every one that a row of `plan` names
    /// (in the row's RegionId), in that order, each once.
    pub async fn read(&self, plan: &[PlanRequest]) -> Result<TableSnapshot, String> {
        let reader = self.reader()?;
        let mut targets: Vec<Target> = Vec::new();
        let mut regions: BTreeMap<String, String> = BTreeMap::new();
        let named = self
            .gateways
            .iter()
            .map(|id| (Target::Gateway(id.clone()), None))
            .chain(
                self.connections
                    .iter()
                    .map(|id| (Target::Connection(id.clone()), None)),
            );
        let in_plan = plan.iter().filter_map(|row| {
            let target = row.operation.target_in(&row.params.pairs())?;
            Some((target, row.params.get("RegionId")))
        });
        for (target, region) in named.chain(in_plan) {
            if let Some(region) = region.filter(|r| !r.is_empty()) {
                regions
                    .entry(target.id().to_owned())
                    .or_insert_with(|| region.to_owned());
            }
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        let default_region = self
            .region
            .clone()
            .unwrap_or_else(|| common::REGION_ID.example.to_owned());
        let region_of = |id: &str| regions.get(id).unwrap_or(&default_region).clone();
        tables::snapshot(&reader, region_of, &targets).await
    }

    fn reader(&self) -> Result<SignedReader, String> {
        match self.upstream.unwrap_or(UpstreamKind::Emulator) {
            UpstreamKind::Emulator => {
                let endpoint = self
                    .endpoint
                    .clone()
                    .unwrap_or_else(|| DEFAULT_ENDPOINT.to_owned());
                Ok(SignedReader {
                    upstream: Upstream::new(
                        Credentials {
                            access_key_id: self.access_key_id.clone(),
                            access_key_secret: self.access_key_secret.clone(),
                            security_token: None,
                        },
                        Some(endpoint),
                    ),
                    kind: UpstreamKind::Emulator,
                })
            }
            UpstreamKind::Aliyun => Ok(SignedReader {
                upstream: Upstream::from_env(self.endpoint.clone())?,
                kind: UpstreamKind::Aliyun,
            }),
        }
    }
}

/// Describes sent signed, as an SDK sends them, through the proxy's client.
struct SignedReader {
    upstream: Upstream,
    kind: UpstreamKind,
}

impl SignedReader {
    /// What to do about a refusal or failure with `code`, when the reader's options can help.
    fn fix(&self, code: &str) -> Option<String> {
        let fix = match (code, self.kind) {
            ("UpstreamUnreachable", UpstreamKind::Emulator) => {
                "start `vpnroute serve` there, or point --endpoint at one; --upstream aliyun \
                 reads Alibaba Cloud"
                    .to_owned()
            }
            ("UpstreamUnreachable", UpstreamKind::Aliyun) => {
                "check the network, or --endpoint".to_owned()
            }
            ("InvalidAccessKeyId.NotFound" | "SignatureDoesNotMatch", UpstreamKind::Emulator) => {
                "give the key pair the server was started with: --access-key-id and \
                 --access-key-secret, or VPNROUTE_ACCESS_KEY_ID and VPNROUTE_ACCESS_KEY_SECRET"
                    .to_owned()
            }
            ("InvalidAccessKeyId.NotFound" | "SignatureDoesNotMatch", UpstreamKind::Aliyun) => {
                format!(
                    "check the key pair in {ACCESS_KEY_ID_VAR} and {ACCESS_KEY_SECRET_VAR}, and \
                     {SECURITY_TOKEN_VAR} for an STS token"
                )
            }
            (code, _) if code.ends_with(".NotFound") => {
                "check the id and --region; what a plan row names is read in the row's RegionId"
                    .to_owned()
            }
            _ => return None,
        };
        Some(fix)
    }
}

impl Describe for SignedReader {
    async fn describe<T: DeserializeOwned>(
        &self,
        action: &str,
        params: &WireParams,
    ) -> Result<T, String> {
        let action = Action::parse(action).map_err(|e| e.message)?;
        let answer = self.upstream.call(action, params).await.map_err(|e| {
            let mut line = format!("{}: {}", e.code, e.message);
            if let Some(fix) = self.fix(&e.code) {
                line.push_str(&format!(" ({fix})"));
            }
            line
        })?;
        serde_json::from_value(answer)
            .map_err(|e| format!("The answer to {action} cannot be read: {e}"))
    }
}
