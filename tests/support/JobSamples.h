#pragma once
// One sample job per catalogue kernel, with parameters as a manifest carries them (CBOR), the
// input bytes, and the typed parameters for the CPU reference. Shared by the job and network tests.
#include "KernelCases.h"

#include <QCborArray>
#include <QCborMap>

namespace cocoon::test {

inline QByteArray bytes(const std::vector<std::uint8_t>& v)
{
    return QByteArray(reinterpret_cast<const char*>(v.data()), qsizetype(v.size()));
}

struct Sample
{
    QString kernel;
    QCborMap params;
    QByteArray input;
    kernels::Params typed;
};

/// One job per kernel, with the parameters as a manifest carries them.
inline std::vector<Sample> samples()
{
    using namespace kernels;
    std::vector<Sample> s;
    MlpParams mlp {{{8, 16, Activation::Relu}, {16, 4, Activation::None}}, 300, true, DType::F32};
    s.push_back({"ai.mlp",
        QCborMap {
            {"layers",
                QCborArray {QCborMap {{"in", 8}, {"out", 16}, {"act", "relu"}}, QCborMap {{"in", 16}, {"out", 4}}}},
            {"batch", 300}, {"softmax", true}},
        bytes(mlpInput(mlp, 5)), mlp});
    ResizeParams rs {97, 61, 40, 23, PixelFormat::Rgba8, ResizeFilter::Bilinear};
    s.push_back({"media.resize",
        QCborMap {{"src_width", 97}, {"src_height", 61}, {"width", 40}, {"height", 23}, {"format", "rgba8"},
            {"filter", "bilinear"}},
        bytes(randomBytes(97 * 61 * 4, 3)), rs});
    ConvertParams cv {33, 17, YuvFormat::Rgba8, YuvFormat::I420, Matrix::Bt601, Range::Full};
    s.push_back({"media.convert",
        QCborMap {
            {"width", 33}, {"height", 17}, {"from", "rgba8"}, {"to", "i420"}, {"matrix", "bt601"}, {"range", "full"}},
        bytes(randomBytes(33 * 17 * 4, 4)), cv});
    ColstatsParams cs {500, 3, DType::F64};
    std::vector<double> table(1500);
    for (std::size_t i = 0; i < table.size(); ++i)
        table[i] = double(i % 17) * 0.5;
    s.push_back(
        {"analytics.colstats", QCborMap {{"rows", 500}, {"cols", 3}, {"dtype", "f64"}}, bytes(toBytes(table)), cs});
    ProbeParams pr {5000, 64};
    s.push_back({"bench.probe", QCborMap {{"lanes", 5000}, {"rounds", 64}}, QByteArray(), pr});
    ResizeParams big {640, 480, 211, 157, PixelFormat::Rgba8, ResizeFilter::Bilinear};
    s.push_back({"media.resize",
        QCborMap {{"src_width", 640}, {"src_height", 480}, {"width", 211}, {"height", 157}, {"format", "rgba8"},
            {"filter", "bilinear"}},
        bytes(randomBytes(640 * 480 * 4, 8)), big});
    return s;
}

} // namespace cocoon::test
