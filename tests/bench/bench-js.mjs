// `cargo xtask bench-js`: the npm package against a straightforward JavaScript implementation
// of the same rules (ipaddr.js), in one Node process. Prints timings and ratios.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ipaddr from 'ipaddr.js';

const project = process.env.VPNROUTE_NPM_PROJECT;
if (!project) throw new Error('VPNROUTE_NPM_PROJECT must be a project with the packed vpnroute installed');
const vpnroute = createRequire(join(project, 'package.json'))('vpnroute');

// ---- The JavaScript reference: CreateVpnRouteEntry / CreateVpnPbrRouteEntry field rules ----
const shared = ipaddr.IPv4.parseCIDR('100.64.0.0/10');
const ID = { vpn: /^vpn-[a-z0-9]+$/, vco: /^vco-[a-z0-9]+$/ };
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

function cidr(text) {
  if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return null;
  try {
    const [address, length] = ipaddr.IPv4.parseCIDR(text);
    return { address, length, network: ipaddr.IPv4.networkAddressFromCIDR(text) };
  } catch {
    return null;
  }
}

function overlaps([a, alen], [b, blen]) {
  return a.match(b, blen) || b.match(a, alen);
}

function jsValidate(operation, p) {
  const out = [];
  const problem = (rule, field, code) => out.push({ rule, field, code });
  const policy = operation === 'CreateVpnPbrRouteEntry';
  const required = ['RegionId', 'VpnGatewayId', 'RouteDest', 'NextHop', 'Weight', 'PublishVpc', ...(policy ? ['RouteSource'] : [])];
  for (const field of required) if (p[field] === undefined || p[field] === '') problem('required-field-missing', field, `MissingParameter.${field}`);
  if (p.RegionId && !REGION.test(p.RegionId)) problem('region-id-format', 'RegionId', 'InvalidParameter.RegionId');
  if (p.VpnGatewayId && !ID.vpn.test(p.VpnGatewayId)) problem('vpn-gateway-id-malformed', 'VpnGatewayId', 'InvalidVpnGatewayInstanceId.NotFound');
  if (p.NextHop && !ID.vco.test(p.NextHop)) problem('next-hop-malformed', 'NextHop', 'InvalidNextHop.NotFound');
  for (const field of policy ? ['RouteSource', 'RouteDest'] : ['RouteDest']) {
    if (!p[field]) continue;
    const net = cidr(String(p[field]));
    if (!net) problem('cidr-malformed', field, 'InvalidCidrBlock.Malformed');
    else if (net.network.toString() !== net.address.toString()) problem('cidr-host-bits', field, 'InvalidCidrBlock.Malformed');
    else if (field === 'RouteDest' && net.length === 0) problem('route-dest-default-route', field, 'IllegalParam.RouteDest');
    else if (field === 'RouteDest' && overlaps([net.address, net.length], shared)) problem('route-dest-shared-address-space', field, 'OperationFailed.InvalidCidrBlock');
  }
  if (p.Weight !== undefined && String(p.Weight) !== '0' && String(p.Weight) !== '100') problem('weight-not-0-or-100', 'Weight', 'VpnRouteEntry.InvalidWeight');
  for (const field of ['PublishVpc', 'DryRun']) {
    if (p[field] !== undefined && !/^(true|false)$/i.test(String(p[field]))) problem('value-not-boolean', field, `InvalidParameter.${field}`);
  }
  if (policy && p.Priority !== undefined) {
    const n = Number(p.Priority);
    if (!/^\d+$/.test(String(p.Priority)) || n < 1 || n > 100) problem('integer-range', 'Priority', 'InvalidParameter.Priority');
  }
  if (p.Description !== undefined) {
    const d = String(p.Description);
    if ([...d].length > 100) problem('text-length', 'Description', 'InvalidParameter.Description');
    if (/^https?:\/\//i.test(d)) problem('text-url-prefix', 'Description', 'InvalidParameter.Description');
  }
  if (p.OverlayMode !== undefined && p.OverlayMode !== 'Ipsec') problem('value-not-allowed', 'OverlayMode', 'InvalidParameter.OverlayMode');
  if (p.ClientToken !== undefined && (!/^[\x00-\x7f]*$/.test(p.ClientToken) || p.ClientToken.length > 64)) problem('client-token-format', 'ClientToken', 'InvalidParameter.ClientToken');
  return out;
}

// The JavaScript policy-table check, as a competent engineer would write it for speed: each
// prefix compiled once to a pair of 32-bit integers, same-flow routes found through a Map,
// and overlaps looked for only among accepted routes of the same priority (only those can
// conflict). Duplicates, weight conflicts, same-priority overlaps.
function range(text) {
  const [address, length] = text.split('/');
  const value = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(length));
  const start = value - (value % size);
  return [start, start + size - 1];
}

function jsTable(routes) {
  const findings = [];
  const flows = new Map();
  const byPriority = new Map();
  for (const [i, r] of routes.entries()) {
    const [s0, s1] = range(r.RouteSource);
    const [d0, d1] = range(r.RouteDest);
    const flow = `${r.RouteSource}|${r.RouteDest}`;
    const sameFlow = flows.get(flow) ?? [];
    let verdict = null;
    if (sameFlow.some((a) => a.NextHop === r.NextHop)) verdict = 'policy-route-duplicate';
    else if (sameFlow.some((a) => a.Weight === r.Weight)) verdict = 'policy-route-weight-conflict';
    else {
      const peers = byPriority.get(r.Priority) ?? [];
      for (const a of peers) {
        if (a.flow !== flow && a.s0 <= s1 && s0 <= a.s1 && a.d0 <= d1 && d0 <= a.d1) {
          verdict = 'policy-route-priority-overlap';
          break;
        }
      }
    }
    if (verdict) {
      findings.push([i, verdict]);
      continue;
    }
    sameFlow.push(r);
    flows.set(flow, sameFlow);
    const peers = byPriority.get(r.Priority) ?? [];
    peers.push({ flow, s0, s1, d0, d1 });
    byPriority.set(r.Priority, peers);
  }
  return findings;
}

// ---- Inputs ----
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (items) => items[Math.floor(random() * items.length)];
const octet = () => Math.floor(random() * 256);

function request(i) {
  const policy = i % 2 === 1;
  const p = {
    RegionId: pick(['cn-hangzhou', 'ap-southeast-1', 'cn_hangzhou']),
    VpnGatewayId: pick(['vpn-bp1a3kqjiiq9legfx0001', 'vpn-bp1a3kqjiiq9legfx****']),
    RouteDest: pick([`10.${octet()}.${octet()}.0/24`, `10.${octet()}.0.1/16`, '100.64.1.0/24', '0.0.0.0/0', `172.16.${octet()}.0/24`]),
    NextHop: 'vco-bp15oes1py4i66rmd0001',
    Weight: pick([100, 0, 50]),
    PublishVpc: pick([true, 'True', 'yes']),
    Description: pick(['branch office', 'http://wiki', undefined]),
  };
  if (policy) {
    p.RouteSource = `192.168.${octet()}.0/24`;
    p.Priority = pick([10, 1, 0, 101]);
  }
  return [policy ? 'CreateVpnPbrRouteEntry' : 'CreateVpnRouteEntry', p];
}

function policyTable(n) {
  return Array.from({ length: n }, () => {
    const length = 16 + Math.floor(random() * 13);
    const prefix = (base, len) => {
      const value = (base | Math.floor(random() * 2 ** (32 - 8))) >>> 0;
      const masked = len === 0 ? 0 : (value & (0xffffffff << (32 - len))) >>> 0;
      return `${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${len}`;
    };
    return {
      Action: 'CreateVpnPbrRouteEntry',
      RegionId: 'cn-hangzhou',
      VpnGatewayId: 'vpn-bp1a3kqjiiq9legfx0001',
      RouteSource: prefix(10 << 24, length),
      RouteDest: prefix(172 << 24, 16 + Math.floor(random() * 13)),
      NextHop: `vco-conn${Math.floor(random() * 8)}`,
      Weight: random() < 0.8 ? 100 : 0,
      Priority: 1 + Math.floor(random() * 10),
      PublishVpc: true,
    };
  });
}

// One warm-up run, then the median of RUNS timed runs: on a shared machine a single run
// moved by 20% from one invocation to the next.
const RUNS = 5;

function time(label, run, runs = RUNS) {
  let result = run();
  const took = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = run();
    took.push(performance.now() - started);
  }
  took.sort((a, b) => a - b);
  const median = took[Math.floor(runs / 2)];
  const spread = runs > 1 ? `  (median of ${runs}; ${took[0].toFixed(1)} to ${took[runs - 1].toFixed(1)})` : '';
  console.log(`${label.padEnd(44)} ${median.toFixed(1).padStart(9)} ms${spread}`);
  return [median, result];
}

const requests = Array.from({ length: 100000 }, (_, i) => request(i));
const [wasmRequests, wasmFound] = time('vpnroute validate, 100,000 mixed requests', () => requests.reduce((n, [op, p]) => n + vpnroute.validate(op, p).length, 0));
const [jsRequests, jsFound] = time('JavaScript (ipaddr.js), same requests', () => requests.reduce((n, [op, p]) => n + jsValidate(op, p).length, 0));
console.log(`  diagnostics found: vpnroute ${wasmFound}, JavaScript ${jsFound}`);
// Both sides must find the same thing on every request, not only as many.
const findings = (list) => list.map((d) => `${d.rule} ${d.field} ${d.code}`).sort().join('\n');
requests.forEach(([op, p], i) => {
  const [ours, theirs] = [findings(vpnroute.validate(op, p)), findings(jsValidate(op, p))];
  if (ours !== theirs) throw new Error(`request ${i} (${op} ${JSON.stringify(p)}): vpnroute found\n${ours}\nJavaScript found\n${theirs}`);
});
console.log('  same rule, field and code on every request');

const table = policyTable(10000);
const quota = { quotas: { destinationRoutes: 1e9, policyRoutes: 1e9, connections: 1e9, vcoRoutes: 1e9, subnetsPerSide: 10 } };
const [wasmTable, wasmConflicts] = time('vpnroute checkPlan, 10,000 policy routes', () => vpnroute.checkPlan(table, quota).filter((f) => f.diagnostic.rule.startsWith('policy-route') && f.diagnostic.rule !== 'policy-route-shadowed').length);
const [jsTableTook, jsConflicts] = time('JavaScript, integers bucketed by priority', () => jsTable(table).length);
console.log(`  conflicts found: vpnroute ${wasmConflicts}, JavaScript ${jsConflicts}`);

const requestRatio = jsRequests / wasmRequests;
const tableRatio = jsTableTook / wasmTable;
console.log(`single requests: vpnroute is ${requestRatio.toFixed(2)}x the speed of JavaScript (goal: at least 1x): ${requestRatio >= 1 ? 'met' : 'NOT met'}`);
console.log(`table check: vpnroute is ${tableRatio.toFixed(1)}x the speed of the JavaScript table check (goal: at least 100x): ${tableRatio >= 100 ? 'met' : 'NOT met'}`);
