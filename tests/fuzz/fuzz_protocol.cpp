// Fuzz target: every frame a coordinator, node or owner receives — message decoding against the
// schemas, a node's or owner's hello, an evidence renewal, and the text a peer sends made
// printable. Invariants: a frame that decodes is its own canonical encoding; printable() output
// is bounded and holds no control characters.
#include "net/Handshake.h"
#include "net/Protocol.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::net;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const QByteArray zeros(32, '\0');
    if (auto m = decodeMessage(bytes)) {
        QCborMap body = m->body;
        body.remove(QStringLiteral("t"));
        if (encodeMessage(m->type, body) != bytes) {
            std::abort();
        }
        if (m->type == QLatin1String("hello") && m->has("node")) {
            if (auto h = NodeHello::fromCbor(m->body.value(QStringLiteral("node")).toMap())) {
                (void)h->verify(zeros, zeros);
            }
        }
        if (m->type == QLatin1String("hello") && m->has("owner")) {
            if (auto h = OwnerHello::fromCbor(m->body.value(QStringLiteral("owner")).toMap())) {
                (void)h->verify(zeros, zeros);
            }
        }
        if (m->type == QLatin1String("evidence")) {
            (void)verifyEvidenceRenewal({}, {}, m->bytes("evidence"), zeros, zeros, m->bytes("sig"));
        }
        for (auto it = m->body.cbegin(); it != m->body.cend(); ++it) {
            if (it.value().isString()) {
                const QString shown = printable(it.value().toString(), 50);
                if (shown.size() > 50 * 10 + 1) {
                    std::abort();
                }
                for (const QChar c : shown) {
                    if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
                        std::abort();
                    }
                }
            }
        }
    }
    return 0;
}
