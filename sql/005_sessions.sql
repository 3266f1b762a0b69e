-- 005_sessions.sql - web sessions that were signed out (issue 4 §1).
--
-- A session is a token of our own signing in an HttpOnly cookie; it
-- carries its own expiry, so nothing is stored while it is in use.  When
-- a user signs out, the token's jti is recorded here until the token
-- would have expired anyway, and the dispatcher refuses it from then on:
-- a copied cookie is worthless after "退出登录".

CREATE TABLE session_revoked (
	jti		text PRIMARY KEY CHECK (jti ~ '^[0-9a-f]{16,64}$'),
	expires_at	timestamptz NOT NULL,
	revoked_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX session_revoked_expires ON session_revoked (expires_at);

-- The server records sign-outs and forgets them once the token is dead.
REVOKE ALL ON session_revoked FROM jiugai;
GRANT SELECT, INSERT, DELETE ON session_revoked TO jiugai;
