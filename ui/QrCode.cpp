#include "QrCode.h"

#include <QPainter>
#include <qrencode.h>

#include <memory>

namespace cocoon::ui {

QImage qrCode(const QString& text, int scale)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty() || scale < 1) {
        return {};
    }
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(utf8.size()), reinterpret_cast<const unsigned char*>(utf8.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) {
        return {};
    }
    constexpr int kQuiet = 4;
    const int modules = code->width + 2 * kQuiet;
    QImage image(modules * scale, modules * scale, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1) { // bit 0: dark module
                painter.fillRect((x + kQuiet) * scale, (y + kQuiet) * scale, scale, scale, Qt::black);
            }
        }
    }
    return image;
}

} // namespace cocoon::ui
