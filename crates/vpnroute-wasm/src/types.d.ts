// Generated from the Rust types by `cargo xtask codegen`; do not edit.

export type Severity = "error" | "warning";
export type Lang = "en" | "zh-CN";
export type Diagnostic = { 
/**
 * Stable kebab-case rule id from the registry.
 */
rule: string, severity: Severity, 
/**
 * Wire path of the field, e.g. `RouteDest` or `Tags.2.Key`.
 */
field: string, 
/**
 * The API error code the service answers with, where there is one.
 */
code: string | null, 
/**
 * The message: English where the engine writes it; `message_in` (and the npm
 * package's `lang` option) writes it in another language.
 */
message: string, 
/**
 * The message's key in the catalogs (see `messages`): the rule id, or the rule id and
 * a variant such as `weight-not-0-or-100.not-a-number`.
 */
key: string, 
/**
 * The values the message's template is filled with, by placeholder name. A value whose
 * placeholder is written `{@name}` is itself a key, whose template is taken in.
 */
args: Record<string, string>, 
/**
 * A corrected value that would pass, where one can be derived.
 */
suggestion: string | null, };
export type FieldKind = { "type": "text", minChars: number, maxChars: number, } | { "type": "id", prefix: string, } | { "type": "cidr" } | { "type": "cidrList" } | { "type": "ipv4" } | { "type": "integer", min: number, max: number, } | { "type": "asn" } | { "type": "oneOf", values: Array<string>, } | { "type": "boolean" } | { "type": "certificate" } | { "type": "json", keys: Array<FieldSpec>, } | { "type": "list", maxItems: number, item: Array<FieldSpec>, } | { "type": "object", fields: Array<FieldSpec>, };
export type FieldSpec = { 
/**
 * Wire name, e.g. `RouteDest`.
 */
name: string, kind: FieldKind, required: boolean, 
/**
 * What the service assumes when the field is absent.
 */
default: string | null, 
/**
 * A value that passes every rule.
 */
example: string, 
/**
 * One or two sentences for a form hint: English where the engine declares it; `help_in`
 * (and the npm package's `lang` option) gives it in another language.
 */
help: string, 
/**
 * Sent by the SDKs for the account system; not something a user sets.
 */
internal: boolean, };
export type TunnelMode = "single" | "dual";
export type GatewayFacts = { tunnelMode?: TunnelMode, supportsPriority?: boolean, shangmi?: boolean, };
export type DestinationRoute = { RouteDest: string, NextHop: string, Weight: 0 | 100, };
export type PolicyRoute = { RouteSource: string, RouteDest: string, NextHop: string, Weight: 0 | 100, Priority: number, };
export type RouteType = "dbr" | "pbr";
export type PublishedRoute = { RouteType: RouteType, RouteDest: string, NextHop: string, };
export type EntryRef = { "table": "existing", "index": number } | { "table": "new", "index": number };
export type Quotas = { 
/**
 * Destination routes per gateway.
 */
destinationRoutes: number, 
/**
 * Policy routes per gateway.
 */
policyRoutes: number, 
/**
 * IPsec connections per gateway.
 */
connections: number, 
/**
 * Routes per IPsec connection (vco routes); undocumented, so the destination-route default.
 */
vcoRoutes: number, 
/**
 * Blocks in each of `LocalSubnet` and `RemoteSubnet`.
 */
subnetsPerSide: number, };
export type GatewaySnapshot = { vpnGatewayId: string, facts?: GatewayFacts, 
/**
 * Its IPsec connection ids; when empty, next hops are not checked.
 */
connections?: Array<string>, destinationRoutes?: Array<DestinationRoute>, policyRoutes?: Array<PolicyRoute>, 
/**
 * BGP tunnel CIDRs its connections use.
 */
tunnelCidrs?: Array<string>, 
/**
 * The routes it learned over BGP, which lookups try after its destination routes.
 */
bgpRoutes?: Array<BgpRoute>, 
/**
 * Its routes that are advertised to the VPC.
 */
published?: Array<PublishedRoute>, 
/**
 * Whether its tables were read while they changed, so that routes may be missing.
 */
partial?: boolean, };
export type ConnectionSnapshot = { vpnConnectionId: string, facts?: GatewayFacts, routes?: Array<DestinationRoute>, 
/**
 * Whether its routes were read while they changed, so that routes may be missing.
 */
partial?: boolean, };
export type TableSnapshot = { gateways?: Array<GatewaySnapshot>, connections?: Array<ConnectionSnapshot>, quotas?: Quotas, };
export type PlanFinding = { request: number, otherRequest: number | null, diagnostic: Diagnostic, };
export type BgpRoute = { RouteDest: string, NextHop: string, };
export type RouteTable = { policyRoutes?: Array<PolicyRoute>, destinationRoutes?: Array<DestinationRoute>, bgpRoutes?: Array<BgpRoute>, };
export type RouteKind = "policy" | "destination" | "bgp";
export type Lookup = { 
/**
 * `None` when the packet is not routed through the gateway.
 */
kind: RouteKind | null, 
/**
 * Position of the route in its list (from 0).
 */
index: number | null, nextHop: string | null, reason: string, };
export type WireRequest = { method: string, path: string, 
/**
 * Header values: `x-acs-action`, `x-acs-version`, and `content-type` when there is one.
 */
headers: Array<[string, string]>, 
/**
 * Percent-encoded, keys sorted, without the leading `?`.
 */
query: string, 
/**
 * `application/x-www-form-urlencoded`, empty when there is no body.
 */
body: string, };
export type RuleRow = { id: string, severity: Severity, fields: Array<string>, 
/**
 * The code, or the family of codes (`InvalidParameter.<Field>`), with a note where it is the project's choice.
 */
code: string, };
