// Systems other than Linux have no SEV-SNP or TDX guest devices.
#include "attest/GuestDevice.h"

namespace cocoon::attest {

namespace {
class NoGuestDevice final : public GuestDevice
{
public:
    Expected<QByteArray, QString> snpReport(const QString&, const QByteArray&) const override
    {
        return unexpected(QStringLiteral("SEV-SNP guest devices exist only on Linux"));
    }
    Expected<QByteArray, QString> tdReport(const QString&, const QByteArray&) const override
    {
        return unexpected(QStringLiteral("TDX guest devices exist only on Linux"));
    }
};
} // namespace

const GuestDevice& systemGuestDevice()
{
    static const NoGuestDevice device;
    return device;
}

} // namespace cocoon::attest
