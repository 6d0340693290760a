#!/usr/bin/env bash
# Packs what the CUDA check needs on a GPU host that has no .NET and no network: the .NET runtime,
# the pinned CUDA build of llama.cpp (npm @node-llama-cpp/linux-x64-cuda), the engine tests, the
# xunit console runner and the engine benchmark, as .gpu/payload.tar.xz split into chunks of at
# most 60 MB (the device tool carries 64 MiB per call). benchmarks/gpu/run.sh unpacks and runs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >> .git/info/exclude
bash build/fetch-llama-native.sh cuda .native
dotnet build -c Release tests/TtsOrchestrator.LlamaCpp.Tests >/dev/null
dotnet build -c Release benchmarks/TtsOrchestrator.EngineBench >/dev/null
dotnet restore benchmarks/gpu/runner.csproj >/dev/null

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/llama" "$stage/dotnet/shared"
cp -r .native/cuda "$stage/llama/cuda"
rsync -a --exclude llama tests/TtsOrchestrator.LlamaCpp.Tests/bin/Release/net10.0/ "$stage/tests/"
rsync -a --exclude llama benchmarks/TtsOrchestrator.EngineBench/bin/Release/net10.0/ "$stage/bench/"
cp -r ~/.nuget/packages/xunit.runner.console/2.4.1/tools/netcoreapp2.0 "$stage/xunit"
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp "$dotnet_root/dotnet" "$stage/dotnet/"
cp -r "$dotnet_root/host" "$stage/dotnet/"
cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$stage/dotnet/shared/"

rm -rf .gpu && mkdir -p .gpu
tar -C "$stage" -cf - . | xz -6 -T2 > .gpu/payload.tar.xz
split -b 60M -d .gpu/payload.tar.xz .gpu/part.
rm .gpu/payload.tar.xz
cp benchmarks/gpu/run.sh .gpu/
ls -la .gpu
