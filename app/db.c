/*
 * db.c - one PostgreSQL connection per process, prepared statements, and
 * the mapping from SQLSTATE to enum jg_err.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "arena.h"
#include "conf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"

static PGconn	*conn;
static int	 conn_ok;
static char	 last_state[6];
static int	 ncalls;		/* statements sent since db_calls_reset() */

/* Keep libpq's notices (e.g. "there is no transaction in progress") out. */
static void
db_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

void
db_close(void)
{
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	conn_ok = 0;
}

int
db_open(void)
{
	PGresult	*res;
	char		 sql[128];
	long		 timeout;
	int		 i;

	db_close();
	conn = PQconnectdb(conf_get(CONF_DATABASE_URL));
	if (PQstatus(conn) != CONNECTION_OK) {
		log_warn("database: %s", PQerrorMessage(conn));
		db_close();
		return -1;
	}
	PQsetNoticeProcessor(conn, db_notice, NULL);
	/*
	 * Session settings: a runaway statement or a transaction left open
	 * cannot hold locks for long.  The values are numbers we format.
	 */
	timeout = conf_long(CONF_STATEMENT_TIMEOUT, 30000);
	snprintf(sql, sizeof(sql), "SET statement_timeout = %ld; "
	    "SET idle_in_transaction_session_timeout = %ld; "
	    "SET TIME ZONE 'Asia/Shanghai'", timeout, timeout * 2);
	res = PQexec(conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		log_warn("database settings: %s", PQerrorMessage(conn));
		PQclear(res);
		db_close();
		return -1;
	}
	PQclear(res);
	for (i = 0; i < STMT__MAX; i++) {
		res = PQprepare(conn, stmts[i].name, stmts[i].sql,
		    stmts[i].nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			log_err("prepare %s: %s", stmts[i].name,
			    PQerrorMessage(conn));
			PQclear(res);
			db_close();
			return -1;
		}
		PQclear(res);
	}
	conn_ok = 1;
	return 0;
}

int
db_ok(void)
{
	return conn != NULL && conn_ok && PQstatus(conn) == CONNECTION_OK;
}

PGconn *
db_conn(void)
{
	return conn;
}

void
db_calls_reset(void)
{
	ncalls = 0;
}

int
db_calls(void)
{
	return ncalls;
}

const char *
db_sqlstate(void)
{
	return last_state;
}

static void
db_clear(void *p)
{
	PQclear(p);
}

/* SQLSTATE classes and codes to our errors (PostgreSQL Appendix A). */
static enum jg_err
db_map(const char *state)
{
	if (state == NULL)
		return JG_UNAVAILABLE;
	if (strcmp(state, "23505") == 0 ||	/* unique_violation */
	    strcmp(state, "40001") == 0 ||	/* serialization_failure */
	    strcmp(state, "40P01") == 0 ||	/* deadlock_detected */
	    strcmp(state, "55P03") == 0)	/* lock_not_available */
		return JG_CONFLICT;
	if (strncmp(state, "23", 2) == 0 ||	/* integrity */
	    strncmp(state, "22", 2) == 0)	/* data exception */
		return JG_INVALID;
	if (strncmp(state, "08", 2) == 0 ||	/* connection exception */
	    strncmp(state, "57", 2) == 0 ||	/* operator intervention */
	    strncmp(state, "53", 2) == 0)	/* insufficient resources */
		return JG_UNAVAILABLE;
	return JG_INTERNAL;
}

enum jg_err
db_exec(struct arena *a, enum stmt s, const char *const *params,
    PGresult **out)
{
	PGresult	*res;
	const char	*state;
	enum jg_err	 e;
	ExecStatusType	 st;

	last_state[0] = '\0';
	if (out != NULL)
		*out = NULL;
	ncalls++;
	if (!db_ok())
		return JG_UNAVAILABLE;
	res = PQexecPrepared(conn, stmts[s].name, stmts[s].nparams, params,
	    NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		if (out != NULL) {
			arena_cleanup(a, db_clear, res);
			*out = res;
		} else
			PQclear(res);
		return JG_OK;
	}
	state = res == NULL ? NULL : PQresultErrorField(res, PG_DIAG_SQLSTATE);
	if (state != NULL)
		snprintf(last_state, sizeof(last_state), "%s", state);
	e = db_map(state);
	if (PQstatus(conn) != CONNECTION_OK)
		e = JG_UNAVAILABLE;
	if (e == JG_UNAVAILABLE || e == JG_INTERNAL)
		metrics_db_error();
	if (e == JG_UNAVAILABLE) {
		log_warn("database unavailable (%s): %s", stmts[s].name,
		    PQerrorMessage(conn));
		conn_ok = 0;
	} else if (e == JG_INTERNAL)
		log_err("%s: %s %s", stmts[s].name, last_state,
		    PQresultErrorMessage(res));
	else
		log_info("%s: %s %s", stmts[s].name, last_state,
		    PQresultErrorMessage(res));
	PQclear(res);
	return e;
}
