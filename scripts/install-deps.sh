#!/usr/bin/env bash
# The one list of system packages Cocoon Contributor needs to build, test and run
# (Debian 12 / Ubuntu 24.04). Idempotent and quiet when nothing is missing:
# dpkg is asked first; apt-get runs only for what is absent (as root, or via sudo).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git
  # Qt 6: Core, Network, Widgets, Test (qt6-base-dev), WebSockets, Charts, Svg, Linguist tools
  qt6-base-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  # Qt Charts needs Qt OpenGL's CMake files, which qt6-base-dev only recommends
  libqt6opengl6-dev
  # libraries
  libssl-dev libsqlite3-dev libspdlog-dev zlib1g-dev libopenblas-dev
  # media.transcode: FFmpeg's libraries; the ffmpeg and ffprobe tools check its output in tests
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev ffmpeg
  # QR codes of the payout address (wallet page)
  libqrencode-dev
  # X11 and Wayland idle and full-screen detection (headers only: the libraries are loaded at run
  # time); wayland-scanner and the protocol XML build the test compositor
  libxcb1-dev libxcb-screensaver0-dev libwayland-dev libwayland-bin wayland-protocols
  # tests: X virtual framebuffer for GUI tests, clang + libFuzzer runtime for fuzz targets,
  # Node.js for the independent HPKE implementation used in interoperability tests
  xvfb xauth clang libclang-rt-14-dev
  # an independent QR decoder that reads the wallet page's QR code back
  zbar-tools
  # a private CA for the network test that joins without a pin
  openssl
  # a private D-Bus bus for the idle/lock probe tests
  dbus-daemon
  # packaging: the package test validates the desktop entry and AppStream metadata
  desktop-file-utils appstream
)
# `make bench` also measures BOINC from Debian's packages side by side (bench/footprint.sh).
if [ "${1:-}" = "--bench" ]; then
  PACKAGES+=(boinc-client boinc-manager bc)
fi
# Node.js may come from another source (e.g. NodeSource bundles npm): only ask apt when absent.
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  # Some names (e.g. libclang-rt-14-dev) do not exist on every release: skip unknown ones quietly.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Install what this release knows; report (but do not fail on) names it lacks.
installable=()
for p in "${missing[@]}"; do
  if apt-cache show "$p" >/dev/null 2>&1; then installable+=("$p"); else echo "install-deps: '$p' not available here, skipped" >&2; fi
done
[ ${#installable[@]} -eq 0 ] || $SUDO apt-get install -y -qq --no-install-recommends "${installable[@]}" >/dev/null
