#!/usr/bin/env bash
# Times the same downloads from our TFTP server and from Debian's tftpd-hpa, with the same client
# in the same run, over loopback; then our windowsize 16 against our windowsize 1; then a 1 GB
# HTTP download from our server against nginx. Prints best times, MB/s and ratios. See
# bench/README.md ("File servers").
#
#   bench/tftp-vs-tftpd-hpa.sh [TFTP_MB [HTTP_MB]]
#
# Environment (arguments win):
#   TFTP_MB    size of the TFTP test file, decimal MB (default 64; at 512-byte blocks that is
#              125 000 blocks, so the block numbers wrap)
#   HTTP_MB    size of the HTTP test file, decimal MB (default 1000 = 1 GB)
#   RUNS       timed runs per case, best taken (default 5); TFTP runs of the two servers alternate
#   HTTP_RUNS  timed runs per HTTP server (default 3)
#   WORK_DIR   where files and logs go (default bench/work, git-ignored)
#   PORT_BASE  first of four loopback ports (default 17069)
#   SKIP_HTTP=1  leave out the HTTP part
#   STRICT=1   exit 1 when a goal is missed
#   TFTP_TRANSPORT  auto (default), epoll or nio: passed to our server's --tftp-transport
#
# Goals: >= 1.0x tftpd-hpa at blksize 512 and 1468; our windowsize 16 >= 5x our windowsize 1;
# HTTP reported beside nginx. Exit: 0 done; 1 a download was wrong, a server did not start, or a
# goal was missed under STRICT=1; 2 wrong usage or a missing tool.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

TFTP_MB=${1:-${TFTP_MB:-64}}
HTTP_MB=${2:-${HTTP_MB:-1000}}
RUNS=${RUNS:-5}
HTTP_RUNS=${HTTP_RUNS:-3}
WORK=${WORK_DIR:-bench/work}
PORT_BASE=${PORT_BASE:-17069}
SKIP_HTTP=${SKIP_HTTP:-0}
STRICT=${STRICT:-0}
JAVA=${JAVA:-java}
# the command as users run it: the launcher beside phonerescue.jar (its JVM options included)
PHONERESCUE=${PHONERESCUE:-modules/cli/target/phonerescue}

die() { echo "tftp-vs-tftpd-hpa: $1" >&2; exit "${2:-1}"; }
for n in TFTP_MB HTTP_MB RUNS HTTP_RUNS PORT_BASE; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, not '${!n}'" 2
done
(( TFTP_MB >= 1 && HTTP_MB >= 1 && RUNS >= 1 && HTTP_RUNS >= 1 )) || die "sizes and runs must be at least 1" 2
for tool in "$JAVA" in.tftpd curl atftp tftp sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' is not on the PATH (scripts/install-system-packages.sh installs it)" 2
done
if [[ $SKIP_HTTP != 1 ]]; then
    command -v nginx >/dev/null || die "'nginx' is not on the PATH (or set SKIP_HTTP=1)" 2
fi

OUR_TFTP=$PORT_BASE
HPA_TFTP=$((PORT_BASE + 1))
OUR_HTTP=$((PORT_BASE + 2))
NGINX_HTTP=$((PORT_BASE + 3))
TFTP_ROOT=$WORK/tftp-root
HTTP_ROOT=$WORK/http-root
TFTP_FILE=firmware-${TFTP_MB}MB.bin
HTTP_FILE=image-${HTTP_MB}MB.bin

now_ns() { date +%s%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
first_line() { sed -n 1p; }

echo "machine: nproc $(nproc) | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | first_line) | $("$JAVA" -version 2>&1 | first_line) | tftpd-hpa $(dpkg-query -W -f='${Version}' tftpd-hpa 2>/dev/null) | $(nginx -v 2>&1 || true) | load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

if [[ ! -x $PHONERESCUE ]]; then
    echo "building $PHONERESCUE (missing)"
    mvn -B -q package -DskipTests -DskipFuzz=true -pl modules/cli -am
fi

# --- files: random content, reused when present at the right size ---------------------------------
mkdir -p "$TFTP_ROOT" "$HTTP_ROOT" "$WORK/nginx" "$WORK/out"
ensure_file() {
    local file=$1 mb=$2
    if [[ -f $file && $(stat -c %s "$file") -eq $((mb * 1000000)) ]]; then
        echo "reusing $file"
    else
        echo "generating $file ($mb MB)"
        head -c $((mb * 1000000)) /dev/urandom > "$file.part" && mv "$file.part" "$file"
    fi
}
ensure_file "$TFTP_ROOT/$TFTP_FILE" "$TFTP_MB"
[[ $SKIP_HTTP == 1 ]] || ensure_file "$HTTP_ROOT/$HTTP_FILE" "$HTTP_MB"
# tftpd-hpa and nginx's workers read as unprivileged users
chmod -R a+rX "$TFTP_ROOT" "$HTTP_ROOT"
TFTP_SHA=$(sha256sum < "$TFTP_ROOT/$TFTP_FILE" | cut -d' ' -f1)
cat "$TFTP_ROOT/$TFTP_FILE" > /dev/null

# --- servers ---------------------------------------------------------------------------------------
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

ours_args=(serve --root "$TFTP_ROOT" --tftp="$OUR_TFTP" --bind 127.0.0.1 --no-progress)
[[ -z ${TFTP_TRANSPORT:-} ]] || ours_args+=(--tftp-transport="$TFTP_TRANSPORT")
"$PHONERESCUE" "${ours_args[@]}" > "$WORK/ours-tftp.log" 2>&1 &
PIDS+=($!)
in.tftpd --listen --foreground --address "127.0.0.1:$HPA_TFTP" --secure --blocksize 65464 "$TFTP_ROOT" \
    > "$WORK/tftpd-hpa.log" 2>&1 &
PIDS+=($!)

wait_for() {  # wait_for FILE PATTERN WHAT
    for _ in $(seq 1 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    cat "$1" >&2
    die "$3 did not start"
}
wait_for "$WORK/ours-tftp.log" " tftp serving " "our TFTP server"
sleep 0.3
echo "our TFTP server:$(sed -n 's/.* tftp network transport:/ network transport/p' "$WORK/ours-tftp.log" | first_line)"

# --- TFTP ------------------------------------------------------------------------------------------
# get CLIENT PORT BLKSIZE WINDOW OUT: one download; BLKSIZE 0 sends no options
get() {
    local client=$1 port=$2 blksize=$3 window=$4 out=$5
    case $client in
        curl) curl -sS --fail --tftp-blksize "$blksize" -o "$out" "tftp://127.0.0.1:$port/$TFTP_FILE" ;;
        tftp) tftp -m binary 127.0.0.1 "$port" -c get "$TFTP_FILE" "$out" ;;
        atftp) atftp -g -r "$TFTP_FILE" -l "$out" --option "blksize $blksize" --option "windowsize $window" \
                   127.0.0.1 "$port" > /dev/null 2>&1 ;;
    esac
}
# verify CLIENT PORT BLKSIZE WINDOW: an untimed download checked by SHA-256 (also warms the JIT)
verify() {
    local out=$WORK/out/check.bin sha
    rm -f "$out"
    get "$@" "$out"
    sha=$(sha256sum < "$out" | cut -d' ' -f1)
    [[ $sha == "$TFTP_SHA" ]] || die "$1 from port $2 (blksize $3, window $4) got a different file: $sha"
    rm -f "$out"
}
# best TIMES...: the smallest
best() { printf '%s\n' "$@" | sort -n | head -1; }

RESULTS=()
FAILED=0
# compare LABEL CLIENT BLKSIZE: ours and tftpd-hpa alternately, RUNS each
compare() {
    local label=$1 client=$2 blksize=$3 i t0 t1 ours=() theirs=()
    verify "$client" "$OUR_TFTP" "$blksize" 1
    verify "$client" "$HPA_TFTP" "$blksize" 1
    for i in $(seq 1 "$RUNS"); do
        t0=$(now_ns); get "$client" "$OUR_TFTP" "$blksize" 1 /dev/null; t1=$(now_ns); ours+=($((t1 - t0)))
        t0=$(now_ns); get "$client" "$HPA_TFTP" "$blksize" 1 /dev/null; t1=$(now_ns); theirs+=($((t1 - t0)))
    done
    local o h ratio ok
    o=$(best "${ours[@]}"); h=$(best "${theirs[@]}")
    ratio=$(calc "%.2f" "$h / $o")
    ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 1.0) ? "met" : "MISSED" }')
    [[ $ok == met ]] || FAILED=1
    RESULTS+=("$(printf '%-34s ours %7.3f s %7.1f MB/s | tftpd-hpa %7.3f s %7.1f MB/s | ratio %5.2fx (goal >= 1.0x: %s)' \
        "$label" "$(calc %.3f "$o / 1e9")" "$(calc %.1f "$TFTP_MB * 1e9 / $o")" \
        "$(calc %.3f "$h / 1e9")" "$(calc %.1f "$TFTP_MB * 1e9 / $h")" "$ratio" "$ok")")
    echo "${RESULTS[-1]}"
}

echo "TFTP: $TFTP_MB MB, best of $RUNS alternating runs per server, loopback"
compare "curl --tftp-blksize 512" curl 512
compare "curl --tftp-blksize 1468" curl 1468
compare "tftp-hpa client (512, no options)" tftp 0

# windowsize: ours only (tftpd-hpa 5.2 does not implement RFC 7440); atftp is the client that
# speaks it. window 1 is lock-step with the same options, so only the window differs.
windows() {
    local blksize=$1 i t0 t1 w1=() w16=() b1 b16 wratio wok
    verify atftp "$OUR_TFTP" "$blksize" 16
    for i in $(seq 1 "$RUNS"); do
        t0=$(now_ns); get atftp "$OUR_TFTP" "$blksize" 1 /dev/null; t1=$(now_ns); w1+=($((t1 - t0)))
        t0=$(now_ns); get atftp "$OUR_TFTP" "$blksize" 16 /dev/null; t1=$(now_ns); w16+=($((t1 - t0)))
    done
    b1=$(best "${w1[@]}"); b16=$(best "${w16[@]}")
    wratio=$(calc "%.2f" "$b1 / $b16")
    wok=$(awk -v r="$wratio" 'BEGIN { print (r >= 5.0) ? "met" : "MISSED" }')
    [[ $wok == met ]] || FAILED=1
    RESULTS+=("$(printf '%-34s window 1 %7.3f s %7.1f MB/s | window 16 %7.3f s %7.1f MB/s | ratio %5.2fx (goal >= 5x: %s)' \
        "atftp blksize $blksize, ours" "$(calc %.3f "$b1 / 1e9")" "$(calc %.1f "$TFTP_MB * 1e9 / $b1")" \
        "$(calc %.3f "$b16 / 1e9")" "$(calc %.1f "$TFTP_MB * 1e9 / $b16")" "$wratio" "$wok")")
    echo "${RESULTS[-1]}"
}
windows 512
windows 1468

# --- HTTP ------------------------------------------------------------------------------------------
if [[ $SKIP_HTTP != 1 ]]; then
    "$PHONERESCUE" serve --root "$HTTP_ROOT" --http="$OUR_HTTP" --bind 127.0.0.1 --no-progress \
        > "$WORK/ours-http.log" 2>&1 &
    PIDS+=($!)
    NGINX_PREFIX=$(cd "$WORK/nginx" && pwd)
    cat > "$NGINX_PREFIX/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $NGINX_PREFIX/nginx.pid;
error_log $NGINX_PREFIX/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $NGINX_PREFIX/client_body;
    proxy_temp_path $NGINX_PREFIX/proxy;
    fastcgi_temp_path $NGINX_PREFIX/fastcgi;
    uwsgi_temp_path $NGINX_PREFIX/uwsgi;
    scgi_temp_path $NGINX_PREFIX/scgi;
    server {
        listen 127.0.0.1:$NGINX_HTTP;
        root $(cd "$HTTP_ROOT" && pwd);
    }
}
EOF
    nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" > "$WORK/nginx.log" 2>&1 &
    PIDS+=($!)
    wait_for "$WORK/ours-http.log" " http serving " "our HTTP server"
    for _ in $(seq 1 50); do
        curl -s -o /dev/null "http://127.0.0.1:$NGINX_HTTP/" && break
        sleep 0.1
    done
    cat "$HTTP_ROOT/$HTTP_FILE" > /dev/null
    HTTP_SHA=$(sha256sum < "$HTTP_ROOT/$HTTP_FILE" | cut -d' ' -f1)
    for port in "$OUR_HTTP" "$NGINX_HTTP"; do
        sha=$(curl -sS --fail "http://127.0.0.1:$port/$HTTP_FILE" | sha256sum | cut -d' ' -f1)
        [[ $sha == "$HTTP_SHA" ]] || die "HTTP from port $port: different file"
    done
    ho=(); hn=()
    for i in $(seq 1 "$HTTP_RUNS"); do
        t0=$(now_ns); curl -sS --fail -o /dev/null "http://127.0.0.1:$OUR_HTTP/$HTTP_FILE"; t1=$(now_ns); ho+=($((t1 - t0)))
        t0=$(now_ns); curl -sS --fail -o /dev/null "http://127.0.0.1:$NGINX_HTTP/$HTTP_FILE"; t1=$(now_ns); hn+=($((t1 - t0)))
    done
    o=$(best "${ho[@]}"); n=$(best "${hn[@]}")
    RESULTS+=("$(printf '%-34s ours %7.3f s %7.1f MB/s | nginx %7.3f s %7.1f MB/s | ratio %5.2fx' \
        "HTTP GET $HTTP_MB MB, curl" "$(calc %.3f "$o / 1e9")" "$(calc %.1f "$HTTP_MB * 1e9 / $o")" \
        "$(calc %.3f "$n / 1e9")" "$(calc %.1f "$HTTP_MB * 1e9 / $n")" "$(calc %.2f "$n / $o")")")
    echo "${RESULTS[-1]}"
fi

echo
echo "summary (ratio = their time / our time; above 1 means ours is faster), load average $(cut -d' ' -f1-3 /proc/loadavg) at end:"
printf '  %s\n' "${RESULTS[@]}"
if [[ $FAILED == 1 && $STRICT == 1 ]]; then
    exit 1
fi
exit 0
