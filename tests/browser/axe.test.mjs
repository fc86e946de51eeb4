// Accessibility in headless Chromium: axe-core (from npm) on every page the navigation lists,
// each in its filled state (a checked plan, the gateway view with findings, a looked-up route,
// the audit log's records), in the light and the dark theme. Any serious or critical
// violation fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePage, axeEveryPage } from './support.mjs';

// axe is injected as an inline script, which the console's Content-Security-Policy refuses.
const session = usePage({ bypassCSP: true });

for (const colorScheme of ['light', 'dark']) {
  test(`no page has a serious or critical axe violation (${colorScheme} theme)`, async () => {
    const found = await axeEveryPage(session.page, { colorScheme });
    assert.deepEqual(found, [], found.map((v) => `${v.page}: ${v.impact} ${v.rule} at ${v.targets.join(', ')}`).join('\n'));
  });
}
