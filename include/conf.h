/*
 * conf.h - configuration: one key = value file, every key overridable by
 * the environment variable JIUGAI_<KEY>.  See docs/CONTRACTS.md.
 */
#ifndef JIUGAI_CONF_H
#define JIUGAI_CONF_H

enum conf_key {
	CONF_DATABASE_URL,
	CONF_MIGRATE_URL,	/* the owner role, for `jiugai migrate` (docs/audit.md) */
	CONF_SOCKET,
	CONF_WORKERS,
	CONF_SOCKET_GROUP,
	CONF_PIDFILE,
	CONF_KEY_PUBLIC,
	CONF_KEY_PRIVATE,
	CONF_ISSUER,
	CONF_AUDIENCE,
	CONF_TOKEN_TTL,
	CONF_MAX_BODY,
	CONF_NOTICE_DAYS,
	CONF_CONSENT_NUM,
	CONF_CONSENT_DEN,
	CONF_SQL_DIR,
	CONF_STATEMENT_TIMEOUT,
	CONF_IDEMPOTENCY_TTL,
	CONF_USER,
	CONF_PUBLIC_URL,	/* the site as residents reach it (the notice's QR code) */
	CONF_PILOT_DEADLINE,	/* the plan's deadlines (the assessment, issue 5 §2) */
	CONF_ROLLOUT_DEADLINE,
	CONF__MAX
};

/*
 * Load the file named by JIUGAI_CONFIG, else var/jiugai.conf when it
 * exists, then the environment.  Returns 0, or -1 with a message on
 * stderr for an unreadable named file or an unknown key.
 */
int		 conf_load(void);
/* The value of a key (never NULL: defaults fill the gaps). */
const char	*conf_get(enum conf_key k);
/* The value as a number, or def when it is not a whole number. */
long		 conf_long(enum conf_key k, long def);

#endif
