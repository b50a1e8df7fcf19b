// media.transcode against the ffmpeg tool with the same codec and settings on the same input:
// frames per second of the kernel (in memory, sliced into steps) over ffmpeg's own (reading the
// file, writing to /dev/null), best of N, the two alternating. The input is made here by ffmpeg
// (lavfi testsrc2 + sine). Prints Markdown for docs/benchmarks.md. Goal: ratio >= 0.95.
#include "Kernels.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace cocoon::kernels;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 3;
constexpr int kSeconds = 4;
constexpr int kRate = 25;

bool sh(const std::string& command)
{
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

struct Case
{
    const char* name;
    VideoCodec video;
    AudioCodec audio;
    Container container;
    std::uint32_t crf;
    std::string ffmpegArgs; ///< the same settings for the ffmpeg tool
};

} // namespace

int main()
{
    char dirTemplate[] = "/tmp/bench_transcode.XXXXXX";
    const char* dir = ::mkdtemp(dirTemplate);
    if (!dir) {
        std::puts("cannot create a temporary directory");
        return 1;
    }
    const std::string input = std::string(dir) + "/in.mp4";
    const std::string make = "ffmpeg -hide_banner -y -f lavfi -i testsrc2=size=1280x720:rate=" + std::to_string(kRate)
        + ":duration=" + std::to_string(kSeconds) + " -f lavfi -i sine=frequency=440:sample_rate=48000:duration="
        + std::to_string(kSeconds) + " -c:v libx264 -preset ultrafast -crf 18 -c:a aac " + input;
    if (!sh(make)) {
        std::puts("ffmpeg is needed to make the input (make deps installs it)");
        return 1;
    }
    std::ifstream f(input, std::ios::binary);
    const std::vector<std::uint8_t> in((std::istreambuf_iterator<char>(f)), {});
    std::string error;
    const auto info = probeMedia(in, error);
    if (!info) {
        std::printf("cannot read the input: %s\n", error.c_str());
        return 1;
    }
    const std::string threads = std::to_string(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
    const std::string gop = " -g " + std::to_string(2 * kRate);
    const std::string frag = " -movflags frag_keyframe+empty_moov+default_base_moof -f mp4";
    const std::vector<Case> cases = {
        {"h264 (libx264 veryfast, sliced threads, crf 23) + aac, mp4", VideoCodec::H264, AudioCodec::Aac,
            Container::Mp4, 23,
            "-c:v libx264 -preset veryfast -x264-params sliced-threads=1 -crf 23" + gop + " -c:a aac -b:a 128k" + frag},
        {"hevc (libx265 veryfast, crf 28) + aac, mp4", VideoCodec::Hevc, AudioCodec::Aac, Container::Mp4, 28,
            "-c:v libx265 -preset veryfast -crf 28 -x265-params log-level=none" + gop + " -c:a aac -b:a 128k" + frag},
        {"vp9 (libvpx good, cpu-used 5, crf 32) + opus, webm", VideoCodec::Vp9, AudioCodec::Opus, Container::Webm, 32,
            "-c:v libvpx-vp9 -deadline good -cpu-used 5 -row-mt 1 -crf 32 -b:v 0" + gop
                + " -c:a libopus -b:a 96k -f webm"},
        {"av1 (libaom realtime, cpu-used 8, crf 35) + opus, webm", VideoCodec::Av1, AudioCodec::Opus, Container::Webm,
            35,
            "-c:v libaom-av1 -usage realtime -cpu-used 8 -row-mt 1 -crf 35" + gop + " -c:a libopus -b:a 96k -f webm"},
    };
    std::printf("Input: %u×%u, %u frames, %u ms, %zu bytes; %s encoder threads\n\n", info->width, info->height,
        info->frames, info->durationMs, in.size(), threads.c_str());
    std::puts("| Codec | media.transcode | ffmpeg tool | Ratio | Steps | Longest step |");
    std::puts("|---|---|---|---|---|---|");
    for (const Case& c : cases) {
        TranscodeParams p;
        p.inputBytes = in.size();
        p.srcWidth = info->width;
        p.srcHeight = info->height;
        p.frames = info->frames;
        p.durationMs = info->durationMs;
        p.video = c.video;
        p.audio = c.audio;
        p.container = c.container;
        p.crf = c.crf;
        p.maxOutputBytes = 2 * in.size() + (1u << 20);
        std::vector<std::uint8_t> out(p.maxOutputBytes);
        const std::string cli = "ffmpeg -hide_banner -nostats -loglevel error -y -threads " + threads + " -i " + input
            + " -threads " + threads + " " + c.ffmpegArgs + " /dev/null";
        double kernel = 1e30, tool = 1e30, longest = 0; // longest: the slowest step, i.e. the worst stop latency
        std::size_t steps = 0;
        bool ok = true;
        for (int r = 0; r < kRepeats && ok; ++r) {
            auto t0 = Clock::now();
            auto task = makeMediaTask(p, in, out, -1, error);
            ok = bool(task);
            for (std::size_t i = 0; ok && i < task->stepCount(); ++i) {
                const auto s0 = Clock::now();
                ok = task->runStep(i, error);
                longest = std::max(longest, std::chrono::duration<double>(Clock::now() - s0).count());
            }
            task.reset();
            kernel = std::min(kernel, std::chrono::duration<double>(Clock::now() - t0).count());
            t0 = Clock::now();
            ok = ok && sh(cli);
            tool = std::min(tool, std::chrono::duration<double>(Clock::now() - t0).count());
        }
        if (!ok) {
            std::printf(
                "| %s | failed: %s | | | | |\n", c.name, error.empty() ? "the ffmpeg tool failed" : error.c_str());
            continue;
        }
        if (auto task = makeMediaTask(p, in, out, -1, error))
            steps = task->stepCount();
        const double frames = double(info->frames);
        std::printf("| %s | %.1f frames/s | %.1f frames/s | %.2f | %zu | %.0f ms |\n", c.name, frames / kernel,
            frames / tool, tool / kernel, steps, longest * 1000);
        std::fflush(stdout);
    }
    sh("rm -rf " + std::string(dir));
    return 0;
}
