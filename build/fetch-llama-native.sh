#!/usr/bin/env bash
# Fetches the pinned llama.cpp native libraries from npm (node-llama-cpp's prebuilt binaries),
# checks their sha256, and unpacks the shared libraries into DEST/VARIANT; "source" unpacks the
# matching llama.cpp source (headers for the layout test, tools for the benchmark) into DEST/source.
#   build/fetch-llama-native.sh cpu|cuda|source DEST
set -euo pipefail
variant=${1:?variant cpu or cuda}
dest=${2:?destination folder}
version=3.22.1
case "$variant" in
  cpu)  packages=("@node-llama-cpp/linux-x64@$version:0d953e1503d5ab4608d8ed5b739132308c81ac05ffeb760d2a7f30e08a9f90e0") ;;
  cuda) packages=("@node-llama-cpp/linux-x64-cuda@$version:d6cd3ff39a43b024816952e0bc6452d6711608d26256ff6eb0fe8cf7ff55bb2c") ;;
  source) packages=("node-llama-cpp@$version:a0d9dd80eacd2ab1cfe71aee57ac8a806487fd70b3d2a38fbec637752d9e5c5f") ;;
  *) echo "fetch-llama-native: unknown variant '$variant' (use cpu or cuda)" >&2; exit 2 ;;
esac
out="$dest/$variant"
marker="$out/.fetched-$version"
[[ -f "$marker" ]] && exit 0
command -v npm >/dev/null || { echo "fetch-llama-native: npm is required to fetch the llama.cpp libraries (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
for entry in "${packages[@]}"; do
  spec=${entry%%:*}; sum=${entry##*:}
  echo "fetch-llama-native: npm pack $spec"
  (cd "$work" && npm pack --silent "$spec" >/dev/null 2>"$work/npm.log") || { cat "$work/npm.log" >&2; exit 1; }
  tgz=$(ls "$work"/*.tgz | head -1)
  actual=$(sha256sum "$tgz" | cut -d' ' -f1)
  if [[ "$actual" != "$sum" ]]; then
    echo "fetch-llama-native: sha256 mismatch for $spec: expected $sum, got $actual" >&2; exit 1
  fi
  if [[ "$variant" == source ]]; then
    # The package carries llama.cpp as a git bundle; check it out in place.
    tar xzf "$tgz" -C "$work" package/llama/gitRelease.bundle
    rm -rf "$out" && git clone -q "$work/package/llama/gitRelease.bundle" "$out" 2>/dev/null
  else
    tar xzf "$tgz" -C "$work"
    find "$work/package/bins" -name '*.so' -exec cp {} "$out/" \;
  fi
  rm -rf "$work/package" "$tgz"
done
rm -f "$out/libllama-common.so"   # the C++ helper library of node-llama-cpp; the C API needs none of it
touch "$marker"
echo "fetch-llama-native: $variant libraries in $out"
