#!/bin/sh
# The plan's rows as Alibaba Cloud CLI calls, in plan order (written by vpnroute export).
# After each write the script waits until its gateway or connection is ready again:
# the service refuses a change while the one before it is still being made.
set -e
aliyun vpc DeleteVpnRouteEntry --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteDest 10.0.0.0/24 --NextHop vco-b --Weight 0
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc ModifyVpnRouteEntryWeight --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteDest 10.0.0.0/24 --NextHop vco-a --Weight 100 --NewWeight 0
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc CreateVpnRouteEntry --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteDest 10.0.0.0/24 --NextHop vco-b --Weight 100 --PublishVpc true --Description 'branch '\''north'\'' office'
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc CreateVpnPbrRouteEntry --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteSource 192.168.2.0/24 --RouteDest 172.17.0.0/16 --NextHop vco-b --Weight 100 --Priority 20 --PublishVpc false
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc ModifyVpnPbrRouteEntryPriority --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteSource 192.168.1.0/24 --RouteDest 172.16.0.0/16 --NextHop vco-a --Weight 100 --Priority 10 --NewPriority 5
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc PublishVpnRouteEntry --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --RouteDest 10.1.0.0/24 --NextHop vco-a --RouteType dbr --PublishVpc true
aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-gw1 --waiter expr=Status to=active
aliyun vpc ModifyVcoRouteEntryWeight --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --RouteDest 10.20.0.0/16 --NextHop vco-tr1 --Weight 100 --NewWeight 0
aliyun vpc DescribeVpnConnection --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --waiter expr=Status to=attached
aliyun vpc DeleteVcoRouteEntry --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --RouteDest 10.30.0.0/16 --NextHop vco-tr1 --Weight 100
aliyun vpc DescribeVpnConnection --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --waiter expr=Status to=attached
aliyun vpc CreateVcoRouteEntry --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --RouteDest 10.21.0.0/16 --NextHop vco-tr1 --Weight 100
aliyun vpc DescribeVpnConnection --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --waiter expr=Status to=attached
aliyun vpc DescribeVcoRouteEntries --RegionId cn-hangzhou --VpnConnectionId vco-tr1 --RouteEntryType custom
