#include "attest/LocalEvidence.h"

#include "attest/NvidiaCc.h"
#include "attest/SevSnp.h"
#include "attest/Tdx.h"
#include "common/Hex.h"
#include "gpu/Nvml.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QUuid>

namespace cocoon::attest {
namespace {

QByteArray readAll(const QString& path, qint64 max = 1 << 20)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(max) : QByteArray();
}

} // namespace

QByteArray bindingReportData(const Ed25519PublicKey& identity, const X25519PublicKey& session)
{
    QCryptographicHash h(QCryptographicHash::Sha512);
    h.addData(QByteArrayView(reinterpret_cast<const char*>(identity.data()), qsizetype(identity.size())));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(session.data()), qsizetype(session.size())));
    return h.result();
}

QByteArray gpuNonce(const QByteArray& reportData)
{
    return reportData.left(32);
}

LocalEvidence collectLocalEvidence(const QString& root, const QByteArray& reportData, const gpu::CcState* gpuCc,
    bool gpuNeeded, const QString& entryName, const GuestDevice* device)
{
    const GuestDevice& guest = device ? *device : systemGuestDevice();
    LocalEvidence e;
    e.reportData = reportData;
    e.cpuTee = QStringLiteral("none");
    const QString tsm = root + QStringLiteral("/sys/kernel/config/tsm/report");
    if (QDir(tsm).exists()) {
        // One report entry per request: create it, write the binding, read the evidence, remove it.
        const QString entry = tsm + QLatin1Char('/')
            + (entryName.isEmpty() ? QStringLiteral("cocoon-") + QUuid::createUuid().toString(QUuid::Id128).left(12)
                                   : entryName);
        QDir().mkdir(entry);
        QFile in(entry + QStringLiteral("/inblob"));
        if (!in.open(QIODevice::WriteOnly) || in.write(reportData) != reportData.size()) {
            e.cpuReason = QStringLiteral("configfs-tsm refused the request (%1): run as a user allowed to write %2")
                              .arg(in.errorString(), tsm);
        } else {
            in.close();
            const QString provider = QString::fromLatin1(readAll(entry + QStringLiteral("/provider")).trimmed());
            e.cpuReport = readAll(entry + QStringLiteral("/outblob"));
            e.cpuAuxBlob = readAll(entry + QStringLiteral("/auxblob"));
            e.cpuSource = QStringLiteral("configfs-tsm (%1)").arg(provider);
            e.cpuTee = provider == u"sev_guest" ? QStringLiteral("sev-snp")
                : provider == u"tdx_guest"      ? QStringLiteral("tdx")
                                                : QStringLiteral("none");
            if (provider.isEmpty())
                e.cpuReason
                    = QStringLiteral("configfs-tsm has no provider: not running in an AMD SEV-SNP or Intel TDX guest");
            else if (e.cpuTee == u"none")
                e.cpuReason
                    = QStringLiteral("configfs-tsm's provider '%1' is not one this version knows").arg(provider);
            else if (e.cpuReport.isEmpty())
                e.cpuReason = QStringLiteral("configfs-tsm returned no report");
        }
        QDir().rmdir(entry);
    } else if (QFile::exists(root + QStringLiteral("/dev/sev-guest"))) {
        // Kernels before configfs-tsm: the driver's own ioctl gives the same report.
        e.cpuTee = QStringLiteral("sev-snp");
        e.cpuSource = QStringLiteral("/dev/sev-guest (SNP_GET_REPORT)");
        auto report = guest.snpReport(root + QStringLiteral("/dev/sev-guest"), reportData);
        if (report)
            e.cpuReport = *report;
        else
            e.cpuReason = report.error();
    } else if (QFile::exists(root + QStringLiteral("/dev/tdx_guest"))) {
        e.cpuTee = QStringLiteral("tdx");
        e.cpuSource = QStringLiteral("/dev/tdx_guest (TDREPORT)");
        auto report = guest.tdReport(root + QStringLiteral("/dev/tdx_guest"), reportData);
        if (report) {
            e.cpuLocalReport = *report;
            e.cpuReason = QStringLiteral("a TDREPORT was produced, but only this machine can check it; a quote that "
                                         "others can verify needs the host's quoting service, which this kernel "
                                         "reaches through configfs-tsm (Linux 6.7+)");
        } else {
            e.cpuReason = report.error();
        }
    } else {
        e.cpuReason = QStringLiteral("no /dev/sev-guest, /dev/tdx_guest or configfs-tsm: not running in an AMD "
                                     "SEV-SNP or Intel TDX guest");
    }

    // What can be checked here: a TDX quote carries its PCK chain, so it verifies offline. An SEV
    // report needs the chip's VCEK, which the host may supply in auxblob; fetching it from AMD's
    // key server needs the network and is not done.
    if (!e.cpuReport.isEmpty() && e.cpuTee == u"tdx") {
        auto q = parseTdxQuote(e.cpuReport);
        TdxPolicy p;
        p.expectedReportData = reportData;
        const TdxVerdict v = q ? verifyTdxQuote(*q, p) : TdxVerdict {};
        e.cpuVerified = q && v.valid;
        if (!e.cpuVerified)
            e.cpuReason = q ? v.reasons.join(QStringLiteral("; ")) : q.error().message;
    } else if (!e.cpuReport.isEmpty() && e.cpuTee == u"sev-snp") {
        auto r = parseSevReport(e.cpuReport);
        if (!r)
            e.cpuReason = r.error().message;
        else if (r->reportData != reportData)
            e.cpuReason = QStringLiteral("the SEV-SNP report does not carry this node's binding");
        else
            e.cpuReason = QStringLiteral("an SEV-SNP report was produced; verifying it needs the chip's VCEK from "
                                         "AMD's key server (network), which this version does not fetch");
    }

    if (!gpuCc)
        e.gpuReason = QStringLiteral("no NVIDIA driver: no GPU confidential computing");
    else if (gpuCc->known && gpuCc->enabled && gpuCc->gpusReady && gpuCc->reason.isEmpty())
        e.gpuConfidential = true;
    else
        e.gpuReason = gpuCc->reason;

    e.decideTier(gpuNeeded);
    return e;
}

void LocalEvidence::decideTier(bool gpuNeeded)
{
    tierReasons.clear();
    if (!cpuVerified)
        tierReasons << QStringLiteral("CPU: ") + cpuReason;
    if (gpuNeeded && !gpuConfidential)
        tierReasons << QStringLiteral("GPU: ") + gpuReason;
    tier = tierReasons.isEmpty() ? jobs::Tier::Confidential : jobs::Tier::Sealed;
}

void addGpuEvidence(LocalEvidence& e, const gpu::Nvml& nvml, int gpuCount, bool gpuNeeded)
{
    const QByteArray nonce = gpuNonce(e.reportData);
    QStringList failures;
    for (int i = 0; i < gpuCount; ++i) {
        GpuEvidence g;
        g.index = i;
        auto a = nvml.attestation(i, nonce);
        if (!a) {
            g.reason = a.error();
        } else {
            g.report = a->report;
            g.certChain = a->attestationCertChain;
            auto parsed = parseNvidiaReport(g.report);
            if (!parsed) {
                g.reason = parsed.error().message;
            } else {
                NvidiaPolicy policy;
                policy.expectedNonce = nonce;
                const NvidiaVerdict v = verifyNvidiaReport(*parsed, g.certChain, policy);
                g.verified = v.valid;
                g.reason = v.valid ? QString() : v.reasons.join(QStringLiteral("; "));
            }
        }
        if (!g.verified)
            failures << QStringLiteral("GPU %1: %2").arg(i).arg(g.reason);
        e.gpus.append(g);
    }
    if (e.gpuConfidential && !failures.isEmpty()) {
        e.gpuConfidential = false;
        e.gpuReason = QStringLiteral("CC mode is on but the GPU's own evidence does not verify (%1)")
                          .arg(failures.join(QStringLiteral("; ")));
    }
    e.decideTier(gpuNeeded);
}

QJsonObject LocalEvidence::toJson() const
{
    return QJsonObject {{QStringLiteral("tier"), jobs::tierName(tier)},
        {QStringLiteral("tier_reasons"), QJsonArray::fromStringList(tierReasons)},
        {QStringLiteral("report_data"), hex::encode(reportData)},
        {QStringLiteral("cpu"),
            QJsonObject {{QStringLiteral("tee"), cpuTee}, {QStringLiteral("source"), cpuSource},
                {QStringLiteral("report_bytes"), int(cpuReport.size())},
                {QStringLiteral("local_report_bytes"), int(cpuLocalReport.size())},
                {QStringLiteral("verified"), cpuVerified}, {QStringLiteral("reason"), cpuReason}}},
        {QStringLiteral("gpu"),
            QJsonObject {{QStringLiteral("confidential"), gpuConfidential}, {QStringLiteral("reason"), gpuReason},
                {QStringLiteral("reports"), [this] {
                     QJsonArray a;
                     for (const GpuEvidence& g : gpus) {
                         a.append(QJsonObject {{QStringLiteral("index"), g.index},
                             {QStringLiteral("report_bytes"), int(g.report.size())},
                             {QStringLiteral("verified"), g.verified}, {QStringLiteral("reason"), g.reason}});
                     }
                     return a;
                 }()}}}};
}

} // namespace cocoon::attest
