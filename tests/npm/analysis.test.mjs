// `vpnroute/analysis`, the package's second module: planImpact, failover and checkIntents, as an
// app gets them from the packed tarball (VPNROUTE_NPM_PROJECT), beside everything `vpnroute` has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importInProject, load } from './project.mjs';

const vpnroute = load('vpnroute');
const analysis = load('vpnroute/analysis');

const gateway = 'vpn-bp1a3kqjiiq9legfx0001';
const [active, standby] = ['vco-bp15oes1py4i66rmd0001', 'vco-bp15oes1py4i66rmd0002'];
const snapshot = {
  gateways: [{
    vpnGatewayId: gateway,
    connections: [active, standby],
    destinationRoutes: [
      { RouteDest: '172.16.0.0/12', NextHop: active, Weight: 100 },
      { RouteDest: '172.16.0.0/12', NextHop: standby, Weight: 0 },
    ],
  }],
};
const row = (Action, fields) => ({ Action, RegionId: 'cn-hangzhou', VpnGatewayId: gateway, RouteDest: '172.16.0.0/12', ...fields });
// The pair swapped: the standby becomes active.
const swap = [
  row('DeleteVpnRouteEntry', { NextHop: standby, Weight: 0 }),
  row('ModifyVpnRouteEntryWeight', { NextHop: active, Weight: 100, NewWeight: 0 }),
  row('CreateVpnRouteEntry', { NextHop: standby, Weight: 100, PublishVpc: true }),
];

test('the analysis module has every export of the main one, and the main one leaves the analysis out', () => {
  const names = (module) => Object.keys(module).filter((k) => typeof module[k] === 'function').sort();
  for (const name of names(vpnroute)) {
    assert.equal(typeof analysis[name], 'function', `vpnroute/analysis lacks ${name}`);
  }
  for (const name of ['planImpact', 'failover', 'checkIntents']) {
    assert.equal(typeof analysis[name], 'function');
    assert.equal(vpnroute[name], undefined, `${name} is in the main module`);
  }
  assert.deepEqual(analysis.checkPlan(swap, snapshot), vpnroute.checkPlan(swap, snapshot));
});

test('planImpact names the traffic a plan moves, and nothing for a plan that moves none', () => {
  const [impact] = analysis.planImpact(swap, snapshot);
  assert.deepEqual(impact.target, { kind: 'gateway', id: gateway });
  assert.deepEqual(impact.blocks.map((b) => [b.source, b.destination, b.before, b.after]), [[
    { first: '0.0.0.0', last: '255.255.255.255' },
    { first: '172.16.0.0', last: '172.31.255.255' },
    { kind: 'destination', route: '172.16.0.0/12', nextHop: active },
    { kind: 'destination', route: '172.16.0.0/12', nextHop: standby },
  ]]);
  assert.deepEqual(analysis.planImpact([], snapshot), []);
  assert.deepEqual(analysis.planImpact([row('DeleteVpnRouteEntry', { NextHop: standby, Weight: 0 })], snapshot), [],
    'deleting the standby moves nothing while the active is up');
});

test('failover names what the standby takes over and what stops being routed', () => {
  const report = analysis.failover(snapshot, gateway);
  const byConnection = Object.fromEntries(report.map((c) => [c.connection, c.blocks]));
  assert.deepEqual(byConnection[active].map((b) => [b.destination.first, b.destination.last, b.after.nextHop]),
    [['172.16.0.0', '172.31.255.255', standby]]);
  assert.deepEqual(byConnection[standby], [], 'nothing leaves through the standby');
  const alone = { gateways: [{ ...snapshot.gateways[0], destinationRoutes: snapshot.gateways[0].destinationRoutes.slice(0, 1) }] };
  const [unrouted] = analysis.failover(alone, gateway).find((c) => c.connection === active).blocks;
  assert.deepEqual(unrouted.after, { kind: 'destination', route: '172.16.0.0/12', nextHop: null },
    'without a standby the route still matches and its traffic goes nowhere');
  assert.throws(() => analysis.failover(snapshot, 'vpn-nosuch'), { message: /gatewayId: the snapshot holds no gateway "vpn-nosuch"; give one of its gateways\[\]\.vpnGatewayId/ });
});

test('checkIntents holds intents to the tables, after a plan and with each connection down', () => {
  const intents = [{ name: 'to HQ', gateway, to: '172.16.0.0/12', via: active, backup: standby }];
  assert.deepEqual(analysis.checkIntents(intents, snapshot), [], 'it holds today, and fails over');
  const broken = analysis.checkIntents(intents, snapshot, swap);
  assert.deepEqual(broken.map((f) => [f.intent, f.state, f.down, f.diagnostic.rule, f.diagnostic.severity]),
    [[0, 'afterPlan', null, 'intent-via', 'error']]);
  assert.match(broken[0].diagnostic.message, new RegExp(`to HQ: a packet from 0\\.0\\.0\\.0 to 172\\.16\\.0\\.0 leaves via ${standby}`));
  const never = analysis.checkIntents([{ gateway, never_via: standby }], snapshot);
  assert.deepEqual(never.map((f) => [f.state, f.down, f.diagnostic.rule]), [['current', active, 'intent-never-via']],
    'the standby carries it only while the active is down');
  assert.deepEqual(analysis.checkIntents([{ gateway, from: '10.0.0.0/8', routed: false }], { gateways: [] }), []);
});

test('bad arguments to the analysis throw an Error naming the argument and the fix', () => {
  const message = (f) => {
    try {
      f();
    } catch (error) {
      assert.ok(error instanceof Error);
      assert.doesNotMatch(error.message, /unreachable|panicked|RuntimeError/);
      return error.message;
    }
    assert.fail('no error');
  };
  assert.match(message(() => analysis.planImpact({ Action: 'DeleteVpnRouteEntry' }, snapshot)), /^vpnroute: requests must be an array/);
  assert.match(message(() => analysis.planImpact([{ RouteDest: '10.0.0.0/8' }], snapshot)), /request 1 has no Action/);
  assert.match(message(() => analysis.failover({ gateways: [{ vpnGatewayId: 7 }] }, gateway)), /snapshot must look like .*vpnGatewayId/);
  assert.match(message(() => analysis.failover(snapshot, 42)), /gatewayId must be a string/);
  assert.match(message(() => analysis.checkIntents([{ via: active }], snapshot)), /intents must look like .*gateway: required, but missing/);
  assert.match(message(() => analysis.checkIntents([{ gateway, to: '172.16.0.0/33', via: active }], snapshot)), /intents must look like .*: \[0\]\.to: "172\.16\.0\.0\/33" is not a CIDR block such as 10\.0\.0\.0\/24/);
  assert.match(message(() => analysis.checkIntents([{ gateway, via: active, never_via: standby }], snapshot)), /intents\[0\]: give exactly one of/);
});

test('an ES module imports the same analysis build as `vpnroute/analysis` and `vpnroute/analysis/nodejs`', async () => {
  const { failover, nodejs } = await importInProject('esm-analysis-', `import { failover } from 'vpnroute/analysis';
import * as nodejs from 'vpnroute/analysis/nodejs';
export { failover, nodejs };
`);
  assert.equal(failover, analysis.failover);
  assert.equal(nodejs.failover, analysis.failover);
});
