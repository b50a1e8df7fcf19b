// Fuzz target: TDX quote parsing and verification on arbitrary bytes. Invariant: nothing crashes,
// and a quote that verifies must chain to Intel's pinned root (impossible for fuzzer input).
#include "attest/Tdx.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::attest;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto q = parseTdxQuote(bytes)) {
        const TdxVerdict v = verifyTdxQuote(*q, TdxPolicy {});
        if (v.valid)
            std::abort();
        (void)v.toJson();
    }
    return 0;
}
