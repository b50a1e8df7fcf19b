// Fuzz target: SEV-SNP report parsing (raw and hex) and verification against a fixed, well-formed
// chain, on arbitrary bytes. Invariant: nothing crashes, and garbage never verifies.
#include "attest/SevSnp.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::attest;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto report = parseSevReport(bytes)) {
        // The input also serves as "VCEK" and "chain": certificate parsing meets the same bytes.
        const SevVerdict v = verifySevReport(*report, bytes, bytes, SevPolicy {});
        if (v.valid)
            std::abort(); // no pinned root can appear in fuzzer input
        (void)v.toJson();
    }
    return 0;
}
