// Plan and apply by keyboard alone, on a server of this test's own (its writes leave the shared
// demo data alone): Tab from the top of the page to the plan's text, type a plan, Tab to
// "Check against the live tables" and press Enter, Tab to Apply and press Enter, until the
// progress reaches 100%. Every control the focus lands on shows it, and the check's result
// and the progress are live regions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, screenshot, durableServerOfOwn, REGION, GATEWAY, CONNECTION } from './support.mjs';

const session = usePage();
const own = durableServerOfOwn(['--update-delay-ms', '300']);

const PLAN = [
  'Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc',
  `CreateVpnRouteEntry,${REGION},${GATEWAY},10.150.0.0/24,${CONNECTION},100,true`,
  `CreateVpnRouteEntry,${REGION},${GATEWAY},10.151.0.0/24,${CONNECTION},100,true`,
].join('\n');

/** The focused element: its id (or tag and text), and whether an outline or a shadow shows it. */
function focused() {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    id: el.id,
    name: el.id || `${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 30)}"`,
    visible: outlined || style.boxShadow !== 'none',
    focusVisible: el.matches(':focus-visible'),
  };
}

/**
 * Presses Tab until the element with id `id` has the focus, checking on the way that every
 * control the focus lands on shows it. Returns how many presses it took.
 */
async function tabTo(page, id, most = 40) {
  for (let presses = 1; presses <= most; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(focused);
    assert.ok(now.focusVisible && now.visible, `the focus shows on ${now.name}`);
    if (now.id === id) return presses;
  }
  assert.fail(`#${id} not reached in ${most} presses of Tab`);
}

test('a plan is typed, checked and applied with the keyboard alone, to 100%', async () => {
  const { page } = session;
  await page.goto(`${own.url}#/plan`);
  await page.locator('#plan-text').waitFor();
  const toText = await tabTo(page, 'plan-text');
  console.log(`# the plan's text is ${toText} presses of Tab from the top of the page`);
  await page.keyboard.type(PLAN);
  assert.equal(await page.inputValue('#plan-text'), PLAN);

  const summary = page.locator('#plan-summary');
  assert.equal(await summary.getAttribute('role'), 'status', 'the check result is a live region');
  await tabTo(page, 'plan-check', 3);
  await page.keyboard.press('Enter');
  await summary.filter({ hasText: '2 request(s) checked: 0 with errors' }).waitFor();
  await page.locator('#plan-rows tbody tr').nth(1).waitFor();

  // The progress region is on the page before the apply starts, as live regions must be.
  const progress = page.locator('.progress[aria-live="polite"]');
  assert.equal(await progress.count(), 1);
  const region = await progress.elementHandle();
  await tabTo(page, 'plan-apply', 10);
  await screenshot(page, 'keyboard-apply-focused');
  await page.keyboard.press('Enter');
  await page.locator('#plan-progress-text', { hasText: '2 of 2 answered (100%), 0 failed' }).waitFor({ timeout: 30_000 });
  assert.ok(await region.evaluate((el) => el.isConnected && el.contains(document.querySelector('#plan-progress-text'))),
    'the progress is announced from the region that was there before');
  assert.equal(await page.locator('#plan-rows tr.done').count(), 2);
  await screenshot(page, 'keyboard-applied');
});
