// A server a team shares, in headless Chromium: the console opens on its sign-in page, a
// viewer's plan apply is refused whole with the role it needs, an operator's is applied, and
// the audit page shows an operator their own records and an admin everyone's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, durableServerOfOwn, GATEWAY, CONNECTION, REGION } from './support.mjs';

const session = usePage();
const own = durableServerOfOwn(['--update-delay-ms', '0'], [['vera', 'viewer'], ['otto', 'operator'], ['ada', 'admin']]);

function planCsv(third) {
  return [
    'Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc',
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.140.${third}.0/24,${CONNECTION},100,true`,
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.141.${third}.0/24,${CONNECTION},100,true`,
  ].join('\n');
}

async function signIn(page, name) {
  await page.goto('about:blank');
  await page.goto(own.url);
  await page.locator('#sign-in-title').waitFor();
  await screenshot(page, 'sign-in');
  await page.fill('#sign-in-id', own.keys[name].id);
  await page.fill('#sign-in-secret', own.keys[name].secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.session-bar', { hasText: `Signed in as ${name}` }).waitFor();
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#sign-in-title').waitFor();
}

async function checkPlan(page, third) {
  await page.goto(`${own.url}#/plan`);
  await page.fill('#plan-text', planCsv(third));
  await page.click('#plan-check');
  await page.locator('#plan-apply', { hasText: 'Apply 2 request(s)' }).waitFor();
}

async function auditRows(page, person = '') {
  await page.goto(`${own.url}#/audit`);
  // A record's parameters have a row of their own below it.
  const records = 'table tbody tr:not(.parameters)';
  await page.locator(records).or(page.getByText('No record matches.')).first().waitFor();
  if (person) {
    await page.getByLabel('Person').fill(person);
    await page.getByLabel('Person').press('Tab');
    // The narrowed records replace the others once they arrive.
    await page.waitForFunction(([who, rows]) => [...document.querySelectorAll(`${rows} td:nth-child(2)`)]
      .every((cell) => cell.textContent === who), [person, records]);
  }
  return page.locator(records).evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    return { person: cells[1], action: cells[3], outcome: cells[5] };
  }));
}

test('the console opens on its sign-in page and a viewer cannot apply a plan', async () => {
  const { page } = session;
  await signIn(page, 'vera');
  assert.match(await page.textContent('.session-bar'), /vera \(viewer\)/);
  await checkPlan(page, 1);
  await page.click('#plan-apply');
  const refusal = page.locator('[role=alert]', { hasText: 'Nothing was sent: Forbidden.RAM' });
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /needs the role operator/);
  assert.equal(await page.locator('#plan-rows .row-state', { hasText: 'not sent' }).count(), 2);
  await screenshot(page, 'team-viewer-refused');
  await signOut(page);
});

test('an operator applies the plan and sees only their own audit records', async () => {
  const { page } = session;
  await signIn(page, 'otto');
  await checkPlan(page, 2);
  await page.click('#plan-apply');
  await page.locator('#plan-progress-text', { hasText: '2 of 2 answered (100%), 0 failed' }).waitFor({ timeout: 20_000 });
  assert.equal(await page.textContent('#apply-title'), `Apply 1 by otto`);
  const rows = await auditRows(page);
  assert.deepEqual(rows, [
    { person: 'otto', action: 'CreateVpnRouteEntry', outcome: 'OK' },
    { person: 'otto', action: 'CreateVpnRouteEntry', outcome: 'OK' },
  ]);
  await screenshot(page, 'team-operator-audit');
  await signOut(page);
});

test('an admin sees everyone\'s records, the refused ones included, and can narrow them', async () => {
  const { page } = session;
  await signIn(page, 'ada');
  const all = await auditRows(page);
  assert.deepEqual(all.map((r) => `${r.person} ${r.outcome}`), [
    'vera Forbidden.RAM', 'vera Forbidden.RAM', 'otto OK', 'otto OK',
  ]);
  const vera = await auditRows(page, 'vera');
  assert.deepEqual(vera.map((r) => r.person), ['vera', 'vera']);
  await screenshot(page, 'team-admin-audit');
  await signOut(page);
});
