#pragma once
// The legacy guest-device interfaces of kernels without configfs-tsm (Linux before 6.7): one
// ioctl each on /dev/sev-guest and /dev/tdx_guest. One implementation per OS under platform/
// (only Linux has these devices); tests substitute a fake, since no TEE exists on the machines
// that run them.
#include "common/Expected.h"

#include <QByteArray>
#include <QString>

namespace cocoon::attest {

class GuestDevice
{
public:
    virtual ~GuestDevice() = default;
    /// AMD SEV-SNP: SNP_GET_REPORT → the 0x4A0-byte attestation report carrying `reportData`.
    virtual Expected<QByteArray, QString> snpReport(const QString& devicePath, const QByteArray& reportData) const = 0;
    /// Intel TDX: TDX_CMD_GET_REPORT0 → the 1024-byte TDREPORT carrying `reportData`. A TDREPORT is
    /// MAC-protected for this machine only; a quote others can verify needs the host's quoting
    /// service, which configfs-tsm reaches.
    virtual Expected<QByteArray, QString> tdReport(const QString& devicePath, const QByteArray& reportData) const = 0;
};

/// This OS's implementation.
const GuestDevice& systemGuestDevice();

} // namespace cocoon::attest
