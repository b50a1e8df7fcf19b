// Linux: the SEV-SNP and TDX guest drivers' ioctls. The request layouts are the kernel's UAPI
// (include/uapi/linux/sev-guest.h, tdx-guest.h), declared here with their sizes pinned, because
// the TDX header is missing from older kernel headers (Debian 12's among them).
#include "attest/GuestDevice.h"

#include <QFile>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace cocoon::attest {

namespace {

struct SnpReportReq
{
    std::uint8_t userData[64];
    std::uint32_t vmpl;
    std::uint8_t reserved[28];
};
static_assert(sizeof(SnpReportReq) == 96);

struct SnpReportResp
{
    std::uint8_t data[4000];
};

struct SnpGuestRequestIoctl
{
    std::uint8_t msgVersion;
    std::uint64_t reqData;
    std::uint64_t respData;
    std::uint64_t exitinfo2;
};
static_assert(sizeof(SnpGuestRequestIoctl) == 32);

struct TdxReportReq
{
    std::uint8_t reportData[64];
    std::uint8_t tdReport[1024];
};
static_assert(sizeof(TdxReportReq) == 1088);

constexpr unsigned long kSnpGetReport = _IOWR('S', 0x0, SnpGuestRequestIoctl);
constexpr unsigned long kTdxGetReport0 = _IOWR('T', 1, TdxReportReq);

/// An open file descriptor, closed on scope exit.
class Fd
{
public:
    explicit Fd(const QString& path)
        : m_fd(::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC))
    { }
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

QString openError(const QString& path)
{
    const int e = errno;
    if (e == EACCES || e == EPERM)
        return QStringLiteral("%1: permission denied (run as root, or give this user access to the device)").arg(path);
    return QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(e)));
}

class LinuxGuestDevice final : public GuestDevice
{
public:
    Expected<QByteArray, QString> snpReport(const QString& path, const QByteArray& reportData) const override
    {
        if (reportData.size() != 64)
            return unexpected(QStringLiteral("report_data must be 64 bytes"));
        Fd fd(path);
        if (fd.get() < 0)
            return unexpected(openError(path));
        SnpReportReq req {};
        std::memcpy(req.userData, reportData.constData(), 64);
        auto resp = std::make_unique<SnpReportResp>();
        std::memset(resp.get(), 0, sizeof(SnpReportResp));
        SnpGuestRequestIoctl io {};
        io.msgVersion = 1;
        io.reqData = reinterpret_cast<std::uintptr_t>(&req);
        io.respData = reinterpret_cast<std::uintptr_t>(resp.get());
        if (::ioctl(fd.get(), kSnpGetReport, &io) != 0) {
            return unexpected(QStringLiteral("SNP_GET_REPORT failed: %1 (firmware error 0x%2)")
                                  .arg(QString::fromLocal8Bit(std::strerror(errno)))
                                  .arg(io.exitinfo2 & 0xffffffffu, 0, 16));
        }
        // MSG_REPORT_RSP: status (u32), report size (u32), 24 reserved bytes, the report.
        std::uint32_t status = 0, size = 0;
        std::memcpy(&status, resp->data, 4);
        std::memcpy(&size, resp->data + 4, 4);
        if (status != 0)
            return unexpected(QStringLiteral("the AMD secure processor refused the report (status %1)").arg(status));
        if (size == 0 || size > sizeof(resp->data) - 32)
            return unexpected(QStringLiteral("the AMD secure processor returned a report of %1 bytes").arg(size));
        return QByteArray(reinterpret_cast<const char*>(resp->data + 32), qsizetype(size));
    }

    Expected<QByteArray, QString> tdReport(const QString& path, const QByteArray& reportData) const override
    {
        if (reportData.size() != 64)
            return unexpected(QStringLiteral("report_data must be 64 bytes"));
        Fd fd(path);
        if (fd.get() < 0)
            return unexpected(openError(path));
        TdxReportReq req {};
        std::memcpy(req.reportData, reportData.constData(), 64);
        if (::ioctl(fd.get(), kTdxGetReport0, &req) != 0)
            return unexpected(
                QStringLiteral("TDX_CMD_GET_REPORT0 failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        return QByteArray(reinterpret_cast<const char*>(req.tdReport), sizeof req.tdReport);
    }
};

} // namespace

const GuestDevice& systemGuestDevice()
{
    static const LinuxGuestDevice device;
    return device;
}

} // namespace cocoon::attest
