'use strict';
/*
 * tests/browser/oversight.js - issue 5's "done when", in the browser: a resident scans
 * the QR code on the printed notice (the code is photographed from the page and decoded
 * by zbarimg, as a phone would) and reads the same plan on the public page, signed in as
 * no one; and the office sets a county's yearly target through its form, opens the
 * assessment, sees the county's figures and flag, and takes the table into Excel (the
 * downloaded .xlsx is unzipped and its row read).  Defined into suite.js's runner.
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

/* The <row> elements of a worksheet of the .xlsx at f, as XML text. */
function xlsxRows(f) {
	const r = spawnSync('unzip', ['-p', f, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
	if (r.status !== 0)
		throw new Error(`unzip: not an .xlsx (status ${r.status}): ${r.stderr}`);
	return r.stdout.match(/<row[^>]*>.*?<\/row>/gs) || [];
}

function define(L, S, h) {
	L.test('assessment: the housing bureau\'s admin sets a yearly target in the form; the ' +
	    'office sees the county behind it on the page, charts included, and in Excel',
	    async (t) => {
		const page = await h.open(t, S.users['housing-admin']);
		await L.clickAndWait(page, page.getByRole('navigation')
		    .getByRole('link', { name: '考核评估' }));
		L.equal(L.pathOf(page), '/reports/assessment', 'the menu\'s page');
		const year = String(new Date().getFullYear());
		const form = page.locator('form[action="/reports/targets"]');
		await form.getByLabel('县区').selectOption({ label: '兰山区' });
		L.equal(await form.getByLabel('年度').inputValue(), year, 'the year offered');
		/* A figure that is not one: the error names the field, the input stays. */
		await form.getByLabel('目标户数').fill('九十万');
		await L.clickAndWait(page, form.getByRole('button', { name: '保存年度目标' }));
		const link = page.locator('.error-summary a');
		L.equal(await link.getAttribute('href'), '#target-households_target',
		    'the error summary\'s link');
		L.equal(await form.getByLabel('目标户数').inputValue(), '九十万', 'the value kept');
		L.assert((await form.locator('.field-error').innerText()).includes('目标户数'),
		    'no error next to the field');
		await form.getByLabel('县区').selectOption({ label: '兰山区' });
		await form.getByLabel('目标户数').fill('900000');
		await form.getByLabel('目标面积（平方米）').fill('90000000');
		await form.getByLabel('目标小区数').fill('9000');
		await L.clickAndWait(page, form.getByRole('button', { name: '保存年度目标' }));
		L.equal(await page.locator('.error-summary').count(), 0,
		    'errors: ' + await L.mainText(page));
		const target = page.locator('#targets').locator('tr', { hasText: '兰山区' });
		L.assert((await target.innerText()).includes('900000'),
		    'the saved target: ' + await target.innerText().catch(() => '(none)'));

		/* A county far below its target is flagged 滞后 (behind), on the page... */
		await page.goto(`${L.BASE}/reports/assessment?from=${year}-01-01&to=${year}-12-31`);
		const row = page.locator('table').first().locator('tbody tr', { hasText: '兰山区' });
		L.equal(await row.count(), 1, 'rows for 兰山区 in the first table');
		L.assert((await row.innerText()).includes('滞后'),
		    'no flag 滞后 in the row: ' + await row.innerText());
		L.assert(await page.locator('svg[role="img"]').count() >= 4,
		    'fewer than four charts on the page');

		/* ...and in the Excel file the page offers. */
		const [dl] = await Promise.all([page.waitForEvent('download'),
		    page.locator('#assessment-xlsx').click()]);
		L.assert(/\.xlsx$/.test(dl.suggestedFilename()),
		    'file name ' + dl.suggestedFilename());
		const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jiugai-xlsx-')), 'a.xlsx');
		try {
			await dl.saveAs(f);
			const rows = xlsxRows(f).filter((x) => x.includes('兰山区'));
			L.equal(rows.length, 1, 'rows for 兰山区 in the sheet');
			L.assert(rows[0].includes('滞后'), 'no 滞后 in the sheet\'s row: ' + rows[0]);
		} finally {
			fs.rmSync(path.dirname(f), { recursive: true, force: true });
		}
	});

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
