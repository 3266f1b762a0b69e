/*
 * api_fields.c - the JSON bodies of API v1 (DESIGN §8), field by field.
 */
#include <string.h>

#include "api_fields.h"
#include "codes.h"
#include "wf.h"

const char *const decisions[DECISION__MAX] = { "approve", "reject" };

int
code_decision(const char *s, size_t len)
{
	int	 i;

	for (i = 0; i < DECISION__MAX; i++)
		if (strlen(decisions[i]) == len && memcmp(decisions[i], s, len) == 0)
			return i;
	return -1;
}

#define VERSION	{ "expected_version", JT_INT, 0, 1, 2000000000, NULL }
#define COMMENT	{ "comment", JT_TEXT, JF_NULLABLE, 0, 2000, NULL }

static const struct jin_field transition[] = {
	{ "action", JT_CODE, JF_REQUIRED, 0, 0, code_action },
	VERSION,
	COMMENT,
};

static const struct jin_field approval[] = {
	{ "action", JT_CODE, JF_REQUIRED, 0, 0, code_action },
	{ "decision", JT_CODE, JF_REQUIRED, 0, 0, code_decision },
	COMMENT,
	VERSION,
};

/*
 * The parts of an estimate that decide who pays (money.h), in the order
 * of enum money_part; which kinds may carry which is money.c's check.
 */
#define PARTS \
	{ "utility_side_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL }, \
	{ "beyond_meter_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL }, \
	{ "owners_part_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL }

static const struct jin_field item_new[] = {
	{ "kind", JT_CODE, JF_REQUIRED, 0, 0, code_kind },
	{ "condition", JT_CODE, JF_NULLABLE, 0, 0, code_condition },
	{ "selected", JT_BOOL, 0, 0, 0, NULL },
	{ "estimate_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL },
	PARTS,
};

static const struct jin_field item_edit[] = {
	{ "condition", JT_CODE, JF_NULLABLE, 0, 0, code_condition },
	{ "selected", JT_BOOL, 0, 0, 0, NULL },
	{ "estimate_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL },
	VERSION,
	PARTS,
};

static const struct jin_field item_done[] = {
	COMMENT,
	VERSION,
};

static const struct jin_field item_decide[] = {
	{ "decision", JT_CODE, JF_REQUIRED, 0, 0, code_decision },
	COMMENT,
	VERSION,
};

static const struct jin_field funding_new[] = {
	{ "source", JT_CODE, JF_REQUIRED, 0, 0, code_source },
	{ "planned_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL },
	{ "received_yuan", JT_MONEY, JF_NULLABLE, 0, 0, NULL },
	{ "note", JT_TEXT, JF_NULLABLE, 0, 500, NULL },
};

#define MAXFIELDS	64
static struct jin_field	 community[MAXFIELDS];

#define B(x)	{ x, sizeof(x) / sizeof(x[0]) }
static struct api_body	 bodies[BODY__MAX] = {
	B(transition), B(approval), B(item_new), B(item_edit), B(item_done),
	B(item_decide), B(funding_new), { community, 0 },
};

/* The stage data fields of wf_fields, as body fields, plus the version. */
static void
community_init(void)
{
	const struct wf_field	*f;
	struct jin_field	*j;
	size_t			 i;

	for (i = 0; i < wf_fields_len && i < MAXFIELDS - 1; i++) {
		f = &wf_fields[i];
		j = &community[i];
		j->name = f->name;
		j->flags = JF_NULLABLE;
		j->min = f->min;
		j->max = f->max;
		switch (f->type) {
		case WF_TEXT:
			j->type = f->max > 400 ? JT_TEXT : JT_STRING;
			break;
		case WF_INT:
			j->type = JT_INT;
			break;
		case WF_DECIMAL:
			j->type = JT_MONEY;
			j->min = j->max = 0;
			break;
		case WF_BOOL:
			j->type = JT_BOOL;
			break;
		case WF_DATE:
			j->type = JT_DATE;
			break;
		case WF_MODE:
			j->type = JT_CODE;
			j->lookup = code_mode;
			break;
		case WF_COUNTY:
			j->type = JT_CODE;
			j->lookup = code_county;
			break;
		}
	}
	community[i] = (struct jin_field)VERSION;
	bodies[BODY_COMMUNITY].n = i + 1;
}

const struct api_body *
api_fields(enum api_body_kind k)
{
	if (bodies[BODY_COMMUNITY].n == 0)
		community_init();
	return &bodies[k];
}
