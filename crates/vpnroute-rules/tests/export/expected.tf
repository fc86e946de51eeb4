# The routes as the plan leaves them (written by vpnroute export), for the
# aliyun/alicloud provider 1.183.0 or later. Routes that exist already are
# imported (Terraform 1.5 or later), so that Terraform changes them rather than adding
# them again.
#
# The plan removes these routes. Terraform removes only what it manages: import one
# into a resource block and then delete the block for Terraform to remove it.
#   alicloud_vpn_gateway_vco_route vco-tr1:10.30.0.0/16:vco-tr1:100

import {
  to = alicloud_vpn_route_entry.vpn-gw1_vco-a_10_0_0_0_24
  id = "vpn-gw1:vco-a:10.0.0.0/24"
}

resource "alicloud_vpn_route_entry" "vpn-gw1_vco-a_10_0_0_0_24" {
  vpn_gateway_id = "vpn-gw1"
  route_dest     = "10.0.0.0/24"
  next_hop       = "vco-a"
  weight         = 0
  publish_vpc    = true
}

import {
  to = alicloud_vpn_route_entry.vpn-gw1_vco-a_10_1_0_0_24
  id = "vpn-gw1:vco-a:10.1.0.0/24"
}

resource "alicloud_vpn_route_entry" "vpn-gw1_vco-a_10_1_0_0_24" {
  vpn_gateway_id = "vpn-gw1"
  route_dest     = "10.1.0.0/24"
  next_hop       = "vco-a"
  weight         = 100
  publish_vpc    = true
}

import {
  to = alicloud_vpn_route_entry.vpn-gw1_vco-b_10_0_0_0_24
  id = "vpn-gw1:vco-b:10.0.0.0/24"
}

resource "alicloud_vpn_route_entry" "vpn-gw1_vco-b_10_0_0_0_24" {
  vpn_gateway_id = "vpn-gw1"
  route_dest     = "10.0.0.0/24"
  next_hop       = "vco-b"
  weight         = 100
  publish_vpc    = true
}

import {
  to = alicloud_vpn_pbr_route_entry.vpn-gw1_vco-a_192_168_1_0_24_172_16_0_0_16
  id = "vpn-gw1:vco-a:192.168.1.0/24:172.16.0.0/16"
}

resource "alicloud_vpn_pbr_route_entry" "vpn-gw1_vco-a_192_168_1_0_24_172_16_0_0_16" {
  # priority 5: the provider has no priority argument and creates at priority 10
  vpn_gateway_id = "vpn-gw1"
  route_source   = "192.168.1.0/24"
  route_dest     = "172.16.0.0/16"
  next_hop       = "vco-a"
  weight         = 100
  publish_vpc    = true
}

resource "alicloud_vpn_pbr_route_entry" "vpn-gw1_vco-b_192_168_2_0_24_172_17_0_0_16" {
  # priority 20: the provider has no priority argument and creates at priority 10
  vpn_gateway_id = "vpn-gw1"
  route_source   = "192.168.2.0/24"
  route_dest     = "172.17.0.0/16"
  next_hop       = "vco-b"
  weight         = 100
  publish_vpc    = false
}

import {
  to = alicloud_vpn_gateway_vco_route.vco-tr1_10_20_0_0_16_vco-tr1
  id = "vco-tr1:10.20.0.0/16:vco-tr1:100"
}

resource "alicloud_vpn_gateway_vco_route" "vco-tr1_10_20_0_0_16_vco-tr1" {
  vpn_connection_id = "vco-tr1"
  route_dest        = "10.20.0.0/16"
  next_hop          = "vco-tr1"
  weight            = 0
}

resource "alicloud_vpn_gateway_vco_route" "vco-tr1_10_21_0_0_16_vco-tr1" {
  vpn_connection_id = "vco-tr1"
  route_dest        = "10.21.0.0/16"
  next_hop          = "vco-tr1"
  weight            = 100
}
