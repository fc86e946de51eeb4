"""The official Python SDK (alibabacloud-vpc20160428) against `vpnroute serve`
(VPNROUTE_ENDPOINT, host:port, an emulator with the demo data and no update delay), unchanged,
with both signature algorithms: answers parse into the SDK's models, refusals arrive as
ClientException with the service's code.

Run by `cargo xtask test`, which counts the `# pass N` / `# fail N` lines printed at the end.
"""

import json
import os
import sys
import unittest

from alibabacloud_tea_openapi import models as openapi_models
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_vpc20160428 import models
from alibabacloud_vpc20160428.client import Client

ENDPOINT = os.environ.get("VPNROUTE_ENDPOINT", "")
REGION = "cn-hangzhou"
GATEWAY = "vpn-bp1a3kqjiiq9legfx0001"
CONNECTION = "vco-bp15oes1py4i66rmd0001"
DUAL_GATEWAY = "vpn-bp1demo0dualtunnel0002"
TR_CONNECTION = "vco-bp1demo0transit0000005"
CUSTOMER_GATEWAYS = ["cgw-bp1demo0branch0000001", "cgw-bp1demo0branch0000002"]


def client(algorithm=None, secret="testsecret"):
    config = openapi_models.Config(
        access_key_id="testid",
        access_key_secret=secret,
        endpoint=ENDPOINT,
        protocol="http",
        region_id=REGION,
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)


class Signed:
    """The five operations; each subclass signs with one algorithm and uses its own addresses."""

    algorithm = None
    octet = 0

    def setUp(self):
        self.sdk = client(self.algorithm)

    def refusal(self, call, request):
        with self.assertRaises(ClientException) as caught:
            call(request)
        return caught.exception

    def test_create_vpn_route_entry(self):
        request = models.CreateVpnRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=GATEWAY, route_dest=f"10.{self.octet}.0.0/16",
            next_hop=CONNECTION, weight=100, publish_vpc=True, description="python sdk + spaces * star",
        )
        response = self.sdk.create_vpn_route_entry(request)
        self.assertEqual(response.status_code, 200)
        self.assertIsInstance(response.body, models.CreateVpnRouteEntryResponseBody)
        self.assertEqual(response.body.route_dest, f"10.{self.octet}.0.0/16")
        self.assertEqual(response.body.weight, 100)
        self.assertEqual(response.body.description, "python sdk + spaces * star")
        error = self.refusal(self.sdk.create_vpn_route_entry, request)
        self.assertEqual(error.code, "VpnRouteEntry.AlreadyExists")
        self.assertEqual(error.status_code, 400)
        self.assertEqual(len(error.request_id), 36)

    def test_create_vpn_pbr_route_entry_with_dry_run_first(self):
        fields = dict(
            region_id=REGION, vpn_gateway_id=GATEWAY, route_source=f"10.{self.octet}.1.0/24",
            route_dest="192.168.78.0/24", next_hop=CONNECTION, weight=0, priority=self.octet - 40,
            publish_vpc=False,
        )
        dry = self.refusal(self.sdk.create_vpn_pbr_route_entry, models.CreateVpnPbrRouteEntryRequest(dry_run=True, **fields))
        self.assertEqual(dry.code, "DryRunOperation")
        response = self.sdk.create_vpn_pbr_route_entry(models.CreateVpnPbrRouteEntryRequest(**fields))
        self.assertEqual(response.body.priority, self.octet - 40)
        self.assertEqual(response.body.weight, 0)

    def test_vco_routes_and_their_bare_arrays(self):
        created = self.sdk.create_vco_route_entry(models.CreateVcoRouteEntryRequest(
            region_id=REGION, vpn_connection_id=TR_CONNECTION, route_dest=f"172.{self.octet}.0.0/16",
            next_hop=TR_CONNECTION, weight=100, overlay_mode="Ipsec",
        ))
        self.assertEqual(created.body.vpn_connection_id, TR_CONNECTION)
        listed = self.sdk.describe_vco_route_entries(models.DescribeVcoRouteEntriesRequest(
            region_id=REGION, vpn_connection_id=TR_CONNECTION, route_entry_type="custom", page_number=1, page_size=50,
        ))
        self.assertIsNotNone(listed.body, "the body maps onto the model (bare arrays)")
        self.assertTrue(any(r.route_dest == f"172.{self.octet}.0.0/16" for r in listed.body.vco_route_entries))
        self.assertIsInstance(listed.body.total_count, int)
        bad = self.refusal(self.sdk.describe_vco_route_entries, models.DescribeVcoRouteEntriesRequest(
            region_id=REGION, vpn_connection_id=TR_CONNECTION, page_size=500,
        ))
        self.assertIn("PageSize", str(bad.message))

    def test_create_vpn_connection_single_and_dual_tunnel(self):
        single = self.sdk.create_vpn_connection(models.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=GATEWAY, customer_gateway_id=CUSTOMER_GATEWAYS[1],
            local_subnet=f"10.{self.octet}.0.0/16", remote_subnet=f"192.168.{self.octet}.0/24", name=f"py-{self.octet}",
            ike_config=json.dumps({"Psk": "secret123", "IkeVersion": "ikev2", "IkeLifetime": 86400}),
            health_check_config=json.dumps({"enable": "true", "dip": "192.168.1.1", "sip": "10.0.0.1", "interval": 3, "retry": 3}),
        ))
        self.assertTrue(single.body.vpn_connection_id.startswith("vco-"))
        self.assertEqual(single.body.name, f"py-{self.octet}")

        def tunnel(customer_gateway, role, cidr):
            return models.CreateVpnConnectionRequestTunnelOptionsSpecification(
                customer_gateway_id=customer_gateway, role=role, enable_dpd=True, enable_nat_traversal=True,
                tunnel_ike_config=models.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelIkeConfig(psk="secret123"),
                tunnel_bgp_config=models.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelBgpConfig(local_asn=65530, tunnel_cidr=cidr),
            )

        dual = self.sdk.create_vpn_connection(models.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=DUAL_GATEWAY,
            local_subnet=f"10.{self.octet}.0.0/16", remote_subnet=f"192.168.{self.octet}.0/24",
            tunnel_options_specification=[
                tunnel(CUSTOMER_GATEWAYS[0], "master", f"169.254.{self.octet}.0/30"),
                tunnel(CUSTOMER_GATEWAYS[1], "slave", f"169.254.{self.octet}.4/30"),
            ],
        ))
        self.assertTrue(dual.body.vpn_connection_id.startswith("vco-"))

    def test_a_wrong_secret_is_signature_does_not_match(self):
        with self.assertRaises(ClientException) as caught:
            client(self.algorithm, "wrong").describe_vco_route_entries(
                models.DescribeVcoRouteEntriesRequest(region_id=REGION, vpn_connection_id=TR_CONNECTION))
        self.assertEqual(caught.exception.code, "SignatureDoesNotMatch")


class Acs3(Signed, unittest.TestCase):
    algorithm = None
    octet = 63


class HmacSha1(Signed, unittest.TestCase):
    algorithm = "v2"
    octet = 64


STANDBY = "vco-bp15oes1py4i66rmd0002"


class Lifecycle(unittest.TestCase):
    """Each change, delete and publish: its answer parses into the SDK's model, and one
    refusal each arrives with the service's code."""

    def setUp(self):
        self.sdk = client()

    def refused(self, call, request, code):
        with self.assertRaises(ClientException) as caught:
            call(request)
        self.assertEqual(caught.exception.code, code)

    def test_destination_routes_swap_and_publish(self):
        sdk = self.sdk
        name = dict(region_id=REGION, vpn_gateway_id=GATEWAY, route_dest="10.65.0.0/24")
        for hop, weight in [(CONNECTION, 100), (STANDBY, 0)]:
            sdk.create_vpn_route_entry(models.CreateVpnRouteEntryRequest(next_hop=hop, weight=weight, publish_vpc=True, **name))
        demote = models.ModifyVpnRouteEntryWeightRequest(next_hop=CONNECTION, weight=100, new_weight=0, **name)
        self.refused(sdk.modify_vpn_route_entry_weight, demote, "VpnRouteEntry.BackupRoute")
        delete = models.DeleteVpnRouteEntryRequest(next_hop=STANDBY, weight=0, **name)
        deleted = sdk.delete_vpn_route_entry(delete)
        self.assertIsInstance(deleted.body, models.DeleteVpnRouteEntryResponseBody)
        self.assertEqual(len(deleted.body.request_id), 36)
        self.refused(sdk.delete_vpn_route_entry, delete, "InvalidRouteEntry.NotFound")
        changed = sdk.modify_vpn_route_entry_weight(demote)
        self.assertIsInstance(changed.body, models.ModifyVpnRouteEntryWeightResponseBody)
        withdraw = models.PublishVpnRouteEntryRequest(next_hop=CONNECTION, route_type="dbr", publish_vpc=False, **name)
        published = sdk.publish_vpn_route_entry(withdraw)
        self.assertIsInstance(published.body, models.PublishVpnRouteEntryResponseBody)
        withdraw.route_type = "pbr"
        self.refused(sdk.publish_vpn_route_entry, withdraw, "InvalidRouteEntry.NotFound")
        routes = sdk.describe_vpn_route_entries(models.DescribeVpnRouteEntriesRequest(region_id=REGION, vpn_gateway_id=GATEWAY, page_size=50))
        route = next(r for r in routes.body.vpn_route_entries.vpn_route_entry if r.route_dest == "10.65.0.0/24")
        self.assertEqual((route.next_hop, route.weight, route.state), (CONNECTION, 0, "normal"))

    def test_policy_routes_change_priority_weight_and_go(self):
        sdk = self.sdk
        name = dict(region_id=REGION, vpn_gateway_id=GATEWAY, route_source="192.168.65.0/24", route_dest="10.65.0.0/24", next_hop=CONNECTION)
        sdk.create_vpn_pbr_route_entry(models.CreateVpnPbrRouteEntryRequest(weight=100, priority=30, publish_vpc=False, **name))
        priority = models.ModifyVpnPbrRouteEntryPriorityRequest(weight=100, priority=30, new_priority=31, **name)
        self.assertIsInstance(sdk.modify_vpn_pbr_route_entry_priority(priority).body, models.ModifyVpnPbrRouteEntryPriorityResponseBody)
        self.refused(sdk.modify_vpn_pbr_route_entry_priority, priority, "InvalidParameter.Priority")
        weight = models.ModifyVpnPbrRouteEntryWeightRequest(weight=100, priority=31, new_weight=0, **name)
        self.assertIsInstance(sdk.modify_vpn_pbr_route_entry_weight(weight).body, models.ModifyVpnPbrRouteEntryWeightResponseBody)
        self.refused(sdk.modify_vpn_pbr_route_entry_weight, weight, "InvalidRouteEntry.NotFound")
        nothing = models.ModifyVpnPbrRouteEntryAttributeRequest(weight=0, priority=31, **name)
        self.refused(sdk.modify_vpn_pbr_route_entry_attribute, nothing, "MissingParameter.NewPriority")
        both = models.ModifyVpnPbrRouteEntryAttributeRequest(weight=0, priority=31, new_weight=100, new_priority=32, **name)
        self.assertIsInstance(sdk.modify_vpn_pbr_route_entry_attribute(both).body, models.ModifyVpnPbrRouteEntryAttributeResponseBody)
        delete = models.DeleteVpnPbrRouteEntryRequest(weight=100, priority=32, **name)
        self.assertIsInstance(sdk.delete_vpn_pbr_route_entry(delete).body, models.DeleteVpnPbrRouteEntryResponseBody)
        self.refused(sdk.delete_vpn_pbr_route_entry, delete, "InvalidRouteEntry.NotFound")

    def test_vco_routes_change_weight_and_go(self):
        sdk = self.sdk
        name = dict(region_id=REGION, vpn_connection_id=TR_CONNECTION, route_dest="172.65.0.0/16", next_hop=TR_CONNECTION)
        sdk.create_vco_route_entry(models.CreateVcoRouteEntryRequest(weight=100, **name))
        change = models.ModifyVcoRouteEntryWeightRequest(weight=100, new_weight=0, **name)
        self.assertIsInstance(sdk.modify_vco_route_entry_weight(change).body, models.ModifyVcoRouteEntryWeightResponseBody)
        self.refused(sdk.modify_vco_route_entry_weight, change, "InvalidRouteEntry.NotFound")
        delete = models.DeleteVcoRouteEntryRequest(weight=0, **name)
        self.assertIsInstance(sdk.delete_vco_route_entry(delete).body, models.DeleteVcoRouteEntryResponseBody)
        self.refused(sdk.delete_vco_route_entry, delete, "InvalidRouteEntry.NotFound")


class Describes(unittest.TestCase):
    def test_the_describes_the_console_uses_parse_into_the_models(self):
        sdk = client()
        gateways = sdk.describe_vpn_gateways(models.DescribeVpnGatewaysRequest(region_id=REGION))
        self.assertGreaterEqual(len(gateways.body.vpn_gateways.vpn_gateway), 3)
        connections = sdk.describe_vpn_connections(models.DescribeVpnConnectionsRequest(region_id=REGION, vpn_gateway_id=GATEWAY))
        self.assertGreaterEqual(connections.body.total_count, 2)
        pbr = sdk.describe_vpn_pbr_route_entries(models.DescribeVpnPbrRouteEntriesRequest(region_id=REGION, vpn_gateway_id=GATEWAY))
        self.assertIsInstance(pbr.body.vpn_pbr_route_entries.vpn_pbr_route_entry, list)


if __name__ == "__main__":
    if not ENDPOINT:
        sys.exit("VPNROUTE_ENDPOINT must be host:port of a running vpnroute serve")
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"# pass {result.testsRun - failed - len(result.skipped)}")
    print(f"# fail {failed + len(result.skipped)}")
    sys.exit(0 if failed == 0 and not result.skipped else 1)
