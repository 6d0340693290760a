#!/usr/bin/env bash
# The engine benchmark of the README: N=16 samples of a 32-token prompt, 128 new tokens each, on a
# 4.5M-parameter F32 and a 102M-parameter F16 random llama; batched vs sequential through our engine,
# and llama.cpp's llama-batched-bench on the same libraries as the ceiling. Builds that tool from the
# pinned source once (cmake, about 10 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/fetch-llama-native.sh source .native
bench=.native/source/build-bench/bin/llama-batched-bench
if [[ ! -x $bench ]]; then
  cmake -S .native/source -B .native/source/build-bench -DCMAKE_BUILD_TYPE=Release -DGGML_OPENMP=OFF -DLLAMA_CURL=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF >/dev/null
  cmake --build .native/source/build-bench -j"$(nproc)" --target llama-batched-bench >/dev/null
fi
dotnet build -c Release benchmarks/TtsOrchestrator.EngineBench >/dev/null
for model in small medium; do
  benchmarks/TtsOrchestrator.EngineBench/bin/Release/net10.0/engine-bench --model "$model" --llama-batched-bench "$bench" "$@"
done
