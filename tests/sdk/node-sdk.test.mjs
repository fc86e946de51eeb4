// The official Node SDK (@alicloud/vpc20160428) against `vpnroute serve` (VPNROUTE_ENDPOINT,
// host:port, an emulator with the demo data and no update delay), unchanged, with both
// signature algorithms: answers parse into the SDK's models, refusals arrive as ClientError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Vpc = require('@alicloud/vpc20160428');
const core = require('@alicloud/openapi-core');
const Client = Vpc.default;

const endpoint = process.env.VPNROUTE_ENDPOINT;
assert.ok(endpoint, 'VPNROUTE_ENDPOINT must be host:port of a running vpnroute serve');

const REGION = 'cn-hangzhou';
const GATEWAY = 'vpn-bp1a3kqjiiq9legfx0001';
const CONNECTION = 'vco-bp15oes1py4i66rmd0001';
const DUAL_GATEWAY = 'vpn-bp1demo0dualtunnel0002';
const TR_CONNECTION = 'vco-bp1demo0transit0000005';
const CUSTOMER_GATEWAYS = ['cgw-bp1demo0branch0000001', 'cgw-bp1demo0branch0000002'];

function client(signatureAlgorithm, secret = 'testsecret') {
  return new Client(new core.$OpenApiUtil.Config({
    accessKeyId: 'testid',
    accessKeySecret: secret,
    endpoint,
    protocol: 'http',
    regionId: REGION,
    ...(signatureAlgorithm ? { signatureAlgorithm } : {}),
  }));
}

async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call was expected to be refused');
}

// Each algorithm works on its own addresses, so the two runs do not collide.
for (const [name, algorithm, octet] of [['ACS3-HMAC-SHA256', undefined, 61], ['HMAC-SHA1', 'v2', 62]]) {
  test(`${name}: CreateVpnRouteEntry answers into the SDK model; a duplicate is a ClientError`, async () => {
    const sdk = client(algorithm);
    const request = new Vpc.CreateVpnRouteEntryRequest({
      regionId: REGION, vpnGatewayId: GATEWAY, routeDest: `10.${octet}.0.0/16`,
      nextHop: CONNECTION, weight: 100, publishVpc: true, description: 'node sdk + spaces * star',
    });
    const response = await sdk.createVpnRouteEntry(request);
    assert.equal(response.statusCode, 200);
    assert.ok(response.body instanceof Vpc.CreateVpnRouteEntryResponseBody);
    assert.equal(response.body.routeDest, `10.${octet}.0.0/16`);
    assert.equal(response.body.weight, 100);
    assert.equal(response.body.description, 'node sdk + spaces * star');
    assert.equal(response.body.requestId.length, 36);

    const error = await refusal(sdk.createVpnRouteEntry(request));
    assert.ok(error instanceof core.ClientError, error.constructor.name);
    assert.equal(error.code, 'VpnRouteEntry.AlreadyExists');
    assert.equal(error.statusCode, 400);
    assert.ok(error.data.Recommend, 'Recommend is reachable through data');
  });

  test(`${name}: CreateVpnPbrRouteEntry, with DryRun first`, async () => {
    const sdk = client(algorithm);
    const fields = {
      regionId: REGION, vpnGatewayId: GATEWAY, routeSource: `10.${octet}.1.0/24`, routeDest: '192.168.77.0/24',
      nextHop: CONNECTION, weight: 100, priority: octet - 40, publishVpc: false,
    };
    const dry = await refusal(sdk.createVpnPbrRouteEntry(new Vpc.CreateVpnPbrRouteEntryRequest({ ...fields, dryRun: true })));
    assert.equal(dry.code, 'DryRunOperation');
    const response = await sdk.createVpnPbrRouteEntry(new Vpc.CreateVpnPbrRouteEntryRequest(fields));
    assert.equal(response.body.priority, octet - 40);
    assert.equal(response.body.routeSource, `10.${octet}.1.0/24`);
    assert.equal(response.body.state, 'normal');
  });

  test(`${name}: CreateVcoRouteEntry and DescribeVcoRouteEntries with bare arrays`, async () => {
    const sdk = client(algorithm);
    const created = await sdk.createVcoRouteEntry(new Vpc.CreateVcoRouteEntryRequest({
      regionId: REGION, vpnConnectionId: TR_CONNECTION, routeDest: `172.${octet}.0.0/16`,
      nextHop: TR_CONNECTION, weight: 100, overlayMode: 'Ipsec',
    }));
    assert.equal(created.body.vpnConnectionId, TR_CONNECTION);
    const listed = await sdk.describeVcoRouteEntries(new Vpc.DescribeVcoRouteEntriesRequest({
      regionId: REGION, vpnConnectionId: TR_CONNECTION, routeEntryType: 'custom', pageNumber: 1, pageSize: 50,
    }));
    assert.ok(Array.isArray(listed.body.vcoRouteEntries));
    assert.ok(listed.body.vcoRouteEntries.some((r) => r.routeDest === `172.${octet}.0.0/16` && r.weight === 100));
    assert.equal(typeof listed.body.totalCount, 'number');

    const bad = await refusal(sdk.describeVcoRouteEntries(new Vpc.DescribeVcoRouteEntriesRequest({
      regionId: REGION, vpnConnectionId: TR_CONNECTION, routeEntryType: 'Custom',
    })));
    assert.ok(bad instanceof core.ClientError);
    assert.match(bad.message, /RouteEntryType/);
  });

  test(`${name}: CreateVpnConnection, single-tunnel with JSON configs and dual-tunnel with a form body`, async () => {
    const sdk = client(algorithm);
    const single = await sdk.createVpnConnection(new Vpc.CreateVpnConnectionRequest({
      regionId: REGION, vpnGatewayId: GATEWAY, customerGatewayId: CUSTOMER_GATEWAYS[0],
      localSubnet: `10.${octet}.0.0/16`, remoteSubnet: `192.168.${octet}.0/24`, name: `node-${octet}`,
      ikeConfig: JSON.stringify({ Psk: 'secret123', IkeVersion: 'ikev2', IkeLifetime: 86400 }),
      ipsecConfig: JSON.stringify({ IpsecPfs: 'group14', IpsecLifetime: '3600' }),
      tags: [new Vpc.CreateVpnConnectionRequestTags({ key: 'env', value: 'test' })],
    }));
    assert.match(single.body.vpnConnectionId, /^vco-/);
    assert.equal(single.body.name, `node-${octet}`);
    assert.equal(typeof single.body.createTime, 'number');

    const tunnel = (customerGatewayId, role, cidr) => new Vpc.CreateVpnConnectionRequestTunnelOptionsSpecification({
      customerGatewayId, role, enableDpd: true, enableNatTraversal: true,
      tunnelIkeConfig: new Vpc.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelIkeConfig({ psk: 'secret123', ikeVersion: 'ikev2' }),
      tunnelBgpConfig: new Vpc.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelBgpConfig({ localAsn: 65530, tunnelCidr: cidr }),
    });
    const dual = await sdk.createVpnConnection(new Vpc.CreateVpnConnectionRequest({
      regionId: REGION, vpnGatewayId: DUAL_GATEWAY, localSubnet: `10.${octet}.0.0/16`, remoteSubnet: `192.168.${octet}.0/24`,
      tunnelOptionsSpecification: [
        tunnel(CUSTOMER_GATEWAYS[0], 'master', `169.254.${octet}.0/30`),
        tunnel(CUSTOMER_GATEWAYS[1], 'slave', `169.254.${octet}.4/30`),
      ],
    }));
    assert.match(dual.body.vpnConnectionId, /^vco-/);
  });
}

test('a wrong secret is a ClientError SignatureDoesNotMatch, for both algorithms', async () => {
  for (const algorithm of [undefined, 'v2']) {
    const error = await refusal(client(algorithm, 'wrong').describeVcoRouteEntries(new Vpc.DescribeVcoRouteEntriesRequest({
      regionId: REGION, vpnConnectionId: TR_CONNECTION,
    })));
    assert.ok(error instanceof core.ClientError);
    assert.equal(error.code, 'SignatureDoesNotMatch');
  }
});

test('the describes the console uses parse into the SDK models', async () => {
  const sdk = client();
  const gateways = await sdk.describeVpnGateways(new Vpc.DescribeVpnGatewaysRequest({ regionId: REGION }));
  assert.ok(gateways.body.vpnGateways.vpnGateway.length >= 3);
  const connection = await sdk.describeVpnConnection(new Vpc.DescribeVpnConnectionRequest({
    regionId: REGION, vpnConnectionId: 'vco-bp1demo0dualtunnel0003',
  }));
  assert.equal(connection.body.tunnelOptionsSpecification.tunnelOptions.length, 2);
  const routes = await sdk.describeVpnRouteEntries(new Vpc.DescribeVpnRouteEntriesRequest({ regionId: REGION, vpnGatewayId: GATEWAY }));
  assert.ok(routes.body.vpnRouteEntries.vpnRouteEntry.some((r) => r.routeDest === '10.61.0.0/16'));
  const customers = await sdk.describeCustomerGateways(new Vpc.DescribeCustomerGatewaysRequest({ regionId: REGION }));
  assert.equal(customers.body.customerGateways.customerGateway[0].asn, 65001);
  await sdk.deleteVpnRouteEntry(new Vpc.DeleteVpnRouteEntryRequest({
    regionId: REGION, vpnGatewayId: GATEWAY, routeDest: '10.61.0.0/16', nextHop: CONNECTION, weight: 100,
  }));
});

const STANDBY = 'vco-bp15oes1py4i66rmd0002';

async function refusedWith(promise, code) {
  const error = await refusal(promise);
  assert.ok(error instanceof core.ClientError, error.constructor.name);
  assert.equal(error.code, code);
}

test('destination routes: a swap in three rows and a withdrawal, each answer in its model, one refusal each', async () => {
  const sdk = client();
  const name = { regionId: REGION, vpnGatewayId: GATEWAY, routeDest: '10.66.0.0/24' };
  for (const [nextHop, weight] of [[CONNECTION, 100], [STANDBY, 0]]) {
    await sdk.createVpnRouteEntry(new Vpc.CreateVpnRouteEntryRequest({ ...name, nextHop, weight, publishVpc: true }));
  }
  const demote = new Vpc.ModifyVpnRouteEntryWeightRequest({ ...name, nextHop: CONNECTION, weight: 100, newWeight: 0 });
  await refusedWith(sdk.modifyVpnRouteEntryWeight(demote), 'VpnRouteEntry.BackupRoute');
  const remove = new Vpc.DeleteVpnRouteEntryRequest({ ...name, nextHop: STANDBY, weight: 0 });
  const deleted = await sdk.deleteVpnRouteEntry(remove);
  assert.ok(deleted.body instanceof Vpc.DeleteVpnRouteEntryResponseBody);
  assert.equal(deleted.body.requestId.length, 36);
  await refusedWith(sdk.deleteVpnRouteEntry(remove), 'InvalidRouteEntry.NotFound');
  assert.ok((await sdk.modifyVpnRouteEntryWeight(demote)).body instanceof Vpc.ModifyVpnRouteEntryWeightResponseBody);
  await sdk.createVpnRouteEntry(new Vpc.CreateVpnRouteEntryRequest({ ...name, nextHop: STANDBY, weight: 100, publishVpc: true }));
  const withdraw = new Vpc.PublishVpnRouteEntryRequest({ ...name, nextHop: CONNECTION, routeType: 'dbr', publishVpc: false });
  assert.ok((await sdk.publishVpnRouteEntry(withdraw)).body instanceof Vpc.PublishVpnRouteEntryResponseBody);
  await refusedWith(sdk.publishVpnRouteEntry(new Vpc.PublishVpnRouteEntryRequest({ ...name, nextHop: 'vco-nosuchroute', routeType: 'dbr', publishVpc: true })), 'InvalidRouteEntry.NotFound');
  const routes = await sdk.describeVpnRouteEntries(new Vpc.DescribeVpnRouteEntriesRequest({ regionId: REGION, vpnGatewayId: GATEWAY, pageSize: 50 }));
  const pair = routes.body.vpnRouteEntries.vpnRouteEntry.filter((r) => r.routeDest === '10.66.0.0/24')
    .map((r) => [r.nextHop, r.weight, r.state]).sort();
  assert.deepEqual(pair, [[CONNECTION, 0, 'normal'], [STANDBY, 100, 'published']], 'the pair is swapped');
});

test('policy routes: priority, weight and both change, then the route goes; one refusal each', async () => {
  const sdk = client();
  const name = { regionId: REGION, vpnGatewayId: GATEWAY, routeSource: '192.168.66.0/24', routeDest: '10.66.0.0/24', nextHop: CONNECTION };
  await sdk.createVpnPbrRouteEntry(new Vpc.CreateVpnPbrRouteEntryRequest({ ...name, weight: 100, priority: 40, publishVpc: false }));
  const priority = new Vpc.ModifyVpnPbrRouteEntryPriorityRequest({ ...name, weight: 100, priority: 40, newPriority: 41 });
  assert.ok((await sdk.modifyVpnPbrRouteEntryPriority(priority)).body instanceof Vpc.ModifyVpnPbrRouteEntryPriorityResponseBody);
  await refusedWith(sdk.modifyVpnPbrRouteEntryPriority(priority), 'InvalidParameter.Priority');
  const weight = new Vpc.ModifyVpnPbrRouteEntryWeightRequest({ ...name, weight: 100, priority: 41, newWeight: 0 });
  assert.ok((await sdk.modifyVpnPbrRouteEntryWeight(weight)).body instanceof Vpc.ModifyVpnPbrRouteEntryWeightResponseBody);
  await refusedWith(sdk.modifyVpnPbrRouteEntryWeight(weight), 'InvalidRouteEntry.NotFound');
  await refusedWith(sdk.modifyVpnPbrRouteEntryAttribute(new Vpc.ModifyVpnPbrRouteEntryAttributeRequest({ ...name, weight: 0, priority: 41 })), 'MissingParameter.NewPriority');
  const both = new Vpc.ModifyVpnPbrRouteEntryAttributeRequest({ ...name, weight: 0, priority: 41, newWeight: 100, newPriority: 42 });
  assert.ok((await sdk.modifyVpnPbrRouteEntryAttribute(both)).body instanceof Vpc.ModifyVpnPbrRouteEntryAttributeResponseBody);
  const remove = new Vpc.DeleteVpnPbrRouteEntryRequest({ ...name, weight: 100, priority: 42 });
  assert.ok((await sdk.deleteVpnPbrRouteEntry(remove)).body instanceof Vpc.DeleteVpnPbrRouteEntryResponseBody);
  await refusedWith(sdk.deleteVpnPbrRouteEntry(remove), 'InvalidRouteEntry.NotFound');
});

test('vco routes: weight changes, then the route goes; one refusal each', async () => {
  const sdk = client();
  const name = { regionId: REGION, vpnConnectionId: TR_CONNECTION, routeDest: '172.66.0.0/16', nextHop: TR_CONNECTION };
  await sdk.createVcoRouteEntry(new Vpc.CreateVcoRouteEntryRequest({ ...name, weight: 100 }));
  const change = new Vpc.ModifyVcoRouteEntryWeightRequest({ ...name, weight: 100, newWeight: 0 });
  assert.ok((await sdk.modifyVcoRouteEntryWeight(change)).body instanceof Vpc.ModifyVcoRouteEntryWeightResponseBody);
  await refusedWith(sdk.modifyVcoRouteEntryWeight(change), 'InvalidRouteEntry.NotFound');
  const remove = new Vpc.DeleteVcoRouteEntryRequest({ ...name, weight: 0 });
  assert.ok((await sdk.deleteVcoRouteEntry(remove)).body instanceof Vpc.DeleteVcoRouteEntryResponseBody);
  await refusedWith(sdk.deleteVcoRouteEntry(remove), 'InvalidRouteEntry.NotFound');
});
