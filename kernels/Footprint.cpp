#include "Kernels.h"
#include "common/Shared.h"

#include <algorithm>

namespace cocoon::kernels {
namespace {

/// Overflow-checked arithmetic: every size of a job goes through these.
struct Checked
{
    bool ok = true;
    std::uint64_t mul(std::uint64_t a, std::uint64_t b)
    {
        std::uint64_t r = 0;
        ok = ok && !__builtin_mul_overflow(a, b, &r);
        return r;
    }
    std::uint64_t add(std::uint64_t a, std::uint64_t b)
    {
        std::uint64_t r = 0;
        ok = ok && !__builtin_add_overflow(a, b, &r);
        return r;
    }
};

std::optional<Footprint> mlp(const MlpParams& p)
{
    Checked c;
    const std::uint64_t elem = p.dtype == DType::F16 ? 2 : 4;
    std::uint64_t maxDim = p.layers.empty() ? 0 : p.layers.front().in;
    std::uint64_t values = c.mul(p.batch, maxDim);
    std::uint64_t flops = 0;
    std::uint64_t maxLayer = 0;
    for (const MlpLayer& l : p.layers) {
        maxDim = std::max<std::uint64_t>(maxDim, l.out);
        const std::uint64_t layerValues = c.add(c.mul(l.in, l.out), l.out);
        values = c.add(values, layerValues);
        maxLayer = std::max(maxLayer, layerValues);
        flops = c.add(flops, c.mul(2, c.mul(p.batch, c.mul(l.in, l.out))));
    }
    Footprint f;
    f.inputBytes = c.mul(values, elem);
    f.outputBytes = p.layers.empty() ? 0 : c.mul(4, c.mul(p.batch, p.layers.back().out));
    const std::uint64_t activations = c.mul(4, c.mul(p.batch, maxDim));
    f.scratchBytes = c.add(c.mul(2, activations), p.dtype == DType::F16 ? c.mul(4, maxLayer) : 0);
    // Device: weights in storage type, two f32 activation buffers, an f16 copy of activations.
    f.deviceBytes = c.add(c.add(f.inputBytes, c.mul(2, activations)), c.mul(2, c.mul(p.batch, maxDim)));
    f.units = flops;
    return c.ok ? std::optional(f) : std::nullopt;
}

std::optional<Footprint> resize(const ResizeParams& p)
{
    Checked c;
    const std::uint64_t ch = std::uint64_t(channelsOf(p.format));
    Footprint f;
    f.inputBytes = c.mul(c.mul(p.srcWidth, p.srcHeight), ch);
    f.outputBytes = c.mul(c.mul(p.width, p.height), ch);
    f.scratchBytes = c.mul(c.mul(c.mul(p.srcHeight, p.width), ch), 4);
    f.deviceBytes = c.add(c.add(f.inputBytes, f.outputBytes), f.scratchBytes);
    f.units = c.mul(p.width, p.height);
    return c.ok ? std::optional(f) : std::nullopt;
}

std::uint64_t frameBytes(Checked& c, YuvFormat fmt, std::uint32_t w, std::uint32_t h)
{
    if (fmt == YuvFormat::Rgba8) {
        return c.mul(c.mul(w, h), 4);
    }
    return c.add(c.mul(w, h), c.mul(2, c.mul(chromaWidth(w), chromaHeight(h))));
}

std::optional<Footprint> convert(const ConvertParams& p)
{
    Checked c;
    Footprint f;
    f.inputBytes = frameBytes(c, p.from, p.width, p.height);
    f.outputBytes = frameBytes(c, p.to, p.width, p.height);
    f.deviceBytes = c.add(f.inputBytes, f.outputBytes);
    f.units = c.mul(p.width, p.height);
    return c.ok ? std::optional(f) : std::nullopt;
}

std::optional<Footprint> colstats(const ColstatsParams& p)
{
    Checked c;
    Footprint f;
    f.inputBytes = c.mul(c.mul(p.rows, p.cols), p.dtype == DType::F64 ? 8 : 4);
    f.outputBytes = c.mul(p.cols, kBytesPerColstat);
    f.scratchBytes = c.mul(p.cols, 2 * kBytesPerColstat);
    f.deviceBytes = c.add(f.inputBytes, c.mul(c.mul(p.cols, kBytesPerColstat), 2));
    f.units = c.mul(p.rows, p.cols);
    return c.ok ? std::optional(f) : std::nullopt;
}

std::optional<Footprint> probe(const ProbeParams& p)
{
    Checked c;
    Footprint f;
    f.outputBytes = 8;
    f.scratchBytes = c.mul(p.lanes, 4);
    f.deviceBytes = c.mul(p.lanes, 8);
    f.units = c.mul(p.lanes, p.rounds);
    return c.ok ? std::optional(f) : std::nullopt;
}

std::optional<Footprint> transcode(const TranscodeParams& p)
{
    Checked c;
    Footprint f;
    f.inputBytes = p.inputBytes;
    f.outputBytes = p.maxOutputBytes;
    // FFmpeg keeps its frames in its own buffers; the GPU path needs the encoder's surfaces.
    f.deviceBytes = p.video != VideoCodec::None && p.srcWidth > 0 ? 256ull << 20 : 0;
    // Metering: output pixel-frames plus audio samples at 48 kHz.
    std::uint64_t pixelFrames = 0;
    if (p.video != VideoCodec::None && p.srcWidth > 0) {
        const std::uint64_t w = p.width ? p.width : p.srcWidth, h = p.height ? p.height : p.srcHeight;
        const std::uint64_t frames = p.fps ? (std::uint64_t(p.durationMs) * p.fps + 999) / 1000 : p.frames;
        pixelFrames = c.mul(c.mul(w, h), frames);
    }
    const std::uint64_t samples = p.audio != AudioCodec::None ? c.mul(p.durationMs, 48) : 0;
    f.units = c.add(pixelFrames, samples);
    return c.ok ? std::optional(f) : std::nullopt;
}

std::optional<Footprint> generate(const GenerateParams& p)
{
    Checked c;
    Footprint f;
    f.inputBytes = p.inputBytes;
    f.outputBytes = c.add(kGenerateHeaderBytes, c.mul(p.maxTokens, kBytesPerToken));
    // The weights, plus the KV cache and compute buffers: at most ~1 MiB per token of context
    // for the models a contributor's GPU holds. Host memory for the weights is the node's own
    // (it chose to serve the model), so it is not counted as job memory.
    f.deviceBytes = c.add(p.modelBytes, c.mul(p.contextTokens, 1ull << 20));
    // Metering: prompt + completion tokens, bounded before the run by the input's bytes (a token
    // is at least one byte) plus the chat template's tokens and the completion budget.
    f.units = c.add(c.add(p.inputBytes, kChatTemplateTokens), p.maxTokens);
    return c.ok ? std::optional(f) : std::nullopt;
}

} // namespace

std::optional<Footprint> footprint(const Params& params)
{
    return std::visit(
        [](const auto& p) -> std::optional<Footprint> {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, MlpParams>)
                return mlp(p);
            else if constexpr (std::is_same_v<T, ResizeParams>)
                return resize(p);
            else if constexpr (std::is_same_v<T, ConvertParams>)
                return convert(p);
            else if constexpr (std::is_same_v<T, ColstatsParams>)
                return colstats(p);
            else if constexpr (std::is_same_v<T, ProbeParams>)
                return probe(p);
            else if constexpr (std::is_same_v<T, TranscodeParams>)
                return transcode(p);
            else
                return generate(p);
        },
        params);
}

const char* kernelName(const Params& params)
{
    static const char* names[] = {"ai.mlp", "media.resize", "media.convert", "analytics.colstats", "bench.probe",
        "media.transcode", "ai.generate"};
    return names[params.index()];
}

const char* backendName(Backend backend)
{
    return backend == Backend::Cpu ? "cpu" : "cuda";
}

} // namespace cocoon::kernels
