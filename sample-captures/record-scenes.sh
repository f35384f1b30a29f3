#!/usr/bin/env bash
# Records the recovery scenes of sample-captures/ (see README.md there) with real programs:
# `phonerescue serve` as the engineer's server; busybox udhcpc, tftp-hpa and curl as the phone;
# SIPp as the phone's booted firmware registering and as the registrar (scenarios in sip/);
# busybox arping as the phone's address probe; nftables as a firewall or a lossy cable; tcpdump on
# the phone's cable. Each scene runs in two network namespaces joined by a veth pair (a third one
# for a scene's other host on the cable) that this script makes and removes: no packet leaves them.
#
#   sudo sample-captures/record-scenes.sh [OUT_DIR] [SCENE...]
#
# OUT_DIR defaults to sample-captures/; SCENE defaults to every scene. Needs root, the built
# command line (modules/cli/target/phonerescue, or PHONERESCUE=...), ip and ss (iproute2), tcpdump,
# tftp (tftp-hpa), curl, busybox, nft, openssl and sipp (sip-tester). The files served are made
# from a fixed seed, so every recording of a scene carries the same bytes; only times, ports, DHCP
# transaction ids and SIP tags change.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(realpath "${1:-$HERE}")"
shift || true
PHONERESCUE="${PHONERESCUE:-$HERE/../modules/cli/target/phonerescue}"
SCENES=("$@")
[ ${#SCENES[@]} -gt 0 ] || SCENES=(cisco-7961-listed-image-missing cisco-7961-option150-reversed cisco-7961-dhcp-no-offer
  snom-rescue-http-wrong-name snom-rescue-http-served snom-rescue-http-recovered snom-rescue-http-no-registrar
  snom-rescue-duplicate-ip snom-rescue-wrong-gateway
  tftp-firewall-drops-requests
  tftp-lossy-cable)

for c in ip ss tcpdump tftp curl busybox nft openssl sipp cmp; do
  command -v "$c" >/dev/null || { echo "record-scenes: '$c' is missing (scripts/install-system-packages.sh installs it)" >&2; exit 3; }
done
[ -x "$PHONERESCUE" ] || { echo "record-scenes: no command line at $PHONERESCUE (build first: mvn -B -q package -DskipTests)" >&2; exit 3; }
[ "$(id -u)" = 0 ] || { echo "record-scenes: needs root (network namespaces, tcpdump, port 69)" >&2; exit 3; }
mkdir -p "$OUT"

# The cable: the server (the engineer's laptop) at .1, the phone's end with the phone's MAC.
SUBNET=10.231.50
SERVER_IP=$SUBNET.1
SERVER_MAC=02:50:52:00:00:01
NS_SERVER=prs-server-$$
NS_PHONE=prs-phone-$$
NS_OTHER=prs-other-$$
LINK_SERVER=prs-s$$
LINK_PHONE=prs-p$$
LINK_OTHER=prs-o$$
WORK="$(mktemp -d)"
PIDS=()

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  ip netns delete "$NS_SERVER" 2>/dev/null || true
  ip netns delete "$NS_PHONE" 2>/dev/null || true
  ip netns delete "$NS_OTHER" 2>/dev/null || true
}
# a scene that fails ends its tcpdump here (stop() ends it first when the scene completes)
TCPDUMP=
trap 'if [ -n "$TCPDUMP" ]; then kill "$TCPDUMP" 2>/dev/null || true; wait "$TCPDUMP" 2>/dev/null || true; fi
  cleanup; rm -rf "$WORK"' EXIT

in_server() { ip netns exec "$NS_SERVER" "$@"; }
in_phone() { ip netns exec "$NS_PHONE" "$@"; }

# link PHONE_MAC [PHONE_IP]: both namespaces and the cable; the phone's address when it is static
link() {
  ip netns add "$NS_SERVER"
  ip netns add "$NS_PHONE"
  ip link add "$LINK_SERVER" address "$SERVER_MAC" netns "$NS_SERVER" type veth \
    peer name "$LINK_PHONE" address "$1" netns "$NS_PHONE"
  ip -n "$NS_SERVER" address add "$SERVER_IP/24" dev "$LINK_SERVER"
  [ -z "${2:-}" ] || ip -n "$NS_PHONE" address add "$2/24" dev "$LINK_PHONE"
  for ns in "$NS_SERVER" "$NS_PHONE"; do ip -n "$ns" link set lo up; done
  ip -n "$NS_SERVER" link set "$LINK_SERVER" up
  ip -n "$NS_PHONE" link set "$LINK_PHONE" up
}

# other_host MAC IP: a third host on the cable, on the server's side (a macvlan of the server's end
# in bridge mode, in its own namespace): what it sends reaches the phone, as through a switch
other_host() {
  ip netns add "$NS_OTHER"
  ip -n "$NS_SERVER" link add "$LINK_OTHER" address "$1" link "$LINK_SERVER" type macvlan mode bridge
  ip -n "$NS_SERVER" link set "$LINK_OTHER" netns "$NS_OTHER"
  ip -n "$NS_OTHER" address add "$2/24" dev "$LINK_OTHER"
  ip -n "$NS_OTHER" link set lo up
  ip -n "$NS_OTHER" link set "$LINK_OTHER" up
}

# drop_in NS MATCH: nftables in namespace NS drops what MATCH selects on its way in (a firewall, a
# lossy cable)
drop_in() {
  printf 'table inet scene {\n chain input {\n  type filter hook input priority 0; policy accept;\n  %s drop\n }\n}\n' "$2" \
    | ip netns exec "$1" nft -f -
}

# serve ARGS...: phonerescue serve in the server's namespace, once it says it serves
serve() {
  local log="$WORK/serve.log"
  : >"$log"
  # ip netns exec, not the in_server function: $! must be the server itself (ip execs it), not a subshell
  ip netns exec "$NS_SERVER" "$PHONERESCUE" serve --no-progress "$@" >"$log" 2>&1 &
  PIDS+=($!)
  wait_for "$log" " serving " 30
  if [[ " $* " == *" --dhcp "* || " $* " == *" --dhcp="* ]]; then wait_for "$log" " dhcp serving " 30; fi
}

# wait_for FILE TEXT SECONDS
wait_for() {
  local end=$((SECONDS + $3))
  until grep -q -- "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $end ] || { echo "record-scenes: no '$2' in $1:" >&2; cat "$1" >&2; exit 1; }
    sleep 0.05
  done
}

# record NAME: tcpdump on the phone's end of the cable, as an engineer records the phone's port
record() {
  CAPTURE="$OUT/$1.pcap"
  rm -f "$CAPTURE"
  ip netns exec "$NS_PHONE" tcpdump -i "$LINK_PHONE" --immediate-mode -U -B 16384 -Z root -w "$CAPTURE" \
    >"$WORK/tcpdump.log" 2>&1 &
  TCPDUMP=$!
  wait_for "$WORK/tcpdump.log" "listening on $LINK_PHONE" 20
}

# stop: once the file has stopped growing for a second, so that no last packet is lost
stop() {
  local size=-1 stable=0
  while [ $stable -lt 20 ]; do
    local now
    now=$(stat -c %s "$CAPTURE")
    if [ "$now" = "$size" ]; then stable=$((stable + 1)); else stable=0; size=$now; fi
    sleep 0.05
  done
  kill "$TCPDUMP"
  wait "$TCPDUMP" || true
  TCPDUMP=
  cleanup
  # a process left in a namespace would keep it, and its link, alive after the delete
  if ip link show "$LINK_PHONE" >/dev/null 2>&1 || pgrep -f -- "-i $LINK_PHONE " >/dev/null; then
    echo "record-scenes: something of the scene is still running" >&2
    exit 1
  fi
  echo "recorded $CAPTURE ($(stat -c %s "$CAPTURE") bytes)"
}

# random FILE SIZE SEED: SIZE bytes that are the same on every run
random() {
  head -c "$2" < <(openssl enc -aes-128-ctr -nosalt -pass "pass:$3" -pbkdf2 -in /dev/zero 2>/dev/null) >"$1"
}

# phone_get FILE: the phone's TFTP read of FILE from the server in $TFTP_SERVER (tftp-hpa, RFC 1350
# without options, as the 79xx loaders ask); a refusal is part of the scene
phone_get() {
  in_phone tftp -m binary "$TFTP_SERVER" -c get "$1" "$WORK/got" >>"$WORK/tftp.log" 2>&1 || true
}

# udhcpc_lease VENDOR_CLASS HOSTNAME: busybox udhcpc asks for an address as the phone does; the
# lease's options are left in $WORK/lease (ip, mask, router, opt150 ...) and the address applied
lease() {
  cat >"$WORK/udhcpc.sh" <<EOF
#!/bin/sh
[ "\$1" = bound ] || exit 0
env >"$WORK/lease"
ip address add "\$ip/\${mask:-24}" dev "\$interface"
[ -z "\$router" ] || ip route add default via "\${router%% *}" dev "\$interface"
EOF
  chmod +x "$WORK/udhcpc.sh"
  in_phone busybox udhcpc -i "$LINK_PHONE" -f -q -n -t 5 -T 1 -V "$1" -x "hostname:$2" -s "$WORK/udhcpc.sh" \
    >"$WORK/udhcpc.log" 2>&1
}

# opt150 as udhcpc exports it: the hex of an unknown option, 4 bytes per address
opt150_address() {
  local hex
  hex=$(sed -n 's/^opt150=//p' "$WORK/lease")
  [ ${#hex} -ge 8 ] || { echo "record-scenes: no option 150 in the lease:" >&2; cat "$WORK/lease" >&2; exit 1; }
  printf '%d.%d.%d.%d' "0x${hex:0:2}" "0x${hex:2:2}" "0x${hex:4:2}" "0x${hex:6:2}"
}

# --- Cisco 7961 after a factory reset (field notes §3) ------------------------------------------
CISCO_MAC=6c:5e:3b:61:79:61
CISCO_SEP=SEP6C5E3B617961
CISCO_CLASS="Cisco Systems, Inc. IP Phone CP-7961G"
LOAD=9-4-2SR3-1S
IMAGES=(jar41sccp.$LOAD.sbn cnu41.$LOAD.sbn apps41.$LOAD.sbn dsp41.$LOAD.sbn cvm41sccp.$LOAD.sbn)

cisco_root() {
  local root="$WORK/root" i=0
  rm -rf "$root"
  mkdir -p "$root"
  cat >"$root/XMLDefault.cnf.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Default>
  <callManagerGroup>
    <members>
      <member priority="0">
        <callManager>
          <ports><ethernetPhonePort>2000</ethernetPhonePort></ports>
          <processNodeName>$SERVER_IP</processNodeName>
        </callManager>
      </member>
    </members>
  </callManagerGroup>
  <loadInformation434 model="Cisco 7961">term61.default</loadInformation434>
</Default>
EOF
  {
    printf '#RELEASE load version %s\r\n#HARDWARE_COMP_TNP 1\r\n\r\n' "$LOAD"
    for f in "${IMAGES[@]}"; do printf '%s\r\n' "$f"; done
  } >"$root/term61.default.loads"
  for f in "${IMAGES[@]}"; do
    i=$((i + 1))
    random "$root/$f" $((20000 + i * 7000)) "$f"
  done
  echo "$root"
}

# The package was copied from a FAT-formatted stick that upper-cased one name: the phone fetches
# its configuration and its packing list, the images one by one, and stalls at the one the server
# has under another case; it asks again and again.
scene_cisco-7961-listed-image-missing() {
  local root
  root=$(cisco_root)
  mv "$root/cvm41sccp.$LOAD.sbn" "$root/CVM41SCCP.$(echo "$LOAD" | tr a-z A-Z).SBN"
  link "$CISCO_MAC"
  record cisco-7961-listed-image-missing
  serve --root "$root" --tftp --dhcp "$LINK_SERVER" --dhcp-pool "$SUBNET.100-$SUBNET.110" --dhcp-probe 1 \
    --tftp-server-address "$SERVER_IP"
  lease "$CISCO_CLASS" "$CISCO_SEP"
  TFTP_SERVER=$(opt150_address)
  for f in "CTLSEP6C5E3B617961.tlv" "$CISCO_SEP.cnf.xml" XMLDefault.cnf.xml term61.default.loads "${IMAGES[@]}"; do
    phone_get "$f"
  done
  for retry in 1 2; do sleep 2; phone_get "cvm41sccp.$LOAD.sbn"; done
  stop
}

# The engineer typed option 150 into a field that wants the reversed hex DWORD the way the address
# reads (0x0A E7 32 01 for 10.231.50.1): the phone gets 1.50.231.10, asks it through its gateway
# and never hears back. The server drops what is not its own (no forwarding, no route out).
scene_cisco-7961-option150-reversed() {
  local root
  root=$(cisco_root)
  link "$CISCO_MAC"
  record cisco-7961-option150-reversed
  serve --root "$root" --tftp --dhcp "$LINK_SERVER" --dhcp-pool "$SUBNET.100-$SUBNET.110" --dhcp-probe 1 \
    --dhcp-router "$SERVER_IP" --dhcp-option150-dword 0x0AE73201
  lease "$CISCO_CLASS" "$CISCO_SEP"
  TFTP_SERVER=$(opt150_address)
  [ "$TFTP_SERVER" = 1.50.231.10 ] || { echo "record-scenes: option 150 is $TFTP_SERVER" >&2; exit 1; }
  printf 'mode octet\nrexmt 2\ntimeout 8\nget CTLSEP6C5E3B617961.tlv %s\nquit\n' "$WORK/got" \
    | in_phone tftp "$TFTP_SERVER" >>"$WORK/tftp.log" 2>&1 || true
  stop
}

# The engineer started `serve` for TFTP and forgot `--dhcp`: the phone, reset to ask DHCP, sends
# its DISCOVERs and nobody offers an address, so it never learns its address nor option 150.
scene_cisco-7961-dhcp-no-offer() {
  local root
  root=$(cisco_root)
  link "$CISCO_MAC"
  record cisco-7961-dhcp-no-offer
  serve --root "$root" --tftp
  if lease "$CISCO_CLASS" "$CISCO_SEP"; then
    echo "record-scenes: the phone got a lease:" >&2; cat "$WORK/lease" >&2; exit 1
  fi
  stop
}

# --- Snom rescue mode over HTTP (field notes §2) -------------------------------------------------
SNOM_MAC=00:04:13:78:50:01
SNOM_IP=$SUBNET.50
SNOM_ASKED=snomD785-r.bin
SNOM_DOWNLOADED=snomD785-10.1.33.33-r.bin
# an address typed on another network than the laptop's, and a gateway there that does not exist
SNOM_FAR_IP=10.231.60.5
SNOM_FAR_GATEWAY=10.231.60.1
# a desk PC on the phone's switch (a locally administered MAC)
OTHER_MAC=02:50:52:00:00:02

# snom_root NAME [SIZE]: the firmware under NAME (300 000 bytes unless SIZE says otherwise)
snom_root() {
  local root="$WORK/root"
  rm -rf "$root"
  mkdir -p "$root"
  random "$root/$1" "${2:-300000}" snomD785
  echo "$root"
}

# Address typed by hand on the phone; the firmware left under the name it was downloaded with.
scene_snom-rescue-http-wrong-name() {
  local root
  root=$(snom_root "$SNOM_DOWNLOADED")
  link "$SNOM_MAC" "$SNOM_IP"
  record snom-rescue-http-wrong-name
  serve --root "$root" --http
  in_phone curl -s -o "$WORK/got" "http://$SERVER_IP/$SNOM_ASKED" || true
  sleep 1
  in_phone curl -s -o "$WORK/got" "http://$SERVER_IP/$SNOM_ASKED" || true
  stop
}

# The address typed on the phone is the one a desk PC on the same switch already has. The phone
# probes for it before using it (RFC 5227 §2.1.1, busybox arping -D) and the PC's kernel answers;
# the phone goes on with its download all the same. The firmware is a 30 000-byte stand-in, to
# keep the capture small: the download is not what the scene shows.
scene_snom-rescue-duplicate-ip() {
  local root
  root=$(snom_root "$SNOM_ASKED" 30000)
  link "$SNOM_MAC" "$SNOM_IP"
  other_host "$OTHER_MAC" "$SNOM_IP"
  record snom-rescue-duplicate-ip
  serve --root "$root" --http
  if in_phone busybox arping -D -I "$LINK_PHONE" -c 2 -w 3 "$SNOM_IP" >"$WORK/arping.log" 2>&1; then
    echo "record-scenes: no one answered the phone's probe:" >&2; cat "$WORK/arping.log" >&2; exit 1
  fi
  in_phone curl -s -f -o "$WORK/got" "http://$SERVER_IP/$SNOM_ASKED"
  cmp "$root/$SNOM_ASKED" "$WORK/got"
  stop
}

# The address typed on the phone is on another network than the laptop's (10.231.60.5/24), and
# the gateway typed with it, 10.231.60.1, does not exist. To reach the server the phone must go
# through its gateway, so at every try of its download it asks by ARP for 10.231.60.1, and nobody
# answers: nothing but ARP leaves the phone, and the server never hears from it. The laptop
# announces its address when its cable comes up (gratuitous ARP, RFC 5227 §2.3), as Windows does.
scene_snom-rescue-wrong-gateway() {
  local root
  root=$(snom_root "$SNOM_ASKED" 30000)
  link "$SNOM_MAC" "$SNOM_FAR_IP"
  ip -n "$NS_PHONE" route add default via "$SNOM_FAR_GATEWAY" dev "$LINK_PHONE"
  record snom-rescue-wrong-gateway
  serve --root "$root" --http
  in_server busybox arping -U -c 1 -w 1 -I "$LINK_SERVER" "$SERVER_IP" >"$WORK/arping.log" 2>&1 || true
  for try in 1 2 3; do
    if in_phone curl -s -f --connect-timeout 3 -o "$WORK/got" "http://$SERVER_IP/$SNOM_ASKED"; then
      echo "record-scenes: the phone reached the server through a gateway that is not there" >&2; exit 1
    fi
    sleep 1
  done
  stop
}

# snom_download NAME [SIZE]: the phone, recorded as NAME, downloads its renamed firmware completely
snom_download() {
  local root
  root=$(snom_root "$SNOM_ASKED" "${2:-}")
  link "$SNOM_MAC" "$SNOM_IP"
  record "$1"
  serve --root "$root" --http
  in_phone curl -s -f -o "$WORK/got" "http://$SERVER_IP/$SNOM_ASKED"
  cmp "$root/$SNOM_ASKED" "$WORK/got"
}

# The same phone, the firmware renamed: the download completes.
scene_snom-rescue-http-served() {
  snom_download snom-rescue-http-served
  stop
}

# The same download, then the phone flashes, reboots into its new firmware and registers its line
# with the registrar on the server's side (SIPp both ends, from and to UDP 5060 as the phone does).
scene_snom-rescue-http-recovered() {
  snom_download snom-rescue-http-recovered
  # ip netns exec directly, as in serve(): $! must be SIPp itself
  ip netns exec "$NS_SERVER" sipp -sf "$HERE/sip/registrar.xml" -t u1 -i "$SERVER_IP" -p 5060 -m 1 -nostdin \
    -timeout 60s >"$WORK/registrar.log" 2>&1 &
  PIDS+=($!)
  sleep 2 # stands in for writing the flash and rebooting (minutes on the phone itself)
  local end=$((SECONDS + 20))
  until in_server ss -Hlun "sport = :5060" | grep -q .; do
    [ $SECONDS -lt $end ] || { echo "record-scenes: no registrar on UDP 5060:" >&2; cat "$WORK/registrar.log" >&2; exit 1; }
    sleep 0.05
  done
  in_phone sipp -sf "$HERE/sip/phone-register.xml" -t u1 -i "$SNOM_IP" -p 5060 -m 1 -nostdin -timeout 20s \
    -timeout_error "$SERVER_IP:5060" >"$WORK/phone-sip.log" 2>&1 \
    || { echo "record-scenes: the phone's REGISTER was not accepted:" >&2; cat "$WORK/phone-sip.log" >&2; exit 1; }
  stop
}

# The same download (a 30 000-byte stand-in, to keep the file small), then the booted phone
# registers, but a firewall on the server drops UDP 5060: the phone repeats its REGISTER (RFC 3261
# §17.1.2.2, timer E doubling from 500 ms) and hears nothing.
scene_snom-rescue-http-no-registrar() {
  snom_download snom-rescue-http-no-registrar 30000
  drop_in "$NS_SERVER" "udp dport 5060"
  sleep 2 # stands in for writing the flash and rebooting
  if in_phone sipp -sf "$HERE/sip/phone-register.xml" -t u1 -i "$SNOM_IP" -p 5060 -m 1 -nostdin -timeout 5s \
    -timeout_error "$SERVER_IP:5060" >"$WORK/phone-sip.log" 2>&1; then
    echo "record-scenes: the phone's REGISTER was answered:" >&2; cat "$WORK/phone-sip.log" >&2; exit 1
  fi
  stop
}

# --- TFTP on a bad path -------------------------------------------------------------------------
SPA_MAC=00:0e:08:c3:52:5a
SPA_IP=$SUBNET.60
SPA_IMAGE=spa525g2.bin

# A firewall on the server drops UDP 69: the phone's requests go unanswered.
scene_tftp-firewall-drops-requests() {
  local root="$WORK/root"
  rm -rf "$root"; mkdir -p "$root"
  random "$root/$SPA_IMAGE" 40000 "$SPA_IMAGE"
  link "$SPA_MAC" "$SPA_IP"
  drop_in "$NS_SERVER" "udp dport 69"
  record tftp-firewall-drops-requests
  serve --root "$root" --tftp
  printf 'mode octet\nrexmt 1\ntimeout 4\nget %s %s\nquit\n' "$SPA_IMAGE" "$WORK/got" \
    | in_phone tftp "$SERVER_IP" >>"$WORK/tftp.log" 2>&1 || true
  stop
}

# A lossy cable: every sixth DATA packet is dropped on the phone's side after tcpdump saw it, so the
# server sends each lost block again once its retransmission timeout runs out.
scene_tftp-lossy-cable() {
  local root="$WORK/root"
  rm -rf "$root"; mkdir -p "$root"
  random "$root/$SPA_IMAGE" 40000 "$SPA_IMAGE"
  link "$SPA_MAC" "$SPA_IP"
  drop_in "$NS_PHONE" "ip saddr $SERVER_IP udp sport != 69 numgen inc mod 6 == 0"
  record tftp-lossy-cable
  serve --root "$root" --tftp --retransmit-timeout 200
  in_phone tftp -m binary "$SERVER_IP" -c get "$SPA_IMAGE" "$WORK/got"
  cmp "$root/$SPA_IMAGE" "$WORK/got"
  stop
}

for scene in "${SCENES[@]}"; do
  declare -F "scene_$scene" >/dev/null || { echo "record-scenes: no scene '$scene'" >&2; exit 2; }
  : >"$WORK/tftp.log"
  "scene_$scene"
done
