// The npm package as an app gets it: packed, installed from its tarball into a scratch
// project (VPNROUTE_NPM_PROJECT), and loaded through its package.json exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importInProject, load } from './project.mjs';

const vpnroute = load('vpnroute');

const valid = {
  RegionId: 'cn-hangzhou',
  VpnGatewayId: 'vpn-bp1a3kqjiiq9legfx0001',
  RouteDest: '10.0.0.0/24',
  NextHop: 'vco-bp15oes1py4i66rmd0001',
  Weight: 100,
  PublishVpc: true,
};

test('a valid CreateVpnRouteEntry request has no diagnostics', () => {
  assert.deepEqual(vpnroute.validate('CreateVpnRouteEntry', valid), []);
});

test('an ES module imports the same nodejs build by name, as `vpnroute` and `vpnroute/nodejs`', async () => {
  const { validate, nodejs } = await importInProject('esm-', `import { validate } from 'vpnroute';
import * as nodejs from 'vpnroute/nodejs';
export { validate, nodejs };
`);
  assert.deepEqual(validate('CreateVpnRouteEntry', valid), []);
  assert.deepEqual(validate('CreateVpnRouteEntry', { ...valid, Weight: 50 }).map((d) => [d.rule, d.field]), [['weight-not-0-or-100', 'Weight']]);
  assert.equal(validate, vpnroute.validate, '`import` and `require` share one instance of the nodejs build');
  assert.equal(nodejs.validate, vpnroute.validate);
});

test('each problem names its rule, field, API code and a fix', () => {
  const diagnostics = vpnroute.validate('CreateVpnRouteEntry', {
    ...valid,
    RouteDest: '100.64.1.0/24',
    Weight: '50',
    Description: 'http://wiki/route',
  });
  const byField = Object.fromEntries(diagnostics.map((d) => [d.field, d]));
  assert.equal(diagnostics.length, 3);
  assert.deepEqual(byField.RouteDest.code, 'OperationFailed.InvalidCidrBlock');
  assert.deepEqual(byField.Weight, {
    rule: 'weight-not-0-or-100',
    severity: 'error',
    field: 'Weight',
    code: 'VpnRouteEntry.InvalidWeight',
    message: byField.Weight.message,
    key: 'weight-not-0-or-100',
    args: { value: '50' },
    suggestion: '100',
  });
  assert.match(byField.Weight.message, /100 \(active\) or 0 \(standby\)/);
  assert.equal(byField.Description.rule, 'text-url-prefix');
  assert.equal(byField.Description.suggestion, 'wiki/route');
});

test('diagnostic texts arrive unchanged, short or long, ASCII or not', () => {
  const [short] = vpnroute.validate('CreateVpnRouteEntry', { ...valid, RegionId: 'cn_hé💥' });
  assert.equal(short.rule, 'region-id-format');
  assert.equal(short.field, 'RegionId');
  assert.ok(short.message.startsWith('"cn_hé💥" is not a region id'), short.message);
  // Over 125 UTF-16 units, a message's length crosses in decimal.
  const [long] = vpnroute.validate('CreateVpnRouteEntry', { ...valid, RouteDest: 'é'.repeat(200) });
  assert.deepEqual(long, {
    rule: 'cidr-malformed',
    severity: 'error',
    field: 'RouteDest',
    code: 'InvalidCidrBlock.Malformed',
    message: `"${'é'.repeat(60)}"... (200 characters) is not an IPv4 CIDR block such as 10.0.0.0/24.`,
    key: 'cidr-malformed',
    args: { value: `"${'é'.repeat(60)}"... (200 characters)` },
    suggestion: null,
  });
  assert.ok(long.message.length > 125);
});

test('{ lang: \'zh-CN\' } writes messages and field hints in Simplified Chinese', () => {
  const zh = { lang: 'zh-CN' };
  const request = { ...valid, Weight: 50, Description: 'http://wiki/route' };
  const english = vpnroute.validate('CreateVpnRouteEntry', request);
  const chinese = vpnroute.validate('CreateVpnRouteEntry', request, undefined, zh);
  assert.deepEqual(chinese.map((d) => [d.rule, d.field, d.code, d.key, d.args, d.suggestion]),
    english.map((d) => [d.rule, d.field, d.code, d.key, d.args, d.suggestion]), 'only the messages change');
  const weight = chinese.find((d) => d.field === 'Weight');
  assert.equal(weight.message, 'Weight（权重）为50；只能取100（主）或0（备）。');
  assert.match(chinese.find((d) => d.field === 'Description').message, /不能以http:\/\/开头/);
  // A browser's language tag is taken as it comes; what is not Simplified Chinese is English.
  assert.deepEqual(vpnroute.validate('CreateVpnRouteEntry', request, null, { lang: 'zh-Hans-CN' }), chinese);
  assert.deepEqual(vpnroute.validate('CreateVpnRouteEntry', request, null, { lang: 'fr-FR' }), english);
  assert.deepEqual(vpnroute.validate('CreateVpnRouteEntry', request, null, { lang: 'en' }), english);
  assert.deepEqual(vpnroute.validate('CreateVpnRouteEntry', request, null, {}), english);
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', request, null, { lang: 7 }), { message: /options.lang must be a string/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', request, null, 'zh-CN'), { message: /options must look like/ });

  const route = (hop) => ({ ...valid, NextHop: hop, Action: 'CreateVpnRouteEntry' });
  const [pairing] = vpnroute.checkPlan([route(valid.NextHop), route('vco-bp15oes1py4i66rmd0002')], null, zh);
  assert.equal(pairing.diagnostic.key, 'route-pairing');
  assert.equal(pairing.diagnostic.args.other, 'part.planned-route', 'a piece of the sentence is itself a key');
  assert.match(pairing.diagnostic.message, /与计划中的路由.*目的网段和权重都相同/);
  const hint = (lang) => vpnroute.operationFields('CreateVpnRouteEntry', { lang }).find((f) => f.name === 'NextHop').help;
  assert.match(hint('zh-CN'), /下一跳/);
  assert.match(hint('en'), /IPsec connection/);
});

test('gateway facts change severity: dual-tunnel gateways only warn on 100.64.0.0/10', () => {
  const [d] = vpnroute.validate('CreateVpnRouteEntry', { ...valid, RouteDest: '100.64.1.0/24' }, { tunnelMode: 'dual' });
  assert.equal(d.severity, 'warning');
});

test('bad arguments throw an Error with a clear message, never a wasm trap', () => {
  assert.throws(() => vpnroute.validate('CreateVpnRoute', valid), { name: 'Error', message: /not an operation vpnroute knows/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', 'RouteDest=1'), { message: /plain object/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', { RouteDest: { nested: 1 } }), { message: /RouteDest must be a string, number or boolean/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', valid, { tunnelMode: 'triple' }), { message: /tunnelMode/ });
});

test('rules and field metadata are listed', () => {
  const rules = vpnroute.listRules();
  assert.ok(rules.some((r) => r.id === 'weight-not-0-or-100' && r.code === 'VpnRouteEntry.InvalidWeight'));
  const fields = vpnroute.operationFields('CreateVpnRouteEntry');
  const weight = fields.find((f) => f.name === 'Weight');
  assert.equal(weight.required, true);
  assert.deepEqual(weight.kind, { type: 'oneOf', values: ['100', '0'] });
  assert.equal(fields.length, vpnroute.operationFields('CreateVpnRouteEntry').length);
});

test('checkPlan checks a batch against a snapshot and names both routes of a conflict', () => {
  const route = (dest, hop, weight) => ({ ...valid, RouteDest: dest, NextHop: hop, Weight: weight, Action: 'CreateVpnRouteEntry' });
  const snapshot = {
    gateways: [{ vpnGatewayId: valid.VpnGatewayId, connections: [valid.NextHop, 'vco-bp15oes1py4i66rmd0002'],
      destinationRoutes: [{ RouteDest: '10.0.0.0/24', NextHop: valid.NextHop, Weight: 100 }] }],
  };
  const findings = vpnroute.checkPlan([route('10.0.0.0/24', 'vco-bp15oes1py4i66rmd0002', 100), route('10.1.0.0/24', 'vco-unknown', 100)], snapshot);
  assert.deepEqual(findings.map((f) => [f.request, f.diagnostic.rule]), [[0, 'route-pairing'], [1, 'route-unknown-next-hop']]);
  assert.throws(() => vpnroute.checkPlan([{ RouteDest: '10.0.0.0/24' }]), { message: /request 1 has no Action/ });
  assert.throws(() => vpnroute.checkPlan('nope'), { message: /array/ });
  assert.throws(() => vpnroute.checkPlan([route('10.0.0.0/24', valid.NextHop, 100)], { gateways: 'x' }), { message: /snapshot must look like/ });
});

test('lookup explains which route a packet takes', () => {
  const table = {
    policyRoutes: [{ RouteSource: '10.0.0.0/8', RouteDest: '172.16.0.0/12', NextHop: 'vco-a', Weight: 100, Priority: 5 }],
    destinationRoutes: [{ RouteDest: '192.168.0.0/16', NextHop: 'vco-b', Weight: 100 }],
  };
  const viaPolicy = vpnroute.lookup(table, '10.1.1.1', '172.16.3.3');
  assert.equal(viaPolicy.kind, 'policy');
  assert.equal(viaPolicy.nextHop, 'vco-a');
  assert.equal(vpnroute.lookup(table, '1.1.1.1', '192.168.7.7').kind, 'destination');
  const none = vpnroute.lookup(table, '1.1.1.1', '8.8.8.8');
  assert.equal(none.kind, null);
  assert.match(none.reason, /not routed/);
  assert.throws(() => vpnroute.lookup(table, '10.1.1.1', '300.1.1.1'), { message: /not an IPv4 address/ });
});

test('buildRequest and operations', () => {
  const built = vpnroute.buildRequest('CreateVpnConnection', { RegionId: 'cn-hangzhou', 'TunnelOptionsSpecification.1.Role': 'master' });
  assert.equal(built.body, 'TunnelOptionsSpecification.1.Role=master');
  assert.deepEqual(vpnroute.operations(), ['CreateVpnRouteEntry', 'CreateVpnPbrRouteEntry', 'CreateVcoRouteEntry', 'DescribeVcoRouteEntries', 'CreateVpnConnection',
    'ModifyVpnRouteEntryWeight', 'ModifyVpnPbrRouteEntryWeight', 'ModifyVpnPbrRouteEntryPriority', 'ModifyVpnPbrRouteEntryAttribute', 'ModifyVcoRouteEntryWeight',
    'DeleteVpnRouteEntry', 'DeleteVpnPbrRouteEntry', 'DeleteVcoRouteEntry', 'PublishVpnRouteEntry']);
  const publish = vpnroute.buildRequest('PublishVpnRouteEntry', { RegionId: 'cn-hangzhou', VpnGatewayId: valid.VpnGatewayId, RouteType: 'dbr', PublishVpc: true });
  assert.equal(publish.body, '', 'the SDKs send these fields in the query');
  assert.match(publish.query, /RouteType=dbr/);
});

test('the lifecycle operations: validate names the fix, checkPlan chains rows through the table', () => {
  const gateway = valid.VpnGatewayId;
  const [active, standby] = [valid.NextHop, 'vco-bp15oes1py4i66rmd0002'];
  const name = { RegionId: 'cn-hangzhou', VpnGatewayId: gateway, RouteDest: '10.0.0.0/24' };
  assert.deepEqual(vpnroute.validate('ModifyVpnRouteEntryWeight', { ...name, NextHop: active, Weight: 100, NewWeight: 50 }).map((d) => [d.rule, d.field, d.suggestion]),
    [['weight-not-0-or-100', 'NewWeight', '100']]);
  assert.deepEqual(vpnroute.validate('ModifyVpnPbrRouteEntryAttribute', { ...name, RouteSource: '192.168.0.0/24', NextHop: active, Weight: 100, Priority: 10 }).map((d) => d.rule),
    ['attribute-nothing-to-change']);
  assert.deepEqual(vpnroute.validate('PublishVpnRouteEntry', { ...name, NextHop: active, RouteType: 'PBR', PublishVpc: true }).map((d) => [d.rule, d.severity, d.suggestion]),
    [['route-type-invalid', 'warning', 'pbr']]);
  assert.deepEqual(vpnroute.validate('DeleteVpnRouteEntry', { ...name, NextHop: active, Weight: 0, DryRun: true }).map((d) => [d.rule, d.severity]),
    [['dry-run-unsupported', 'warning']]);

  const snapshot = {
    gateways: [{ vpnGatewayId: gateway, connections: [active, standby],
      destinationRoutes: [{ RouteDest: '10.0.0.0/24', NextHop: active, Weight: 100 }, { RouteDest: '10.0.0.0/24', NextHop: standby, Weight: 0 }],
      published: [{ RouteType: 'dbr', RouteDest: '10.0.0.0/24', NextHop: active }] }],
  };
  const row = (Action, fields) => ({ Action, ...name, ...fields });
  const swap = [
    row('DeleteVpnRouteEntry', { NextHop: standby, Weight: 0 }),
    row('ModifyVpnRouteEntryWeight', { NextHop: active, Weight: 100, NewWeight: 0 }),
    row('CreateVpnRouteEntry', { NextHop: standby, Weight: 100, PublishVpc: true }),
  ];
  assert.deepEqual(vpnroute.checkPlan(swap, snapshot), [], 'the three-row swap is clean');
  const demote = vpnroute.checkPlan([swap[1]], snapshot);
  assert.deepEqual(demote.map((f) => [f.request, f.diagnostic.rule, f.diagnostic.code]), [[0, 'weight-change-in-pair', 'VpnRouteEntry.BackupRoute']]);
  assert.match(demote[0].diagnostic.suggestion, /delete the standby via vco-bp15oes1py4i66rmd0002/);
  const twice = vpnroute.checkPlan([swap[0], swap[0]], snapshot);
  assert.deepEqual(twice.map((f) => [f.request, f.diagnostic.rule]), [[1, 'route-not-found']]);
  assert.deepEqual(vpnroute.checkPlan([row('PublishVpnRouteEntry', { NextHop: active, RouteType: 'dbr', PublishVpc: true })], snapshot).map((f) => f.diagnostic.rule),
    ['publish-unchanged']);
});

