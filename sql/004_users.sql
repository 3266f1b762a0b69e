-- 004_users.sql - what the login form needs from app_user: a lock-out
-- counter, a lock, and when the password last changed (issue 4 §1).
--
-- Runs as the owner role (migrate_url).  Passwords are stored only as
-- argon2id hashes made by libsodium (crypto_pwhash_str); the check below
-- keeps any other text, a plain password above all, out of the column.

ALTER TABLE app_user
	ADD COLUMN failed_logins integer NOT NULL DEFAULT 0
	    CHECK (failed_logins >= 0),
	ADD COLUMN locked_until timestamptz,	-- NULL or past: not locked
	ADD COLUMN password_changed_at timestamptz,
	ADD COLUMN last_login_at timestamptz,
	ADD CONSTRAINT app_user_password_hash_argon2id
	    CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
	ADD CONSTRAINT app_user_roles_not_empty
	    CHECK (cardinality(roles) > 0);

-- The application's role: the server reads users and writes the lock-out
-- columns; `jiugai user` (database_url, the same role) adds users and sets
-- passwords and the disabled flag.  003 granted SELECT, INSERT, UPDATE on
-- the whole table already (and revoked DELETE: users are disabled, never
-- deleted); restated here so that this file says what login relies on.
GRANT SELECT, INSERT, UPDATE ON app_user TO jiugai;
