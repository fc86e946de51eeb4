// Generated from the Rust types by `cargo xtask codegen`; do not edit.

export type Outcome = { 
/**
 * `None`: no route holds the packet, which is not routed through the gateway.
 */
kind: RouteKind | null, 
/**
 * The route, as people name it (`10.0.0.0/24`, `192.168.0.0/24 -> 10.0.0.0/24, priority 5`).
 */
route: string | null, 
/**
 * `None` when not routed, or when the route's connection is down and nothing takes over.
 */
nextHop: string | null, };
export type AddressRange = { first: string, last: string, };
export type TrafficBlock = { source: AddressRange, destination: AddressRange, before: Outcome, after: Outcome, };
export type TargetImpact = { target: { kind: "gateway" | "connection", id: string }, 
/**
 * Largest first.
 */
blocks: Array<TrafficBlock>, };
export type ConnectionFailover = { connection: string, 
/**
 * Largest first; empty when nothing goes through the connection.
 */
blocks: Array<TrafficBlock>, };
export type Intent = { 
/**
 * How reports name it; its position when empty.
 */
name?: string, 
/**
 * The gateway whose tables carry the traffic.
 */
gateway: string, 
/**
 * Sources, every address when left out.
 */
from?: string, 
/**
 * Destinations, every address when left out.
 */
to?: string, 
/**
 * The connection all of it must leave through.
 */
via?: string, 
/**
 * The connection that must take it over while `via` is down.
 */
backup?: string, 
/**
 * A connection none of it may leave through, whichever one connection is down.
 */
never_via?: string, 
/**
 * `false`: none of it may be routed through the gateway.
 */
routed?: false, };
export type TableState = "current" | "afterPlan";
export type IntentFinding = { intent: number, state: TableState, down: string | null, diagnostic: Diagnostic, };
