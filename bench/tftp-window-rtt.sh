#!/usr/bin/env bash
# Times atftp downloads from our TFTP server with windowsize 16 against windowsize 1 (RFC 7440)
# over an emulated round trip: bench/udp_delay_relay.py sits between client and server on
# loopback and holds every datagram for a fixed one-way delay. Prints best times, MB/s, the ratio
# per round trip and what the relay cost. See bench/README.md ("TFTP windows over a round trip").
#
#   bench/tftp-window-rtt.sh [CASES]
#
# Environment (the argument wins):
#   CASES      space-separated ONE_WAY_MS:MB cases (default "direct:4 0:4 0.5:4 5:1"): "direct" is
#              no relay, 0 the relay without delay (the control for the relay's own cost), else
#              the one-way delay in ms (round trip = twice that) and the file size, decimal MB
#   BLKSIZE    atftp's blksize option (default 1468)
#   RUNS       timed runs per window, alternating, best taken (default 3)
#   WORK_DIR   where files and logs go (default bench/work, git-ignored)
#   PORT_BASE  first of two loopback ports: our server, then the relay (default 17169)
#   STRICT=1   exit 1 when the goal is missed at a delayed case
#
# Goal: window 16 >= 5x window 1 at every case with a delay. Exit: 0 done; 1 a download was
# wrong, a server or relay did not start, or the goal was missed under STRICT=1; 2 wrong usage or
# a missing tool.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

CASES=${1:-${CASES:-direct:4 0:4 0.5:4 5:1}}
BLKSIZE=${BLKSIZE:-1468}
RUNS=${RUNS:-3}
WORK=${WORK_DIR:-bench/work}
PORT_BASE=${PORT_BASE:-17169}
STRICT=${STRICT:-0}
JAVA=${JAVA:-java}
PYTHON=${PYTHON:-python3}
# the command as users run it: the launcher beside phonerescue.jar (its JVM options included)
PHONERESCUE=${PHONERESCUE:-modules/cli/target/phonerescue}
RELAY=bench/udp_delay_relay.py

die() { echo "tftp-window-rtt: $1" >&2; exit "${2:-1}"; }
for n in BLKSIZE RUNS PORT_BASE; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, not '${!n}'" 2
done
(( RUNS >= 1 )) || die "RUNS must be at least 1" 2
for c in $CASES; do
    [[ $c =~ ^(direct|[0-9]+(\.[0-9]+)?):[1-9][0-9]*$ ]] || die "a case is ONE_WAY_MS:MB or direct:MB, not '$c'" 2
done
for tool in "$JAVA" "$PYTHON" atftp sha256sum; do
    command -v "$tool" >/dev/null || die "'$tool' is not on the PATH (scripts/install-system-packages.sh installs it)" 2
done
[[ -x $PHONERESCUE ]] || die "$PHONERESCUE is missing: mvn -B -q -o -pl modules/cli -am package -DskipTests -DskipFuzz=true" 2

SERVER_PORT=$PORT_BASE
RELAY_PORT=$((PORT_BASE + 1))
TFTP_ROOT=$WORK/tftp-root

now_ns() { date +%s%N; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
first_line() { sed -n 1p; }
best() { printf '%s\n' "$@" | sort -n | head -1; }

echo "machine: nproc $(nproc) | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | first_line) | $("$JAVA" -version 2>&1 | first_line) | $("$PYTHON" --version 2>&1) | $(atftp --version 2>&1 | first_line) | load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# --- files: random content, reused when present at the right size ---------------------------------
mkdir -p "$TFTP_ROOT" "$WORK/out"
ensure_file() {
    local file=$1 mb=$2
    if [[ -f $file && $(stat -c %s "$file") -eq $((mb * 1000000)) ]]; then
        echo "reusing $file"
    else
        echo "generating $file ($mb MB)"
        head -c $((mb * 1000000)) /dev/urandom > "$file.part" && mv "$file.part" "$file"
    fi
    cat "$file" > /dev/null
}
for c in $CASES; do
    ensure_file "$TFTP_ROOT/rtt-${c#*:}MB.bin" "${c#*:}"
done

# --- our server ------------------------------------------------------------------------------------
SERVER_PID=
RELAY_PID=
cleanup() {
    for pid in $RELAY_PID $SERVER_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

"$PHONERESCUE" serve --root "$TFTP_ROOT" --tftp="$SERVER_PORT" --bind 127.0.0.1 --no-progress \
    > "$WORK/rtt-ours-tftp.log" 2>&1 &
SERVER_PID=$!
wait_for() {  # wait_for FILE PATTERN WHAT
    for _ in $(seq 1 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    cat "$1" >&2
    die "$3 did not start"
}
wait_for "$WORK/rtt-ours-tftp.log" " tftp serving " "our TFTP server"
sleep 0.3
echo "our TFTP server:$(sed -n 's/.* tftp network transport:/ network transport/p' "$WORK/rtt-ours-tftp.log" | first_line)"

# get PORT FILE WINDOW OUT: one atftp download
get() {
    atftp -g -r "$2" -l "$4" --option "blksize $BLKSIZE" --option "windowsize $3" 127.0.0.1 "$1" > /dev/null 2>&1
}
# verify PORT FILE WINDOW SHA: an untimed download checked by SHA-256 (also warms the JIT)
verify() {
    local out=$WORK/out/rtt-check.bin sha
    rm -f "$out"
    get "$1" "$2" "$3" "$out" || die "atftp $2 from port $1 (window $3) failed"
    sha=$(sha256sum < "$out" | cut -d' ' -f1)
    [[ $sha == "$4" ]] || die "$2 from port $1 (window $3) came back different: $sha"
    rm -f "$out"
}
# relay_cpu LOG WINDOW: the relay's smallest CPU time (ms) for one download with that window
relay_cpu() {
    sed -n "s/^transfer .* windowsize=$2 .*relay_cpu_ms=\([0-9.]*\).*/\1/p" "$1" | sort -n | head -1
}

RESULTS=()
FAILED=0
for c in $CASES; do
    delay=${c%%:*} mb=${c#*:}
    file=rtt-${mb}MB.bin
    sha=$(sha256sum < "$TFTP_ROOT/$file" | cut -d' ' -f1)
    port=$SERVER_PORT
    relay_log=
    if [[ $delay == direct ]]; then
        label="direct (loopback, no relay)"
    else
        label="relay, one-way $delay ms (RTT $(calc %g "2 * $delay") ms)"
        relay_log=$WORK/rtt-relay-$delay.log
        # bounded: it exits after 300 s or 30 s without a datagram, whatever happens to this script
        "$PYTHON" "$RELAY" --listen "$RELAY_PORT" --server "$SERVER_PORT" --delay-ms "$delay" \
            --lifetime 300 --idle 30 > "$relay_log" 2>&1 &
        RELAY_PID=$!
        wait_for "$relay_log" "^relay listening" "the relay"
        port=$RELAY_PORT
    fi
    verify "$port" "$file" 1 "$sha"
    verify "$port" "$file" 16 "$sha"
    w1=() w16=()
    for i in $(seq 1 "$RUNS"); do
        t0=$(now_ns); get "$port" "$file" 1 /dev/null; t1=$(now_ns); w1+=($((t1 - t0)))
        t0=$(now_ns); get "$port" "$file" 16 /dev/null; t1=$(now_ns); w16+=($((t1 - t0)))
    done
    b1=$(best "${w1[@]}"); b16=$(best "${w16[@]}")
    ratio=$(calc "%.2f" "$b1 / $b16")
    if [[ $delay == direct || $delay == 0 ]]; then
        goal="control, no goal"
    else
        goal=$(awk -v r="$ratio" 'BEGIN { print (r >= 5.0) ? "goal >= 5x: met" : "goal >= 5x: MISSED" }')
        [[ $goal == *met ]] || FAILED=1
    fi
    RESULTS+=("$(printf '%-36s %2d MB  window 1 %7.3f s %6.1f MB/s | window 16 %7.3f s %6.1f MB/s | ratio %6.2fx (%s)' \
        "$label" "$mb" "$(calc %.3f "$b1 / 1e9")" "$(calc %.1f "$mb * 1e9 / $b1")" \
        "$(calc %.3f "$b16 / 1e9")" "$(calc %.1f "$mb * 1e9 / $b16")" "$ratio" "$goal")")
    echo "${RESULTS[-1]}"
    if [[ -n $relay_log ]]; then
        kill "$RELAY_PID"
        wait "$RELAY_PID" || true
        RELAY_PID=
        summary=$(grep '^summary ' "$relay_log") || die "the relay wrote no summary (see $relay_log)"
        RESULTS+=("$(printf '%38s relay CPU per download: window 1 %s ms, window 16 %s ms (least); %s' "" \
            "$(relay_cpu "$relay_log" 1)" "$(relay_cpu "$relay_log" 16)" \
            "$(echo "$summary" | sed 's/^summary //; s/ wall_s=[^ ]*//; s/late_us_/late µs /; s/late_us_//g')")")
        echo "${RESULTS[-1]}"
    fi
done

echo
echo "summary (atftp blksize $BLKSIZE, best of $RUNS alternating runs; ratio = window 1 time / window 16 time), load average $(cut -d' ' -f1-3 /proc/loadavg) at end:"
printf '  %s\n' "${RESULTS[@]}"
if [[ $FAILED == 1 && $STRICT == 1 ]]; then
    exit 1
fi
exit 0
