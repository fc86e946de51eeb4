// The console in Simplified Chinese, in headless Chromium: the language chosen with the switch
// and remembered across a reload, then every page once, with the console's own words and the
// engine's (diagnostics, field hints, code explanations, findings) in Chinese while ids, field
// names and operation names stay as the API writes them. A screenshot per page, named with
// its language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, usePage, screenshot, input, field, diagnostic, durableServerOfOwn,
  REGION, GATEWAY, CONNECTION, DUAL_GATEWAY, DUAL_CONNECTION, CUSTOMER_GATEWAYS,
} from './support.mjs';

const session = usePage();
// A server with accounts, for the sign-in page.
const team = durableServerOfOwn(['--update-delay-ms', '0'], [['ada', 'admin']]);

const LANG = 'zh-CN';
const pageLang = (page) => page.evaluate(() => document.documentElement.lang);
/** Whether `text` holds a CJK character: the page speaks Chinese there, not English. */
const chinese = (text) => /[\u4e00-\u9fff]/.test(text);

/** Opens `hash` in a fresh page load and waits for `selector`. */
async function open(page, hash, selector) {
  await page.goto('about:blank');
  await page.goto(`${url}${hash}`);
  await page.locator(selector).waitFor();
}

test('the switch turns the console Chinese, and a reload keeps it', async () => {
  const { page } = session;
  await open(page, '#/destination-routes', '#lang');
  assert.equal(await pageLang(page), 'en', 'an English browser gets the English console');
  await page.locator('nav a', { hasText: 'Destination routes' }).waitFor();

  await page.selectOption('#lang', LANG);
  await page.locator('nav a', { hasText: '目的路由' }).waitFor();
  assert.equal(await pageLang(page), LANG);
  assert.equal(await page.evaluate(() => localStorage.getItem('vpnroute.lang')), LANG);

  await page.reload();
  await page.locator('nav a', { hasText: '目的路由' }).waitFor();
  assert.equal(await pageLang(page), LANG, 'the choice is remembered');
  assert.equal(await page.inputValue('#lang'), LANG);
  assert.equal(await page.title(), 'vpnroute 控制台');
  for (const name of ['策略路由', '转发路由器连接', 'IPsec连接', '网关概览', '计划与执行', '审计日志']) {
    await page.locator('nav a', { hasText: name }).waitFor();
  }
});

test('the destination-route form: Chinese hints, a diagnostic about 权重, its fix, and a step link', async () => {
  const { page } = session;
  await open(page, '#/destination-routes', '[data-operation="CreateVpnRouteEntry"]');
  await page.click('#reset');
  assert.equal(await page.textContent('#task-title'), '目的路由');
  assert.match(await page.textContent('#operation-title'), /调用\s*CreateVpnRouteEntry/, 'the operation keeps its API name');
  assert.ok(chinese(await field(page, 'RouteDest').locator('.hint').textContent()), 'the field hint is the engine\'s Chinese');
  await page.locator('legend', { hasText: '目标网关' }).waitFor();

  await page.fill(input('Weight'), '50');
  const weight = diagnostic(page, 'Weight', 'weight-not-0-or-100');
  await weight.waitFor();
  assert.match(await weight.locator('.message').textContent(), /权重/);
  assert.equal(await weight.locator('.severity').textContent(), '错误');
  assert.equal(await weight.getAttribute('data-code'), 'VpnRouteEntry.InvalidWeight', 'the code stays as the API writes it');
  await page.locator('#check-summary', { hasText: '个错误' }).waitFor();
  // After a full-page screenshot taken while an input with a list of values has the focus,
  // the next click is lost; the input lets go of the focus first.
  await page.locator(input('Weight')).blur();
  await screenshot(page, 'destination-routes');
  await weight.getByRole('button', { name: '改为100' }).click();
  await page.fill(input('RouteDest'), '10.130.0.0/24');
  await page.locator('#check-summary', { hasText: '没有错误，可以发送。' }).waitFor();
  await page.click('#send');
  assert.equal(await page.textContent('dd[data-key="State"]'), 'published', 'values stay as the API writes them');
  await page.locator('.outcome h3', { hasText: '返回结果' }).waitFor();

  await page.click('[data-step="change-weight"]');
  await page.locator('[data-operation="ModifyVpnRouteEntryWeight"]').waitFor();
  assert.match(await page.textContent('#operation-title'), /修改权重/);
  await screenshot(page, 'destination-routes-change-weight');
});

test('the policy-route, vco-route and connection pages, and a code explained in Chinese', async () => {
  const { page } = session;
  await open(page, '#/policy-routes', '[data-operation="CreateVpnPbrRouteEntry"]');
  assert.equal(await page.textContent('#task-title'), '策略路由');
  await page.locator('label[for="fact-priority"]', { hasText: '支持策略路由优先级' }).waitFor();
  await screenshot(page, 'policy-routes');

  await open(page, '#/vco-routes', '[data-operation="CreateVcoRouteEntry"]');
  assert.equal(await page.textContent('#task-title'), '转发路由器连接');
  await page.locator('#preview-tab-params', { hasText: '请求参数' }).waitFor();
  await screenshot(page, 'vco-routes');

  await open(page, '#/connections', '[data-operation="CreateVpnConnection"]');
  await page.click('#reset');
  assert.equal(await page.textContent('#task-title'), 'IPsec连接');
  await page.fill(input('CustomerGatewayId'), CUSTOMER_GATEWAYS[0]);
  await page.locator('#check-summary', { hasText: '没有错误，可以发送。' }).waitFor();
  await page.click('#dry-run');
  await page.locator('.refused .code', { hasText: 'DryRunOperation' }).waitFor();
  assert.match(await page.textContent('.refused .meaning'), /含义：.*通过了全部检查/);
  assert.match(await page.textContent('.refused .action'), /处理建议：/);
  await screenshot(page, 'connections');
});

test('the gateway view: the findings panel, the markers, the tabs and failover in Chinese', async () => {
  const { page } = session;
  await open(page, '#/gateway', '#gateway-select');
  await page.selectOption('#gateway-select', DUAL_GATEWAY);
  await page.locator(`[data-gateway="${DUAL_GATEWAY}"]`).waitFor();
  await page.locator('#findings-title', { hasText: '检查结果' }).waitFor();
  assert.match(await page.textContent('#table-summary'), /个问题/);
  const line = page.locator('.finding-lines li[data-rule="policy-route-shadowed"]').first();
  assert.match(await line.textContent(), /永远不会被匹配/, 'the finding is the engine\'s Chinese');
  assert.match(await line.locator('[data-jump]').first().textContent(), /策略路由第\d+行/);
  const marker = page.locator('#policy-routes [data-rule="policy-route-shadowed"]').first();
  assert.match(await marker.getAttribute('aria-label'), /^问题\d+（policy-route-shadowed）$/);
  assert.match(await page.textContent('h3:has-text("目的路由（")'), /（\d+）/);
  assert.match(await page.textContent('#policy-routes thead'), /RouteSource.*检查结果.*操作/, 'field names stay, words are translated');
  await page.locator('#gateway-state', { hasText: 'active' }).waitFor();
  await screenshot(page, 'gateway');

  await page.click('#tab-failover');
  await page.locator(`.failover-connection[data-connection="${DUAL_CONNECTION}"] h4`, { hasText: '断开时' }).waitFor();
  await screenshot(page, 'gateway-failover');
});

test('"which route": the route and the reason in Chinese', async () => {
  const { page } = session;
  await open(page, '#/lookup', '#lookup-gateway');
  await page.locator(`#lookup-gateway option[value="${DUAL_GATEWAY}"]`).waitFor({ state: 'attached' });
  await page.selectOption('#lookup-gateway', DUAL_GATEWAY);
  await page.locator(`#down-${DUAL_CONNECTION}`).waitFor();
  assert.equal(await page.textContent('#lookup-title'), '这个数据包走哪条路由？');
  await page.fill('#lookup-source', '10.0.1.5');
  await page.fill('#lookup-destination', '192.168.1.7');
  await page.click('#lookup-run');
  await page.locator('#lookup-answer[data-kind="policy"]').waitFor();
  assert.match(await page.textContent('#lookup-answer .matched'), /10\.0\.0\.0\/16 -> 192\.168\.0\.0\/16.*优先级1，主路由）/);
  assert.match(await page.textContent('#lookup-answer .reason'), /^原因：.*策略路由#\d+.*优先级/);
  await screenshot(page, 'lookup');

  await page.fill('#lookup-destination', '8.8.8');
  await page.click('#lookup-run');
  await page.getByRole('alert').filter({ hasText: '不是IPv4地址' }).waitFor();
});

test('plan and apply: a small plan checked, its finding and fix in Chinese', async () => {
  const { page } = session;
  await open(page, '#/plan', '#plan-text');
  assert.equal(await page.textContent('#plan-title'), '计划与执行');
  await page.fill('#plan-text', [
    'Action,RegionId,VpnGatewayId,RouteDest,NextHop,Weight,PublishVpc',
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.120.0.1/24,${CONNECTION},100,true`,
    `CreateVpnRouteEntry,${REGION},${GATEWAY},10.121.0.0/24,${CONNECTION},100,true`,
  ].join('\n'));
  await page.click('#plan-check');
  await page.waitForFunction(() => document.querySelectorAll('#plan-rows tbody tr').length === 2);
  await page.locator('#table-summary', { hasText: '共1个问题，按规则列出：' }).waitFor();
  assert.equal(await page.textContent('#plan-summary'), '已检查2个请求：1个有错误，0个仅有警告。');
  assert.equal(await page.textContent('#findings-title'), '检查结果');
  assert.match(await page.textContent('#finding-1'), /设置了主机位/);
  assert.equal(await page.textContent('#plan-rows tr[data-row="2"] .row-state'), '未发送');
  assert.match(await page.textContent('#plan-rows thead'), /发送.*Action.*请求/, 'the Action column keeps its CSV name');
  await page.locator('#plan-apply', { hasText: '执行1个请求' }).waitFor();
  await page.locator('#plan-impact-title', { hasText: '变更的影响' }).waitFor();
  await screenshot(page, 'plan');
  await page.locator('#plan-rows tr[data-row="1"]').getByRole('button', { name: '改为10.120.0.0/24' }).click();
  await page.locator('#plan-apply', { hasText: '执行2个请求' }).waitFor();
});

test('the audit page', async () => {
  const { page } = session;
  await open(page, '#/audit', 'h2');
  await page.locator('h2', { hasText: '审计日志' }).waitFor();
  // The destination-route form above sent a route: the log has its record.
  await page.locator('table tbody tr').first().waitFor();
  assert.match(await page.textContent('table thead'), /时间（UTC）.*操作人.*Action.*RequestId/);
  await page.getByLabel('操作人').waitFor();
  await screenshot(page, 'audit');
});

test('the sign-in page of a server with accounts, and the session bar', async () => {
  const { page } = session;
  await page.goto('about:blank');
  await page.goto(team.url);
  await page.locator('#sign-in-title').waitFor();
  // The choice is this origin's: set before the page loads again.
  await page.evaluate((lang) => localStorage.setItem('vpnroute.lang', lang), LANG);
  await page.reload();
  await page.locator('#sign-in-title', { hasText: '登录' }).waitFor();
  assert.equal(await pageLang(page), LANG);
  await screenshot(page, 'sign-in');
  await page.fill('#sign-in-id', team.keys.ada.id);
  await page.fill('#sign-in-secret', team.keys.ada.secret);
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('.session-bar', { hasText: '当前用户：ada' }).waitFor();
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.locator('#sign-in-title').waitFor();
});
