#!/usr/bin/env bash
# Packs what the CUDA check needs on a GPU host that has no .NET SDK and no network into one file of
# about 36 MB (the device tool carries 64 MiB per call): the .NET runtime, the engine tests, the
# xunit console runner, the engine benchmark and the pinned llama.cpp source. benchmarks/gpu/run.sh
# builds llama.cpp for the host's GPU there and runs tests and benchmark.
#
# Why build from source: the pinned npm CUDA binaries (@node-llama-cpp/linux-x64-cuda@3.22.1) abort
# with "ggml-cuda.cu:108: CUDA error" at the first kernel on an H100 with driver 580 / CUDA 13.0
# (their fatbin has sm_86/89/120 code and no sm_90), so the check compiles the same source for sm_90.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p .git/info && { grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude; }
bash build/fetch-llama-native.sh source .native
dotnet build -c Release tests/TtsOrchestrator.LlamaCpp.Tests >/dev/null
dotnet build -c Release benchmarks/TtsOrchestrator.EngineBench >/dev/null
dotnet restore benchmarks/gpu/runner.csproj >/dev/null

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/dotnet/shared"
cp -r tests/TtsOrchestrator.LlamaCpp.Tests/bin/Release/net10.0 "$stage/tests" && rm -rf "$stage/tests/llama"
cp -r benchmarks/TtsOrchestrator.EngineBench/bin/Release/net10.0 "$stage/bench" && rm -rf "$stage/bench/llama"
cp -r ~/.nuget/packages/xunit.runner.console/2.4.1/tools/netcoreapp2.0 "$stage/xunit"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp "$dotnet_root/dotnet" "$stage/dotnet/" && cp -r "$dotnet_root/host" "$stage/dotnet/"
cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$stage/dotnet/shared/"
git -C .native/source archive --format=tar HEAD CMakeLists.txt cmake ggml src include common tools vendor licenses LICENSE \
  | xz -6 -T2 > "$stage/llama-src.tar.xz"

rm -rf .gpu && mkdir -p .gpu
tar -C "$stage" -cf - . | xz -6 -T2 > .gpu/payload.tar.xz
ls -la .gpu
