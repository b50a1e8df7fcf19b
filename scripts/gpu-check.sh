#!/usr/bin/env bash
# make gpu-check: what only a machine with an NVIDIA GPU can show. Builds with CUDA for this GPU's
# architecture (in build-gpu/, Release), then runs, each with its output in the results file:
#   1. the CUDA tests (ctest label "cuda") and the plugin's linking test (test_kernels_backend);
#   2. bench_kernels_cuda: every catalogue kernel on the GPU against raw cuBLAS and device-to-device
#      cudaMemcpy measured in the same run;
#   3. cocoonctl bench preempt, --backend cpu and then --backend cuda: stop latency, duty-cycle
#      accuracy and slicing loss on the GPU, with the CPU measured beside it as the baseline;
#   4. ai.generate on the GPU (llama.cpp's CUDA backend in the plugin, -DCOCOON_LLM_CUDA=ON):
#      test_generate (its CUDA case: same greedy text as the CPU, given back and resumed), then
#      bench_generate --cuda against llama-bench -ngl 99 from the same build, with stop latency.
# Results: $GPU_CHECK_OUT (default build-gpu/gpu-check-results.txt), headed with the date, the GPU,
# driver and CUDA versions. Exits 2 when there is no NVIDIA GPU, 1 when a step failed.
# The packages the build needs must already be installed (scripts/install-deps.sh; a GPU machine
# without network access needs them in its image).
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${GPU_CHECK_DIR:-build-gpu}
out=${GPU_CHECK_OUT:-$dir/gpu-check-results.txt}
jobs=${JOBS:-$(nproc)}

if ! command -v nvidia-smi >/dev/null || ! nvidia-smi -L >/dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU with a working driver here (nvidia-smi -L failed); nothing to check" >&2
  exit 2
fi
arch=${CUDA_ARCH:-$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n 1 | tr -d '. ')}
mkdir -p "$dir"
{
  echo "# gpu-check $(date -u +%FT%TZ) on $(hostname)"
  nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv
  nvcc_bin=$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)
  "$nvcc_bin" --version 2>/dev/null | tail -n 2
  echo "# CPU: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
} >"$out"

failed=0
step() { # step NAME COMMAND...: runs it, output to the terminal and the results file
  echo "== $1" | tee -a "$out"
  shift
  if ! "$@" 2>&1 | tee -a "$out"; then
    echo "== FAILED" | tee -a "$out"
    failed=1
  fi
}

step "configure (CUDA architecture $arch)" cmake -Wno-dev -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCOCOON_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES="$arch" -DCOCOON_LLM_CUDA=ON -DCOCOON_LLM_BENCH_TOOLS=ON
step "build" cmake --build "$dir" -j "$jobs" --target cocoon_cuda test_kernels_cuda test_kernels_backend \
  bench_kernels_cuda cocoonctl test_generate fake_cuda bench_generate
step "CUDA tests" ctest --test-dir "$dir" --output-on-failure -R 'test_kernels_cuda|test_kernels_backend|test_generate$'
step "bench_kernels_cuda (against cuBLAS and cudaMemcpy, same run)" "$dir/bench/bench_kernels_cuda"
scratch=$(mktemp -d)
step "cocoonctl bench preempt --backend cpu (baseline)" "$dir/app/cocoonctl" --data-dir "$scratch" bench preempt \
  --backend cpu
step "cocoonctl bench preempt --backend cuda" "$dir/app/cocoonctl" --data-dir "$scratch" bench preempt --backend cuda
rm -rf "$scratch"
step "bench_generate --cuda (ai.generate on the GPU against llama-bench -ngl 99)" "$dir/bench/bench_generate" --cuda \
  --runs 5

echo "gpu-check: results in $out"
exit $failed
