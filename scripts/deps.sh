#!/usr/bin/env bash
#
# scripts/deps.sh - install the Debian 12 packages jiugai needs to build, run and test.
# Idempotent: when everything is installed it only asks dpkg (well under a second);
# otherwise one `apt-get update` and one install of what is missing.
set -euo pipefail

packages=(
	build-essential pkg-config
	nginx
	postgresql postgresql-contrib
	libfcgi-dev libpq-dev libjson-c-dev libjwt-dev libssl-dev openssl
	libsodium-dev	# argon2id password hashes (app/user.c)
	libxlsxwriter-dev	# the .xlsx exports of the ledger and reports (app/export.c)
	unzip		# tests/http/test_exports.c reads the cells of those .xlsx files
	libqrencode-dev	# the QR code on the printed public notice (app/web_public.c)
	libcmocka-dev libcurl4-openssl-dev curl
	valgrind
	clang libclang-rt-14-dev	# libFuzzer + sanitizers for tests/fuzz (make fuzz)
	procps		# pgrep (scripts/lib.sh)
	acl		# setfacl: a clone in /root must be reachable by postgres, www-data
	util-linux	# runuser, setsid
	coreutils	# timeout, mktemp
	sed grep
	chromium		# the browser suite (tests/browser) and make screenshots, headless
	fonts-wqy-microhei	# CJK glyphs in the screenshots (a font jiugai.css names)
	zbar-tools	# zbarimg: the browser suite reads the printed notice's QR code (tests/browser/oversight.js)
	wrk		# the HTTP load generator of make bench (scripts/bench.sh); pgbench comes with postgresql
)

# One dpkg-query for all; a package dpkg has never heard of is simply absent from its output.
installed=" $(dpkg-query -W -f='${db:Status-Status}:${Package} ' "${packages[@]}" 2>/dev/null || true) "
missing=()
for p in "${packages[@]}"; do
	case $installed in
	*" installed:$p "*) ;;
	*) missing+=("$p") ;;
	esac
done
# Node.js and npm for the browser suite (playwright-core from npm, tests/browser): any
# node >= 18 with its npm will do, Debian's or one the machine came with (a NodeSource
# nodejs bundles npm and conflicts with Debian's npm package, so ask for commands, not
# packages).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	missing+=(nodejs npm)
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install them with:" >&2
	echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
