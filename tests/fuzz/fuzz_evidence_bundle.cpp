// Fuzz target: the evidence bundle a node sends with its hello, as a coordinator or job owner
// reads it — decoding, the SEV host certificate table, and full verification of whatever reports
// it carries. Invariant: a bundle that decodes re-encodes to exactly the same bytes.
#include "attest/EvidenceBundle.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::attest;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    (void)parseSevCertTable(bytes);
    if (auto b = EvidenceBundle::decode(bytes)) {
        if (b->encode() != bytes) {
            std::abort();
        }
        BundleExpectations e;
        e.gpuNeeded = true;
        (void)verifyBundle(*b, e);
    }
    return 0;
}
