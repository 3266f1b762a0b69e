/*
 * api_audit.c - GET /api/v1/audit/head: the end of the audit chain, for
 * the audit bureau (and anyone signed in) to copy outside the database
 * and later check with `jiugai verify-audit --from SEQ --hash HASH`.
 */
#include "api.h"

/*
 * {"seq": n, "hash": "64 hex digits", "at": "timestamp of the last
 * append"}; seq 0 and 64 zeros before the first event.  Any signed-in
 * user: the head is no secret, and every extra copy kept elsewhere is one
 * more witness (docs/audit.md).  Database errors only.
 */
enum jg_err
api_audit_head(struct req *r)
{
	PGresult	*res;
	enum jg_err	 e;

	if ((e = db_exec(r->a, STMT_AUDIT_HEAD, NULL, &res)) != JG_OK)
		return e;
	if (PQntuples(res) != 1)
		return JG_INTERNAL;
	api_answer(r, 200, PQgetvalue(res, 0, 0));
	return JG_OK;
}
