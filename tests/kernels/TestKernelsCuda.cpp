// The CUDA backend against the CPU backend (the reference) for every kernel case. Builds
// everywhere; skips with the reason when no NVIDIA GPU can be used.
#include "Backend.h"
#include "KernelCases.h"
#include "TestSupport.h"

#include <cmath>

using namespace cocoon;
using namespace cocoon::kernels;

class TestKernelsCuda : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        std::string reason;
        if (cuda::probe(reason).empty()) {
            QSKIP(qPrintable(QStringLiteral("no CUDA device: %1").arg(QString::fromStdString(reason))));
        }
    }

    void matchesCpu_data()
    {
        QTest::addColumn<int>("index");
        const auto cases = test::kernelCases();
        for (std::size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(cases[i].name.c_str()) << int(i);
    }
    void matchesCpu()
    {
        QFETCH(int, index);
        static const auto cases = test::kernelCases();
        const auto& kc = cases[std::size_t(index)];
        auto cpu = test::runKernel(kc.params, kc.input, Backend::Cpu);
        std::string why;
        auto gpu = test::runKernel(kc.params, kc.input, Backend::Cuda, &why);
        QVERIFY2(gpu, why.c_str());
        QVERIFY2(gpu->error.empty(), gpu->error.c_str());
        QCOMPARE(gpu->output.size(), cpu->output.size());
        if (const auto* p = std::get_if<MlpParams>(&kc.params)) {
            const auto a = test::fromBytes<float>(gpu->output), b = test::fromBytes<float>(cpu->output);
            const double tol = p->dtype == DType::F16 ? 2e-2 : 1e-3; // cuBLAS may use TF32-free but reordered sums
            for (std::size_t i = 0; i < a.size(); ++i)
                QVERIFY2(std::fabs(a[i] - b[i]) <= tol * (1 + std::fabs(b[i])),
                    qPrintable(QStringLiteral("element %1: %2 vs %3").arg(i).arg(a[i]).arg(b[i])));
        } else if (std::holds_alternative<ResizeParams>(kc.params)
            || std::holds_alternative<ConvertParams>(kc.params)) {
            for (std::size_t i = 0; i < gpu->output.size(); ++i)
                QVERIFY2(std::abs(int(gpu->output[i]) - int(cpu->output[i])) <= 1,
                    qPrintable(QStringLiteral("byte %1").arg(i)));
        } else if (std::holds_alternative<ColstatsParams>(kc.params)) {
            const auto a = test::fromBytes<double>(gpu->output), b = test::fromBytes<double>(cpu->output);
            for (std::size_t i = 0; i < a.size(); ++i) {
                const bool counts = i % 7 < 2; // the two u64 fields: compare bit-exactly
                if (counts || std::isnan(b[i]))
                    QCOMPARE(std::memcmp(&a[i], &b[i], 8) == 0 || (std::isnan(a[i]) && std::isnan(b[i])), true);
                else
                    QVERIFY2(std::fabs(a[i] - b[i]) <= 1e-9 * (1 + std::fabs(b[i])),
                        qPrintable(QStringLiteral("field %1").arg(i)));
            }
        } else {
            QCOMPARE(gpu->output, cpu->output); // bench.probe: exact
        }
    }

    void pauseReleasesAndRestoresVram()
    {
        // Spill device memory mid-job and resume: same result as an uninterrupted run.
        const auto cases = test::kernelCases();
        for (const auto& kc : cases) {
            if (kc.name != "mlp-wide-batch" && kc.name != "resize-large-640x480-to-211x157-area")
                continue;
            auto fp = footprint(kc.params);
            std::vector<std::uint8_t> out(fp->outputBytes);
            std::string error;
            auto task = makeCudaTask(kc.params, kc.input, out, 0, error);
            QVERIFY2(task, error.c_str());
            for (std::size_t i = 0; i < task->stepCount(); ++i) {
                if (i == task->stepCount() / 2)
                    task->releaseDevice();
                QVERIFY2(task->runStep(i, error), error.c_str());
            }
            auto whole = test::runKernel(kc.params, kc.input, Backend::Cuda);
            QVERIFY(out == whole->output);
        }
    }
};

QTEST_GUILESS_MAIN(TestKernelsCuda)
#include "TestKernelsCuda.moc"
