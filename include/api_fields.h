/*
 * api_fields.h - the JSON body of every writing route, as tables of
 * fields with their validators (jsonin.h).  One place, read by the
 * handlers and by the fuzz harness alike.
 */
#ifndef JIUGAI_API_FIELDS_H
#define JIUGAI_API_FIELDS_H

#include <stddef.h>

#include "jsonin.h"

/* Decisions of approvals and item sign-offs. */
enum decision {
	DECISION_APPROVE,
	DECISION_REJECT,
	DECISION__MAX
};

extern const char *const decisions[DECISION__MAX];
/* A decision code: the enum value, or -1. */
int	code_decision(const char *s, size_t len);

struct api_body {
	const struct jin_field	*fields;
	size_t			 n;
};

enum api_body_kind {
	BODY_TRANSITION,	/* POST .../transitions */
	BODY_APPROVAL,		/* POST .../approvals */
	BODY_ITEM_NEW,		/* POST .../items */
	BODY_ITEM_EDIT,		/* PATCH /items/{id} */
	BODY_ITEM_DONE,		/* POST /items/{id}/done */
	BODY_ITEM_DECIDE,	/* POST /items/{id}/signoff */
	BODY_FUNDING_NEW,	/* POST .../funding */
	BODY_COMMUNITY,		/* POST, PATCH /communities: stage data + version */
	BODY__MAX
};

/*
 * The fields of a body.  BODY_COMMUNITY is built once from wf_fields
 * (its last field is expected_version).  Never NULL.
 */
const struct api_body	*api_fields(enum api_body_kind k);

#endif
