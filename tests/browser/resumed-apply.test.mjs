// An apply that outlives its server, in headless Chromium: the server is killed (kill -9)
// while it applies a plan and started again on the same data. The page keeps following the
// apply, says it was resumed, and sees it finish; a reloaded page finds it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, durableServerOfOwn, GATEWAY, CONNECTION, REGION } from './support.mjs';

const session = usePage();
// Each write keeps the gateway updating for a second, so that the apply is still under way
// when the reloaded page looks for it.
const own = durableServerOfOwn(['--update-delay-ms', '1000']);
const ROWS = 10;

function planCsv() {
  const lines = ['Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc'];
  for (let i = 0; i < ROWS; i += 1) lines.push(`CreateVpnRouteEntry,${REGION},${GATEWAY},10.150.${i}.0/24,${CONNECTION},100,true`);
  return lines.join('\n');
}

async function answered(page) {
  const text = await page.textContent('#plan-progress-text');
  return Number(text.match(/(\d+) of/)[1]);
}

test('an apply cut off by kill -9 is resumed by the restarted server and followed to the end', async () => {
  const { page } = session;
  await page.goto(`${own.url}#/plan`);
  await page.fill('#plan-text', planCsv());
  await page.click('#plan-check');
  await page.locator('#plan-apply', { hasText: `Apply ${ROWS} request(s)` }).waitFor();
  await page.click('#plan-apply');
  await page.locator('#plan-progress-text', { hasText: new RegExp(`^ [2-4] of ${ROWS}`) }).waitFor({ timeout: 20_000 });
  await own.kill9();
  const before = await answered(page);
  assert.ok(before < ROWS, `killed before the end (${before} answered)`);
  await own.restart();

  await page.locator('#apply-resumed').waitFor({ timeout: 20_000 });
  await screenshot(page, 'apply-resumed');
  await page.reload();
  await page.locator('#apply-rows li').nth(ROWS - 1).waitFor({ timeout: 20_000 });
  assert.equal(await page.textContent('#apply-title'), 'Apply 1 by loopback');
  await page.locator('#plan-progress-text', { hasText: `${ROWS} of ${ROWS} answered (100%), 0 failed` }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#apply-rows li[data-state="done"]').count(), ROWS);
  await screenshot(page, 'apply-resumed-finished');
});
