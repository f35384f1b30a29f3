#!/usr/bin/env bash
# Times our capture scan against tshark on the same >= 1 GB TFTP-like capture, in one run, and
# prints the ratio and our MB/s. See bench/README.md.
#
#   bench/scan-vs-tshark.sh [SIZE_MB [WORK_DIR]]
#
# Environment (arguments win over the environment):
#   SIZE_MB           size of the generated capture, decimal MB (default 1100 = 1.1e9 bytes)
#   WORK_DIR          where captures and logs go (default bench/work, git-ignored)
#   RUNS              runs of `phonerescue stats`, best wall time taken (default 3)
#   LIST_RUNS         runs of `phonerescue list --tsv`, best wall time taken (default 2)
#   TSHARK_SAMPLE_MB  time tshark on the first N MB only and extrapolate linearly (default 0 = the full file)
#   JAVA              java for the capture generator (default java)
#   PHONERESCUE       the command timed (default modules/cli/target/phonerescue, the launcher)
#   STRICT=1          exit 1 when a goal (>= 20x tshark, >= 1 GB/s) is missed
#
# Exit: 0 done (goals are reported, not enforced unless STRICT=1); 1 packet counts disagree, a tool
# failed, or a goal was missed under STRICT=1; 2 wrong usage or a missing tool.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SIZE_MB=${1:-${SIZE_MB:-1100}}
WORK=${2:-${WORK_DIR:-bench/work}}
RUNS=${RUNS:-3}
LIST_RUNS=${LIST_RUNS:-2}
TSHARK_SAMPLE_MB=${TSHARK_SAMPLE_MB:-0}
JAVA=${JAVA:-java}
STRICT=${STRICT:-0}
# the command as users run it: the launcher beside phonerescue.jar (its JVM options included)
PHONERESCUE=${PHONERESCUE:-modules/cli/target/phonerescue}
GOAL_RATIO=20
GOAL_MBPS=1000

die() { echo "scan-vs-tshark: $1" >&2; exit "${2:-1}"; }
for n in SIZE_MB RUNS LIST_RUNS TSHARK_SAMPLE_MB; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number, not '${!n}'" 2
done
(( SIZE_MB >= 1 && RUNS >= 1 && LIST_RUNS >= 1 )) || die "SIZE_MB, RUNS and LIST_RUNS must be at least 1" 2
(( TSHARK_SAMPLE_MB < SIZE_MB )) || die "TSHARK_SAMPLE_MB ($TSHARK_SAMPLE_MB) must be smaller than SIZE_MB ($SIZE_MB)" 2
for tool in "$JAVA" tshark; do
    command -v "$tool" >/dev/null || die "'$tool' is not on the PATH" 2
done
mkdir -p "$WORK"

now_ns() { date +%s%N; }
# seconds between two now_ns values, 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
file_size() { stat -c %s "$1"; }
first_line() { sed -n 1p; }  # reads everything: no SIGPIPE for the writer under pipefail

java_version=$("$JAVA" -version 2>&1 | first_line)
tshark_version=$(tshark --version 2>/dev/null | first_line)
machine="machine: nproc $(nproc) | $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | first_line) | $java_version | $tshark_version | load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "$machine"

# --- the command line ------------------------------------------------------------------------------
if [[ ! -x $PHONERESCUE ]]; then
    echo "building $PHONERESCUE (missing)"
    command -v mvn >/dev/null || die "mvn is needed to build $PHONERESCUE" 2
    mvn -B -q package -DskipTests -DskipFuzz=true -pl modules/cli -am
fi

# --- the captures -------------------------------------------------------------------------------
# A capture for N MB is complete when it is at least N*1e6 bytes and less than one record more
# (the generator stops at the first record boundary past the size and renames .part on success).
capture_ok() {
    local file=$1 mb=$2 size
    [[ -f $file ]] || return 1
    size=$(file_size "$file")
    (( size >= mb * 1000000 && size < mb * 1000000 + 65536 ))
}
ensure_capture() {
    local file=$1 mb=$2
    if capture_ok "$file" "$mb"; then
        echo "reusing $file ($(file_size "$file") bytes)"
    else
        echo "generating $file ($mb MB)"
        "$JAVA" bench/GenerateTftpCapture.java "$file" "$mb"
        capture_ok "$file" "$mb" || die "$file does not have the expected size after generation"
    fi
}

CAPTURE=$WORK/tftp-${SIZE_MB}MB.pcap
ensure_capture "$CAPTURE" "$SIZE_MB"
BYTES=$(file_size "$CAPTURE")
MB=$(calc "%.1f" "$BYTES / 1e6")

avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
if (( avail_kb * 1024 < BYTES * 2 )); then
    echo "warning: MemAvailable ($((avail_kb / 1024)) MiB) is less than twice the capture; it may not stay in the page cache" >&2
fi
echo "warming the page cache: cat $CAPTURE > /dev/null"
cat "$CAPTURE" > /dev/null

# --- ours: stats (record scan + Ethernet/IPv4/UDP header walk of every frame) -------------------
# Sets RUN_SECONDS (wall time, JVM start included) and RUN_PACKETS.
run_stats() {
    local file=$1 log=$2 t0 t1
    t0=$(now_ns)
    "$PHONERESCUE" stats "$file" > "$log" 2>&1 || { cat "$log" >&2; die "phonerescue stats $file failed"; }
    t1=$(now_ns)
    RUN_SECONDS=$(secs "$t0" "$t1")
    RUN_PACKETS=$(sed -n 's/^packets:[[:space:]]*//p' "$log")
    [[ $RUN_PACKETS =~ ^[0-9]+$ ]] || { cat "$log" >&2; die "no packet count in the output of phonerescue stats"; }
}

best_stats=""
PACKETS=""
for ((i = 1; i <= RUNS; i++)); do
    run_stats "$CAPTURE" "$WORK/stats.log"
    t=$RUN_SECONDS packets=$RUN_PACKETS
    inner=$(sed -n 's/^scan time:[[:space:]]*//p' "$WORK/stats.log")
    echo "ours stats run $i/$RUNS: $t s wall (scan loop alone: $inner), $packets packets"
    if [[ -n $PACKETS && $packets != "$PACKETS" ]]; then
        die "phonerescue stats counted $packets packets, $PACKETS in an earlier run"
    fi
    PACKETS=$packets
    if [[ -z $best_stats ]] || awk -v a="$t" -v b="$best_stats" 'BEGIN { exit !(a < b) }'; then
        best_stats=$t
    fi
    inner_s=${inner% s}
    if [[ -z ${best_inner:-} ]] || awk -v a="$inner_s" -v b="$best_inner" 'BEGIN { exit !(a < b) }'; then
        best_inner=$inner_s
    fi
done
sed -e 's/^/  | /' "$WORK/stats.log"

# --- ours: list --tsv (every packet's fields formatted as text, like tshark -T fields) ----------
best_list=""
for ((i = 1; i <= LIST_RUNS; i++)); do
    t0=$(now_ns)
    "$PHONERESCUE" list --tsv "$CAPTURE" > /dev/null 2> "$WORK/list.err" \
        || { cat "$WORK/list.err" >&2; die "phonerescue list --tsv failed"; }
    t1=$(now_ns)
    t=$(secs "$t0" "$t1")
    echo "ours list --tsv run $i/$LIST_RUNS: $t s wall"
    if [[ -z $best_list ]] || awk -v a="$t" -v b="$best_list" 'BEGIN { exit !(a < b) }'; then
        best_list=$t
    fi
done

# --- tshark -----------------------------------------------------------------------------------
# Its standard output goes to a file rather than /dev/null so that its frame count can be checked
# against ours; the file (~25 bytes a packet) lands in the page cache, a negligible cost next to
# the dissection.
if (( TSHARK_SAMPLE_MB > 0 )); then
    # The generator is deterministic and its sequence does not depend on the size, so the capture
    # for the smaller size is the full capture cut at a record boundary; cmp proves it.
    TSHARK_FILE=$WORK/tftp-${TSHARK_SAMPLE_MB}MB.pcap
    ensure_capture "$TSHARK_FILE" "$TSHARK_SAMPLE_MB"
    cmp -s -n "$(file_size "$TSHARK_FILE")" "$TSHARK_FILE" "$CAPTURE" \
        || die "$TSHARK_FILE is not a prefix of $CAPTURE; delete both and run again"
    cat "$TSHARK_FILE" > /dev/null
    run_stats "$TSHARK_FILE" "$WORK/stats-sample.log"
    TSHARK_EXPECTED=$RUN_PACKETS
else
    TSHARK_FILE=$CAPTURE
    TSHARK_EXPECTED=$PACKETS
fi
TSHARK_BYTES=$(file_size "$TSHARK_FILE")
TSHARK_MB=$(calc "%.1f" "$TSHARK_BYTES / 1e6")
echo "tshark -r $TSHARK_FILE -T fields -e frame.number -e ip.src -e udp.dstport ($TSHARK_MB MB, once; this takes minutes)"
# /usr/bin/time, when there, only records tshark's peak memory; the timing is date's.
rss=()
[[ -x /usr/bin/time ]] && rss=(/usr/bin/time -f %M -o "$WORK/tshark.rss")
rm -f "$WORK/tshark.rss"
t0=$(now_ns)
"${rss[@]}" tshark -r "$TSHARK_FILE" -T fields -e frame.number -e ip.src -e udp.dstport \
    > "$WORK/tshark-fields.tsv" 2> "$WORK/tshark.err" \
    || { cat "$WORK/tshark.err" >&2; die "tshark failed"; }
t1=$(now_ns)
tshark_measured=$(secs "$t0" "$t1")
tshark_lines=$(wc -l < "$WORK/tshark-fields.tsv")
tshark_last=$(tail -n 1 "$WORK/tshark-fields.tsv" | cut -f1)
rm -f "$WORK/tshark-fields.tsv"
tshark_rss=""
[[ -s $WORK/tshark.rss ]] && tshark_rss=", peak RSS $(( $(tail -n 1 "$WORK/tshark.rss") / 1024 )) MiB"
echo "tshark: $tshark_measured s wall, $tshark_lines frames (last frame.number $tshark_last)$tshark_rss"
if [[ $tshark_lines != "$TSHARK_EXPECTED" || $tshark_last != "$TSHARK_EXPECTED" ]]; then
    die "packet counts differ on $TSHARK_FILE: tshark $tshark_lines lines / last frame $tshark_last, ours $TSHARK_EXPECTED"
fi
echo "packet counts agree: $TSHARK_EXPECTED"

if (( TSHARK_SAMPLE_MB > 0 )); then
    tshark_s=$(calc "%.3f" "$tshark_measured * $BYTES / $TSHARK_BYTES")
    tshark_note="tshark $(calc "%.1f" "$tshark_s") s (EXTRAPOLATED linearly from $tshark_measured s on the first $TSHARK_MB MB)"
else
    tshark_s=$tshark_measured
    tshark_note="tshark $(calc "%.1f" "$tshark_s") s"
fi

# --- summary ----------------------------------------------------------------------------------
mbps=$(calc "%.0f" "$BYTES / 1e6 / $best_stats")
mpps=$(calc "%.1f" "$PACKETS / 1e6 / $best_stats")
ratio=$(calc "%.1f" "$tshark_s / $best_stats")
list_mbps=$(calc "%.0f" "$BYTES / 1e6 / $best_list")
list_mpps=$(calc "%.1f" "$PACKETS / 1e6 / $best_list")
list_ratio=$(calc "%.1f" "$tshark_s / $best_list")
verdict() { awk -v v="$1" -v g="$2" 'BEGIN { print (v >= g) ? "PASS" : "FAIL" }'; }
goal_ratio=$(verdict "$ratio" "$GOAL_RATIO")
goal_mbps=$(verdict "$mbps" "$GOAL_MBPS")

echo
echo "capture: $CAPTURE, $MB MB ($BYTES bytes), $PACKETS packets, page cache warm; best of $RUNS (stats) / $LIST_RUNS (list --tsv) wall times incl. JVM start"
echo "scan: ours $(calc "%.2f" "$best_stats") s ($mbps MB/s, $mpps Mpkt/s) | $tshark_note | ratio ${ratio}x | goals: >=${GOAL_RATIO}x $goal_ratio, >=1 GB/s $goal_mbps"
echo "      (ours without JVM start and exit, stats' own scan-loop clock, best run: $best_inner s = $(calc "%.0f" "$BYTES / 1e6 / $best_inner") MB/s, $(calc "%.1f" "$PACKETS / 1e6 / $best_inner") Mpkt/s; the goals above use the wall time)"
echo "text: ours list --tsv $(calc "%.2f" "$best_list") s ($list_mbps MB/s, $list_mpps Mpkt/s) | $tshark_note | ratio ${list_ratio}x"
echo "$machine"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ $STRICT == 1 && ( $goal_ratio == FAIL || $goal_mbps == FAIL ) ]]; then
    exit 1
fi
