#pragma once
// QR codes for the wallet page (a payout address to scan with a phone wallet), drawn from
// libqrencode's module matrix: encoding QR (Reed-Solomon, masking, version selection) is what a
// well-kept library does; only the drawing is ours.
#include <QImage>
#include <QString>

namespace cocoon::ui {

/// `text` as a QR code (byte mode, error correction M, the smallest version that fits), black on
/// white with the 4-module quiet zone, `scale` pixels per module. A null image when the text
/// does not fit or encoding fails.
QImage qrCode(const QString& text, int scale = 6);

} // namespace cocoon::ui
