'use strict';
/*
 * tests/browser/oversight.js - issue 5's "done when", in the browser: a resident scans
 * the QR code on the printed notice (the code is photographed from the page and decoded
 * by zbarimg, as a phone would) and reads the same plan on the public page, signed in as
 * no one.  Defined into suite.js's runner (see define()).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

/* The text of the QR code in a PNG, as a phone's reader would find it. */
function decodeQr(png) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiugai-qr-'));
	const f = path.join(dir, 'qr.png');
	try {
		fs.writeFileSync(f, png);
		/* (zbarimg also says on stderr that there is no D-Bus: not ours to show) */
		const r = spawnSync('zbarimg', ['--raw', '-q', f], { encoding: 'utf8' });
		if (r.error || r.status !== 0)
			throw new Error(`zbarimg found no code (status ${r.status}): ` +
			    String(r.error || r.stderr).slice(0, 300));
		return r.stdout.trim();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/* The notice's items as "name budget" lines, the same on the sheet and on the page. */
async function items(page) {
	return page.locator('table').filter({ hasText: '预算' }).first()
	    .locator('tbody tr').allInnerTexts();
}

function define(L, S, h) {
	L.test('public notice: the QR code on the printed sheet scans to the public page, ' +
	    'which shows the same plan without signing in', async (t) => {
		const c = await L.api(S.users['street-clerk'], 'GET', `/communities/${S.community.id}`);
		const sheet = await h.blank(t, { locale: 'zh-CN' });
		const resp = await sheet.goto(`${L.BASE}/public/communities/${c.code}/print`);
		L.equal(resp.status(), 200, 'print view status');
		const qr = sheet.locator('svg.qr');
		L.equal(await qr.count(), 1, 'QR codes on the sheet');
		const png = await qr.screenshot({ scale: 'css', animations: 'disabled' });
		const url = decodeQr(png);
		L.equal(url, `${L.BASE}/public/communities/${c.code}`, 'the scanned address');
		const onSheet = await items(sheet);
		L.assert(onSheet.length > 0, 'no items on the sheet: ' + await L.mainText(sheet));

		const phone = await h.blank(t, { locale: 'zh-CN' });
		const r2 = await phone.goto(url);
		L.equal(r2.status(), 200, 'public page status');
		L.equal((await phone.locator('h1').first().innerText()).includes(c.name), true,
		    'the page names the community');
		L.equal(JSON.stringify(await items(phone)), JSON.stringify(onSheet),
		    'items and budget, page vs sheet');
		const text = await L.mainText(phone);
		for (const who of Object.values(S.users))
			L.assert(!text.includes(who.name), `a person's name on the public page: ${who.name}`);
		L.equal(await phone.locator('a[href="/logout"], form[action="/logout"]').count(), 0,
		    'nobody is signed in');
	});
}

module.exports = { define, decodeQr };
