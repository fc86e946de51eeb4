// The built npm package, loaded the way a Node app loads it: through its package.json exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const packageDir = process.env.VPNROUTE_NPM_PACKAGE;
assert.ok(packageDir, 'VPNROUTE_NPM_PACKAGE must point at the built package (cargo xtask npm)');
const vpnroute = createRequire(import.meta.url)(packageDir);

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
    suggestion: '100',
  });
  assert.match(byField.Weight.message, /100 \(active\) or 0 \(standby\)/);
  assert.equal(byField.Description.rule, 'text-url-prefix');
  assert.equal(byField.Description.suggestion, 'wiki/route');
});

test('gateway facts change severity: dual-tunnel gateways only warn on 100.64.0.0/10', () => {
  const [d] = vpnroute.validate('CreateVpnRouteEntry', { ...valid, RouteDest: '100.64.1.0/24' }, { tunnelMode: 'dual' });
  assert.equal(d.severity, 'warning');
});

test('bad arguments throw an Error with a clear message, never a wasm trap', () => {
  assert.throws(() => vpnroute.validate('CreateVpnRoute', valid), { name: 'Error', message: /not an operation vpnroute knows/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', 'RouteDest=1'), { message: /plain object/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', { RouteDest: { nested: 1 } }), { message: /plain object/ });
  assert.throws(() => vpnroute.validate('CreateVpnRouteEntry', valid, { tunnelMode: 'triple' }), { message: /tunnelMode/ });
});

test('rules and field metadata are listed', () => {
  const rules = vpnroute.listRules();
  assert.ok(rules.some((r) => r.id === 'weight-not-0-or-100' && r.code === 'VpnRouteEntry.InvalidWeight'));
  const fields = vpnroute.operationFields('CreateVpnRouteEntry');
  const weight = fields.find((f) => f.name === 'Weight');
  assert.equal(weight.required, true);
  assert.deepEqual(weight.kind, { type: 'oneOf', values: ['100', '0'] });
});
