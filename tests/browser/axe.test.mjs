// Accessibility in headless Chromium: axe-core (from npm) on every page the navigation lists,
// each in its filled state (a checked plan, the gateway view with findings and each of its
// tabs, a looked-up route, the audit log's records), and on the sign-in page of a server with
// accounts, in English and Simplified Chinese, in the light and the dark theme. Any serious or
// critical violation fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, axeEveryPage, axeHere, durableServerOfOwn } from './support.mjs';

// axe is injected as an inline script, which the console's Content-Security-Policy refuses.
const session = usePage({ bypassCSP: true });
const team = durableServerOfOwn([], [['ada', 'admin']]);

const report = (found) => found.map((v) => `${v.page}: ${v.impact} ${v.rule} at ${v.targets.join(', ')}`).join('\n');

for (const lang of ['en', 'zh-CN']) {
  for (const colorScheme of ['light', 'dark']) {
    test(`no page has a serious or critical axe violation (${lang}, ${colorScheme} theme)`, async () => {
      const found = await axeEveryPage(session.page, { lang, colorScheme });
      assert.deepEqual(found, [], report(found));
    });
  }

  test(`the sign-in page has no serious or critical axe violation (${lang})`, async () => {
    const { page } = session;
    await page.goto('about:blank');
    await page.goto(team.url);
    await page.evaluate((chosen) => localStorage.setItem('vpnroute.lang', chosen), lang);
    await page.reload();
    await page.locator('#sign-in-title').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    const found = (await axeHere(page, `sign-in (${lang})`)).map((v) => ({ page: 'sign-in', ...v }));
    assert.deepEqual(found, [], report(found));
  });
}
