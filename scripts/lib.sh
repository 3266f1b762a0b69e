# shellcheck shell=bash
#
# scripts/lib.sh - the local stack (PostgreSQL, jiugai, nginx) as shell functions.
#
# Sourced by scripts/run.sh and scripts/stop.sh (state directory var/) and by tests/run.sh
# (a temporary directory). Every function takes the absolute state directory D first:
#
#   D/pg/          PostgreSQL cluster (owned by postgres)   D/log/   all logs
#   D/run/         PostgreSQL socket, jiugai.sock, pid      D/keys/  jwt.key, jwt.pub
#   D/nginx/       rendered nginx.conf, pid, temp dirs      D/jiugai.conf
#
# Functions print what went wrong (with the tail of the relevant log) and return non-zero;
# they never exit, so callers decide whether a failure is fatal. They stop only processes
# whose pid files live in D.

JIUGAI_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${BUILD:-build}
case $BUILD in
/*) ;;
*) BUILD=$JIUGAI_ROOT/$BUILD ;;
esac
JIUGAI_BIN=${JIUGAI_BIN:-$BUILD/jiugai}

# The newest installed PostgreSQL server binaries (Debian 12: 15). /usr/bin/psql is
# Debian's pg_wrapper, which wants a system cluster; the versioned tools do not.
if [ -z "${PGBIN:-}" ]; then
	PGBIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
fi

# The unprivileged account `jiugai serve` drops root for (configuration key `user`, which
# JIUGAI_USER overrides for the server too): a system user with a group of its own, no
# home, no shell. Its group also owns the local PostgreSQL socket (pg_start).
APP_USER=${JIUGAI_USER:-jiugai}

# Seconds to wait for jiugai to drain on SIGTERM (valgrind makes everything slower).
if [ "${JIUGAI_VALGRIND:-0}" = 1 ]; then
	JIUGAI_WAIT=120
else
	JIUGAI_WAIT=30
fi

say() { printf 'jiugai: %s\n' "$*" >&2; }

# log_tail FILE: show the end of a log after a failure.
log_tail() {
	[ -s "$1" ] || return 0
	printf -- '---- last lines of %s ----\n' "$1" >&2
	tail -n "${2:-30}" -- "$1" >&2
	printf -- '----\n' >&2
}

# as_postgres CMD...: PostgreSQL refuses to run as root. cd / so that postgres is not
# left in a directory it cannot read.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# read_pid FILE: print the pid on the first line of FILE; fail if there is none.
read_pid() {
	local pid
	[ -s "$1" ] && read -r pid <"$1" && [[ $pid =~ ^[1-9][0-9]*$ ]] || return 1
	printf '%s\n' "$pid"
}

# alive PID: the process exists and is not a zombie.
alive() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# ours PID WORD: PID is alive and its command line mentions WORD, so a pid file left over
# from an earlier boot never makes us signal an unrelated process.
ours() {
	alive "$1" || return 1
	tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -q -- "$2"
}

# wait_gone PID SECONDS: wait until PID has exited.
wait_gone() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		alive "$1" || return 0
		sleep 0.1
	done
	return 1
}

# app_user: create APP_USER once (useradd --system); idempotent.
app_user() {
	id -u "$APP_USER" >/dev/null 2>&1 && return 0
	say "creating system user $APP_USER (jiugai serve drops root for it)"
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
	    --shell /usr/sbin/nologin "$APP_USER" || return 1
}

# check_dir D [grant]: D must be a plain path (it is written into configuration files
# unquoted) that www-data (nginx workers reach D/run/jiugai.sock), APP_USER (the workers
# reach PostgreSQL's socket in D/run) and, for a local cluster, postgres can traverse.
# A clone in root's 0700 home is not: with "grant" (make run), each blocking parent gets
# search permission for exactly that user, by ACL, and says so.
check_dir() {
	local d=$1 grant=${2:-} u p part
	local -a users=(www-data "$APP_USER") parts

	app_user || return 1
	[ -n "${JIUGAI_DATABASE_URL:-}" ] || users+=(postgres)
	case $d in
	/*) ;;
	*) say "state directory must be absolute: $d"; return 1 ;;
	esac
	case $d in
	*[[:space:]\'\"\\\|\&\$\;\#\{\}]*)
		say "state directory path has spaces or shell/config metacharacters: $d"
		return 1 ;;
	esac
	mkdir -p -- "$d" && chmod 0755 -- "$d" || return 1
	IFS=/ read -ra parts <<<"${d#/}"
	for u in "${users[@]}"; do
		runuser -u "$u" -- test -x "$d" && continue
		if [ "$grant" != grant ]; then
			say "user $u cannot reach $d: a parent directory is not searchable"
			return 1
		fi
		p=
		for part in "${parts[@]}"; do
			p=$p/$part
			runuser -u "$u" -- test -x "$p" && continue
			say "granting user $u search permission on $p (ACL: setfacl -m u:$u:x)"
			if ! setfacl -m "u:$u:x" -- "$p"; then
				say "cannot; make $p searchable (chmod o+x $p) or clone elsewhere"
				return 1
			fi
		done
	done
}

# pg_start D [fast]: the project-local cluster in D/pg, unix socket in D/run only.
# With JIUGAI_DATABASE_URL set, no cluster: that server is used as it is (and
# JIUGAI_MIGRATE_URL, when set, names its owner role for migrations: docs/audit.md).
# "fast" (tests) turns off fsync: a crash loses the throwaway cluster, nothing else.
# Exports JIUGAI_DATABASE_URL (the server's role) and JIUGAI_MIGRATE_URL (the owner's).
pg_start() {
	local d=$1 fast=${2:-} pgdata=$1/pg run=$1/run log=$1/log/postgres.log grp sock
	local -a psql

	if [ -n "${JIUGAI_DATABASE_URL:-}" ]; then
		say "using JIUGAI_DATABASE_URL; no local PostgreSQL cluster"
		export JIUGAI_DATABASE_URL
		return 0
	fi
	if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/pg_ctl" ]; then
		say "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/deps.sh)"
		return 1
	fi
	check_dir "$d" || return 1
	mkdir -p -- "$d/log" "$run" || return 1
	chown postgres: "$run" && chmod 0755 "$run" || return 1
	touch "$log" && chown postgres: "$log" || return 1
	# The socket belongs to APP_USER's group (0770), so the workers reach it after they
	# dropped root; postgres must be a member to give the socket that group.
	grp=$(id -gn -- "$APP_USER") || return 1
	if ! id -nG postgres | tr ' ' '\n' | grep -qxF -- "$grp"; then
		say "adding postgres to group $grp (the group of the database socket)"
		usermod -a -G "$grp" postgres || return 1
	fi

	if [ ! -s "$pgdata/PG_VERSION" ]; then
		pg_init "$d" || return 1
	fi
	# Rewritten on every start, included from postgresql.conf (see pg_init).
	{
		echo "# written by scripts/lib.sh on every start"
		echo "listen_addresses = ''"
		echo "unix_socket_directories = '$run'"
		# Trust auth on the socket: only root, postgres and the members of APP_USER's
		# group (APP_USER and postgres) may connect at all.
		echo "unix_socket_group = '$grp'"
		echo "unix_socket_permissions = 0770"
		echo "log_line_prefix = '%m [%p] %q%u@%d '"
		if [ "$fast" = fast ]; then
			# Only a crash of the machine loses data. A crash of PostgreSQL alone
			# (pg_ctl restart -m immediate: tests/faults) must not lose a commit it
			# acknowledged, so synchronous_commit stays on (a write(), no fsync).
			echo "fsync = off"
			echo "full_page_writes = off"
		fi
	} >"$pgdata/jiugai.local.conf" && chown postgres: "$pgdata/jiugai.local.conf" || return 1
	# Who may be whom (rewritten on every start, reloaded below): peer authentication on
	# the socket, each operating-system user mapped to the roles it may use. The workers'
	# user reaches only the application role, which cannot rewrite the audit trail.
	{
		echo "# written by scripts/lib.sh on every start"
		echo "local	all	all		peer map=jiugai"
		echo "host	all	all	all	reject"
	} >"$pgdata/pg_hba.conf" && chown postgres: "$pgdata/pg_hba.conf" || return 1
	{
		echo "# written by scripts/lib.sh on every start: MAP OS-USER ROLE"
		echo "jiugai	root	postgres"
		echo "jiugai	root	jiugai_owner"
		echo "jiugai	root	jiugai"
		echo "jiugai	postgres	postgres"
		echo "jiugai	$APP_USER	jiugai"
	} >"$pgdata/pg_ident.conf" && chown postgres: "$pgdata/pg_ident.conf" || return 1

	if as_postgres "$PGBIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
		say "PostgreSQL already running ($pgdata)"
		as_postgres "$PGBIN/pg_ctl" -D "$pgdata" reload >/dev/null || return 1
		# Started before the socket settings above (an older var/): apply them.
		sock=$(find "$run" -maxdepth 1 -name '.s.PGSQL.*' -type s -print -quit)
		if [ -n "$sock" ] && [ "$(stat -c '%a %G' -- "$sock")" != "770 $grp" ]; then
			say "restarting PostgreSQL: its socket is not yet mode 0770, group $grp"
			if ! as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -l "$log" -m fast -w -t 60 \
			    restart >/dev/null; then
				say "PostgreSQL did not restart"
				log_tail "$log"
				return 1
			fi
		fi
	else
		say "starting PostgreSQL ($pgdata)"
		if ! as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -l "$log" -w -t 60 start >/dev/null; then
			say "PostgreSQL did not start"
			log_tail "$log"
			return 1
		fi
	fi

	# Roles and database, created once (docs/audit.md): jiugai_owner owns the database
	# and every table (`jiugai migrate` connects as it); jiugai, the server's role, owns
	# nothing. A database from before the split (owned by jiugai) is handed over once.
	# Peer authentication over the socket: no password anywhere.
	psql=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$run" -U postgres -d postgres)
	if ! as_postgres "${psql[@]}" >/dev/null <<-'EOF'
		SELECT 'CREATE ROLE jiugai_owner LOGIN'
		 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiugai_owner') \gexec
		SELECT 'CREATE ROLE jiugai LOGIN'
		 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jiugai') \gexec
		SELECT 'CREATE DATABASE jiugai OWNER jiugai_owner'
		 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'jiugai') \gexec
		\c jiugai
		SELECT 'REASSIGN OWNED BY jiugai TO jiugai_owner' FROM pg_database d
		 JOIN pg_roles r ON r.oid = d.datdba
		 WHERE d.datname = 'jiugai' AND r.rolname = 'jiugai' \gexec
	EOF
	then
		say "could not create the roles and database jiugai"
		log_tail "$log"
		return 1
	fi
	export JIUGAI_DATABASE_URL="host=$run dbname=jiugai user=jiugai connect_timeout=5"
	export JIUGAI_MIGRATE_URL="host=$run dbname=jiugai user=jiugai_owner connect_timeout=5"
}

# pg_init D: initdb once. UTF-8, C.UTF-8 collation when the system has it; pg_start then
# replaces its pg_hba.conf with peer authentication on the
# unix socket only (pg_start turns TCP off altogether).
pg_init() {
	local d=$1 pgdata=$1/pg locale=C

	if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
		locale=C.UTF-8
	fi
	if [ -d "$pgdata" ] && ! rmdir -- "$pgdata" 2>/dev/null; then
		say "$pgdata exists but holds no cluster (PG_VERSION missing); move it away"
		return 1
	fi
	install -d -o postgres -g postgres -m 0700 -- "$pgdata" || return 1
	say "initdb $pgdata (locale $locale)"
	if ! as_postgres "$PGBIN/initdb" -D "$pgdata" -U postgres -E UTF8 --locale="$locale" \
	    --auth-local=trust --auth-host=reject --no-instructions >"$d/log/initdb.log" 2>&1; then
		say "initdb failed"
		log_tail "$d/log/initdb.log"
		rm -rf -- "$pgdata"
		return 1
	fi
	echo "include_if_exists 'jiugai.local.conf'" >>"$pgdata/postgresql.conf"
}

# pg_stop D: stop the cluster in D/pg if it runs (fast: roll back open transactions).
pg_stop() {
	local pgdata=$1/pg

	[ -s "$pgdata/postmaster.pid" ] && [ -n "$PGBIN" ] || return 0
	as_postgres "$PGBIN/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 || return 0
	say "stopping PostgreSQL"
	as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w -t 60 stop >/dev/null && return 0
	say "PostgreSQL did not stop in 60 s; immediate shutdown"
	as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -m immediate -w -t 30 stop >/dev/null
}

# keys D: the ES256 signing key pair, generated once (never committed: var/ is ignored).
keys() {
	local k=$1/keys

	install -d -m 0700 -- "$k" || return 1
	if [ ! -s "$k/jwt.key" ]; then
		say "generating EC P-256 key pair in $k"
		(umask 077 && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		    -out "$k/jwt.key.tmp" && mv -f -- "$k/jwt.key.tmp" "$k/jwt.key") || return 1
		rm -f -- "$k/jwt.pub"
	fi
	chmod 0600 -- "$k/jwt.key" || return 1
	if [ ! -s "$k/jwt.pub" ]; then
		openssl pkey -in "$k/jwt.key" -pubout -out "$k/jwt.pub.tmp" &&
		    chmod 0644 -- "$k/jwt.pub.tmp" && mv -f -- "$k/jwt.pub.tmp" "$k/jwt.pub" || return 1
	fi
}

# write_conf D PORT: D/jiugai.conf (docs/CONTRACTS.md keys). Rewritten on every start so
# that it always matches D; mode 0600 because an external database_url may hold a password.
write_conf() {
	local d=$1 port=$2 sock=$1/run/jiugai.sock

	# sun_path is 108 bytes including the NUL.
	if [ "${#sock}" -gt 107 ]; then
		say "socket path too long for a unix socket (${#sock} > 107): $sock"
		return 1
	fi
	if [ -z "${JIUGAI_DATABASE_URL:-}" ]; then
		say "write_conf: JIUGAI_DATABASE_URL is not set (call pg_start first)"
		return 1
	fi
	mkdir -p -- "$d/run" || return 1
	(umask 077 && cat >"$d/jiugai.conf.tmp" <<-EOF && mv -f -- "$d/jiugai.conf.tmp" "$d/jiugai.conf")
		# jiugai.conf - written by scripts/lib.sh on every start; edits are lost.
		# nginx serves it on http://127.0.0.1:$port/
		database_url = $JIUGAI_DATABASE_URL
		${JIUGAI_MIGRATE_URL:+migrate_url = $JIUGAI_MIGRATE_URL}
		socket = $sock
		workers = $(nproc)
		socket_group = www-data
		user = $APP_USER
		pidfile = $d/run/jiugai.pid
		key_public = $d/keys/jwt.pub
		key_private = $d/keys/jwt.key
		sql_dir = $JIUGAI_ROOT/sql
	EOF
}

# jiugai D ARGS...: run the binary from the repository root with D's configuration.
jiugai() {
	local d=$1
	shift
	(cd "$JIUGAI_ROOT" && JIUGAI_CONFIG=$d/jiugai.conf exec "$JIUGAI_BIN" "$@")
}

# app_migrate D [seed]: apply migrations (a no-op when up to date), then the demo data.
app_migrate() {
	if [ ! -x "$JIUGAI_BIN" ]; then
		say "$JIUGAI_BIN not found: build it first (make all)"
		return 1
	fi
	say "migrate"
	jiugai "$1" migrate || { say "jiugai migrate failed"; return 1; }
	if [ "${2:-}" = seed ]; then
		say "seed"
		jiugai "$1" seed || { say "jiugai seed failed"; return 1; }
	fi
}

# app_serve D: (re)start `jiugai serve` detached in its own session (so it outlives this
# shell and its process group holds exactly the master and its workers), output appended
# to D/log/jiugai.log. Under JIUGAI_VALGRIND=1 every process runs under valgrind, with one
# log per pid in D/log/valgrind.PID.log. Returns once the socket and pid file exist.
app_serve() {
	local d=$1 sock=$1/run/jiugai.sock pidf=$1/run/jiugai.pid log=$1/log/jiugai.log
	local pid i limit=$((JIUGAI_WAIT * 10))
	local -a cmd=("$JIUGAI_BIN" serve)

	app_user || return 1
	app_stop "$d" || return 1
	rm -f -- "$sock" "$pidf"
	mkdir -p -- "$d/log" "$d/run" || return 1
	if [ "${JIUGAI_VALGRIND:-0}" = 1 ]; then
		# Each worker opens its own valgrind log after fork, as APP_USER.
		setfacl -m "u:$APP_USER:rwx" -- "$d/log" || return 1
		cmd=(valgrind --leak-check=full --error-exitcode=99 --trace-children=yes
		    "--log-file=$d/log/valgrind.%p.log" "${cmd[@]}")
	fi
	say "starting jiugai serve (log: $log)"
	(cd "$JIUGAI_ROOT" && JIUGAI_CONFIG=$d/jiugai.conf exec setsid "${cmd[@]}" \
	    >>"$log" 2>&1 </dev/null) &
	pid=$!
	for ((i = 0; i < limit; i++)); do
		if [ -S "$sock" ] && [ -s "$pidf" ]; then
			return 0
		fi
		if ! alive "$pid"; then
			say "jiugai serve exited during start-up"
			log_tail "$log"
			return 1
		fi
		sleep 0.1
	done
	say "jiugai serve: no socket $sock after $JIUGAI_WAIT s"
	log_tail "$log"
	return 1
}

# app_stop D: SIGTERM to the master (it drains its workers); after JIUGAI_WAIT seconds,
# SIGKILL to its whole process group. Workers left behind by a master that died are
# killed too: setsid made the master a group leader, so they are still in its group.
app_stop() {
	local d=$1 pid p

	pid=$(read_pid "$d/run/jiugai.pid") || return 0
	if ours "$pid" jiugai; then
		say "stopping jiugai (pid $pid)"
		kill -TERM "$pid" 2>/dev/null
		if ! wait_gone "$pid" "$JIUGAI_WAIT"; then
			say "jiugai did not exit ${JIUGAI_WAIT}s after SIGTERM; killing its process group"
			kill -KILL -- "-$pid" 2>/dev/null
			wait_gone "$pid" 5 || { say "jiugai (pid $pid) survived SIGKILL"; return 1; }
		fi
	fi
	for p in $(pgrep -g "$pid" 2>/dev/null); do
		if ours "$p" jiugai; then
			say "killing jiugai process $p left behind by its master"
			kill -KILL "$p" 2>/dev/null
		fi
	done
	rm -f -- "$d/run/jiugai.pid" "$d/run/jiugai.sock"
}

# nginx_start D PORT [STATIC]: render nginx/jiugai.conf.in into D/nginx/nginx.conf, check
# it, then start nginx or, when it already runs from D, reload it.
nginx_start() {
	local d=$1 port=$2 static=${3:-$JIUGAI_ROOT/app/static} n=$1/nginx pid old w
	local -a ngx

	mkdir -p -- "$n/tmp" "$d/run" && chmod 0755 -- "$n" || return 1
	# nginx workers (www-data) read the static files straight from the work tree; when a
	# parent is not searchable for them, serve a copy instead.
	if [ ! -d "$static" ]; then
		say "no static directory $static"
		return 1
	fi
	if ! runuser -u www-data -- test -r "$static" -a -x "$static"; then
		say "www-data cannot read $static; serving a copy from $d/static"
		rm -rf -- "$d/static" && cp -R -- "$static" "$d/static" &&
		    chmod -R a+rX -- "$d/static" || return 1
		static=$d/static
	fi
	sed -e "s|@LISTEN@|127.0.0.1:$port|g" \
	    -e "s|@SOCKET@|$d/run/jiugai.sock|g" \
	    -e "s|@PREFIX@|$n|g" \
	    -e "s|@STATIC@|$static|g" \
	    -e "s|@PIDFILE@|$n/nginx.pid|g" \
	    -e "s|@ERRLOG@|$n/error.log|g" \
	    -e "s|@LOGIN_RATE@|${JIUGAI_LOGIN_RATE:-10r/m}|g" \
	    -e "s|@LOGIN_BURST@|${JIUGAI_LOGIN_BURST:-10}|g" \
	    "$JIUGAI_ROOT/nginx/jiugai.conf.in" >"$n/nginx.conf.new" || return 1
	if grep -n '@[A-Z_]*@' "$n/nginx.conf.new" >&2; then
		say "unrendered placeholder in nginx/jiugai.conf.in"
		return 1
	fi
	# -e: without it nginx first opens its built-in error log outside D.
	ngx=(nginx -e "$n/error.log" -p "$n/")
	if ! "${ngx[@]}" -c "$n/nginx.conf.new" -t -q; then
		say "nginx rejected $n/nginx.conf.new"
		return 1
	fi
	mv -f -- "$n/nginx.conf.new" "$n/nginx.conf" || return 1

	if pid=$(read_pid "$n/nginx.pid") && ours "$pid" nginx; then
		# The reload is done when the old workers are gone: until then they still
		# answer with the old configuration. If they stay, the new one failed.
		say "reloading nginx (pid $pid) on 127.0.0.1:$port"
		old=$(pgrep -P "$pid")
		kill -HUP "$pid" || return 1
		for w in $old; do
			if ! wait_gone "$w" 15; then
				say "nginx kept its old workers: the reload failed"
				log_tail "$n/error.log"
				return 1
			fi
		done
		return 0
	fi
	say "starting nginx on 127.0.0.1:$port"
	if ! "${ngx[@]}" -c "$n/nginx.conf"; then
		say "nginx did not start"
		log_tail "$n/error.log"
		return 1
	fi
}

# nginx_stop D: graceful quit (finish open requests), then TERM, then KILL.
nginx_stop() {
	local n=$1/nginx pid

	pid=$(read_pid "$n/nginx.pid") || return 0
	ours "$pid" nginx || { rm -f -- "$n/nginx.pid"; return 0; }
	say "stopping nginx (pid $pid)"
	kill -QUIT "$pid" 2>/dev/null
	wait_gone "$pid" 10 && return 0
	kill -TERM "$pid" 2>/dev/null
	wait_gone "$pid" 5 && return 0
	kill -KILL "$pid" 2>/dev/null
	wait_gone "$pid" 5
}

# wait_http URL [SECONDS]: wait until URL answers 200 (through nginx and a worker).
wait_http() {
	local i code
	for ((i = 0; i < ${2:-30} * 10; i++)); do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -- "$1") || code=000
		[ "$code" = 200 ] && return 0
		sleep 0.1
	done
	say "$1 answered $code, not 200"
	return 1
}

# stop_all D: everything started from D, front to back.
stop_all() {
	local rc=0
	nginx_stop "$1" || rc=1
	app_stop "$1" || rc=1
	pg_stop "$1" || rc=1
	return "$rc"
}

# ---- For the benchmarks (scripts/bench.sh, scripts/bench_scale.sh) -------------------

# bench_trap PREFIX: on exit, stop the stack in $T (the caller's directory, made by
# mktemp as PREFIX.XXXXXX) and remove it unless BENCH_KEEP=1; INT and TERM exit with
# their usual status, through the same.
bench_trap() {
	BENCH_PREFIX=$1
	trap bench_finish EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# shellcheck disable=SC2317  # the EXIT trap
bench_finish() {
	local st=$?
	trap - EXIT
	if [ -n "${T:-}" ]; then
		stop_all "$T" >>"$T/log/stack.out" 2>&1 || st=1
		if [ "${BENCH_KEEP:-0}" = 1 ]; then
			say "kept $T (BENCH_KEEP=1)"
		else
			case $T in
			"$BENCH_PREFIX".*) rm -rf -- "$T" ;;
			esac
		fi
	fi
	exit "$st"
}

# pg_tune D: the cluster of D as a server holding millions of events would be set up
# (they do not fit the default 128 MB of shared buffers, nor their bulk load 1 GB of
# WAL between checkpoints), restarted.
pg_tune() {
	cat >>"$1/pg/jiugai.local.conf" <<-'EOF2'
		shared_buffers = 2GB
		effective_cache_size = 12GB
		max_wal_size = 8GB
		checkpoint_timeout = 30min
	EOF2
	as_postgres "$PGBIN/pg_ctl" -D "$1/pg" -l "$1/log/postgres.log" -m fast -w -t 60 \
	    restart >/dev/null
}
