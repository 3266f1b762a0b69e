'use strict';
/*
 * tests/browser/lib.js - what the browser suite (suite.js) and `make screenshots`
 * (screenshots.js) share: Debian's Chromium through playwright-core, a TAP runner,
 * users and tokens from the jiugai binary, and a few page helpers.
 *
 * Environment (tests/run.sh exports it): JIUGAI_TEST_URL (nginx), JIUGAI_BIN,
 * JIUGAI_CONFIG; JIUGAI_TEST_DIR, when set, receives a screenshot of each failure
 * (log/browser-N.png).  JIUGAI_CHROMIUM overrides /usr/bin/chromium.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const BASE = (process.env.JIUGAI_TEST_URL || '').replace(/\/+$/, '');
const BIN = process.env.JIUGAI_BIN || '';
const CHROMIUM = process.env.JIUGAI_CHROMIUM || '/usr/bin/chromium';
/* Under `make valgrind` the server is many times slower: so are our waits. */
const SLOW = process.env.JIUGAI_VALGRIND === '1' ? 6 : 1;

/*
 * The probe's flags for this machine: no sandbox (we run as root), no GPU, and none of
 * Chromium's own connections to Google (the network is closed; they only slow the start).
 * playwright-core gives every launch a fresh, empty --user-data-dir of its own.
 */
const CHROMIUM_ARGS = [
	'--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
	'--disable-default-apps', '--disable-extensions', '--mute-audio',
];

async function launch() {
	return chromium.launch({
		executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000,
	});
}

/* A fresh context (its own cookies) of a browser that prefers Chinese, as our users'. */
async function newContext(browser, opts = {}) {
	const ctx = await browser.newContext({
		baseURL: BASE, locale: 'zh-CN', viewport: { width: 1280, height: 900 }, ...opts,
	});
	ctx.setDefaultTimeout(10000 * SLOW);
	ctx.setDefaultNavigationTimeout(15000 * SLOW);
	return ctx;
}

/* ---- The jiugai binary ------------------------------------------------ */

function jiugai(args, input) {
	return execFileSync(BIN, args, {
		input: input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
		env: process.env,
	}).trim();
}

/*
 * Users made for this run: their subs carry a suffix of their own, because the suites
 * share one database that is never reset.  spec: {key: {dept, org?, roles, name}}.
 * Returns {key: {sub, dept, org, roles, name, password}}.
 */
function makeUsers(spec) {
	const tag = 'b' + Date.now().toString(36) + crypto.randomBytes(2).toString('hex');
	const password = 'pw-' + crypto.randomBytes(9).toString('hex');
	const out = {};
	for (const [key, u] of Object.entries(spec)) {
		const sub = `${tag}-${key}`;
		const args = ['user', 'add', '--sub', sub, '--name', u.name, '--dept', u.dept,
			'--roles', u.roles];
		if (u.org)
			args.push('--org', u.org);
		jiugai(args, password + '\n');
		out[key] = { ...u, sub, password };
	}
	return out;
}

/* A token for user u, valid ttl seconds (the token subcommand). */
function token(u, ttl) {
	const args = ['token', '--sub', u.sub, '--dept', u.dept, '--roles', u.roles,
		'--name', u.name];
	if (u.org)
		args.push('--org', u.org);
	if (ttl)
		args.push('--ttl', String(ttl));
	return jiugai(args);
}

/* The JSON API, for setting up what a test needs (never for the walk itself). */
async function api(u, method, p, body) {
	const res = await fetch(BASE + '/api/v1' + p, {
		method,
		headers: {
			Authorization: 'Bearer ' + token(u),
			...(body ? { 'Content-Type': 'application/json' } : {}),
			...(method === 'POST' ? { 'Idempotency-Key': crypto.randomUUID() } : {}),
		},
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	let json = null;
	try { json = JSON.parse(text); } catch (e) { /* not JSON */ }
	if (!res.ok)
		throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
	return json;
}

/* ---- Pages -------------------------------------------------------------- */

/* Click something that loads a new page; answer the final response (after redirects). */
async function clickAndWait(page, locator) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		locator.click(),
	]);
	return resp;
}

/* Sign in on the login page that is showing, by typing and clicking. */
async function signIn(page, u, password) {
	await page.getByLabel('用户名').fill(u.sub);
	await page.getByLabel('密码').fill(password !== undefined ? password : u.password);
	return clickAndWait(page, page.getByRole('button', { name: '登录', exact: true }));
}

/* A new context signed in as u through the login form; answers {ctx, page}. */
async function loginAs(browser, u, next) {
	const ctx = await newContext(browser);
	const page = await ctx.newPage();
	await page.goto('/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
	await signIn(page, u);
	const url = new URL(page.url());
	if (url.pathname === '/login')
		throw new Error(`${u.sub} could not sign in: ${await mainText(page)}`);
	return { ctx, page };
}

async function mainText(page) {
	try {
		return (await page.locator('main').innerText({ timeout: 2000 }))
		    .replace(/\s+/g, ' ').slice(0, 600);
	} catch (e) {
		return '(no main element)';
	}
}

function pathOf(page) {
	const u = new URL(page.url());
	return u.pathname + u.search;
}

/* ---- TAP ---------------------------------------------------------------- */

class AssertionError extends Error {}

function assert(cond, msg) {
	if (!cond)
		throw new AssertionError(msg);
}

function equal(got, want, what) {
	if (got !== want)
		throw new AssertionError(`${what}: want ${JSON.stringify(want)}, ` +
		    `got ${JSON.stringify(got)}`);
}

/*
 * Tests run one after another, in the order they were added.  A test of a chain (opts
 * chain: NAME) runs only while every earlier test of that chain passed: the walk is one
 * community carried through its stages, and the first failing step says where it stops.
 * Each test gets t.pages, the pages it opened (their contexts are closed after it), and
 * t.shown, pages it used but that live on; both are shown when it fails.
 */
const tests = [];

function test(name, fn, opts = {}) {
	tests.push({ name, fn, chain: opts.chain || null, always: !!opts.always });
}

/* JIUGAI_BROWSER_ONLY=REGEX: only the tests whose name matches (and the setup). */
const ONLY = process.env.JIUGAI_BROWSER_ONLY ? new RegExp(process.env.JIUGAI_BROWSER_ONLY)
    : null;

async function run(state) {
	const broken = new Set();
	let n = 0, failed = 0;
	const skipped = [];
	const start = Date.now();

	for (const t of tests) {
		if (ONLY && !t.always && !ONLY.test(t.name))
			continue;
		if (t.chain && broken.has(t.chain)) {
			skipped.push(t.name);
			continue;
		}
		n++;
		const tctx = { pages: [], shown: [] };
		const t0 = Date.now();
		try {
			await t.fn(tctx);
			console.log(`ok ${n} - ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
		} catch (e) {
			failed++;
			if (t.chain)
				broken.add(t.chain);
			console.log(`not ok ${n} - ${t.name}`);
			for (const line of String(e && e.stack && !(e instanceof AssertionError) ?
			    e.stack : e && e.message).split('\n').slice(0, 12))
				console.log('#   ' + line);
			await failureNotes(n, tctx.pages.concat(tctx.shown));
		} finally {
			for (const p of tctx.pages)
				await p.context().close().catch(() => {});
		}
	}
	if (skipped.length > 0)
		console.log(`# not run, after a failed step of the same chain: ${skipped.join('; ')}`);
	console.log(`1..${n}`);
	console.log(`# ${n - failed} passed, ${failed} failed in ` +
	    `${((Date.now() - start) / 1000).toFixed(1)} s`);
	return failed === 0 && n > 0;
}

/* Where each open page was, what it said, and a screenshot in JIUGAI_TEST_DIR/log. */
async function failureNotes(n, pages) {
	const dir = process.env.JIUGAI_TEST_DIR ? path.join(process.env.JIUGAI_TEST_DIR, 'log')
	    : null;
	let i = 0;
	for (const p of pages) {
		if (p.isClosed())
			continue;
		i++;
		console.log(`#   page ${i}: ${p.url()}`);
		console.log(`#     ${await mainText(p)}`);
		if (dir && fs.existsSync(dir)) {
			const f = path.join(dir, `browser-${n}-${i}.png`);
			await p.screenshot({ path: f, fullPage: true }).catch(() => {});
			console.log(`#     screenshot: ${f}`);
		}
	}
}

module.exports = {
	BASE, launch, newContext, jiugai, makeUsers, token, api, clickAndWait, signIn,
	loginAs, mainText, pathOf, assert, equal, test, run,
};
