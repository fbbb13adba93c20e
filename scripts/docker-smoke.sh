#!/usr/bin/env bash
# Replays the Dockerfile's build and runtime stages without a Docker engine, then starts the result
# as a non-root user and checks it serves: the closest check of the image this machine can do.
# Steps are in the Dockerfile's order; change both together. Exits non-zero on any failure.
# Differences from a real image: the machine's Node and Debian, not the pinned base image's.
#   bash scripts/docker-smoke.sh                 the working tree, as `docker build .` would see it
#   SMOKE_REF=HEAD bash scripts/docker-smoke.sh  a commit's tree instead (as a fresh clone)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SMOKE_USER="${SMOKE_USER:-gmsmoke}"
HEALTH_TIMEOUT_S=60
STOP_TIMEOUT_S=30
started_at=$(date +%s)

say() { echo "docker-smoke: $*"; }
fail() {
  say "FAILED: $*" >&2
  if [ -s "${WORK:-}/server.log" ]; then
    echo "--- last lines of the server's log ---" >&2
    tail -n 40 "$WORK/server.log" >&2
  fi
  exit 1
}
command -v rsync >/dev/null || fail "rsync is needed to copy the build context"

WORK="$(mktemp -d /tmp/gm-docker-smoke.XXXXXX)"
# mktemp makes the folder 0700; the unprivileged user must reach the app inside it.
chmod 755 "$WORK"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'fail "line $LINENO: $BASH_COMMAND"' ERR

CONTEXT="$WORK/context" # what `docker build .` sends
BUILD="$WORK/build"     # the build stage's /app
APP="$WORK/app"         # the runtime stage's /app
DATA="$WORK/data"       # the runtime stage's /data

# --- Build context: the working tree minus .dockerignore (anchored at the root, as Docker does;
# rsync takes the first matching rule, so the `!` exceptions go first).
filter="$WORK/context.filter"
{
  grep -vE '^\s*(#|$)' "$ROOT/.dockerignore" | grep '^!' | sed -E 's|^!/?|+ /|' || true
  grep -vE '^\s*(#|$)' "$ROOT/.dockerignore" | grep -v '^!' | sed -E 's|^/?|- /|' || true
} >"$filter"
source_dir="$ROOT"
if [ -n "${SMOKE_REF:-}" ]; then
  source_dir="$WORK/tree"
  mkdir -p "$source_dir"
  git -C "$ROOT" archive "$SMOKE_REF" | tar -x -C "$source_dir"
fi
rsync -a --filter="merge $filter" "$source_dir/" "$CONTEXT/"
say "build context copied from ${SMOKE_REF:-the working tree} ($(du -sh "$CONTEXT" | cut -f1))"

# --- Stage `build` (runs as root in Docker too).
mkdir -p "$BUILD"
cp "$CONTEXT/package.json" "$CONTEXT/package-lock.json" "$BUILD/"
(cd "$BUILD" && npm ci --no-audit --no-fund)
cp "$CONTEXT/tsconfig.json" "$CONTEXT/tsconfig.build.json" "$CONTEXT/vite.runtime.config.ts" \
  "$CONTEXT/vite.web.config.ts" "$CONTEXT/vite.admin.config.ts" "$BUILD/"
cp -R "$CONTEXT/src" "$BUILD/src"
(cd "$BUILD" && npm run build)
say "build stage done"

# --- Stage `runtime`.
mkdir -p "$APP"
cp "$CONTEXT/package.json" "$CONTEXT/package-lock.json" "$APP/"
# The Dockerfile's `npm cache clean --force` is left out: here it would empty the machine's shared
# npm cache, and it only makes the image smaller.
(cd "$APP" && NODE_ENV=production npm ci --omit=dev --no-audit --no-fund)
cp -R "$BUILD/dist" "$APP/dist"
cp -R "$CONTEXT/drizzle" "$APP/drizzle"
mkdir -p "$DATA"
# As in the image: the app stays root-owned, only DATA_DIR belongs to the unprivileged user.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  id -u "$SMOKE_USER" >/dev/null 2>&1 ||
    useradd --system --no-create-home --shell /usr/sbin/nologin "$SMOKE_USER"
  chown "$SMOKE_USER:" "$DATA"
  as_user=(setpriv --reuid="$(id -u "$SMOKE_USER")" --regid="$(id -g "$SMOKE_USER")" --clear-groups)
fi
say "runtime stage done ($(du -sh "$APP/node_modules" | cut -f1) of production packages)"

# --- `docker run`: the image's ENV, except HOST and PORT, and nothing inherited from this shell
# (no DATABASE_URL, REDIS_URL or keys: PGlite in DATA_DIR and the offline brain).
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
base="http://127.0.0.1:$port"
(cd "$APP" && exec env -i PATH="$PATH" NODE_ENV=production HOST=127.0.0.1 PORT="$port" DATA_DIR="$DATA" \
  "${as_user[@]}" node dist/src/main.js) >"$WORK/server.log" 2>&1 &
server_pid=$!
say "started as $([ ${#as_user[@]} -gt 0 ] && echo "$SMOKE_USER" || id -un) on $base (pid $server_pid)"

deadline=$(($(date +%s) + HEALTH_TIMEOUT_S))
until node -e "fetch('$base/api/health').then(r=>r.text()).then(t=>process.exit(t.includes('\"status\":\"healthy\"')?0:1),()=>process.exit(1))"; do
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited before it was healthy"
  [ "$(date +%s)" -lt "$deadline" ] || fail "not healthy within ${HEALTH_TIMEOUT_S}s"
  sleep 1
done
say "healthy after $(($(date +%s) - started_at))s in total"

# The Dockerfile's own HEALTHCHECK command, read from the Dockerfile so the two cannot drift.
hc_script="$(node -e "
const text = require('fs').readFileSync(process.argv[1], 'utf8').replace(/\\\\\n/g, ' ');
const line = text.split('\n').find((l) => /^HEALTHCHECK\s/.test(l));
const cmd = JSON.parse(line.slice(line.indexOf('CMD') + 3).trim());
if (cmd[0] !== 'node' || cmd[1] !== '-e') throw new Error('unexpected HEALTHCHECK: ' + line);
console.log(cmd[2]);
" "$ROOT/Dockerfile")"
(cd "$APP" && PORT="$port" node -e "$hc_script") || fail "the Dockerfile's HEALTHCHECK command failed"
say "Dockerfile HEALTHCHECK command passes"

node -e "
const base = process.argv[1];
const check = (ok, what) => { if (!ok) { console.error('docker-smoke: ' + what); process.exit(1); } };
(async () => {
  const r = await fetch(base + '/api/start_session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
  const b = await r.json();
  check(r.status === 200 && b.success === true && typeof b.session_id === 'string', 'start_session: ' + r.status);
  check(b.phase === 'identifying', 'start_session phase: ' + b.phase);
  // The built page and game runtime came through the copy into the runtime stage.
  const page = await fetch(base + '/');
  check(page.status === 200 && (await page.text()).includes('<html'), 'GET / : ' + page.status);
  const game = await fetch(base + '/runtime/game.js');
  check(game.status === 200 && (await game.text()).length > 1000, 'GET /runtime/game.js: ' + game.status);
})().catch((e) => { console.error('docker-smoke: ' + e.message); process.exit(1); });
" "$base" || fail "API checks"
say "POST /api/start_session, GET / and /runtime/game.js answer"

# `docker stop`: SIGTERM, then the process must exit cleanly on its own.
kill -TERM "$server_pid"
deadline=$(($(date +%s) + STOP_TIMEOUT_S))
while kill -0 "$server_pid" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || fail "still running ${STOP_TIMEOUT_S}s after SIGTERM"
  sleep 0.2
done
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 0 ] || fail "exit status $status after SIGTERM"
[ -n "$(ls -A "$DATA")" ] || fail "nothing was written to DATA_DIR"
if [ ${#as_user[@]} -gt 0 ]; then
  owners="$(find "$DATA" -mindepth 1 -printf '%u\n' | sort -u | tr '\n' ' ')"
  [ "$owners" = "$SMOKE_USER " ] || fail "DATA_DIR holds files owned by: $owners"
fi
say "stopped cleanly on SIGTERM; OK in $(($(date +%s) - started_at))s"
