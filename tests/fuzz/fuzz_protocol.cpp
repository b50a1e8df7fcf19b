// Fuzz target: every frame a coordinator, node or owner receives — message decoding against the
// schemas, and the node's hello. Invariant: a frame that decodes is its own canonical encoding.
#include "net/Handshake.h"
#include "net/Protocol.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::net;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto m = decodeMessage(bytes)) {
        QCborMap body = m->body;
        body.remove(QStringLiteral("t"));
        if (encodeMessage(m->type, body) != bytes) {
            std::abort();
        }
        if (m->type == QLatin1String("hello") && m->has("node")) {
            if (auto h = NodeHello::fromCbor(m->body.value(QStringLiteral("node")).toMap())) {
                (void)h->verify(QByteArray(32, '\0'));
            }
        }
    }
    return 0;
}
