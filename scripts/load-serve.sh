#!/usr/bin/env bash
# Load test of `lineage serve` on loopback, bounded in time (release build; SQLite by default, or --db URL):
#   1. wrk (Debian) on GET /v1/models/{name}/profile for 15 s: requests/s and p99;
#   2. 100 concurrent uploads (curl), then a check that all 100 are registered with the uploaded bytes' SHA-256;
#   3. with --schemathesis: schemathesis (PyPI, own venv .build-schemathesis) against /openapi.json, checking that
#      no request gets a 5xx.
# Usage: scripts/load-serve.sh [--db postgres://...] [--schemathesis] [--port 18080]
set -euo pipefail
cd "$(dirname "$0")/.."
db=""
port=18080
schemathesis=0
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --schemathesis) schemathesis=1; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

swift build -c release --product lineage >/dev/null
bin="$(swift build -c release --show-bin-path)/lineage"
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
[ -n "$db" ] || db="$work/registry.sqlite"
token=$("$bin" serve token create "load-$$" --db "$db" 2>/dev/null)
"$bin" serve --host 127.0.0.1 --port "$port" --db "$db" --log "$work/log.sqlite" --rate-limit 100000 --burst 1000 \
    >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
models_before=$(curl -sf "$base/v1/models" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["models"]))')

# 1. Profile reads. The model: one answer set of the dev sample if present, else a test fixture.
sample=../shared/data/alpacaeval-dev/gpt4.jsonl.gz
[ -f "$sample" ] || sample=Tests/ServiceTests/Fixtures/alpha.jsonl
name=$(curl -s -X POST -H "Authorization: Bearer $token" --data-binary "@$sample" "$base/v1/models" \
    | python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["name"], safe=""))')
profile_bytes=$(curl -sf "$base/v1/models/$name/profile" | wc -c)
echo "== wrk: GET /v1/models/$name/profile ($profile_bytes bytes), 2 threads, 32 connections, 15 s"
wrk -t2 -c32 -d15s --latency "$base/v1/models/$name/profile" | tee "$work/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")

# 2. 100 concurrent uploads of distinct small models.
mkdir -p "$work/uploads"
python3 - "$work/uploads" <<'PY'
import json, sys, random
out = sys.argv[1]
for i in range(100):
    rnd = random.Random(i)
    with open(f"{out}/m{i:03d}.jsonl", "w") as f:
        for p in range(20):
            words = " ".join(rnd.choice(["alpha", "beta", "delve", "tapestry", "river", "stone", "light", "quiet"])
                             for _ in range(40))
            f.write(json.dumps({"model": f"load-{i:03d}-{sys.argv[1][-6:]}", "prompt_id": f"p{p}", "output": words}) + "\n")
PY
echo "== 100 concurrent uploads"
start=$(date +%s.%N)
ls "$work/uploads"/*.jsonl | xargs -P 100 -I{} sh -c \
    'curl -s -o /dev/null -w "%{http_code}\n" -X POST -H "Authorization: Bearer '"$token"'" --data-binary "@{}" "'"$base"'/v1/models"' \
    >"$work/codes.txt"
elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
created=$(grep -c '^201$' "$work/codes.txt" || true)
python3 - "$work/uploads" "$base" "$models_before" <<'PY'
import hashlib, json, os, sys, urllib.request
folder, base, before = sys.argv[1], sys.argv[2], int(sys.argv[3])
models = {m["name"]: m for m in json.load(urllib.request.urlopen(base + "/v1/models"))["models"]}
missing = []
for file in sorted(os.listdir(folder)):
    data = open(os.path.join(folder, file), "rb").read()
    name = json.loads(data.split(b"\n")[0])["model"]
    m = models.get(name)
    if m is None or m["sha256"] != hashlib.sha256(data).hexdigest() or m["responses"] != 20:
        missing.append(name)
print(f"registered after the burst: {len(models) - before} new models; lost or wrong: {len(missing)} {missing[:5]}")
sys.exit(1 if missing else 0)
PY
echo "uploads: $created of 100 answered 201 in $elapsed s"

if [ "$schemathesis" = 1 ]; then
    venv=.build-schemathesis
    [ -x "$venv/bin/schemathesis" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q schemathesis; }
    echo "== schemathesis against $base/openapi.json (checks: not_a_server_error)"
    "$venv/bin/schemathesis" run "$base/openapi.json" --checks not_a_server_error \
        --header "Authorization: Bearer $token" --max-examples 40 --request-timeout 30 2>&1 | tail -25
fi
echo "== summary: profile GET $rps req/s, p99 $p99; uploads $created/100 created, none lost"
