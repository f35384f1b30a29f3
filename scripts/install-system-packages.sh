#!/usr/bin/env bash
# Installs the Debian packages PhoneRescue Workbench needs to build, run and test, where missing:
#   tshark (+ capinfos, editcap)  the oracle our decoders and writers are tested against
#   libpcap0.8                     live capture
#   xvfb xauth x11-utils imagemagick  the workbench under a virtual display, its window list and screenshots
#   libxml2-utils                  xmllint, the independent XML parser the configuration-file tests compare with
#   tcpdump                        records the recovery scenes the diagnosis tests replay (RecordedTftpScenesIT)
#   openssl                        the fixed-seed files sample-captures/record-scenes.sh serves
#   sip-tester                     SIPp, a booted phone registering by SIP and its registrar in record-scenes.sh
# Needs root (or sudo). Safe to run again: it installs only what is not there.
set -euo pipefail

PACKAGES=(tshark libpcap0.8 xvfb xauth x11-utils imagemagick tftp-hpa atftp curl busybox iproute2 tftpd-hpa nginx ieee-data nftables libxml2-utils tcpdump openssl sip-tester)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "phonerescue setup: need root to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "phonerescue setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
