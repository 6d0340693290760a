#!/usr/bin/env bash
# Runs on the GPU host (see pack.sh): unpacks the payload, points the engine at the CUDA build of
# llama.cpp and the CUDA runtime shipped with the host's Python packages, then runs the engine
# tests and the engine benchmark with all layers offloaded. Logs go to $OUT.
set -uo pipefail
dest=/root/tts-gpu
if [[ ! -d $dest/dotnet ]]; then
  mkdir -p $dest && cat .gpu/part.* | xz -d | tar -C $dest -xf -
fi
export DOTNET_ROOT=$dest/dotnet PATH=$dest/dotnet:$PATH DOTNET_ROLL_FORWARD=Major DOTNET_CLI_TELEMETRY_OPTOUT=1
export TTS_LLAMA_DIR=$dest/llama TTS_LLAMA_VARIANT=cuda
cuda_libs=$(python3 -c "import glob,os; print(':'.join(sorted({os.path.dirname(p) for p in glob.glob('/**/libcublas.so.13', recursive=True) + glob.glob('/**/libcudart.so.13', recursive=True)})))" 2>/dev/null)
export LD_LIBRARY_PATH=${cuda_libs}:${LD_LIBRARY_PATH:-}
out=${OUT:-/tmp/out}; mkdir -p "$out"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
case "${1:-all}" in
  tests|all)
    dotnet $dest/xunit/xunit.console.dll $dest/tests/TtsOrchestrator.LlamaCpp.Tests.dll -nocolor -parallel none \
      -noclass TtsOrchestrator.LlamaCpp.Tests.NativeLayoutTests 2>&1 | tee "$out/tests.log" | tail -25 ;;&
  bench|all)
    for m in small medium; do
      dotnet $dest/bench/engine-bench.dll --model $m --gpu-layers -1 --threads 8 --out "$out/bench.jsonl" 2>&1 | tee -a "$out/bench.log"
    done ;;
esac
