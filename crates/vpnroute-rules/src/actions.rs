//! The requests that act on a route already in a table, as the console offers them on each
//! row: change its weight or priority, delete it, publish or withdraw it, and swap an
//! active/standby pair. Each is a plan request with the route's current values filled in, so
//! that it names the route as the service finds it.

use crate::model::routes::{DestinationRoute, PolicyRoute, Weight};
use crate::model::wire::WireParams;
use crate::ops::{Operation, Target};
use crate::plan::PlanRequest;

/// A route of a gateway's destination or policy table, or of a connection's (vco routes).
#[derive(Clone, Copy, Debug)]
pub enum TableRoute<'a> {
    Destination(&'a DestinationRoute),
    Policy(&'a PolicyRoute),
}

/// Where the route is: its region and the gateway or connection holding it.
#[derive(Clone, Debug)]
pub struct RouteHome<'a> {
    pub region_id: &'a str,
    pub target: &'a Target,
}

impl RouteHome<'_> {
    /// The request of `operation` that names `route`: region, target, and the route's name.
    fn request(&self, operation: Operation, route: TableRoute<'_>) -> PlanRequest {
        let mut params = WireParams::new();
        params.push("RegionId", self.region_id);
        params.push(operation.target_kind().key(), self.target.id());
        match route {
            TableRoute::Destination(r) => {
                params.push("RouteDest", r.route_dest.to_string());
                params.push("NextHop", &r.next_hop);
                params.push("Weight", r.weight.value().to_string());
            }
            TableRoute::Policy(r) => {
                params.push("RouteSource", r.route_source.to_string());
                params.push("RouteDest", r.route_dest.to_string());
                params.push("NextHop", &r.next_hop);
                params.push("Weight", r.weight.value().to_string());
                params.push("Priority", r.priority.to_string());
            }
        }
        PlanRequest { operation, params }
    }

    fn on_connection(&self) -> bool {
        matches!(self.target, Target::Connection(_))
    }

    /// Changes the route's weight to the other one (active to standby, or back).
    pub fn change_weight(&self, route: TableRoute<'_>) -> PlanRequest {
        let (operation, weight) = match route {
            TableRoute::Destination(r) if self.on_connection() => {
                (Operation::ModifyVcoRouteEntryWeight, r.weight)
            }
            TableRoute::Destination(r) => (Operation::ModifyVpnRouteEntryWeight, r.weight),
            TableRoute::Policy(r) => (Operation::ModifyVpnPbrRouteEntryWeight, r.weight),
        };
        let mut request = self.request(operation, route);
        request
            .params
            .push("NewWeight", weight.other().value().to_string());
        request
    }

    /// Changes a policy route's priority; `NewPriority` is left for the user.
    pub fn change_priority(&self, route: &PolicyRoute) -> PlanRequest {
        self.request(
            Operation::ModifyVpnPbrRouteEntryPriority,
            TableRoute::Policy(route),
        )
    }

    pub fn delete(&self, route: TableRoute<'_>) -> PlanRequest {
        let operation = match route {
            TableRoute::Destination(_) if self.on_connection() => Operation::DeleteVcoRouteEntry,
            TableRoute::Destination(_) => Operation::DeleteVpnRouteEntry,
            TableRoute::Policy(_) => Operation::DeleteVpnPbrRouteEntry,
        };
        self.request(operation, route)
    }

    /// Publishes the gateway's route to the VPC (`publish`) or withdraws it.
    pub fn publish(&self, route: TableRoute<'_>, publish: bool) -> PlanRequest {
        let (route_dest, next_hop, route_type) = match route {
            TableRoute::Destination(r) => (r.route_dest, &r.next_hop, "dbr"),
            TableRoute::Policy(r) => (r.route_dest, &r.next_hop, "pbr"),
        };
        let mut params = WireParams::new();
        params.push("RegionId", self.region_id);
        params.push("VpnGatewayId", self.target.id());
        params.push("RouteDest", route_dest.to_string());
        params.push("NextHop", next_hop);
        params.push("RouteType", route_type);
        params.push("PublishVpc", publish.to_string());
        PlanRequest {
            operation: Operation::PublishVpnRouteEntry,
            params,
        }
    }

    /// Makes the standby route of a pair the active one, in the three rows the service allows:
    /// delete the standby, change the active route's weight to 0, create the old standby again
    /// with weight 100. Traffic stays on the active route until the last row. `published`:
    /// whether the standby is advertised to the VPC, which the new route keeps.
    pub fn pair_swap(
        &self,
        active: TableRoute<'_>,
        standby: TableRoute<'_>,
        published: bool,
    ) -> Vec<PlanRequest> {
        let mut create = match standby {
            TableRoute::Destination(_) if self.on_connection() => {
                self.request(Operation::CreateVcoRouteEntry, standby)
            }
            TableRoute::Destination(_) => self.request(Operation::CreateVpnRouteEntry, standby),
            TableRoute::Policy(_) => self.request(Operation::CreateVpnPbrRouteEntry, standby),
        };
        create
            .params
            .set("Weight", Weight::Active.value().to_string());
        if !self.on_connection() {
            create.params.push("PublishVpc", published.to_string());
        }
        vec![self.delete(standby), self.change_weight(active), create]
    }
}

/// The active route paired with `standby`, when `standby` is the standby of a pair.
pub fn active_partner<'a>(
    table: &'a [DestinationRoute],
    standby: &DestinationRoute,
) -> Option<&'a DestinationRoute> {
    standby
        .partner_in(table)
        .filter(|r| standby.weight == Weight::Standby && r.weight == Weight::Active)
}

/// The active policy route paired with `standby`, when `standby` is the standby of a pair.
pub fn active_policy_partner<'a>(
    table: &'a [PolicyRoute],
    standby: &PolicyRoute,
) -> Option<&'a PolicyRoute> {
    standby
        .partner_in(table)
        .filter(|r| standby.weight == Weight::Standby && r.weight == Weight::Active)
}
