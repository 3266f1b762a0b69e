'use strict';
/*
 * tests/browser/suite.js - the browser suite (run by tests/browser/run.sh): Debian's
 * Chromium, driven by playwright-core, against the stack of tests/run.sh.  Prints TAP.
 *
 * Sign-in, languages, sign-out and expiry; a clerk refused an approval; and the walk:
 * one new community carried from 申报 to 物业管理 by clicking and typing only, each
 * department signed in through the login form (walk.js).  Setting up the other tests'
 * community goes through the JSON API; the walk never does.
 */
const L = require('./lib');
const oversight = require('./oversight');
const walk = require('./walk');

const COUNTY = 'lanshan';

/* Everyone the suite signs in as, made with `jiugai user add` for this run. */
const SPEC = {
	'login': { dept: 'street', org: COUNTY, roles: 'clerk', name: '登录测试' },
	'committee-clerk': { dept: 'committee', org: COUNTY, roles: 'clerk', name: '社区经办' },
	'street-clerk': { dept: 'street', org: COUNTY, roles: 'clerk', name: '街道经办' },
	'county-clerk': { dept: 'county', org: COUNTY, roles: 'clerk', name: '区政府经办' },
	'county-approver': { dept: 'county', org: COUNTY, roles: 'approver', name: '区政府审核' },
	'housing-clerk': { dept: 'housing', roles: 'clerk', name: '房产局经办' },
	'housing-approver': { dept: 'housing', roles: 'approver', name: '房产局审核' },
	'housing-admin': { dept: 'housing', roles: 'admin', name: '房产局管理员' },
	'drc-approver': { dept: 'drc', roles: 'approver', name: '发改委审核' },
	'finance-approver': { dept: 'finance', roles: 'approver', name: '财政局审核' },
	'planning-approver': { dept: 'planning', roles: 'approver', name: '规划局审核' },
	'construction-clerk': { dept: 'construction', roles: 'clerk', name: '住建局经办' },
	'construction-approver': { dept: 'construction', roles: 'approver', name: '住建局审核' },
	'police-approver': { dept: 'police', roles: 'approver', name: '公安局审核' },
	'audit-approver': { dept: 'audit', roles: 'approver', name: '审计局审核' },
	'pricing-approver': { dept: 'pricing', roles: 'approver', name: '物价局审核' },
};

const S = {
	browser: null,
	users: null,
	community: null,	/* {id, name}: declared through the API, survey round open */
	expiry: null,		/* {ctx, page, minted}: the short session */
	keep: [],		/* contexts kept across tests, closed at the end */
};

async function open(t, u, next) {
	const s = await L.loginAs(S.browser, u, next);
	t.pages.push(s.page);
	return s.page;
}

async function blank(t, opts) {
	const ctx = await L.newContext(S.browser, opts);
	const page = await ctx.newPage();
	t.pages.push(page);
	return page;
}

const h1 = (page) => page.locator('h1').first().innerText();

L.test('setup: users (jiugai user add) and a community with an open survey round (API)',
    async () => {
	S.users = L.makeUsers(SPEC);
	const U = S.users;
	const name = `浏览器测试小区 ${U.login.sub.split('-')[0]}`;
	let c = await L.api(U['committee-clerk'], 'POST', '/communities', {
		name, county: COUNTY, street: '金雀山街道', committee: '金雀山社区',
		address: '金雀山路 1 号', built_year: 1988, buildings: 4, households: 120,
		floor_area_m2: 8600.5, state_land: true, urban_area: true, multi_storey: true,
		structure_intact: true, in_other_plan: false,
	});
	await L.api(U['street-clerk'], 'POST', `/communities/${c.id}/items`,
	    { kind: 'cctv', condition: 'missing', selected: true, estimate_yuan: 50000 });
	const id = c.id;
	c = await L.api(U['street-clerk'], 'GET', `/communities/${id}`);
	await L.api(U['street-clerk'], 'POST', `/communities/${id}/transitions`,
	    { action: 'survey', expected_version: c.version, comment: '摸底完成' });
	c = await L.api(U['street-clerk'], 'GET', `/communities/${id}`);
	L.assert(c.round && c.round.status === 'open', 'no open round: ' + JSON.stringify(c));
	L.assert(c.round.missing.includes('housing'), 'the round does not wait for housing');
	S.community = { id: c.id, name, version: c.version };
}, { always: true });

/* ---- a. Sign-in and languages -------------------------------------------- */

L.test('login page in Chinese for a Chinese browser, in English for an English one',
    async (t) => {
	let page = await blank(t);
	let resp = await page.goto('/login');
	L.equal(resp.status(), 200, 'status');
	L.equal(await page.locator('html').getAttribute('lang'), 'zh-CN', 'html lang');
	L.equal(await h1(page), '登录', 'h1');
	await page.getByLabel('用户名').waitFor();
	await page.getByLabel('密码').waitFor();
	await page.getByRole('button', { name: '登录', exact: true }).waitFor();

	page = await blank(t, { locale: 'en-US' });
	await page.goto('/login');
	L.equal(await page.locator('html').getAttribute('lang'), 'en', 'html lang (en-US)');
	L.equal(await h1(page), 'Sign in', 'h1 (en-US)');
	await page.getByLabel('User name').waitFor();
});

L.test('?lang=en gives English, the switch link Chinese again, and the choice sticks',
    async (t) => {
	const page = await blank(t);
	await page.goto('/login?lang=en');
	L.equal(await h1(page), 'Sign in', 'h1 with ?lang=en');
	await page.getByLabel('Password').waitFor();
	await page.goto('/login');
	L.equal(await h1(page), 'Sign in', 'h1 after ?lang=en, without it (cookie)');
	await L.clickAndWait(page, page.getByRole('link', { name: '中文' }));
	L.equal(await h1(page), '登录', 'h1 after the switch link');
	L.assert(!/lang=en/.test(page.url()), 'switch link went to ' + page.url());
	await page.goto('/login');
	L.equal(await h1(page), '登录', 'h1 after the switch, without a parameter');
	await L.clickAndWait(page, page.getByRole('link', { name: 'English' }));
	L.equal(await h1(page), 'Sign in', 'h1 after switching to English');
});

L.test('login: a wrong password shows the error and keeps the user name', async (t) => {
	const u = S.users.login;
	const page = await blank(t);
	await page.goto('/login');
	const resp = await L.signIn(page, u, 'not-the-password-1');
	L.equal(resp.status(), 401, 'status');
	L.equal(new URL(page.url()).pathname, '/login', 'path');
	const alert = page.getByRole('alert');
	L.assert((await alert.innerText()).includes('用户名或密码不正确'),
	    'no error message: ' + await L.mainText(page));
	L.equal(await page.getByLabel('用户名').inputValue(), u.sub, 'user name kept');
	L.equal(await page.getByLabel('密码').inputValue(), '', 'password field');
	L.equal((await page.context().cookies()).filter((c) => c.name === 'jiugai_session')
	    .length, 0, 'session cookies');
	/* The right password now works (and clears the failure count). */
	await L.signIn(page, u);
	L.assert(new URL(page.url()).pathname !== '/login', 'still on the login page');
});

L.test('login: a page asked for while signed out comes back after signing in',
    async (t) => {
	const c = S.community;
	const page = await blank(t);
	await page.goto(`/communities/${c.id}`);
	L.equal(L.pathOf(page), `/login?next=${encodeURIComponent(`/communities/${c.id}`)}`,
	    'redirected to');
	L.equal(await h1(page), '登录', 'h1');
	await L.signIn(page, S.users['street-clerk']);
	L.equal(L.pathOf(page), `/communities/${c.id}`, 'after signing in');
	L.equal(await h1(page), c.name, 'community page h1');
	const cookie = (await page.context().cookies()).find((k) => k.name === 'jiugai_session');
	L.assert(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' &&
	    cookie.path === '/', 'session cookie: ' + JSON.stringify(cookie));
});

/* ---- b. Sign-out ----------------------------------------------------------- */

L.test('logout: 退出登录 signs out, and a saved copy of the cookie is refused', async (t) => {
	const page = await open(t, S.users['street-clerk'], `/communities/${S.community.id}`);
	const saved = (await page.context().cookies()).find((k) => k.name === 'jiugai_session');
	L.assert(saved, 'no session cookie after signing in');
	await L.clickAndWait(page, page.getByRole('button', { name: '退出登录' }));
	L.equal(L.pathOf(page), '/login?out=1', 'after signing out');
	L.assert((await page.getByRole('status').innerText()).includes('您已安全退出'),
	    'no signed-out notice: ' + await L.mainText(page));
	L.equal((await page.context().cookies()).filter((k) => k.name === 'jiugai_session')
	    .length, 0, 'session cookies left');
	await page.goto('/tasks');
	L.equal(new URL(page.url()).pathname, '/login', 'signed-out browser at /tasks');

	/* The old token, set again in a browser of its own. */
	const other = await blank(t);
	await other.context().addCookies([{ ...saved }]);
	await other.goto('/tasks');
	L.equal(new URL(other.url()).pathname, '/login', 'old cookie at /tasks');
	L.equal(await h1(other), '登录', 'h1 with the old cookie');
	await other.goto(`/communities/${S.community.id}`);
	L.equal(new URL(other.url()).pathname, '/login', 'old cookie at a community');
});

/* ---- c. Expiry, part 1 (part 2 runs at the end: the server allows 30 s of skew) --- */

L.test('expiry: a short session (jiugai token --ttl 3) in the cookie works', async () => {
	const u = S.users['street-clerk'];
	const minted = Date.now();
	const tok = L.token(u, 3);
	const ctx = await L.newContext(S.browser);
	const page = await ctx.newPage();
	S.expiry = { ctx, page, minted };
	await ctx.addCookies([{ name: 'jiugai_session', value: tok, url: L.BASE,
		httpOnly: true, sameSite: 'Strict' }]);
	await page.goto(`/communities/${S.community.id}`);
	L.equal(L.pathOf(page), `/communities/${S.community.id}`, 'path');
	L.equal(await h1(page), S.community.name, 'h1');
});

/* ---- d. A clerk is refused an approval ------------------------------------- */

L.test('a clerk of a countersigning department sees no approval form, and a crafted ' +
    'one gets the 403 page with the reason', async (t) => {
	const c = S.community;
	const page = await open(t, S.users['housing-clerk'], `/communities/${c.id}`);
	L.equal(L.pathOf(page), `/communities/${c.id}`, 'path');
	L.equal(await h1(page), c.name, 'h1');
	L.equal(await page.locator('form[action$="/decide"]').count(), 0, 'decide forms');
	L.equal(await page.getByRole('button', { name: /同意|批准|审批|通过/ }).count(), 0,
	    'approve buttons');

	/*
	 * The post the approver's button would send, built in the clerk's page: the
	 * session's real CSRF token (from the sign-out form) and a fresh nonce.
	 */
	const resp = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		page.evaluate(({ id, version }) => {
			const csrf = document.querySelector('input[name="csrf"]').value;
			const nonce = Array.from(crypto.getRandomValues(new Uint8Array(16)),
			    (b) => b.toString(16).padStart(2, '0')).join('');
			const f = document.createElement('form');
			f.method = 'post';
			f.action = `/communities/${id}/decide`;
			for (const [k, v] of Object.entries({ csrf, nonce, action: 'survey',
			    decision: 'approve', expected_version: String(version),
			    comment: '经办人越权审批', back: `/communities/${id}` })) {
				const i = document.createElement('input');
				i.type = 'hidden';
				i.name = k;
				i.value = v;
				f.appendChild(i);
			}
			document.body.appendChild(f);
			f.submit();
		}, { id: c.id, version: c.version }),
	]).then((r) => r[0]);
	L.equal(resp.status(), 403, 'status');
	L.equal(await h1(page), '无权办理此事项', 'h1');
	const reason = await page.locator('p.reason').innerText();
	L.assert(reason.includes('您的岗位不能办理此事项'), 'reason: ' + reason);

	const after = await L.api(S.users['housing-approver'], 'GET', `/communities/${c.id}`);
	L.equal(after.version, c.version, 'version after the refused post');
	L.assert(after.round && after.round.missing.includes('housing'),
	    'the round no longer waits for housing');
});

/* ---- e. The walk: 申报 to 物业管理 by clicking and typing ------------------- */

walk.define(L, S, { open, blank, h1, COUNTY });

/* ---- f. Oversight: the public notice and its QR code --------------------------- */

oversight.define(L, S, { open, blank, h1, COUNTY });

/* ---- c. Expiry, part 2 ------------------------------------------------------ */

L.test('expiry: once the session has ended, a click goes to the login page with the ' +
    'expired notice, and signing in returns to the page clicked', async (t) => {
	const e = S.expiry;
	L.assert(e, 'part 1 did not run');
	t.pages.push(e.page);	/* closed with its context after the test */
	/* exp = minted + 3 s; the server accepts 30 s of clock skew on top. */
	const wait = e.minted + 35000 - Date.now();
	if (wait > 0) {
		console.log(`# waiting ${(wait / 1000).toFixed(0)} s for the short session to end`);
		await new Promise((r) => setTimeout(r, wait));
	}
	const page = e.page;
	await L.clickAndWait(page, page.getByRole('navigation')
	    .getByRole('link', { name: '小区台账' }));
	L.equal(L.pathOf(page), `/login?next=${encodeURIComponent('/communities')}` +
	    '&expired=1', 'after the click');
	L.assert((await page.getByRole('status').innerText()).includes('登录已过期'),
	    'no expired notice: ' + await L.mainText(page));
	await L.signIn(page, S.users['street-clerk']);
	L.equal(L.pathOf(page), '/communities', 'after signing in again');
});

(async () => {
	let ok = false;
	try {
		S.browser = await L.launch();
		console.log(`# ${S.browser.version()} at ${L.BASE}`);
		ok = await L.run(S);
	} catch (e) {
		console.log('not ok 1 - start the browser');
		console.log('#   ' + String(e && e.message).split('\n').join('\n#   '));
		console.log('1..1');
	} finally {
		if (S.browser)
			await S.browser.close().catch(() => {});
	}
	process.exit(ok ? 0 : 1);
})();
