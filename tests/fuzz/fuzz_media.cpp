// Fuzz target: the media.transcode input path on arbitrary bytes: container probing and the
// demux-everything check (probeMedia), and, for small inputs that pass, a whole transcode through
// the decoders, filters and encoders. Invariants: nothing crashes or hangs; a finished transcode
// yields a well-formed result.
#include "Kernels.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::kernels;
    const std::span<const std::uint8_t> input(data, size);
    std::string error;
    const auto info = probeMedia(input, error);
    if (!info) {
        if (error.empty())
            std::abort(); // every refusal says why
        return 0;
    }
    if (info->frames > 30 || info->width > 128 || info->height > 128 || info->durationMs > 5000)
        return 0; // keep each run short
    TranscodeParams p;
    p.inputBytes = size;
    p.srcWidth = info->width;
    p.srcHeight = info->height;
    p.frames = info->frames;
    p.durationMs = info->durationMs;
    p.video = info->videoCodec.empty() ? VideoCodec::None : VideoCodec::H264;
    p.audio = info->audioCodec.empty() ? AudioCodec::None : AudioCodec::Aac;
    p.maxOutputBytes = 1u << 20;
    std::vector<std::uint8_t> out(p.maxOutputBytes);
    auto task = makeMediaTask(p, input, out, -1, error);
    if (!task)
        return 0;
    for (std::size_t i = 0; i < task->stepCount(); ++i) {
        if (!task->runStep(i, error))
            return 0;
    }
    if (!transcodeOutput(out))
        std::abort(); // a finished job's result always carries its length
    return 0;
}
