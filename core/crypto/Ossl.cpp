#include "crypto/Ossl.h"

#include <openssl/err.h>

namespace cocoon::ossl {

QString lastError()
{
    QString out;
    while (unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.isEmpty()) {
            out += QStringLiteral("; ");
        }
        out += QString::fromLatin1(buf);
    }
    return out;
}

} // namespace cocoon::ossl
