/*
 * db.h - the only door to PostgreSQL.
 *
 * Every statement is a row of the stmts[] table in db_stmts.c, prepared
 * once per connection and run with PQexecPrepared; no SQL is built from
 * input anywhere.  Only this layer reads SQLSTATE and maps it onto
 * enum jg_err.
 */
#ifndef JIUGAI_DB_H
#define JIUGAI_DB_H

#include <libpq-fe.h>

#include "err.h"

struct arena;

enum stmt {
	STMT_BEGIN,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_PING,
	STMT_COMMUNITY_LOCK,		/* the community row, for this transaction */
	STMT_SNAPSHOT,			/* community facts for the engine */
	STMT_COMMUNITY_JSON,
	STMT_COMMUNITY_SCOPE,		/* county of a community, unlocked */
	STMT_COMMUNITY_LIST,		/* by id, keyset on id */
	STMT_COMMUNITY_LIST_PRIORITY,	/* the plan's priority, keyset on its key */
	STMT_COMMUNITY_INSERT,
	STMT_COMMUNITY_PATCH,
	STMT_COMMUNITY_STAGE,
	STMT_COMMUNITY_BUMP,
	STMT_ROUND_INSERT,
	STMT_ROUND_CLOSE,
	STMT_ROUND_JSON,
	STMT_APPROVAL_INSERT,
	STMT_EVENT_INSERT,
	STMT_EVENTS_JSON,
	STMT_ITEM_INSERT,
	STMT_ITEM_LOCK,			/* item's community and kind */
	STMT_ITEM_UPDATE,
	STMT_ITEM_DONE,
	STMT_ITEM_DECIDE,
	STMT_ITEM_JSON,
	STMT_FUNDING_INSERT,
	STMT_TASKS,
	STMT_IDEM_GET,
	STMT_IDEM_PUT,
	STMT_USER_UPSERT,
	STMT_AUDIT_HEAD,		/* the end of the audit chain */
	STMT_USER_AUTH,			/* a user's hash, flags and claims (user.c) */
	STMT_USER_LOGIN_OK,		/* reset the lock-out counter */
	STMT_USER_LOGIN_FAIL,		/* count a failure, lock after $2 */
	STMT_SESSION_REVOKED,		/* a signed-out session's jti */
	STMT_SESSION_REVOKE,		/* sign a session out */
	STMT_PUBLIC_JSON,		/* a community's public notice (sql/009) */
	/* money (api_money.c, api_item.c) */
	STMT_ITEM_MONEY,		/* an item's kind, estimate and parts in fen */
	STMT_MONEY_ITEMS,		/* a community's county and items, in fen */
	STMT_MONEY_FUNDING,		/* its funding per source, in fen */
	STMT_SUBSIDY_RATES,		/* each county's subsidy rate, fen */
	STMT_SUBSIDY_LIST,		/* professional contracts in a period */
	/* exports and hand-over (api_ledger.c, api_handover.c) */
	STMT_LEDGER_COUNT,		/* the ledger's rows, counted up to a cap */
	STMT_LEDGER_ROWS,		/* a chunk of the ledger, keyset on id */
	STMT_HANDOVER_ROWS,		/* accepted and managed, keyset on stage_since */
	STMT_HANDOVER_COVERAGE,		/* per county */
	STMT_EXPORT_BEGIN,		/* one read-only snapshot for a whole file */
	STMT_EXPORT_NOJIT,		/* no JIT for the export's many short chunks */
	/* the county assessment (api_assessment.c) */
	STMT_ASSESSMENT,		/* the whole report as one JSON object */
	STMT_TARGET_SET,		/* a county's yearly targets, upserted */
	STMT_TARGET_LIST,		/* the targets of a year */
	STMT__MAX
};

struct stmt_def {
	const char	*name;
	const char	*sql;
	int		 nparams;
};

extern const struct stmt_def stmts[STMT__MAX];

/*
 * Connect (or reconnect) the process's connection with the configured
 * URL, set the session's timeouts and prepare every statement.
 * Returns 0, or -1 (logged) when the database is unreachable.
 */
int		 db_open(void);
void		 db_close(void);
/* 1 when the connection is believed good. */
int		 db_ok(void);

/*
 * Run statement s with n text parameters (NULL entries are SQL NULL).
 * On success returns JG_OK and, when res is not NULL, the result, which
 * the arena owns (PQclear at reset).  On failure returns JG_CONFLICT
 * (unique violation, serialization failure, deadlock), JG_INVALID
 * (check, foreign key, not-null, bad value), JG_UNAVAILABLE (connection
 * lost: the connection is marked for reset) or JG_INTERNAL; the server's
 * message goes to the log only.
 */
enum jg_err	 db_exec(struct arena *a, enum stmt s, const char *const *params,
		    PGresult **res);
/* Count the statements of one request: 1 after a failure means none ran. */
void		 db_calls_reset(void);
int		 db_calls(void);
/* The SQLSTATE of the last failed db_exec ("" when none). */
const char	*db_sqlstate(void);
/* The raw connection, for the migrate and seed tools only. */
PGconn		*db_conn(void);

#endif
