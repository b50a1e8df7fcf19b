// Fuzz target: NVIDIA SPDM attestation report parsing (raw and hex) and verification on arbitrary
// bytes. Invariant: nothing crashes, and no fuzzer input chains to NVIDIA's pinned root.
#include "attest/NvidiaCc.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::attest;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto r = parseNvidiaReport(bytes)) {
        const NvidiaVerdict v = verifyNvidiaReport(*r, bytes, NvidiaPolicy {});
        if (v.valid)
            std::abort();
        (void)v.toJson();
    }
    return 0;
}
