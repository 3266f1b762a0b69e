/*
 * audit.h - the audit trail's hash chain, computed in C (docs/audit.md).
 *
 * The database chains every event as it is appended (sql/003, trigger
 * zz_event_chain); `jiugai verify-audit` recomputes each link here, from
 * the row's own columns, so that a changed trigger or function in the
 * database cannot vouch for itself.
 */
#ifndef JIUGAI_AUDIT_H
#define JIUGAI_AUDIT_H

#include <stddef.h>

/* The event columns a link covers, in the order they are encoded. */
enum audit_col {
	AUDIT_SEQ,
	AUDIT_ID,
	AUDIT_COMMUNITY_ID,
	AUDIT_AT,		/* UTC epoch microseconds */
	AUDIT_ACTOR_SUB,
	AUDIT_ACTOR_NAME,
	AUDIT_ACTOR_DEPT,
	AUDIT_ACTOR_ROLE,
	AUDIT_ACTION,
	AUDIT_ROUND_ID,
	AUDIT_ITEM_ID,
	AUDIT_COMMENT,
	AUDIT_BEFORE,		/* jsonb as text */
	AUDIT_AFTER,		/* jsonb as text */
	AUDIT__MAX
};

/* Hex digits of a hash, without the NUL. */
#define AUDIT_HEXLEN	64

/* The prev_hash of the first event. */
extern const char	 audit_genesis[AUDIT_HEXLEN + 1];

/*
 * One link: hex SHA-256 of prev (AUDIT_HEXLEN hex digits) followed, for
 * each column in enum order, by 0x1F and either "N" (val[i] == NULL) or
 * the decimal length len[i] in octets, ':' and the len[i] octets of
 * val[i].  Writes AUDIT_HEXLEN lowercase digits and a NUL into out.
 */
void	 audit_link(const char *prev, const char *const val[AUDIT__MAX],
	    const size_t len[AUDIT__MAX], char out[AUDIT_HEXLEN + 1]);

/* 1 when s is exactly AUDIT_HEXLEN lowercase hex digits. */
int	 audit_is_hash(const char *s);

#endif
