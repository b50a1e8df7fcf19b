// Every catalogue kernel on the CPU backend against an independent, straightforward
// implementation written here (double precision or exact integer arithmetic), with stated
// tolerances.
#include "KernelCases.h"
#include "TestSupport.h"
#include "common/Half.h"
#include "common/Shared.h"

#include <cmath>

using namespace cocoon;
using namespace cocoon::kernels;

namespace {

// ---- references -----------------------------------------------------------------------------

double act(Activation a, double x)
{
    switch (a) {
    case Activation::None:
        return x;
    case Activation::Relu:
        return x > 0 ? x : 0;
    case Activation::Gelu:
        return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    case Activation::Tanh:
        return std::tanh(x);
    }
    return x;
}

std::vector<double> refMlp(const MlpParams& p, const std::vector<std::uint8_t>& in)
{
    const bool f16 = p.dtype == DType::F16;
    std::size_t pos = 0;
    auto next = [&]() -> double {
        double v;
        if (f16) {
            std::uint16_t h;
            std::memcpy(&h, in.data() + pos, 2);
            pos += 2;
            v = halfToFloat(h);
        } else {
            float f;
            std::memcpy(&f, in.data() + pos, 4);
            pos += 4;
            v = f;
        }
        return v;
    };
    std::vector<double> x(std::size_t(p.batch) * p.layers[0].in);
    for (double& v : x)
        v = next();
    for (std::size_t l = 0; l < p.layers.size(); ++l) {
        const MlpLayer& L = p.layers[l];
        std::vector<double> w(std::size_t(L.in) * L.out), b(L.out), y(std::size_t(p.batch) * L.out);
        for (double& v : w)
            v = next();
        for (double& v : b)
            v = next();
        for (std::uint32_t r = 0; r < p.batch; ++r)
            for (std::uint32_t j = 0; j < L.out; ++j) {
                double s = b[j];
                for (std::uint32_t k = 0; k < L.in; ++k)
                    s += x[std::size_t(r) * L.in + k] * w[std::size_t(k) * L.out + j];
                double v = act(L.activation, s);
                if (f16 && l + 1 < p.layers.size())
                    v = halfToFloat(floatToHalf(float(v)));
                y[std::size_t(r) * L.out + j] = v;
            }
        x = std::move(y);
    }
    if (p.softmax) {
        const std::uint32_t n = p.layers.back().out;
        for (std::uint32_t r = 0; r < p.batch; ++r) {
            double mx = -INFINITY, sum = 0;
            for (std::uint32_t j = 0; j < n; ++j)
                mx = std::max(mx, x[std::size_t(r) * n + j]);
            for (std::uint32_t j = 0; j < n; ++j)
                sum += std::exp(x[std::size_t(r) * n + j] - mx);
            for (std::uint32_t j = 0; j < n; ++j)
                x[std::size_t(r) * n + j] = std::exp(x[std::size_t(r) * n + j] - mx) / sum;
        }
    }
    return x;
}

/// Pillow's convention, written out directly: the weight of source index `s` for output `o`.
std::vector<std::vector<std::pair<int, double>>> refWeights(std::uint32_t in, std::uint32_t out, ResizeFilter f)
{
    const double scale = double(in) / out, fscale = std::max(scale, 1.0);
    const double support = (f == ResizeFilter::Bilinear ? 1.0 : 0.5) * fscale;
    std::vector<std::vector<std::pair<int, double>>> all(out);
    for (std::uint32_t o = 0; o < out; ++o) {
        const double center = (o + 0.5) * scale;
        double total = 0;
        for (int s = std::max(0, int(center - support + 0.5)); s < std::min(int(in), int(center + support + 0.5));
             ++s) {
            const double x = (s - center + 0.5) / fscale;
            const double w = f == ResizeFilter::Bilinear ? std::max(0.0, 1.0 - std::fabs(x))
                                                         : ((x > -0.5 && x <= 0.5) ? 1.0 : 0.0);
            all[o].push_back({s, w});
            total += w;
        }
        for (auto& [s, w] : all[o])
            w /= total;
    }
    return all;
}

std::vector<std::uint8_t> refResize(const ResizeParams& p, const std::vector<std::uint8_t>& in)
{
    const int ch = p.format == PixelFormat::Rgba8 ? 4 : p.format == PixelFormat::Rgb8 ? 3 : 1;
    const auto wx = refWeights(p.srcWidth, p.width, p.filter), wy = refWeights(p.srcHeight, p.height, p.filter);
    std::vector<std::uint8_t> out(std::size_t(p.width) * p.height * ch);
    for (std::uint32_t y = 0; y < p.height; ++y)
        for (std::uint32_t x = 0; x < p.width; ++x)
            for (int c = 0; c < ch; ++c) {
                double s = 0;
                for (auto [sy, wyv] : wy[y])
                    for (auto [sx, wxv] : wx[x])
                        s += wyv * wxv * in[(std::size_t(sy) * p.srcWidth + sx) * ch + c];
                out[(std::size_t(y) * p.width + x) * ch + c]
                    = std::uint8_t(std::clamp(std::floor(s + 0.5), 0.0, 255.0));
            }
    return out;
}

std::vector<std::uint8_t> refConvert(const ConvertParams& p, const std::vector<std::uint8_t>& in)
{
    const double kr = p.matrix == Matrix::Bt601 ? 0.299 : 0.2126, kb = p.matrix == Matrix::Bt601 ? 0.114 : 0.0722;
    const double kg = 1 - kr - kb;
    const bool full = p.range == Range::Full;
    const double ys = full ? 255 : 219, yo = full ? 0 : 16, cs = full ? 255 : 224;
    const std::uint32_t w = p.width, h = p.height, cw = (w + 1) / 2, chh = (h + 1) / 2;
    const auto q = [](double v) { return std::uint8_t(std::clamp(std::floor(v + 0.5), 0.0, 255.0)); };
    const auto uIndex = [&](YuvFormat f, std::uint32_t cx, std::uint32_t cy) {
        return f == YuvFormat::Nv12 ? std::size_t(w) * h + (std::size_t(cy) * cw + cx) * 2
                                    : std::size_t(w) * h + std::size_t(cy) * cw + cx;
    };
    const auto vIndex = [&](YuvFormat f, std::uint32_t cx, std::uint32_t cy) {
        return f == YuvFormat::Nv12 ? uIndex(f, cx, cy) + 1 : uIndex(f, cx, cy) + std::size_t(cw) * chh;
    };
    if (p.from == YuvFormat::Rgba8) {
        std::vector<std::uint8_t> out(std::size_t(w) * h + 2 * std::size_t(cw) * chh);
        for (std::uint32_t cy = 0; cy < chh; ++cy)
            for (std::uint32_t cx = 0; cx < cw; ++cx) {
                double cb = 0, cr = 0;
                int n = 0;
                for (std::uint32_t y = 2 * cy; y < std::min(h, 2 * cy + 2); ++y)
                    for (std::uint32_t x = 2 * cx; x < std::min(w, 2 * cx + 2); ++x) {
                        const std::uint8_t* px = &in[(std::size_t(y) * w + x) * 4];
                        const double r = px[0] / 255.0, g = px[1] / 255.0, b = px[2] / 255.0,
                                     Y = kr * r + kg * g + kb * b;
                        out[std::size_t(y) * w + x] = q(yo + ys * Y);
                        cb += (b - Y) / (2 * (1 - kb));
                        cr += (r - Y) / (2 * (1 - kr));
                        ++n;
                    }
                out[uIndex(p.to, cx, cy)] = q(128 + cs * cb / n);
                out[vIndex(p.to, cx, cy)] = q(128 + cs * cr / n);
            }
        return out;
    }
    std::vector<std::uint8_t> out(std::size_t(w) * h * 4);
    for (std::uint32_t y = 0; y < h; ++y)
        for (std::uint32_t x = 0; x < w; ++x) {
            const double Y = (in[std::size_t(y) * w + x] - yo) / ys;
            const double cb = (in[uIndex(p.from, x / 2, y / 2)] - 128.0) / cs,
                         cr = (in[vIndex(p.from, x / 2, y / 2)] - 128.0) / cs;
            const double r = Y + 2 * (1 - kr) * cr, b = Y + 2 * (1 - kb) * cb, g = (Y - kr * r - kb * b) / kg;
            std::uint8_t* px = &out[(std::size_t(y) * w + x) * 4];
            px[0] = q(255 * r);
            px[1] = q(255 * g);
            px[2] = q(255 * b);
            px[3] = 255;
        }
    return out;
}

struct RefStats
{
    std::uint64_t count = 0, nan = 0;
    double sum = 0, min = NAN, max = NAN, mean = NAN, variance = NAN;
};

std::vector<RefStats> refColstats(const ColstatsParams& p, const std::vector<std::uint8_t>& in)
{
    std::vector<RefStats> out(p.cols);
    for (std::uint32_t c = 0; c < p.cols; ++c) {
        std::vector<long double> v;
        RefStats& s = out[c];
        bool inf = false;
        for (std::uint64_t r = 0; r < p.rows; ++r) {
            double x;
            if (p.dtype == DType::F64)
                std::memcpy(&x, in.data() + (r * p.cols + c) * 8, 8);
            else {
                float f;
                std::memcpy(&f, in.data() + (r * p.cols + c) * 4, 4);
                x = f;
            }
            if (std::isnan(x)) {
                ++s.nan;
                continue;
            }
            inf = inf || std::isinf(x);
            v.push_back(x);
        }
        s.count = v.size();
        if (v.empty())
            continue;
        long double sum = 0;
        for (long double x : v)
            sum += x;
        s.sum = double(sum);
        s.min = double(*std::min_element(v.begin(), v.end()));
        s.max = double(*std::max_element(v.begin(), v.end()));
        s.mean = double(sum / v.size());
        if (!inf) {
            long double m2 = 0;
            for (long double x : v)
                m2 += (x - sum / v.size()) * (x - sum / v.size());
            s.variance = double(m2 / v.size());
        }
    }
    return out;
}

bool close(double a, double b, double rel, double abs)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b))
        return a == b;
    return std::fabs(a - b) <= abs + rel * std::fabs(b);
}

} // namespace

class TestKernelsCpu : public QObject
{
    Q_OBJECT
private slots:
    void kernels_data()
    {
        QTest::addColumn<int>("index");
        const auto cases = test::kernelCases();
        for (std::size_t i = 0; i < cases.size(); ++i)
            QTest::newRow(cases[i].name.c_str()) << int(i);
    }

    void kernels()
    {
        QFETCH(int, index);
        static const auto cases = test::kernelCases();
        const test::KernelCase& kc = cases[std::size_t(index)];
        auto run = test::runKernel(kc.params, kc.input, Backend::Cpu);
        QVERIFY(run);
        QVERIFY2(run->error.empty(), run->error.c_str());
        QVERIFY(run->steps >= 1);

        if (const auto* p = std::get_if<MlpParams>(&kc.params)) {
            const auto ref = refMlp(*p, kc.input);
            const auto got = test::fromBytes<float>(run->output);
            QCOMPARE(got.size(), ref.size());
            // f32: products in float vs double; f16: hidden activations may round to a neighbouring half.
            const double rel = p->dtype == DType::F16 ? 2e-2 : 1e-4, abs = p->dtype == DType::F16 ? 2e-2 : 1e-5;
            for (std::size_t i = 0; i < got.size(); ++i) {
                QVERIFY2(close(got[i], ref[i], rel, abs),
                    qPrintable(QStringLiteral("element %1: %2 vs %3").arg(i).arg(got[i]).arg(ref[i])));
            }
            if (p->softmax) {
                const std::uint32_t n = p->layers.back().out;
                for (std::uint32_t r = 0; r < p->batch; ++r) {
                    double s = 0;
                    for (std::uint32_t j = 0; j < n; ++j)
                        s += got[std::size_t(r) * n + j];
                    QVERIFY(std::fabs(s - 1.0) < 1e-5);
                }
            }
        } else if (const auto* rp = std::get_if<ResizeParams>(&kc.params)) {
            const auto ref = refResize(*rp, kc.input);
            QCOMPARE(run->output.size(), ref.size());
            std::size_t exact = 0;
            for (std::size_t i = 0; i < ref.size(); ++i) {
                QVERIFY2(std::abs(int(run->output[i]) - int(ref[i])) <= 1,
                    qPrintable(QStringLiteral("byte %1: %2 vs %3").arg(i).arg(run->output[i]).arg(ref[i])));
                exact += run->output[i] == ref[i];
            }
            // Off-by-one happens only at exact rounding ties (e.g. 12 equal box weights summing to n + 0.5),
            // where f32 weights (shared with the GPU) and this double reference round differently.
            QVERIFY2(exact * 100 >= ref.size() * 90,
                qPrintable(QStringLiteral("only %1 of %2 bytes exact").arg(exact).arg(ref.size())));
        } else if (const auto* cp = std::get_if<ConvertParams>(&kc.params)) {
            const auto ref = refConvert(*cp, kc.input);
            QCOMPARE(run->output.size(), ref.size());
            for (std::size_t i = 0; i < ref.size(); ++i) {
                QVERIFY2(std::abs(int(run->output[i]) - int(ref[i])) <= 1,
                    qPrintable(QStringLiteral("byte %1: %2 vs %3").arg(i).arg(run->output[i]).arg(ref[i])));
            }
        } else if (const auto* sp = std::get_if<ColstatsParams>(&kc.params)) {
            const auto ref = refColstats(*sp, kc.input);
            QCOMPARE(run->output.size(), std::size_t(sp->cols) * 56);
            for (std::uint32_t c = 0; c < sp->cols; ++c) {
                std::uint64_t count, nan;
                double f[5];
                std::memcpy(&count, &run->output[c * 56], 8);
                std::memcpy(&nan, &run->output[c * 56 + 8], 8);
                std::memcpy(f, &run->output[c * 56 + 16], 40);
                const RefStats& r = ref[c];
                const QString col = QStringLiteral("column %1").arg(c);
                QVERIFY2(count == r.count && nan == r.nan, qPrintable(col + " counts"));
                QVERIFY2(close(f[0], r.sum, 1e-12, 1e-9),
                    qPrintable(col + QStringLiteral(" sum %1 vs %2").arg(f[0]).arg(r.sum)));
                QVERIFY2(close(f[1], r.min, 0, 0) && close(f[2], r.max, 0, 0), qPrintable(col + " min/max"));
                QVERIFY2(close(f[3], r.mean, 1e-12, 1e-12),
                    qPrintable(col + QStringLiteral(" mean %1 vs %2").arg(f[3]).arg(r.mean)));
                // Welford/Chan keeps ~1e-8 relative error even on 1e9 + small values, where the naive
                // E[x²] - E[x]² formula loses every digit.
                QVERIFY2(close(f[4], r.variance, 1e-7, 1e-12),
                    qPrintable(col + QStringLiteral(" variance %1 vs %2").arg(f[4]).arg(r.variance)));
            }
        } else if (const auto* pp = std::get_if<ProbeParams>(&kc.params)) {
            std::uint64_t sum = 0;
            for (std::uint32_t l = 0; l < pp->lanes; ++l) {
                std::uint32_t x = l;
                for (std::uint32_t r = 0; r < pp->rounds; ++r)
                    x = probeMix(x, r);
                sum += x;
            }
            std::uint64_t got;
            std::memcpy(&got, run->output.data(), 8);
            QCOMPARE(got, sum);
        }
    }

    void largeJobsAreSliced()
    {
        for (const auto& kc : test::kernelCases()) {
            if (kc.name == "resize-large-640x480-to-211x157-bilinear" || kc.name == "mlp-wide-batch"
                || kc.name == "colstats-random-f64-many-rows") {
                auto run = test::runKernel(kc.params, kc.input, Backend::Cpu);
                QVERIFY2(run->steps > 2, kc.name.c_str());
            }
        }
    }

    void footprintOverflowIsDetected()
    {
        // Beyond the catalogue's limits (which keep real jobs far from it): 64-bit overflow is refused.
        QVERIFY(!footprint(ColstatsParams {1ull << 62, 1u << 20, DType::F64}));
        QVERIFY(!footprint(ResizeParams {0xffffffffu, 0xffffffffu, 1, 1, PixelFormat::Rgba8, ResizeFilter::Area}));
        MlpParams big {{{0xffffffffu, 0xffffffffu, Activation::None}}, 0xffffffffu, false, DType::F32};
        QVERIFY(!footprint(big));
        QVERIFY(footprint(ColstatsParams {1000, 10, DType::F32}));
    }

    void areaDownscaleAveragesExactly()
    {
        // 4×2 gray, 2× area downscale: each output pixel is the mean of a 2×2 block.
        const std::vector<std::uint8_t> in = {0, 10, 100, 200, 20, 30, 50, 250};
        auto run = test::runKernel(ResizeParams {4, 2, 2, 1, PixelFormat::Gray8, ResizeFilter::Area}, in, Backend::Cpu);
        QCOMPARE(run->output, (std::vector<std::uint8_t> {15, 150}));
    }

    void halfConversion_data()
    {
        QTest::addColumn<float>("value");
        QTest::addColumn<int>("bits");
        QTest::newRow("one") << 1.0f << 0x3c00;
        QTest::newRow("minus two") << -2.0f << 0xc000;
        QTest::newRow("max") << 65504.0f << 0x7bff;
        QTest::newRow("overflow") << 65520.0f << 0x7c00;
        QTest::newRow("smallest subnormal") << std::ldexp(1.0f, -24) << 0x0001;
        QTest::newRow("below half of smallest") << std::ldexp(1.0f, -26) << 0x0000;
        QTest::newRow("tie to even down") << 1.0f + std::ldexp(1.0f, -11) << 0x3c00;
        QTest::newRow("tie to even up") << 1.0f + 3 * std::ldexp(1.0f, -11) << 0x3c02;
        QTest::newRow("smallest normal") << std::ldexp(1.0f, -14) << 0x0400;
        QTest::newRow("infinity") << INFINITY << 0x7c00;
    }
    void halfConversion()
    {
        QFETCH(float, value);
        QFETCH(int, bits);
        QCOMPARE(int(floatToHalf(value)), bits);
        if ((bits & 0x7c00) != 0x7c00)
            QCOMPARE(halfToFloat(std::uint16_t(bits)), bits == 0 ? 0.0f : halfToFloat(floatToHalf(value)));
    }
    void halfRoundTripAllValues()
    {
        for (std::uint32_t h = 0; h < 0x10000; ++h) {
            if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff))
                continue; // NaN payloads
            QCOMPARE(floatToHalf(halfToFloat(std::uint16_t(h))), std::uint16_t(h));
        }
    }
};

QTEST_GUILESS_MAIN(TestKernelsCpu)
#include "TestKernelsCpu.moc"
