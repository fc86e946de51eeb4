// Bad input never traps the wasm or panics: it gives diagnostics or a thrown Error with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './project.mjs';

const vpnroute = load('vpnroute');

const valid = {
  RegionId: 'cn-hangzhou', VpnGatewayId: 'vpn-bp1a3kqjiiq9legfx0001', RouteDest: '10.0.0.0/24',
  NextHop: 'vco-bp15oes1py4i66rmd0001', Weight: 100, PublishVpc: true,
};

/** Calls `f` and returns its result, or the message of the Error it threw (anything else fails). */
function outcome(f) {
  try {
    return f();
  } catch (error) {
    assert.ok(error instanceof Error, `threw a non-Error: ${error}`);
    assert.match(error.message, /^vpnroute: /);
    assert.doesNotMatch(error.message, /unreachable|panicked|RuntimeError/);
    return error.message;
  }
}

test('wrong types are refused with a message naming the argument', () => {
  for (const params of [null, undefined, 42, 'RouteDest=10.0.0.0/24', [], [valid], () => 1]) {
    assert.match(outcome(() => vpnroute.validate('CreateVpnRouteEntry', params)), /params must be a plain object/);
  }
  assert.match(outcome(() => vpnroute.validate('CreateVpnRouteEntry', { Weight: Symbol('x') })), /Weight must be a string, number or boolean/);
  assert.match(outcome(() => vpnroute.validate('CreateVpnRouteEntry', { Weight: 10n })), /Weight must be a string, number or boolean/);
  assert.match(outcome(() => vpnroute.validate(42, valid)), /operation must be a string/);
  assert.match(outcome(() => vpnroute.validate("Nope", valid)), /not an operation vpnroute knows/);
  assert.match(outcome(() => vpnroute.validate('CreateVpnRouteEntry', valid, 'dual')), /gateway must look like/);
  assert.match(outcome(() => vpnroute.checkPlan({ Action: 'CreateVpnRouteEntry' })), /array/);
  assert.match(outcome(() => vpnroute.checkPlan([null])), /request 1 must be a plain object/);
  assert.match(outcome(() => vpnroute.lookup(null, '1.1.1.1', '2.2.2.2')), /table must look like/);
  assert.match(outcome(() => vpnroute.lookup({ destinationRoutes: [{ RouteDest: 'x' }] }, '1.1.1.1', '2.2.2.2')), /table must look like/);
  assert.match(outcome(() => vpnroute.lookup({}, 'one', '2.2.2.2')), /source "one" is not an IPv4 address/);
  assert.match(outcome(() => vpnroute.lookup({}, 7, '2.2.2.2')), /source must be a string/);
  assert.match(outcome(() => vpnroute.operationFields({})), /operation must be a string/);
  assert.match(outcome(() => vpnroute.buildRequest('Nope', {})), /not an operation/);
  assert.match(outcome(() => vpnroute.operationFields('')), /not an operation/);
});

test('missing fields and garbage strings give diagnostics, not errors', () => {
  const empty = vpnroute.validate('CreateVpnConnection', {});
  assert.ok(empty.some((d) => d.rule === 'required-field-missing' && d.field === 'LocalSubnet'));
  const garbage = vpnroute.validate('CreateVpnConnection', {
    ...valid, LocalSubnet: '\u0000\uffff', RemoteSubnet: '💥', IkeConfig: '{"Psk":', BgpConfig: '[]', 'Tags.x.Key': '', 'TunnelOptionsSpecification.1.': 'x',
  });
  for (const rule of ['subnet-malformed', 'json-malformed', 'unknown-field']) {
    assert.ok(garbage.some((d) => d.rule === rule), `${rule} missing`);
  }
  for (const d of garbage) {
    assert.equal(typeof d.message, 'string');
    assert.ok(['error', 'warning'].includes(d.severity));
  }
});

test('huge inputs are checked, not trapped', () => {
  const long = vpnroute.validate('CreateVpnRouteEntry', { ...valid, Description: 'd'.repeat(1 << 20), RouteDest: '1'.repeat(100000) });
  assert.deepEqual(long.map((d) => d.rule).sort(), ['cidr-malformed', 'text-length']);
  assert.ok(long.every((d) => d.message.length < 500), 'messages do not echo megabytes');
  // Too long for the first buffer, with params that are not an object: refused by name.
  assert.throws(() => vpnroute.validate('x'.repeat(100000), null), /^Error: vpnroute: "x{60}"\.\.\. \(100000 characters\) is not an operation vpnroute knows/);
  assert.throws(() => vpnroute.lookup({}, '1'.repeat(100000), '2.2.2.2'), /^Error: vpnroute: source "1{60}"\.\.\. \(100000 characters\) is not an IPv4 address$/);
  const manyKeys = Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`Unknown${i}`, i]));
  assert.equal(vpnroute.validate('CreateVpnRouteEntry', { ...valid, ...manyKeys }).length, 10000);
  const plan = Array.from({ length: 3000 }, (_, i) => ({ Action: 'CreateVpnRouteEntry', ...valid, RouteDest: `10.${i >> 8}.${i & 255}.0/24` }));
  const findings = vpnroute.checkPlan(plan);
  assert.equal(findings.filter((f) => f.diagnostic.rule === 'route-quota').length, 3000 - 20);
});

test('structured inputs are refused with the path of the bad value and what would do', () => {
  const policy = { RouteSource: '10.0.0.0/8', RouteDest: '172.16.0.0/12', NextHop: 'vco-a', Weight: 100, Priority: 1 };
  const quotas = { destinationRoutes: 20, policyRoutes: 20, connections: 10, vcoRoutes: 20, subnetsPerSide: 10 };
  const snapshot = (s) => outcome(() => vpnroute.checkPlan([], s));
  const table = (t) => outcome(() => vpnroute.lookup(t, '10.1.1.1', '172.16.1.1'));
  assert.match(
    snapshot({ gateways: [{}, { policyRoutes: [policy, { ...policy, RouteDest: '10.0.0.0/33' }] }] }),
    /^vpnroute: snapshot must look like \{.*\}: gateways\[1\]\.policyRoutes\[1\]\.RouteDest: "10\.0\.0\.0\/33" is not a CIDR block such as 10\.0\.0\.0\/24$/,
  );
  assert.match(snapshot({ quotas: { destinationRoutes: 1 } }), /: quotas\.policyRoutes: required, but missing$/);
  for (const [connections, found] of [[-1, '-1'], [1.5, '1.5'], [1e300, '1e\\+300'], ['3', '"3"']]) {
    assert.match(snapshot({ quotas: { ...quotas, connections } }), new RegExp(`: quotas\\.connections: expected a whole number from 0 to \\d+, found ${found}$`));
  }
  assert.match(table({ destinationRoutes: [{ RouteDest: '10.0.0.0/8', NextHop: 'vco-a', Weight: 50 }] }), /: destinationRoutes\[0\]\.Weight: expected 100 \(active\) or 0 \(standby\), found 50$/);
  assert.match(table({ policyRoutes: [{ ...policy, Priority: 256 }] }), /: policyRoutes\[0\]\.Priority: expected a whole number from 0 to 255, found 256$/);
  assert.match(outcome(() => vpnroute.validate('CreateVpnRouteEntry', valid, { tunnelMode: 'Dual' })), /gateway must look like .*: tunnelMode: expected "single" or "dual", found "Dual"$/);
  assert.match(outcome(() => vpnroute.lookup({}, '1.1.1.1', '2.2.2.2', ['vco-a', 7])), /down must look like string\[\]: \[1\]: expected a string, found 7$/);
  const long = table({ destinationRoutes: [{ RouteDest: '1'.repeat(100000), NextHop: 'vco-a', Weight: 100 }] });
  assert.ok(long.length < 500, 'messages do not echo megabytes');
});

test('values JSON cannot hold are refused by their path; undefined and unknown keys are left out', () => {
  const snapshot = (s) => outcome(() => vpnroute.checkPlan([], s));
  assert.match(snapshot({ gateways: [{ vpnGatewayId: () => 1 }] }), /: gateways\[0\]\.vpnGatewayId: expected JSON data, found a function$/);
  assert.match(snapshot({ gateways: [{ connections: ['vco-a', Symbol('x')] }] }), /: gateways\[0\]\.connections\[1\]: expected JSON data, found a symbol$/);
  assert.match(snapshot({ quotas: { connections: 10n } }), /: quotas\.connections: expected JSON data, found a BigInt$/);
  assert.match(outcome(() => vpnroute.lookup({}, '1.1.1.1', '2.2.2.2', [() => 1])), /down must look like string\[\]: \[0\]: expected JSON data, found a function$/);
  const cyclic = { gateways: [] };
  cyclic.self = cyclic;
  assert.match(snapshot(cyclic), /snapshot must look like .*circular/);
  assert.match(snapshot({ get gateways() { throw new Error('unreadable'); } }), /snapshot must look like .*: unreadable$/);
  assert.match(snapshot({ gateways: [{ vpnGatewayId: 'vpn-\ud800' }] }), /: gateways\[0\]\.vpnGatewayId: the string holds a lone UTF-16 surrogate, which is not text$/);
  assert.match(snapshot(new Date(0)), /: expected an object, found "1970-01-01T00:00:00.000Z"$/);
  assert.deepEqual(snapshot({ gateways: undefined, notes: { any: [1, 'x', null, { deep: true }] }, extra: '\ud800' }), []);
  assert.deepEqual(snapshot({ gateways: [{ vpnGatewayId: 'vpn-a', facts: { tunnelMode: null, shangmi: undefined } }] }), []);
});
