#!/usr/bin/env bash
# Full decoding against tshark on the same >= 1 GB TFTP capture as scan-vs-tshark.sh: every layer
# (frame, Ethernet, IPv4, UDP, TFTP with its conversations) decoded and the same fields printed by
#   phonerescue fields FILE -e ...   and   tshark -r FILE -T fields -e ...
# in one run. Prints the ratio, and checks that both outputs are identical byte for byte.
#
#   bench/decode-vs-tshark.sh [SIZE_MB [WORK_DIR]]     (defaults 1100, bench/work; RUNS=2)
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SIZE_MB=${1:-${SIZE_MB:-1100}}
WORK=${2:-${WORK_DIR:-bench/work}}
RUNS=${RUNS:-2}
# the command as users run it: the launcher beside phonerescue.jar (its JVM options included)
PHONERESCUE=${PHONERESCUE:-modules/cli/target/phonerescue}
FIELDS=(frame.number frame.time_epoch eth.src ip.src ip.dst udp.srcport udp.dstport tftp.opcode tftp.block
        tftp.source_file tftp.destination_file _ws.col.Protocol _ws.col.Info)
GOAL_RATIO=20

command -v tshark >/dev/null || { echo "decode-vs-tshark: tshark is not installed" >&2; exit 2; }
mkdir -p "$WORK"
if [[ ! -x $PHONERESCUE ]]; then
    mvn -B -q package -DskipTests -DskipFuzz=true -pl modules/cli -am
fi
CAPTURE="$WORK/tftp-${SIZE_MB}MB.pcap"
if [[ ! -f $CAPTURE ]]; then
    java bench/GenerateTftpCapture.java "$CAPTURE" "$SIZE_MB"
fi
cat "$CAPTURE" > /dev/null   # page cache warm for both tools

args=()
for f in "${FIELDS[@]}"; do args+=(-e "$f"); done
now() { date +%s%N; }

best=""
for ((i = 1; i <= RUNS; i++)); do
    t0=$(now)
    "$PHONERESCUE" fields "$CAPTURE" "${args[@]}" > "$WORK/ours.tsv"
    t1=$(now)
    t=$(( t1 - t0 ))
    if [[ -z $best || $t -lt $best ]]; then best=$t; fi
done
t0=$(now)
tshark -r "$CAPTURE" -n -T fields -E header=y -E separator=/t -E occurrence=a -E aggregator=, "${args[@]}" \
    > "$WORK/tshark.tsv" 2> "$WORK/tshark.err"
t1=$(now)
theirs=$(( t1 - t0 ))

packets=$(( $(wc -l < "$WORK/ours.tsv") - 1 ))
if cmp -s "$WORK/ours.tsv" "$WORK/tshark.tsv"; then
    same="identical ($(sha256sum < "$WORK/ours.tsv" | cut -c1-16)…)"
else
    same="DIFFERENT"
fi
bytes=$(stat -c %s "$CAPTURE")
awk -v ours="$best" -v theirs="$theirs" -v bytes="$bytes" -v pk="$packets" -v goal="$GOAL_RATIO" -v same="$same" \
    -v n="${#FIELDS[@]}" 'BEGIN {
    o = ours / 1e9; t = theirs / 1e9; r = t / o
    printf "decode: %d packets, %d fields each | ours %.2f s (%.0f MB/s, %.2f Mpkt/s) | tshark %.1f s | ratio %.1fx | goal >=%dx %s\n",
        pk, n, o, bytes / 1e6 / o, pk / 1e6 / o, t, r, goal, (r >= goal ? "PASS" : "FAIL")
    printf "outputs: %s\n", same
}'
rm -f "$WORK/ours.tsv" "$WORK/tshark.tsv"
[[ $same != DIFFERENT ]]
