#include "jobs/Catalogue.h"

#include "common/Bytes.h"

#include <QCborArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cmath>
#include <functional>

namespace cocoon::jobs {
namespace {

using kernels::Params;

QString bytesText(std::uint64_t n)
{
    return QLocale::c().formattedDataSize(qint64(std::min<std::uint64_t>(n, INT64_MAX)), 1, QLocale::DataSizeIecFormat);
}

/// Reads a parameter map, remembering which keys were used so unknown keys can be refused.
class Reader
{
public:
    Reader(const QString& kernel, const QCborMap& map)
        : m_kernel(kernel)
        , m_map(map)
    { }

    std::optional<JobError> error;

    std::uint64_t uint(const char* key, std::uint64_t min, std::uint64_t max, std::optional<std::uint64_t> def = {})
    {
        m_used << QLatin1String(key);
        const QCborValue v = m_map.value(QLatin1String(key));
        if (v.isUndefined() && def)
            return *def;
        if (!v.isInteger() || v.toInteger() < 0) {
            fail(QStringLiteral("'%1' must be a whole number from %2 to %3").arg(QLatin1String(key)).arg(min).arg(max));
            return min;
        }
        const auto n = std::uint64_t(v.toInteger());
        if (n < min || n > max) {
            fail(QStringLiteral("'%1' is %2; allowed is %3 to %4").arg(QLatin1String(key)).arg(n).arg(min).arg(max));
        }
        return n;
    }

    template <typename E>
    E choice(const char* key, std::initializer_list<std::pair<const char*, E>> options, std::optional<E> def = {})
    {
        m_used << QLatin1String(key);
        const QCborValue v = m_map.value(QLatin1String(key));
        if (v.isUndefined() && def)
            return *def;
        QStringList names;
        for (const auto& [name, value] : options) {
            if (v.isString() && v.toString() == QLatin1String(name))
                return value;
            names << QLatin1String(name);
        }
        fail(QStringLiteral("'%1' must be one of %2").arg(QLatin1String(key), names.join(QStringLiteral(", "))));
        return options.begin()->second;
    }

    bool boolean(const char* key, bool def)
    {
        m_used << QLatin1String(key);
        const QCborValue v = m_map.value(QLatin1String(key));
        if (v.isUndefined())
            return def;
        if (!v.isBool())
            fail(QStringLiteral("'%1' must be true or false").arg(QLatin1String(key)));
        return v.toBool();
    }

    QString string(const char* key, qsizetype minLen, qsizetype maxLen)
    {
        m_used << QLatin1String(key);
        const QCborValue v = m_map.value(QLatin1String(key));
        if (!v.isString() || v.toString().size() < minLen || v.toString().size() > maxLen) {
            fail(QStringLiteral("'%1' must be text of %2 to %3 characters")
                     .arg(QLatin1String(key))
                     .arg(minLen)
                     .arg(maxLen));
            return {};
        }
        return v.toString();
    }

    QCborArray array(const char* key, qsizetype min, qsizetype max, bool optional = false)
    {
        m_used << QLatin1String(key);
        const QCborValue v = m_map.value(QLatin1String(key));
        if (optional && v.isUndefined())
            return {};
        if (!v.isArray() || v.toArray().size() < min || v.toArray().size() > max) {
            fail(QStringLiteral("'%1' must be a list of %2 to %3 entries").arg(QLatin1String(key)).arg(min).arg(max));
            return {};
        }
        return v.toArray();
    }

    void finish()
    {
        for (auto it = m_map.constBegin(); it != m_map.constEnd(); ++it) {
            if (!it.key().isString() || !m_used.contains(it.key().toString())) {
                fail(QStringLiteral("unknown parameter '%1'").arg(it.key().toDiagnosticNotation()));
                return;
            }
        }
    }

    void fail(const QString& message)
    {
        if (!error)
            error = jobError(JobErrc::BadParams, m_kernel + QStringLiteral(": ") + message);
    }

private:
    QString m_kernel;
    QCborMap m_map;
    QStringList m_used;
};

constexpr std::uint64_t kMaxDim = 1u << 16; // image side, MLP width
constexpr std::uint64_t kMaxPixels = 1ull << 28; // 268 Mpx

Params mlp(Reader& r)
{
    kernels::MlpParams p;
    const QCborArray layers = r.array("layers", 1, 64);
    for (qsizetype i = 0; i < layers.size() && !r.error; ++i) {
        Reader lr(QStringLiteral("ai.mlp layer %1").arg(i), layers.at(i).toMap());
        if (!layers.at(i).isMap())
            lr.fail(QStringLiteral("must be a map {in, out, act}"));
        kernels::MlpLayer l;
        l.in = std::uint32_t(lr.uint("in", 1, kMaxDim));
        l.out = std::uint32_t(lr.uint("out", 1, kMaxDim));
        l.activation = lr.choice<kernels::Activation>("act",
            {{"none", kernels::Activation::None}, {"relu", kernels::Activation::Relu},
                {"gelu", kernels::Activation::Gelu}, {"tanh", kernels::Activation::Tanh}},
            kernels::Activation::None);
        lr.finish();
        if (lr.error && !r.error)
            r.error = lr.error;
        if (!p.layers.empty() && p.layers.back().out != l.in) {
            r.fail(QStringLiteral("layer %1 takes %2 inputs but layer %3 gives %4")
                       .arg(i)
                       .arg(l.in)
                       .arg(i - 1)
                       .arg(p.layers.back().out));
        }
        p.layers.push_back(l);
    }
    p.batch = std::uint32_t(r.uint("batch", 1, 1u << 20));
    p.softmax = r.boolean("softmax", false);
    p.dtype = r.choice<kernels::DType>(
        "dtype", {{"f32", kernels::DType::F32}, {"f16", kernels::DType::F16}}, kernels::DType::F32);
    return p;
}

Params resize(Reader& r)
{
    kernels::ResizeParams p;
    p.srcWidth = std::uint32_t(r.uint("src_width", 1, kMaxDim));
    p.srcHeight = std::uint32_t(r.uint("src_height", 1, kMaxDim));
    p.width = std::uint32_t(r.uint("width", 1, kMaxDim));
    p.height = std::uint32_t(r.uint("height", 1, kMaxDim));
    p.format = r.choice<kernels::PixelFormat>("format",
        {{"rgba8", kernels::PixelFormat::Rgba8}, {"rgb8", kernels::PixelFormat::Rgb8},
            {"gray8", kernels::PixelFormat::Gray8}});
    p.filter = r.choice<kernels::ResizeFilter>(
        "filter", {{"bilinear", kernels::ResizeFilter::Bilinear}, {"area", kernels::ResizeFilter::Area}});
    if (std::uint64_t(p.srcWidth) * p.srcHeight > kMaxPixels || std::uint64_t(p.width) * p.height > kMaxPixels) {
        r.fail(QStringLiteral("images are limited to %1 pixels").arg(kMaxPixels));
    }
    return p;
}

Params convert(Reader& r)
{
    kernels::ConvertParams p;
    p.width = std::uint32_t(r.uint("width", 1, kMaxDim));
    p.height = std::uint32_t(r.uint("height", 1, kMaxDim));
    const std::initializer_list<std::pair<const char*, kernels::YuvFormat>> formats = {
        {"rgba8", kernels::YuvFormat::Rgba8}, {"nv12", kernels::YuvFormat::Nv12}, {"i420", kernels::YuvFormat::I420}};
    p.from = r.choice<kernels::YuvFormat>("from", formats);
    p.to = r.choice<kernels::YuvFormat>("to", formats);
    p.matrix = r.choice<kernels::Matrix>(
        "matrix", {{"bt601", kernels::Matrix::Bt601}, {"bt709", kernels::Matrix::Bt709}}, kernels::Matrix::Bt709);
    p.range = r.choice<kernels::Range>(
        "range", {{"full", kernels::Range::Full}, {"limited", kernels::Range::Limited}}, kernels::Range::Limited);
    if ((p.from == kernels::YuvFormat::Rgba8) == (p.to == kernels::YuvFormat::Rgba8)) {
        r.fail(QStringLiteral("converts between rgba8 and nv12 or i420: exactly one of 'from' and 'to' must be rgba8"));
    }
    return p;
}

Params colstats(Reader& r)
{
    kernels::ColstatsParams p;
    p.rows = r.uint("rows", 0, 1ull << 40);
    p.cols = std::uint32_t(r.uint("cols", 1, 1u << 20));
    p.dtype = r.choice<kernels::DType>(
        "dtype", {{"f32", kernels::DType::F32}, {"f64", kernels::DType::F64}}, kernels::DType::F32);
    return p;
}

Params probe(Reader& r)
{
    kernels::ProbeParams p;
    p.lanes = std::uint32_t(r.uint("lanes", 1, 1u << 24, 1u << 16));
    p.rounds = std::uint32_t(r.uint("rounds", 1, 1u << 16, 256));
    return p;
}

Params transcode(Reader& r)
{
    using kernels::AudioCodec;
    using kernels::Container;
    using kernels::VideoCodec;
    kernels::TranscodeParams p;
    p.inputBytes = r.uint("input_bytes", 1, 1ull << 34);
    p.srcWidth = std::uint32_t(r.uint("src_width", 0, kernels::kMaxMediaSide));
    p.srcHeight = std::uint32_t(r.uint("src_height", 0, kernels::kMaxMediaSide));
    p.frames = std::uint32_t(r.uint("frames", 0, kernels::kMaxMediaFrames));
    p.durationMs = std::uint32_t(r.uint("duration_ms", 0, kernels::kMaxMediaDurationMs));
    p.video = r.choice<VideoCodec>("video",
        {{"h264", VideoCodec::H264}, {"hevc", VideoCodec::Hevc}, {"av1", VideoCodec::Av1}, {"vp9", VideoCodec::Vp9},
            {"none", VideoCodec::None}},
        VideoCodec::H264);
    p.crf = std::uint32_t(r.uint("crf", 1, 63, 0));
    p.videoKbps = std::uint32_t(r.uint("video_kbps", 16, 200'000, 0));
    p.width = std::uint32_t(r.uint("width", 16, kernels::kMaxMediaSide, 0));
    p.height = std::uint32_t(r.uint("height", 16, kernels::kMaxMediaSide, 0));
    p.fps = std::uint32_t(r.uint("fps", 1, 240, 0));
    p.audio = r.choice<AudioCodec>(
        "audio", {{"aac", AudioCodec::Aac}, {"opus", AudioCodec::Opus}, {"none", AudioCodec::None}}, AudioCodec::Aac);
    p.audioKbps = std::uint32_t(r.uint("audio_kbps", 16, 512, 0));
    p.container = r.choice<Container>(
        "container", {{"mp4", Container::Mp4}, {"webm", Container::Webm}, {"ts", Container::Ts}}, Container::Mp4);
    // By default room for twice the input (the result is always this size, padded, sealed).
    p.maxOutputBytes = r.uint(
        "max_output_bytes", 4096, 1ull << 34, std::min<std::uint64_t>(2 * p.inputBytes + (1u << 20), 1ull << 34));
    if ((p.srcWidth == 0) != (p.srcHeight == 0) || (p.srcWidth == 0) != (p.frames == 0))
        r.fail(QStringLiteral("a file with video declares src_width, src_height and frames; an audio-only one none"));
    if (p.crf && p.videoKbps)
        r.fail(QStringLiteral("give crf or video_kbps, not both"));
    if ((p.width == 0) != (p.height == 0))
        r.fail(QStringLiteral("give both width and height, or neither"));
    if (p.width % 2 || p.height % 2)
        r.fail(QStringLiteral("width and height must be even (4:2:0 video)"));
    if (p.crf && (p.video == VideoCodec::H264 || p.video == VideoCodec::Hevc) && p.crf > 51)
        r.fail(QStringLiteral("crf is at most 51 for h264 and hevc"));
    const bool videoOk = p.video == VideoCodec::None || (p.container == Container::Mp4 && p.video != VideoCodec::Vp9)
        || (p.container == Container::Webm && (p.video == VideoCodec::Vp9 || p.video == VideoCodec::Av1))
        || (p.container == Container::Ts && (p.video == VideoCodec::H264 || p.video == VideoCodec::Hevc));
    const bool audioOk = p.audio == AudioCodec::None || p.container == Container::Mp4
        || (p.container == Container::Webm && p.audio == AudioCodec::Opus)
        || (p.container == Container::Ts && p.audio == AudioCodec::Aac);
    if (!videoOk || !audioOk)
        r.fail(QStringLiteral("mp4 carries h264, hevc or av1 with aac or opus; webm vp9 or av1 with opus; ts h264 or "
                              "hevc with aac"));
    if (p.video == VideoCodec::None && p.audio == AudioCodec::None)
        r.fail(QStringLiteral("video and audio are both 'none': nothing to encode"));
    return p;
}

Params generate(Reader& r)
{
    kernels::GenerateParams p;
    const QByteArray model = QByteArray::fromHex(r.string("model", 64, 64).toLatin1());
    if (model.size() != 32)
        r.fail(QStringLiteral("'model' must be the model file's SHA-256 in hex (64 characters)"));
    else
        std::copy(model.begin(), model.end(), p.model.begin());
    p.modelBytes = r.uint("model_bytes", 1, kernels::kMaxModelBytes);
    p.inputBytes = r.uint("input_bytes", 5, 1u << 24);
    p.contextTokens = std::uint32_t(r.uint("context", 64, kernels::kMaxContextTokens, 2048));
    p.maxTokens = std::uint32_t(r.uint("max_tokens", 1, 32768, 256));
    p.temperatureMilli = std::uint32_t(r.uint("temperature_milli", 0, 2000, 0));
    p.topPMilli = std::uint32_t(r.uint("top_p_milli", 1, 1000, 1000));
    p.topK = std::uint32_t(r.uint("top_k", 0, 1000, 0));
    p.seed = r.uint("seed", 0, UINT64_MAX >> 1, 0);
    const QCborArray stop = r.array("stop", 0, 4, true);
    for (const QCborValue& s : stop) {
        const QByteArray utf8 = s.toString().toUtf8();
        if (!s.isString() || utf8.isEmpty() || utf8.size() > 64) {
            r.fail(QStringLiteral("'stop' must list up to 4 strings of 1 to 64 bytes"));
            break;
        }
        p.stop.push_back(utf8.toStdString());
    }
    if (p.maxTokens >= p.contextTokens)
        r.fail(QStringLiteral("max_tokens (%1) must be smaller than the context (%2)")
                   .arg(p.maxTokens)
                   .arg(p.contextTokens));
    return p;
}

const std::vector<std::pair<QString, std::function<Params(Reader&)>>>& parsers()
{
    static const std::vector<std::pair<QString, std::function<Params(Reader&)>>> table = {
        {QStringLiteral("ai.mlp"), mlp},
        {QStringLiteral("media.resize"), resize},
        {QStringLiteral("media.convert"), convert},
        {QStringLiteral("analytics.colstats"), colstats},
        {QStringLiteral("bench.probe"), probe},
        {QStringLiteral("media.transcode"), transcode},
        {QStringLiteral("ai.generate"), generate},
    };
    return table;
}

QCborValue jsonToCbor(const QJsonValue& v, QString* error)
{
    switch (v.type()) {
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d != std::floor(d) || std::fabs(d) > 9007199254740992.0) {
            *error = QStringLiteral("%1 is not a whole number (manifests carry no fractional numbers)").arg(d);
            return {};
        }
        return QCborValue(qint64(d));
    }
    case QJsonValue::Array: {
        QCborArray a;
        for (const QJsonValue& item : v.toArray())
            a.append(jsonToCbor(item, error));
        return a;
    }
    case QJsonValue::Object: {
        QCborMap m;
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            m.insert(it.key(), jsonToCbor(it.value(), error));
        return m;
    }
    default:
        return QCborValue::fromJsonValue(v);
    }
}

} // namespace

QStringList catalogueKernels()
{
    QStringList names;
    for (const auto& p : parsers())
        names << p.first;
    return names;
}

Expected<kernels::Params, JobError> parseParams(const QString& kernel, const QCborMap& params)
{
    for (const auto& [name, parse] : parsers()) {
        if (name == kernel) {
            Reader r(kernel, params);
            Params p = parse(r);
            r.finish();
            if (r.error)
                return unexpected(*r.error);
            return p;
        }
    }
    return unexpected(jobError(JobErrc::UnknownKernel,
        QStringLiteral("'%1' is not in the kernel catalogue (%2)")
            .arg(kernel, catalogueKernels().join(QStringLiteral(", ")))));
}

QCborMap declaredMedia(const kernels::MediaInfo& info, std::uint64_t inputBytes)
{
    return QCborMap {{QStringLiteral("input_bytes"), qint64(inputBytes)},
        {QStringLiteral("src_width"), qint64(info.width)}, {QStringLiteral("src_height"), qint64(info.height)},
        {QStringLiteral("frames"), qint64(info.frames)}, {QStringLiteral("duration_ms"), qint64(info.durationMs)}};
}

Expected<QCborMap, JobError> paramsFromJson(const QByteArray& json)
{
    QJsonParseError pe {};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        return unexpected(jobError(JobErrc::BadParams,
            pe.error != QJsonParseError::NoError
                ? QStringLiteral("parameters are not valid JSON: %1 at %2").arg(pe.errorString()).arg(pe.offset)
                : QStringLiteral("parameters must be a JSON object")));
    }
    QString error;
    const QCborValue v = jsonToCbor(doc.object(), &error);
    if (!error.isEmpty())
        return unexpected(jobError(JobErrc::BadParams, error));
    return v.toMap();
}

Expected<std::unique_ptr<kernels::Task>, JobError> createTask(const kernels::Params& params,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, std::span<std::uint8_t> scratch,
    kernels::Backend backend, int cudaDevice, const ModelLookup& models)
{
    const bool cuda = backend == kernels::Backend::Cuda;
    std::string error;
    std::unique_ptr<kernels::Task> task;
    if (const auto* gen = std::get_if<kernels::GenerateParams>(&params)) {
        const auto path = models ? models(gen->model) : std::nullopt;
        if (!path) {
            return unexpected(jobError(JobErrc::ModelUnavailable,
                QStringLiteral("ai.generate: this node does not serve the model %1")
                    .arg(QString::fromLatin1(toByteArray(gen->model).toHex().left(16)))));
        }
        bool modelRefused = false;
        task = kernels::makeGenerateTask(*gen, *path, input, output, cuda ? cudaDevice : -1, error, &modelRefused);
        if (!task) {
            return unexpected(jobError(modelRefused ? JobErrc::ModelUnavailable : JobErrc::BadInput,
                QStringLiteral("ai.generate: ") + QString::fromStdString(error)));
        }
    } else if (const auto* media = std::get_if<kernels::TranscodeParams>(&params)) {
        task = kernels::makeMediaTask(*media, input, output, cuda ? cudaDevice : -1, error);
        if (!task) {
            return unexpected(jobError(JobErrc::BadInput,
                QStringLiteral("the input was refused before decoding: ") + QString::fromStdString(error)));
        }
    } else if (cuda) {
        task = kernels::makeCudaTask(params, input, output, cudaDevice, error);
        if (!task) {
            return unexpected(
                jobError(JobErrc::BackendUnavailable, QStringLiteral("CUDA: ") + QString::fromStdString(error)));
        }
    } else {
        task = kernels::makeCpuTask(params, input, output, scratch);
    }
    return task;
}

Expected<kernels::Footprint, JobError> checkLimits(
    const kernels::Params& params, const NodeLimits& limits, kernels::Backend backend)
{
    const auto fp = kernels::footprint(params);
    if (!fp) {
        return unexpected(jobError(JobErrc::TooLarge,
            QStringLiteral("%1: the job's sizes overflow 64 bits").arg(kernels::kernelName(params))));
    }
    const auto over = [&](const char* what, std::uint64_t need, std::uint64_t have) {
        return unexpected(jobError(JobErrc::TooLarge,
            QStringLiteral("%1: %2 needs %3, this node allows %4")
                .arg(QLatin1String(kernels::kernelName(params)), QLatin1String(what), bytesText(need),
                    bytesText(have))));
    };
    if (fp->inputBytes > limits.maxInputBytes)
        return over("the input", fp->inputBytes, limits.maxInputBytes);
    if (fp->outputBytes > limits.maxOutputBytes)
        return over("the output", fp->outputBytes, limits.maxOutputBytes);
    const std::uint64_t host
        = fp->inputBytes + fp->outputBytes + (backend == kernels::Backend::Cpu ? fp->scratchBytes : 0);
    if (host > limits.maxHostBytes)
        return over("working memory", host, limits.maxHostBytes);
    if (backend == kernels::Backend::Cuda && fp->deviceBytes > limits.vramBytes)
        return over("GPU memory", fp->deviceBytes, limits.vramBytes);
    return *fp;
}

} // namespace cocoon::jobs
