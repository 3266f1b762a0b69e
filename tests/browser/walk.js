'use strict';
/*
 * tests/browser/walk.js - the "done when": one new community carried from
 * 申报 (declared) to 物业管理 (managed) in the browser alone.  Every department signs
 * in through the login form, finds the community on its task list (我的待办) or in the
 * menu, and acts only by clicking, typing and choosing in visible, labelled controls:
 * no request is made by hand.  Who does what is app/wf_table.c:
 *
 *   committee clerk   declare                     street clerk     survey, submit it
 *   county + housing approvers approve the survey
 *   county clerk      plan (items, estimates, consent, notice, batch), funding, launch
 *   county + drc + finance approvers approve the launch (no item needs a permit)
 *   construction clerk   tender data, items done, complete; construction approver approves
 *   police approver   signs off 视频监控 and 消防通道 on 验收签认; construction approver 道路硬化
 *   construction clerk   accept; construction + audit approvers approve
 *   housing clerk     hand-over data, hand over; housing + pricing approvers approve
 *
 * The steps are one chain: after a failed step the rest do not run (lib.js run()).
 */

/* The items the survey records and the plan selects, with their estimates. */
const ITEMS = [
	{ label: '视频监控', condition: 'missing', estimate: '60000', dept: 'police' },
	{ label: '消防通道', condition: 'poor', estimate: '45000', dept: 'police' },
	{ label: '道路硬化', condition: 'poor', estimate: '120000.50', dept: 'construction' },
];
const TOTAL = '225000.50';

/* YYYY-MM-DD, days from today (UTC; the server's day is at most a day off). */
function day(days) {
	return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

function define(L, S, h) {
	const W = {};		/* the walk's community: {id, name} */
	const step = (name, fn) => L.test('walk: ' + name, fn, { chain: 'walk' });

	/* Click a submit button; the answer must be a page, not an error. */
	async function submit(page, button) {
		const resp = await L.clickAndWait(page, button);
		const status = resp ? resp.status() : 0;
		const errors = await page.locator('.error-summary').count();
		if (status >= 400 || errors > 0)
			throw new Error(`after "${await button.innerText().catch(() => '?')}": ` +
			    `${status} at ${L.pathOf(page)}: ${await L.mainText(page)}`);
		return resp;
	}

	/*
	 * A page signed in as key, on 我的待办: signed in through the login form the first
	 * time, kept for the user's next step (and back to 我的待办 through the menu).
	 */
	const sessions = new Map();
	async function session(t, key) {
		let page = sessions.get(key);
		if (page && !page.isClosed()) {
			await L.clickAndWait(page, page.getByRole('navigation')
			    .getByRole('link', { name: '我的待办' }));
		} else {
			const s = await L.loginAs(S.browser, S.users[key]);
			page = s.page;
			sessions.set(key, page);
			S.keep.push(s.ctx);
		}
		t.shown.push(page);
		return page;
	}

	/* Sign in as key (landing on 我的待办) and open the walk's community from there. */
	async function fromTasks(t, key) {
		const page = await session(t, key);
		L.equal(new URL(page.url()).pathname, '/tasks', `${key} lands on`);
		let link = page.getByRole('main').getByRole('link', { name: W.name, exact: true });
		if (await link.count() === 0) {
			/*
			 * A long task list shows only the 500 longest-waiting entries (the
			 * earlier suites leave hundreds); then the clerk looks it up in
			 * 小区台账 by typing its name, as a real user would.
			 */
			const text = await L.mainText(page);
			L.assert(text.includes('此处只列出等待最久的 500 项'),
			    `${W.name} is not on ${key}'s task list: ` + text);
			await L.clickAndWait(page, page.getByRole('navigation')
			    .getByRole('link', { name: '小区台账' }));
			await page.getByLabel('小区名称或编号').fill(W.name);
			await L.clickAndWait(page, page.getByRole('button', { name: '查询' }));
			link = page.getByRole('main').getByRole('link', { name: W.name, exact: true });
			L.assert(await link.count() > 0, `${W.name} is not found in 小区台账`);
		}
		await L.clickAndWait(page, link.first());
		L.equal(new URL(page.url()).pathname, `/communities/${W.id}`, 'community page');
		return page;
	}

	/* The form the community page shows for submitting the next action. */
	const actForm = (page) => page.locator(`form[action="/communities/${W.id}/act"]`);

	async function submitAction(page, button, comment) {
		const form = actForm(page);
		L.equal(await form.count(), 1, 'forms to submit the next action');
		await form.getByLabel(/说明/).fill(comment);
		await submit(page, form.getByRole('button', { name: button }));
		L.equal(new URL(page.url()).pathname, `/communities/${W.id}`, 'after submitting');
	}

	/* Each key approves the open round from its task list, with a comment. */
	async function approveAll(t, keys) {
		let page;
		for (const key of keys) {
			page = await fromTasks(t, key);
			const form = page.locator(`form[action="/communities/${W.id}/decide"]`);
			L.equal(await form.count(), 1, `${key}: decide forms`);
			await form.getByLabel('意见或说明').fill(`${S.users[key].name}：同意`);
			await submit(page, form.getByRole('button', { name: '同意', exact: true }));
			L.equal(new URL(page.url()).pathname, `/communities/${W.id}`,
			    `${key}: after approving`);
		}
		return page;
	}

	/* The stage the lifecycle bar marks as current. */
	async function currentStage(page) {
		return (await page.locator('ol.lifecycle li.current').innerText())
		    .replace(/\s+/g, ' ').trim();
	}

	async function expectStage(page, stage) {
		const cur = await currentStage(page);
		L.assert(cur.includes(stage), `current stage: want ${stage}, got ${cur}`);
	}

	step('a committee clerk declares a new community (申报小区)', async (t) => {
		const page = await session(t, 'committee-clerk');
		await L.clickAndWait(page, page.getByRole('navigation')
		    .getByRole('link', { name: '申报小区' }));
		W.name = `沂蒙路${S.users.login.sub.split('-')[0]}小区`;
		await page.getByLabel('小区名称').fill(W.name);
		await page.getByLabel('所属县区').selectOption(h.COUNTY);
		await page.getByLabel('所属街道（镇）').fill('金雀山街道');
		await page.getByLabel('所属社区居委会').fill('沂蒙路社区居委会');
		await page.getByLabel('地址').fill('兰山区沂蒙路 118 号');
		await page.getByLabel('建成年份').fill('1992');
		await page.getByLabel('楼栋数').fill('6');
		await page.getByLabel('户数').fill('120');
		await page.getByLabel('建筑面积（平方米）').fill('9650.5');
		for (const [label, v] of [['国有土地', 'true'], ['位于城市规划区', 'true'],
		    ['多层住宅', 'true'], ['房屋结构安全', 'true'], ['已列入棚改或拆迁计划', 'false'],
		    ['含危房', 'true']])
			await page.getByLabel(label, { exact: true }).selectOption(v);
		await submit(page, page.getByRole('button', { name: '提交申报' }));
		const m = /^\/communities\/(\d+)$/.exec(new URL(page.url()).pathname);
		L.assert(m, 'after declaring: ' + page.url());
		W.id = Number(m[1]);
		L.equal(await h.h1(page), W.name, 'h1');
		await expectStage(page, '已申报');
	});

	step('the street clerk records the survey (摸底) and submits it', async (t) => {
		const page = await fromTasks(t, 'street-clerk');
		await L.clickAndWait(page, page.getByRole('link', { name: '录入摸底项目' }));
		for (const it of ITEMS)
			await page.getByLabel(it.label, { exact: true }).selectOption(it.condition);
		await submit(page, page.getByRole('button', { name: '保存摸底结果' }));
		if (new URL(page.url()).pathname !== `/communities/${W.id}`)
			await L.clickAndWait(page, page.getByRole('link', { name: '返回小区详情' }));
		for (const it of ITEMS)
			L.assert(await page.locator('#items').locator('..').getByText(it.label)
			    .count() > 0, `${it.label} not listed on the community page`);
		await submitAction(page, '摸底', '摸底完成，请审核');
		L.equal(await page.locator(`form[action="/communities/${W.id}/act"]`).count(), 0,
		    'submit forms while the round is open');
	});

	step('the county and housing approvers approve the survey', async (t) => {
		const page = await approveAll(t, ['county-approver', 'housing-approver']);
		await expectStage(page, '已摸底');
	});

	step('the county clerk plans the works (items, estimates, consent, notice, batch, ' +
	    'funding) and submits the launch (启动改造)', async (t) => {
		const page = await fromTasks(t, 'county-clerk');
		await L.clickAndWait(page, page.getByRole('link', { name: '编制改造方案' }));
		for (const it of ITEMS) {
			await page.getByLabel(`${it.label} 纳入改造`).selectOption('true');
			await page.getByLabel(`${it.label} 估算金额（元）`).fill(it.estimate);
		}
		await page.getByLabel('同意改造户数').fill('96');
		await page.getByLabel('方案公示日期').fill(day(-20));
		await page.getByLabel('实施批次').fill('2026');
		await submit(page, page.getByRole('button', { name: '保存改造方案' }));
		if (!/\/plan$/.test(new URL(page.url()).pathname))
			await L.clickAndWait(page, page.getByRole('link', { name: '编制改造方案' }));
		await page.getByLabel('资金来源').selectOption('province');
		await page.getByLabel('计划金额（元）').fill('150000');
		await page.getByLabel('备注').fill('省级以奖代补');
		await submit(page, page.getByRole('button', { name: '添加资金' }));
		await page.getByLabel('资金来源').selectOption('county');
		await page.getByLabel('计划金额（元）').fill('75000.50');
		await page.getByLabel('备注').fill('县区配套');
		await submit(page, page.getByRole('button', { name: '添加资金' }));
		await L.clickAndWait(page, page.getByRole('link', { name: '返回小区详情' }));
		L.equal(await page.locator('ul.checklist li.missing').count(), 0,
		    'unmet conditions: ' + await L.mainText(page));
		await submitAction(page, '启动改造', '方案已公示期满，请会签');
	});

	step('the county, drc and finance approvers approve the launch', async (t) => {
		const page = await approveAll(t,
		    ['county-approver', 'drc-approver', 'finance-approver']);
		await expectStage(page, '实施改造');
	});

	step('the construction clerk records the tender, marks the items done and reports ' +
	    'completion (完工)', async (t) => {
		const page = await fromTasks(t, 'construction-clerk');
		await L.clickAndWait(page, page.getByRole('link', { name: /招标信息/ }));
		await page.getByLabel('施工单位').fill('临沂市建筑安装工程有限公司');
		await page.getByLabel('监理单位').fill('临沂市建设监理有限公司');
		await page.getByLabel('中标日期').fill(day(-15));
		await page.getByLabel('现场负责人').fill('王建国');
		await submit(page, page.getByRole('button', { name: '保存' }));
		if (new URL(page.url()).pathname !== `/communities/${W.id}`)
			await L.clickAndWait(page, page.getByRole('link', { name: '返回小区详情' }));
		await L.clickAndWait(page, page.getByRole('link', { name: /登记项目完工/ }));
		for (const it of ITEMS)
			await page.getByLabel(it.label, { exact: true }).check();
		await page.getByLabel('意见或说明').fill('已按设计完成施工');
		await submit(page, page.getByRole('button', { name: '标记为已完工' }));
		if (new URL(page.url()).pathname !== `/communities/${W.id}`)
			await L.clickAndWait(page, page.getByRole('link', { name: '返回小区详情' }));
		L.equal(await page.locator('ul.checklist li.missing').count(), 0,
		    'unmet conditions: ' + await L.mainText(page));
		await submitAction(page, '完工', '施工完成');
	});

	step('the construction approver approves the completion', async (t) => {
		const page = await approveAll(t, ['construction-approver']);
		await expectStage(page, '已完工');
	});

	/* The item rows of the community page's items table. */
	const itemRow = (page, label) => page.locator('table tr')
	    .filter({ has: page.locator('th', { hasText: label }) });

	/* On 验收签认: tick this community's items of the department and sign them off. */
	async function signOff(t, key, labels) {
		const page = await session(t, key);
		await L.clickAndWait(page, page.getByRole('navigation')
		    .getByRole('link', { name: '验收签认' }));
		L.equal(new URL(page.url()).pathname, '/signoffs', `${key}: sign-off page`);
		for (const label of labels)
			await page.getByLabel(`${label}（${W.name}）`, { exact: true }).check();
		await page.getByLabel('验收合格').check();
		await page.getByLabel('验收意见').fill('现场查验合格');
		await submit(page, page.getByRole('button', { name: '签认所选项目' }));
		L.equal(await page.getByLabel(new RegExp(W.name)).count(), 0,
		    `${key}: items of ${W.name} still waiting`);
		await page.goto(`/communities/${W.id}`);
		for (const label of labels) {
			const r = itemRow(page, label);
			L.equal(await r.count(), 1, `rows of ${label}`);
			L.equal(await r.locator('.tag').innerText(), '已验收', `${label}: status`);
		}
	}

	step('the police approver signs off the surveillance and fire items (验收签认)',
	    async (t) => {
		await signOff(t, 'police-approver', ['视频监控', '消防通道']);
	});

	step('the construction approver signs off the road item (验收签认)', async (t) => {
		await signOff(t, 'construction-approver', ['道路硬化']);
	});

	step('the construction clerk submits the acceptance (验收)', async (t) => {
		const page = await fromTasks(t, 'construction-clerk');
		L.equal(await page.locator('ul.checklist li.missing').count(), 0,
		    'unmet conditions: ' + await L.mainText(page));
		await submitAction(page, '验收', '各项目均已验收合格');
	});

	step('the construction and audit approvers approve the acceptance', async (t) => {
		const page = await approveAll(t, ['construction-approver', 'audit-approver']);
		await expectStage(page, '已验收');
	});

	step('the housing clerk records the hand-over and hands the community over (移交物业)',
	    async (t) => {
		const page = await fromTasks(t, 'housing-clerk');
		await L.clickAndWait(page, page.getByRole('link', { name: /物业移交信息/ }));
		await page.getByLabel('业主大会召开日期').fill(day(-5));
		await page.getByLabel('管理方式').selectOption('professional');
		await page.getByLabel('物业服务企业').fill('临沂市安居物业服务有限公司');
		await page.getByLabel('合同开始日期').fill(day(1));
		await page.getByLabel('合同结束日期').fill(day(3 * 365));
		await page.getByLabel('物业管理面积（平方米）').fill('9650.5');
		await page.getByLabel('物业费（元/平方米·月）').fill('0.45');
		await submit(page, page.getByRole('button', { name: '保存' }));
		if (new URL(page.url()).pathname !== `/communities/${W.id}`)
			await L.clickAndWait(page, page.getByRole('link', { name: '返回小区详情' }));
		L.equal(await page.locator('ul.checklist li.missing').count(), 0,
		    'unmet conditions: ' + await L.mainText(page));
		await submitAction(page, '移交物业', '业主大会已选聘物业');
	});

	step('the housing and pricing approvers approve the hand-over: the community page ' +
	    'shows 已实施物业管理 as the current stage', async (t) => {
		await approveAll(t, ['housing-approver', 'pricing-approver']);
		/* As the committee that declared it sees it now. */
		const page = await session(t, 'committee-clerk');
		await page.goto(`/communities/${W.id}`);
		await expectStage(page, '已实施物业管理');
		const done = await page.locator('ol.lifecycle li.done').count();
		L.equal(done, 5, 'stages marked done');
		L.equal(await page.locator(`form[action="/communities/${W.id}/act"]`).count(), 0,
		    'forms to move it further');
		const text = await page.locator('main').innerText();
		L.assert(text.includes('临沂市安居物业服务有限公司'), 'company not shown');
		/* The hand-over is on record: the same as the API sees it. */
		const c = await L.api(S.users['housing-approver'], 'GET', `/communities/${W.id}`);
		L.equal(c.stage, 'managed', 'stage (API)');
		L.equal(c.items.filter((i) => i.status === 'signed_off').length, ITEMS.length,
		    'items signed off (API)');
	});
}

module.exports = { define, ITEMS, TOTAL };
