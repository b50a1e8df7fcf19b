#include "MediaFiles.h"

#include "Kernels.h"
#include "jobs/Catalogue.h"

#include <algorithm>

namespace cocoonctl {

QString declareMediaInput(QCborMap& params, std::span<const std::uint8_t> input, std::uint64_t maxOutputBytes)
{
    std::string why;
    const auto info = cocoon::kernels::probeMedia(input, why);
    if (!info)
        return QString::fromStdString(why);
    const QCborMap declared = cocoon::jobs::declaredMedia(*info, std::uint64_t(input.size()));
    for (auto it = declared.constBegin(); it != declared.constEnd(); ++it) {
        if (!params.contains(it.key()))
            params.insert(it.key(), it.value());
    }
    if (!params.contains(QStringLiteral("max_output_bytes"))) {
        params.insert(QStringLiteral("max_output_bytes"),
            qint64(std::min<std::uint64_t>(2 * std::uint64_t(input.size()) + (1u << 20), maxOutputBytes)));
    }
    return {};
}

} // namespace cocoonctl
