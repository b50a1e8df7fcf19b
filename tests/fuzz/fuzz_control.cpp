// Fuzz target: every line a control socket or cocoonctl receives. Invariants: a request that
// parses re-encodes to a request that parses to the same command and arguments; a reply line never
// crashes the reader.
#include "net/Control.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::control;
    const QByteArrayView bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto r = parseRequest(bytes)) {
        QByteArray again = encodeRequest(*r);
        again.chop(1);
        auto r2 = parseRequest(again);
        if (!r2 || r2->command != r->command || r2->args != r->args)
            std::abort();
    }
    (void)parseReply(bytes);
    return 0;
}
