#pragma once
// Runs a catalogue kernel to completion on a backend, owning the buffers (tests only).
#include "Kernels.h"

#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace cocoon::test {

struct KernelRun
{
    std::vector<std::uint8_t> output;
    std::size_t steps = 0;
    std::string error;
};

inline std::optional<KernelRun> runKernel(const kernels::Params& params, const std::vector<std::uint8_t>& input,
    kernels::Backend backend, std::string* unavailable = nullptr)
{
    const auto fp = kernels::footprint(params);
    if (!fp || fp->inputBytes != input.size()) {
        return KernelRun {{}, 0, "footprint does not match the input"};
    }
    KernelRun run;
    run.output.assign(fp->outputBytes, 0xCD); // poison: every byte must be written
    std::vector<std::uint8_t> scratch(fp->scratchBytes + 16);
    std::unique_ptr<kernels::Task> task;
    if (backend == kernels::Backend::Cpu) {
        task = kernels::makeCpuTask(params, input, run.output, scratch);
    } else {
        std::string error;
        task = kernels::makeCudaTask(params, input, run.output, 0, error);
        if (!task) {
            if (unavailable)
                *unavailable = error;
            return std::nullopt;
        }
    }
    run.steps = task->stepCount();
    for (std::size_t i = 0; i < run.steps; ++i) {
        if (!task->runStep(i, run.error)) {
            return run;
        }
    }
    return run;
}

template <typename T>
std::vector<std::uint8_t> toBytes(const std::vector<T>& v)
{
    std::vector<std::uint8_t> b(v.size() * sizeof(T));
    if (!v.empty())
        std::memcpy(b.data(), v.data(), b.size());
    return b;
}

template <typename T>
std::vector<T> fromBytes(const std::vector<std::uint8_t>& b)
{
    std::vector<T> v(b.size() / sizeof(T));
    if (!v.empty())
        std::memcpy(v.data(), b.data(), v.size() * sizeof(T));
    return v;
}

} // namespace cocoon::test
