'use strict';
/*
 * tests/browser/screenshots.js DIR - `make screenshots` (screenshots.sh starts the stack
 * and seeds the demo data): a PNG of each main page, in Chinese and in English, signed
 * in through the login form as a demo user who uses that page.  DIR/<page>.<zh|en>.png.
 * Exit 1 when a page did not answer as expected (its PNG is saved all the same).
 */
const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');

const DEMO_PASSWORD = 'jiugai-demo-2016';	/* app/seed.c, printed by make run */
const dir = process.argv[2];

/* A demo user by sub: "<county>-<dept>-<role>" or "<dept>-<role>" (app/seed.c). */
function demo(sub) {
	const p = sub.split('-');
	const role = p.pop();
	const dept = p.pop();
	return { sub, dept, roles: role, org: p.length ? p[0] : undefined, name: sub,
		password: DEMO_PASSWORD };
}

/* The seed's communities: the first of each stage, and one with an open round. */
async function pick() {
	const viewer = demo('housing-viewer');
	const list = (await L.api(viewer, 'GET', '/communities?limit=100')).items;
	const full = [];
	for (const c of list)
		full.push(await L.api(viewer, 'GET', `/communities/${c.id}`));
	/* The forms are for a stage whose data is not frozen by a round. */
	const first = (st) => full.find((c) => c.stage === st && !c.round);
	return { declared: first('declared'), surveyed: first('surveyed'),
		piloted: first('piloted'),
		open: full.find((c) => c.round && c.round.missing.length > 0) };
}

/* Who may act on community c for department dept. */
function actor(c, dept, role) {
	return ['county', 'street', 'committee'].includes(dept) ?
	    demo(`${c.county}-${dept}-${role}`) : demo(`${dept}-${role}`);
}

(async () => {
	if (!dir) {
		console.error('usage: node screenshots.js DIR');
		process.exit(2);
	}
	fs.mkdirSync(dir, { recursive: true });
	const c = await pick();
	const shots = [
		{ name: 'login', user: null, url: '/login' },
		{ name: 'tasks', user: demo('lanshan-county-approver'), url: '/tasks' },
		{ name: 'communities', user: demo('housing-viewer'), url: '/communities' },
		{ name: 'declare', user: demo('lanshan-committee-clerk'), url: '/communities/new' },
	];
	if (c.open) {
		const d = c.open.round.missing[0];
		shots.push({ name: 'community', user: actor(c.open, d, 'approver'),
			url: `/communities/${c.open.id}` });
	}
	if (c.declared)
		shots.push({ name: 'survey', user: actor(c.declared, 'street', 'clerk'),
			url: `/communities/${c.declared.id}/survey` });
	if (c.surveyed)
		shots.push({ name: 'plan', user: actor(c.surveyed, 'county', 'clerk'),
			url: `/communities/${c.surveyed.id}/plan` });
	if (c.piloted)
		shots.push({ name: 'works', user: demo('construction-clerk'),
			url: `/communities/${c.piloted.id}/works` });
	shots.push(
		{ name: 'signoffs', user: demo('police-approver'), url: '/signoffs' },
		{ name: 'workflow', user: demo('housing-viewer'), url: '/workflow' },
		{ name: 'error-404', user: demo('housing-viewer'), url: '/communities/999999',
			status: 404 },
	);

	const browser = await L.launch();
	const bad = [];
	let saved = 0;
	try {
		for (const lang of ['zh', 'en']) {
			const sessions = new Map();	/* sub -> page, one sign-in each */
			for (const s of shots) {
				let page = s.user ? sessions.get(s.user.sub) : null;
				if (!page) {
					const ctx = await L.newContext(browser,
					    { locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
					page = await ctx.newPage();
					if (s.user) {
						await page.goto('/login');
						await page.locator('#sub').fill(s.user.sub);
						await page.locator('#password').fill(DEMO_PASSWORD);
						await L.clickAndWait(page,
						    page.locator('form[action="/login"] button'));
						sessions.set(s.user.sub, page);
					}
				}
				const resp = await page.goto(s.url);
				const f = path.join(dir, `${s.name}.${lang}.png`);
				await page.screenshot({ path: f, fullPage: true });
				saved++;
				const want = s.status || 200;
				const got = resp ? resp.status() : 0;
				const at = new URL(page.url()).pathname;
				if (got !== want || (s.user && at === '/login'))
					bad.push(`${s.name}.${lang}: ${s.url} answered ${got} ` +
					    `at ${at}`);
				console.log(`  ${f}  (${s.url}${s.user ? ' as ' + s.user.sub : ''})`);
				if (!s.user)
					await page.context().close();
			}
			for (const p of sessions.values())
				await p.context().close();
		}
	} finally {
		await browser.close();
	}
	console.log(`screenshots: ${saved} saved in ${dir}`);
	if (bad.length > 0) {
		console.log(`screenshots: ${bad.length} pages did not answer as expected:`);
		for (const b of bad)
			console.log('  ' + b);
		process.exit(1);
	}
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
