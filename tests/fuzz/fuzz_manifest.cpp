// Fuzz target: job manifest decoding, the catalogue's parameter validation and footprints, and
// signed-receipt verification, on arbitrary bytes. Invariant: a manifest that decodes re-encodes
// to exactly the same bytes (canonical form).
#include "jobs/Catalogue.h"
#include "jobs/Manifest.h"
#include "jobs/Receipt.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::jobs;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto m = Manifest::decode(bytes)) {
        if (m->encode() != bytes) {
            std::abort(); // decode accepted something that is not its own canonical encoding
        }
        if (auto params = parseParams(m->kernel, m->params)) {
            (void)checkLimits(*params, NodeLimits {}, cocoon::kernels::Backend::Cpu);
            (void)m->priceFor(cocoon::kernels::footprint(*params).value_or(cocoon::kernels::Footprint {}).units);
        }
    }
    (void)Receipt::verify(bytes);
    return 0;
}
