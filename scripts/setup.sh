#!/usr/bin/env bash
# Idempotent machine setup for DwpFarm. As root on Debian/Ubuntu it installs what
# is missing; elsewhere it prints exactly what to install and fails.
set -euo pipefail

FONT_PACKAGES=(
  fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-freefont-ttf
  fonts-urw-base35 fonts-texgyre fonts-croscore fonts-crosextra-carlito
  fonts-crosextra-caladea fonts-ebgaramond fonts-linuxlibertine fonts-cantarell
  fonts-open-sans fonts-roboto-unhinted fonts-comic-neue fonts-lato fonts-dustin
  fonts-breip fonts-femkeklaver fonts-go fonts-hack fonts-inconsolata fonts-jura
  fonts-quicksand fonts-yanone-kaffeesatz fonts-radisnoir fonts-sil-andika
  fonts-sil-charis fonts-cmu
)
# Native libraries that SkiaSharp's Linux assets load.
NATIVE_PACKAGES=(libfontconfig1 libfreetype6)
# Extra packages callers ask for (CI adds postgresql, prometheus, yamllint, kustomize).
EXTRA_PACKAGES=(${DWPFARM_EXTRA_PACKAGES:-})

log() { printf 'setup: %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; }
missing=()

libstdcxx_path() {
  local p
  for p in /usr/lib/x86_64-linux-gnu/libstdc++.so.6 /usr/lib/aarch64-linux-gnu/libstdc++.so.6 /usr/lib64/libstdc++.so.6 /usr/lib/libstdc++.so.6; do
    [ -e "$p" ] && { echo "$p"; return; }
  done
}

has_glibcxx_3_4_32() {
  local lib; lib="$(libstdcxx_path)"
  [ -n "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_packages() {
  local want=() p
  for p in "$@"; do pkg_installed "$p" || want+=("$p"); done
  [ ${#want[@]} = 0 ] && return 0
  if is_root && have_apt; then
    apt_update_once
    log "installing ${want[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  else
    missing+=("Debian packages: ${want[*]} (apt-get install ${want[*]})")
  fi
}

# TorchSharp 0.107's native library needs GCC 13's libstdc++ (GLIBCXX_3.4.32).
# Debian 12 ships 3.4.30, so take libstdc++6 from trixie, pinned low so nothing
# else is upgraded unasked.
ensure_libstdcxx() {
  has_glibcxx_3_4_32 && return 0
  local src=/etc/apt/sources.list.d/debian.sources
  if ! is_root || ! have_apt || [ ! -f "$src" ] || ! grep -q '^Suites:.*bookworm' "$src"; then
    missing+=("libstdc++ with GLIBCXX_3.4.32 (GCC 13 or newer); on Debian 12 install libstdc++6 from trixie")
    return 0
  fi
  local uris signed
  uris="$(awk '/^URIs:/{print $2; exit}' "$src")"
  signed="$(awk '/^Signed-By:/{print $2; exit}' "$src")"
  log "adding the trixie apt source for libstdc++6"
  cat > /etc/apt/sources.list.d/dwpfarm-trixie.sources <<SRC
Types: deb
URIs: ${uris}
Suites: trixie
Components: main
Signed-By: ${signed}
SRC
  cat > /etc/apt/preferences.d/dwpfarm-trixie <<PIN
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
  apt_updated=0
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t trixie libstdc++6 >/dev/null
  has_glibcxx_3_4_32 || missing+=("libstdc++ with GLIBCXX_3.4.32: the trixie install did not provide it")
}

ensure_npm() {
  command -v npm >/dev/null 2>&1 && return 0
  ensure_packages npm
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    missing+=(".NET 10 SDK (dotnet on PATH)")
  fi
}

ensure_dotnet
ensure_libstdcxx
ensure_packages "${FONT_PACKAGES[@]}" "${NATIVE_PACKAGES[@]}" "${EXTRA_PACKAGES[@]}"
ensure_npm

if [ ${#missing[@]} -gt 0 ]; then
  log "missing prerequisites:"
  for m in "${missing[@]}"; do log "  - $m"; done
  exit 1
fi
log "ok"
