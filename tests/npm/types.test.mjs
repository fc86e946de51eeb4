// The package's TypeScript declarations compile, and they are precise: wrong uses fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { project } from './project.mjs';

const tsc = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.bin', 'tsc');

const usage = `
import { validate, checkPlan, lookup, buildRequest, listRules, operationFields, operations } from 'vpnroute';
import type { Diagnostic, PlanFinding, Lookup, WireRequest, DestinationRoute, FieldSpec } from 'vpnroute';
import { planImpact, failover, checkIntents, validate as validateToo } from 'vpnroute/analysis';
import type { TargetImpact, ConnectionFailover, IntentFinding, Intent } from 'vpnroute/analysis';

const diagnostics: Diagnostic[] = validate('CreateVpnRouteEntry', { RouteDest: '10.0.0.0/24', Weight: 100, PublishVpc: true });
const withFacts: Diagnostic[] = validate('CreateVpnRouteEntry', {}, { tunnelMode: 'dual' });
const inChinese: Diagnostic[] = validate('CreateVpnRouteEntry', {}, null, { lang: 'zh-CN' });
const keyed: [string, string | undefined] = [inChinese[0].key, inChinese[0].args['value']];
const chineseFindings: PlanFinding[] = checkPlan([], undefined, { lang: 'zh-CN' });
const chineseFields: FieldSpec[] = operationFields('CreateVpnRouteEntry', { lang: 'zh-CN' });
console.log(keyed, chineseFindings.length, chineseFields.length);
const code: string | null = diagnostics.length > 0 ? diagnostics[0].code : null;
const findings: PlanFinding[] = checkPlan([{ Action: 'CreateVpnRouteEntry', RouteDest: '10.0.0.0/24' }]);
const route: Lookup = lookup({ destinationRoutes: [{ RouteDest: '10.0.0.0/8', NextHop: 'vco-a', Weight: 100 }] }, '1.1.1.1', '10.1.1.1');
const request: WireRequest = buildRequest('CreateVpnRouteEntry', {});
const fields: FieldSpec[] = operationFields('CreateVpnPbrRouteEntry');
const kinds: string[] = fields.map((f) => f.kind.type);
const count: number = listRules().length + operations().length + findings.length + withFacts.length + kinds.length;
console.log(code, route.reason, request.query, count);
const impact: TargetImpact[] = planImpact([{ Action: 'DeleteVpnRouteEntry', RouteDest: '10.0.0.0/24' }], { gateways: [] });
const hop: string | null = impact.length > 0 ? impact[0].blocks[0].after.nextHop : null;
const moved: ConnectionFailover[] = failover({ gateways: [{ vpnGatewayId: 'vpn-a' }] }, 'vpn-a');
const intent: Intent = { gateway: 'vpn-a', to: '10.0.0.0/8', via: 'vco-a' };
const broken: IntentFinding[] = checkIntents([intent], { gateways: [] }, [{ Action: 'DeleteVpnRouteEntry' }]);
const alsoHere: Diagnostic[] = validateToo('CreateVpnRouteEntry', {});
console.log(hop, moved.length, broken.map((f) => f.state), alsoHere.length);
// @ts-expect-error: an intent names its gateway
const noGateway: Intent = { via: 'vco-a' };
// @ts-expect-error: an intent's routed is only ever false
checkIntents([{ gateway: 'vpn-a', routed: true }], { gateways: [] });
console.log(noGateway);

// @ts-expect-error: a weight is 0 or 100
const badWeight: DestinationRoute = { RouteDest: '10.0.0.0/8', NextHop: 'vco-a', Weight: 50 };
// @ts-expect-error: the tunnel mode is 'single' or 'dual'
validate('CreateVpnRouteEntry', {}, { tunnelMode: 'triple' });
// @ts-expect-error: parameter values are strings, numbers or booleans
validate('CreateVpnRouteEntry', { IkeConfig: { Psk: 'x' } });
// @ts-expect-error: a diagnostic has no 'level'
diagnostics[0].level;
// @ts-expect-error: the languages are 'en' and 'zh-CN'
validate('CreateVpnRouteEntry', {}, null, { lang: 'de' });
console.log(badWeight);
`;

test('the declarations type-check a real use and reject wrong ones', () => {
  const dir = mkdtempSync(join(project, 'ts-'));
  writeFileSync(join(dir, 'usage.ts'), usage);
  const result = spawnSync(
    tsc,
    ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', '', join(dir, 'usage.ts')],
    { cwd: project, encoding: 'utf8' },
  );
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
