#!/usr/bin/env bash
# Footprint while idle: CPU use over a window (default 60 s) and resident memory of
#   cocoon-contributor (desktop, paused, under Xvfb), cocoon-contributor --headless (paused), a
#   cocoon-contributor window attached to that headless instance (under Xvfb),
#   BOINC's client (boinc) and manager (boincmgr, under Xvfb) from Debian's packages,
# all started fresh in private directories and measured side by side in the same window, the same
# way: CPU = (utime + stime) of the process and its children from /proc/<pid>/stat over the window,
# as a share of one core; memory at the end = VmRSS, PSS (shared library pages split between the
# processes using them) and RssAnon (memory private to the process: heap, stacks).
# Usage: bench/footprint.sh BUILD_DIR [SECONDS]    (make bench runs it)
set -euo pipefail
build=${1:?usage: footprint.sh BUILD_DIR [SECONDS]}
window=${2:-60}
bin="$build/app/cocoon-contributor"
[ -x "$bin" ] || { echo "footprint: $bin not built" >&2; exit 1; }
for tool in Xvfb boinc boincmgr; do
  command -v "$tool" >/dev/null || { echo "footprint: $tool is missing (make deps installs xvfb, boinc-client, boinc-manager)" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done

# Our app, as an owner who paused it: enrolled, paused, no demo network, no wallet to poll.
settings='{"schema": 1, "values": {"app.enrolled": true, "sched.mode": "paused", "net.demo": false}}'
for which in gui headless; do
  mkdir -p "$work/$which/config"
  echo "$settings" >"$work/$which/config/settings.json"
done
DISPLAY=$display QT_QPA_PLATFORM=xcb "$bin" --data-dir "$work/gui" >"$work/gui.log" 2>&1 &
gui=$!; pids+=($gui)
DISPLAY=$display "$bin" --headless --data-dir "$work/headless" >"$work/headless.log" 2>&1 &
headless=$!; pids+=($headless)
# A window over the headless instance (it polls the instance once a second; no core of its own).
for _ in $(seq 100); do grep -q "running headless" "$work/headless.log" 2>/dev/null && break; sleep 0.1; done
sleep 1
DISPLAY=$display QT_QPA_PLATFORM=xcb "$bin" --data-dir "$work/headless" >"$work/attached.log" 2>&1 &
attached=$!; pids+=($attached)

# BOINC, the way Debian ships it, with no project attached (idle), in its own directory.
mkdir -p "$work/boinc"
boinc --dir "$work/boinc" --gui_rpc_port 31416 >"$work/boinc.log" 2>&1 &
client=$!; pids+=($client)
for _ in $(seq 50); do [ -s "$work/boinc/gui_rpc_auth.cfg" ] && break; sleep 0.1; done
mkdir -p "$work/home"
HOME="$work/home" DISPLAY=$display boincmgr --datadir="$work/boinc" --namehost=localhost --gui_rpc_port=31416 \
  --password="$(cat "$work/boinc/gui_rpc_auth.cfg")" --no-daemon --multiple >"$work/boincmgr.log" 2>&1 &
manager=$!; pids+=($manager)

sleep 10 # everyone has started and settled
ticks() { # utime stime cutime cstime of $1
  awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$1/stat"
}
declare -A before
for p in $gui $headless $attached $client $manager; do before[$p]=$(ticks "$p"); done
start=$(date +%s.%N)
sleep "$window"
elapsed=$(echo "$(date +%s.%N) - $start" | bc -l)
hz=$(getconf CLK_TCK)

row() { # name pid
  local name=$1 pid=$2
  if [ ! -d "/proc/$pid" ]; then echo "| $name | exited early (see its log) | | | |"; return; fi
  local used=$(( $(ticks "$pid") - ${before[$pid]} ))
  local cpu rss pss anon
  cpu=$(echo "scale=3; 100 * $used / $hz / $elapsed" | bc -l)
  rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  pss=$(awk '/^Pss:/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "?")
  anon=$(awk '/^RssAnon/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status")
  printf '| %s | %.2f%% | %s MB | %s MB | %s MB |\n' "$name" "$cpu" "$rss" "$pss" "$anon"
}
echo "Idle footprint over ${window} s ($(nproc) cores, $(date -u +%F)); CPU as a share of one core"
echo
echo "| process | CPU | RSS | PSS | private (RssAnon) |"
echo "| --- | --- | --- | --- | --- |"
row "cocoon-contributor (desktop, paused, Xvfb)" $gui
row "cocoon-contributor --headless (paused)" $headless
row "cocoon-contributor window attached to it (Xvfb)" $attached
row "boinc (BOINC client 7.20, idle)" $client
row "boincmgr (BOINC manager, Xvfb)" $manager
