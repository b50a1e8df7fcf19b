// Backend probing: the CPU device is always there; CUDA probing never crashes, and where a
// GPU answers, the smoke kernel's result matches the CPU.
#include "Backend.h"
#include "TestSupport.h"

using namespace cocoon;

class TestBackend : public QObject
{
    Q_OBJECT
private slots:
    void cpuAlwaysListedFirst()
    {
        const auto devices = kernels::probeDevices();
        QVERIFY(!devices.empty());
        QCOMPARE(QString::fromStdString(devices.front().backend), QStringLiteral("cpu"));
        QVERIFY(devices.front().usable);
    }
    void cudaProbeNeverCrashes()
    {
        std::string reason;
        const auto devices = kernels::cuda::probe(reason);
        if (devices.empty()) {
            QVERIFY2(!reason.empty(), "an empty CUDA device list must say why");
            qInfo("no CUDA device: %s", reason.c_str());
        }
    }
    void cudaSmokeKernelMatchesCpu()
    {
        std::string reason;
        const auto devices = kernels::cuda::probe(reason);
        if (devices.empty()) {
            QSKIP(qPrintable(QStringLiteral("no CUDA device here (%1)").arg(QString::fromStdString(reason))));
        }
        QVERIFY2(kernels::cuda::selfTest(0, reason), reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TestBackend)
#include "TestBackend.moc"
