#!/usr/bin/env bash
# Runs on the GPU host with .gpu/payload.tar.xz carried (see pack.sh), e.g. through the device tool:
#   run(command="bash benchmarks/gpu/run.sh", carry=[".gpu/payload.tar.xz"], timeout_s=600)
# Builds llama.cpp (CUDA, sm_90 by default, about 4 minutes on 16 cores), points the engine at it
# under the names the loader expects, then runs the engine tests and the engine benchmark with all
# layers offloaded. Logs and results go to $OUT.
set -uo pipefail
dest=/root/tts-gpu out=${OUT:-/tmp/out} arch=${CUDA_ARCH:-90}
mkdir -p "$dest/src" "$out"
xz -dc .gpu/payload.tar.xz | tar -C "$dest" -xf - && xz -dc "$dest/llama-src.tar.xz" | tar -C "$dest/src" -xf -
(cd "$dest/src" && cmake -B b -G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=$arch \
   -DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
   -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DGGML_OPENMP=OFF > "$out/cmake.log" 2>&1 \
 && cmake --build b -j"$(nproc)" --target llama llama-batched-bench > "$out/build.log" 2>&1) || { tail -20 "$out/build.log"; exit 1; }
lib=$dest/llama/cuda bin=$dest/src/b/bin
mkdir -p "$lib" && ln -sf "$bin/libllama.so" "$lib/libllama.cuda.v0.5.0.so" && ln -sf "$bin/libggml.so" "$lib/libggml.cuda.v0.5.0.so" \
  && ln -sf "$bin/libggml-base.so" "$lib/libggml-base.so"
export DOTNET_ROOT=$dest/dotnet PATH=$dest/dotnet:$PATH DOTNET_ROLL_FORWARD=Major \
  TTS_LLAMA_DIR=$dest/llama TTS_LLAMA_VARIANT=cuda LD_LIBRARY_PATH=/usr/local/cuda/lib64
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
cd /tmp
dotnet "$dest/xunit/xunit.console.dll" "$dest/tests/TtsOrchestrator.LlamaCpp.Tests.dll" -nocolor -parallel none \
  -noclass TtsOrchestrator.LlamaCpp.Tests.NativeLayoutTests > "$out/tests.log" 2>&1
grep -E "FAIL|Total:" "$out/tests.log"
for m in small medium; do
  dotnet "$dest/bench/engine-bench.dll" --model $m --gpu-layers -1 --threads 4 --llama-batched-bench "$bin/llama-batched-bench" \
    --out "$out/bench.jsonl" 2>&1 | tee "$out/bench-$m.log" | tail -4
done
