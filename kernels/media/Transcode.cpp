// media.transcode on FFmpeg's libraries (Debian's FFmpeg 5.1). Demuxing, decoding, scaling, frame
// rate and sample rate conversion, encoding and muxing are all FFmpeg's; this file only wires them
// to job memory and the job's rules:
//  - in memory only: custom AVIOContexts read the opened input and write the output buffer; no
//    file, no protocol (the protocol whitelist names none), no two-pass statistics;
//  - accepted containers (format whitelist) and codecs only, every limit (frame size, frame count,
//    duration, packet count) checked by demuxing the whole input before the job's decoding starts
//    (only FFmpeg's stream probe, bounded to 5 MB and 5 s, runs first), and every decoder, the
//    probe's included, told the largest picture it may allocate;
//  - fixed steps: a step decodes and encodes a fixed number of packets in file order and the last
//    one drains and writes the trailer, so stopping and resuming cannot change the output.
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include "Kernels.h"
#include "common/Shared.h"
#include "media/MediaTasks.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>
#include <type_traits>

namespace cocoon::kernels {
namespace {

constexpr int kIoBufferBytes = 64 * 1024;
constexpr std::uint64_t kMaxPackets = 4'000'000; // all selected streams together
constexpr std::uint64_t kStepPixels = 1u << 20; // about one megapixel of video per step
constexpr std::uint64_t kAudioPacketsPerStep = 64;
constexpr std::size_t kDrainSteps = 16; // the last one takes whatever is left
constexpr std::size_t kDrainPacketsPerStep = 4;
constexpr const char* kContainers = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts";

bool acceptedVideo(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_H264:
    case AV_CODEC_ID_HEVC:
    case AV_CODEC_ID_AV1:
    case AV_CODEC_ID_VP8:
    case AV_CODEC_ID_VP9:
    case AV_CODEC_ID_MPEG2VIDEO:
    case AV_CODEC_ID_MPEG4:
        return true;
    default:
        return false;
    }
}

bool acceptedAudio(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_AAC:
    case AV_CODEC_ID_OPUS:
    case AV_CODEC_ID_MP3:
    case AV_CODEC_ID_VORBIS:
    case AV_CODEC_ID_FLAC:
    case AV_CODEC_ID_AC3:
    case AV_CODEC_ID_PCM_S16LE:
        return true;
    default:
        return false;
    }
}

std::string avError(int rc)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(rc, buf, sizeof buf);
    return buf;
}

/// FFmpeg's own log could carry a file's metadata: it stays silent (our errors say what failed).
void quietFfmpeg()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

int codecThreads()
{
    return int(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

// RAII for FFmpeg's objects.
struct CodecFree
{
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFree
{
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFree
{
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct GraphFree
{
    void operator()(AVFilterGraph* g) const { avfilter_graph_free(&g); }
};
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFree>;
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;
using GraphPtr = std::unique_ptr<AVFilterGraph, GraphFree>;

class Dict
{
public:
    ~Dict() { av_dict_free(&m_dict); }
    Dict& set(const char* key, const std::string& value)
    {
        av_dict_set(&m_dict, key, value.c_str(), 0);
        return *this;
    }
    AVDictionary** ptr() { return &m_dict; }

private:
    AVDictionary* m_dict = nullptr;
};

/// Reads the job's input: a seekable stream over memory.
struct MemoryReader
{
    std::span<const std::uint8_t> data;
    std::int64_t pos = 0;

    static int read(void* opaque, std::uint8_t* buf, int size)
    {
        auto* r = static_cast<MemoryReader*>(opaque);
        const std::int64_t left = std::int64_t(r->data.size()) - r->pos;
        if (left <= 0)
            return AVERROR_EOF;
        const int n = int(std::min<std::int64_t>(left, size));
        std::memcpy(buf, r->data.data() + r->pos, std::size_t(n));
        r->pos += n;
        return n;
    }
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence)
    {
        auto* r = static_cast<MemoryReader*>(opaque);
        return seekIn(r->pos, std::int64_t(r->data.size()), offset, whence);
    }
    static std::int64_t seekIn(std::int64_t& pos, std::int64_t size, std::int64_t offset, int whence)
    {
        if (whence & AVSEEK_SIZE)
            return size;
        whence &= ~AVSEEK_FORCE;
        const std::int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? pos : whence == SEEK_END ? size : -1;
        std::int64_t to = 0;
        if (base < 0 || __builtin_add_overflow(base, offset, &to) || to < 0 || to > size)
            return AVERROR(EINVAL);
        pos = to;
        return to;
    }
};

/// Writes the job's output buffer: seekable (Matroska goes back to fill in sizes), bounded.
struct MemoryWriter
{
    std::span<std::uint8_t> data;
    std::int64_t pos = 0;
    std::int64_t end = 0; ///< bytes of output so far
    std::int64_t committed = 0; ///< bytes already streamed: never to be written again
    bool full = false;
    bool rewrote = false; ///< the muxer went back into streamed bytes (the stream would be wrong)

    // FFmpeg 6.1 made the buffer const.
    using Buffer = std::conditional_t<(LIBAVFORMAT_VERSION_MAJOR >= 61), const std::uint8_t*, std::uint8_t*>;
    static int write(void* opaque, Buffer buf, int size)
    {
        auto* w = static_cast<MemoryWriter*>(opaque);
        if (size < 0 || w->pos + size > std::int64_t(w->data.size())) {
            w->full = true;
            return AVERROR(ENOSPC);
        }
        if (w->pos < w->committed)
            w->rewrote = true;
        std::memcpy(w->data.data() + w->pos, buf, std::size_t(size));
        w->pos += size;
        w->end = std::max(w->end, w->pos);
        return size;
    }
    static std::int64_t seek(void* opaque, std::int64_t offset, int whence)
    {
        auto* w = static_cast<MemoryWriter*>(opaque);
        return MemoryReader::seekIn(w->pos, w->end, offset, whence);
    }
};

AVIOContext* memoryIo(void* opaque, bool write)
{
    auto* buffer = static_cast<std::uint8_t*>(av_malloc(kIoBufferBytes));
    if (!buffer)
        return nullptr;
    AVIOContext* io = write
        ? avio_alloc_context(buffer, kIoBufferBytes, 1, opaque, nullptr, &MemoryWriter::write, &MemoryWriter::seek)
        : avio_alloc_context(buffer, kIoBufferBytes, 0, opaque, &MemoryReader::read, nullptr, &MemoryReader::seek);
    if (!io)
        av_free(buffer);
    return io;
}

void freeIo(AVIOContext*& io)
{
    if (io) {
        av_freep(&io->buffer);
        avio_context_free(&io);
    }
}

/// The largest picture buffer a decoder may allocate for frames of at most w × h: decoders pad
/// their buffers (edges, alignment), so the margin; a frame larger than declared is still refused
/// by its own size check after decoding.
std::string decoderPixelLimit(std::uint32_t w, std::uint32_t h)
{
    return std::to_string((std::uint64_t(w) + 512) * (std::uint64_t(h) + 512));
}

struct Limits
{
    std::uint32_t maxWidth = kMaxMediaSide, maxHeight = kMaxMediaSide;
    std::uint32_t maxFrames = kMaxMediaFrames;
    std::uint32_t maxDurationMs = kMaxMediaDurationMs;
    bool videoAllowed = true;
};

struct PacketCounts
{
    std::uint64_t video = 0, audio = 0;
};

/// An opened input: the accepted container, its first video and audio streams.
class Demuxer
{
public:
    ~Demuxer()
    {
        avformat_close_input(&fmt);
        freeIo(m_io);
    }

    AVFormatContext* fmt = nullptr;
    int video = -1, audio = -1;

    bool open(std::span<const std::uint8_t> input, const Limits& limits, std::string& error)
    {
        m_reader = {input, 0};
        m_io = memoryIo(&m_reader, false);
        fmt = avformat_alloc_context();
        if (!m_io || !fmt) {
            error = "out of memory";
            return false;
        }
        fmt->pb = m_io;
        fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
        Dict opts;
        opts.set("format_whitelist", kContainers)
            .set("protocol_whitelist", "none") // nothing outside the input is ever opened
            .set("probesize", "5000000")
            .set("analyzeduration", "5000000")
            .set("max_streams", "16");
        if (const int rc = avformat_open_input(&fmt, nullptr, nullptr, opts.ptr()); rc < 0) {
            error = "not a media file this kernel accepts (MP4, MOV, Matroska, WebM or MPEG-TS): " + avError(rc);
            return false; // fmt was freed
        }
        // Stream parameters; the probing decoders may not produce frames beyond the limits.
        std::vector<AVDictionary*> streamOpts(fmt->nb_streams, nullptr);
        const std::string maxPixels = decoderPixelLimit(limits.maxWidth, limits.maxHeight);
        for (AVDictionary*& d : streamOpts) {
            av_dict_set(&d, "max_pixels", maxPixels.c_str(), 0);
            av_dict_set(&d, "threads", "1", 0);
        }
        const int rc = avformat_find_stream_info(fmt, streamOpts.empty() ? nullptr : streamOpts.data());
        for (AVDictionary*& d : streamOpts)
            av_dict_free(&d);
        if (rc < 0) {
            error = "the file's streams cannot be read: " + avError(rc);
            return false;
        }
        for (unsigned i = 0; i < fmt->nb_streams; ++i) {
            AVStream* st = fmt->streams[i];
            const AVCodecParameters* par = st->codecpar;
            const bool picture = (st->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
            if (par->codec_type == AVMEDIA_TYPE_VIDEO && !picture && video < 0) {
                video = int(i);
            } else if (par->codec_type == AVMEDIA_TYPE_AUDIO && audio < 0) {
                audio = int(i);
            } else {
                st->discard = AVDISCARD_ALL;
            }
        }
        if (video < 0 && audio < 0) {
            error = "the file has neither video nor audio";
            return false;
        }
        if (video >= 0) {
            const AVCodecParameters* par = fmt->streams[video]->codecpar;
            if (!limits.videoAllowed) {
                error = "the file has video, but the job declares none (a frame size of 0 × 0)";
                return false;
            }
            if (!acceptedVideo(par->codec_id)) {
                error = std::string("its video codec (") + avcodec_get_name(par->codec_id) + ") is not accepted";
                return false;
            }
            if (par->width <= 0 || par->height <= 0 || std::uint32_t(par->width) > limits.maxWidth
                || std::uint32_t(par->height) > limits.maxHeight) {
                error = "its frames are " + std::to_string(par->width) + " × " + std::to_string(par->height)
                    + "; allowed are up to " + std::to_string(limits.maxWidth) + " × "
                    + std::to_string(limits.maxHeight);
                return false;
            }
        }
        if (audio >= 0 && !acceptedAudio(fmt->streams[audio]->codecpar->codec_id)) {
            error = std::string("its audio codec (") + avcodec_get_name(fmt->streams[audio]->codecpar->codec_id)
                + ") is not accepted";
            return false;
        }
        return true;
    }

    /// Demuxes every packet (nothing is decoded) and checks the counts and the duration.
    std::optional<MediaInfo> scan(const Limits& limits, PacketCounts& counts, std::string& error)
    {
        MediaInfo info;
        info.container = fmt->iformat->name;
        if (video >= 0) {
            info.videoCodec = avcodec_get_name(fmt->streams[video]->codecpar->codec_id);
            info.width = std::uint32_t(fmt->streams[video]->codecpar->width);
            info.height = std::uint32_t(fmt->streams[video]->codecpar->height);
        }
        if (audio >= 0)
            info.audioCodec = avcodec_get_name(fmt->streams[audio]->codecpar->codec_id);
        PacketPtr pkt(av_packet_alloc());
        if (!pkt) {
            error = "out of memory";
            return std::nullopt;
        }
        std::uint64_t packets = 0;
        counts = {};
        std::int64_t firstMs = INT64_MAX, lastMs = 0;
        constexpr std::int64_t kTsLimitMs = std::int64_t(1) << 40;
        int rc = 0;
        while ((rc = av_read_frame(fmt, pkt.get())) >= 0) {
            const int index = pkt->stream_index;
            if (index != video && index != audio) {
                av_packet_unref(pkt.get());
                continue;
            }
            if (index == video && ++info.frames > limits.maxFrames) {
                error = "it has more than " + std::to_string(limits.maxFrames) + " video frames";
                return std::nullopt;
            }
            ++(index == video ? counts.video : counts.audio);
            if (++packets > kMaxPackets) {
                error = "it has more than " + std::to_string(kMaxPackets) + " packets";
                return std::nullopt;
            }
            const std::int64_t ts = pkt->pts != AV_NOPTS_VALUE ? pkt->pts : pkt->dts;
            if (ts != AV_NOPTS_VALUE) {
                const AVRational tb = fmt->streams[index]->time_base;
                const std::int64_t startMs = av_rescale_q(ts, tb, AVRational {1, 1000});
                const std::int64_t lengthMs = av_rescale_q(std::max<std::int64_t>(pkt->duration, 0), tb, {1, 1000});
                if (startMs < -kTsLimitMs || startMs > kTsLimitMs || lengthMs > kTsLimitMs) {
                    error = "its timestamps are out of range";
                    return std::nullopt;
                }
                firstMs = std::min(firstMs, startMs);
                lastMs = std::max(lastMs, startMs + lengthMs);
            }
            av_packet_unref(pkt.get());
        }
        if (rc != AVERROR_EOF) {
            error = "the file is damaged: " + avError(rc);
            return std::nullopt;
        }
        if (packets == 0) {
            error = "the file holds no audio or video data";
            return std::nullopt;
        }
        const std::int64_t duration = firstMs == INT64_MAX ? 0 : std::max<std::int64_t>(lastMs - firstMs, 0);
        if (duration > std::int64_t(limits.maxDurationMs)) {
            error = "it lasts " + std::to_string(duration) + " ms; allowed are " + std::to_string(limits.maxDurationMs)
                + " ms";
            return std::nullopt;
        }
        info.durationMs = std::uint32_t(duration);
        return info;
    }

private:
    MemoryReader m_reader;
    AVIOContext* m_io = nullptr;
};

const char* softwareEncoder(VideoCodec c)
{
    switch (c) {
    case VideoCodec::H264:
        return "libx264";
    case VideoCodec::Hevc:
        return "libx265";
    case VideoCodec::Av1:
        // Not SVT-AV1: run as root, its 1.4 release puts ~90 threads at SCHED_FIFO priority 99,
        // which would take the machine from its owner; libaom's real-time mode is as fast here.
        return "libaom-av1";
    case VideoCodec::Vp9:
        return "libvpx-vp9";
    case VideoCodec::None:
        break;
    }
    return nullptr;
}

const char* nvencEncoder(VideoCodec c)
{
    return c == VideoCodec::H264 ? "h264_nvenc" : c == VideoCodec::Hevc ? "hevc_nvenc" : nullptr;
}

const char* cuvidDecoder(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_H264:
        return "h264_cuvid";
    case AV_CODEC_ID_HEVC:
        return "hevc_cuvid";
    case AV_CODEC_ID_AV1:
        return "av1_cuvid";
    case AV_CODEC_ID_VP9:
        return "vp9_cuvid";
    default:
        return nullptr;
    }
}

/// One decoded stream on its way to an encoder: decoder, a filter graph (built at the first frame
/// and rebuilt if the decoder's frames change shape), encoder, output stream.
struct Lane
{
    int input = -1;
    CodecPtr decoder;
    CodecPtr encoder;
    AVStream* out = nullptr;
    GraphPtr graph;
    AVFilterContext* src = nullptr;
    AVFilterContext* sink = nullptr;
    std::string filters; ///< the chain between source and sink
    int graphW = 0, graphH = 0, graphFormat = -1;
    std::uint64_t graphRate = 0, graphChannels = 0;
    std::uint64_t decodedFrames = 0;
};

class TranscodeTask final : public Task
{
public:
    TranscodeTask(const TranscodeParams& p, std::span<std::uint8_t> output)
        : m_p(p)
        , m_output(output)
    { }

    ~TranscodeTask() override
    {
        // An encoder closed mid-stream (a cancelled or failed job) is told the stream ended first:
        // some (SVT-AV1) otherwise wait forever for pictures in flight.
        for (Lane* lane : {&m_video, &m_audio}) {
            if (lane->encoder && !m_finished && avcodec_send_frame(lane->encoder.get(), nullptr) >= 0) {
                AVPacket* pkt = av_packet_alloc();
                while (pkt && avcodec_receive_packet(lane->encoder.get(), pkt) >= 0)
                    av_packet_unref(pkt);
                av_packet_free(&pkt);
            }
        }
        if (m_mux) {
            freeIo(m_mux->pb);
            avformat_free_context(m_mux);
        }
    }

    bool init(std::span<const std::uint8_t> input, int cudaDevice, std::string& error)
    {
        quietFfmpeg();
        if (input.size() != m_p.inputBytes) {
            error = "the input has " + std::to_string(input.size()) + " bytes; the job declares "
                + std::to_string(m_p.inputBytes);
            return false;
        }
        if (m_output.size() < 8 || m_output.size() != m_p.maxOutputBytes) {
            error = "the output buffer does not match max_output_bytes";
            return false;
        }
        Limits limits;
        limits.videoAllowed = m_p.srcWidth > 0 && m_p.srcHeight > 0;
        limits.maxWidth = std::min(m_p.srcWidth, kMaxMediaSide);
        limits.maxHeight = std::min(m_p.srcHeight, kMaxMediaSide);
        limits.maxFrames = std::min(m_p.frames, kMaxMediaFrames);
        limits.maxDurationMs = std::min(m_p.durationMs, kMaxMediaDurationMs);
        PacketCounts counts;
        {
            // Everything is demuxed and checked first; decoding starts on a fresh demuxer.
            Demuxer check;
            if (!check.open(input, limits, error) || !check.scan(limits, counts, error))
                return false;
        }
        if (!m_in.open(input, limits, error))
            return false;
        const bool videoOut = m_in.video >= 0 && m_p.video != VideoCodec::None;
        const bool audioOut = m_in.audio >= 0 && m_p.audio != AudioCodec::None;
        if (m_in.video >= 0 && !videoOut)
            m_in.fmt->streams[m_in.video]->discard = AVDISCARD_ALL;
        if (m_in.audio >= 0 && !audioOut)
            m_in.fmt->streams[m_in.audio]->discard = AVDISCARD_ALL;
        if (!videoOut && !audioOut) {
            error = "nothing to encode: the job drops the only kind of stream the file has";
            return false;
        }
        if (!openMuxer(error))
            return false;
        if (videoOut && !openVideo(cudaDevice, error))
            return false;
        if (audioOut && !openAudio(error))
            return false;
        Dict opts;
        if (m_p.container == Container::Mp4)
            opts.set("movflags", "frag_keyframe+empty_moov+default_base_moof");
        if (const int rc = avformat_write_header(m_mux, opts.ptr()); rc < 0) {
            error = overflowOr("cannot start the output: ", rc);
            return false;
        }
        // Steps: packets in file order, about a megapixel of video (or 64 audio packets) each, at
        // least one frame; then the drain steps.
        const std::uint64_t pixels = videoOut ? std::uint64_t(m_in.fmt->streams[m_in.video]->codecpar->width)
                * std::uint64_t(m_in.fmt->streams[m_in.video]->codecpar->height)
                                              : 0;
        m_videoCost = pixels;
        m_audioCost = kStepPixels / kAudioPacketsPerStep;
        m_stepBudget = std::max(kStepPixels, pixels);
        const std::uint64_t total
            = (videoOut ? counts.video * m_videoCost : 0) + (audioOut ? counts.audio * m_audioCost : 0);
        m_readSteps = std::size_t((total + m_stepBudget - 1) / m_stepBudget);
        m_steps = m_readSteps + kDrainSteps;
        m_pkt.reset(av_packet_alloc());
        m_frame.reset(av_frame_alloc());
        m_filtered.reset(av_frame_alloc());
        m_encoded.reset(av_packet_alloc());
        if (!m_pkt || !m_frame || !m_filtered || !m_encoded) {
            error = "out of memory";
            return false;
        }
        return true;
    }

    std::size_t stepCount() const override { return m_steps; }

    bool runStep(std::size_t index, std::string& error) override
    {
        if (!step(index, error))
            return false;
        if (m_writer.rewrote) {
            error = "the muxer rewrote output that was already streamed";
            return false;
        }
        // Fragmented MP4 and MPEG-TS are written front to back: what the muxer has handed over is
        // final and goes out now (Matroska/WebM goes back to fill in sizes, so it is not streamed).
        if (m_p.container != Container::Webm)
            m_writer.committed = m_writer.end;
        return true;
    }

    std::span<const std::uint8_t> streamed() const override
    {
        return m_output.subspan(8, std::size_t(m_writer.committed));
    }

private:
    bool step(std::size_t index, std::string& error)
    {
        if (index < m_readSteps) {
            // Packets in file order until the cost read so far reaches this step's share.
            const std::uint64_t target = std::uint64_t(index + 1) * m_stepBudget;
            while (m_costRead < target) {
                const int rc = av_read_frame(m_in.fmt, m_pkt.get());
                if (rc == AVERROR_EOF)
                    return true;
                if (rc < 0) {
                    error = "the input is damaged: " + avError(rc);
                    return false;
                }
                Lane* lane = m_pkt->stream_index == m_video.input ? &m_video
                    : m_pkt->stream_index == m_audio.input        ? &m_audio
                                                                  : nullptr;
                // Packets of dropped streams cost nothing.
                m_costRead += lane == &m_video ? m_videoCost : lane == &m_audio ? m_audioCost : 0;
                const bool ok = !lane || decode(*lane, m_pkt.get(), error);
                av_packet_unref(m_pkt.get());
                if (!ok)
                    return false;
            }
            return true;
        }
        // Then the drain, spread over a few steps (an encoder's look-ahead holds up to a second of
        // work): the first drains decoders and filters and tells the encoders the stream ended,
        // each takes a few packets out, the last takes the rest and closes the file.
        const bool last = index + 1 == m_steps;
        if (index == m_readSteps) {
            for (Lane* lane : {&m_video, &m_audio}) {
                if (lane->decoder && !decode(*lane, nullptr, error))
                    return false;
                if (lane->src) {
                    if (const int rc = av_buffersrc_add_frame_flags(lane->src, nullptr, 0); rc < 0) {
                        error = "cannot drain the filters: " + avError(rc);
                        return false;
                    }
                    if (!pullFiltered(*lane, error))
                        return false;
                }
                if (lane->encoder) {
                    if (const int rc = avcodec_send_frame(lane->encoder.get(), nullptr); rc < 0 && rc != AVERROR_EOF) {
                        error = std::string("cannot drain the encoder: ") + avError(rc);
                        return false;
                    }
                }
            }
        }
        for (Lane* lane : {&m_video, &m_audio}) {
            if (lane->encoder && !receivePackets(*lane, last ? SIZE_MAX : kDrainPacketsPerStep, error))
                return false;
        }
        if (!last)
            return true;
        if (const int rc = av_write_trailer(m_mux); rc < 0) {
            error = overflowOr("cannot finish the output: ", rc);
            return false;
        }
        avio_flush(m_mux->pb);
        if (m_writer.full) {
            error = overflowOr("", AVERROR(ENOSPC));
            return false;
        }
        m_finished = true;
        const std::uint64_t length = std::uint64_t(m_writer.end);
        for (int i = 0; i < 8; ++i)
            m_output[std::size_t(i)] = std::uint8_t(length >> (8 * i));
        const auto padding = m_output.subspan(8 + std::size_t(length));
        std::fill(padding.begin(), padding.end(), std::uint8_t(0)); // whatever the buffer held before
        return true;
    }

public:
    std::string device() const override { return m_device; }

private:
    std::string overflowOr(const std::string& what, int rc) const
    {
        if (m_writer.full)
            return "the output is larger than max_output_bytes (" + std::to_string(m_p.maxOutputBytes)
                + "); ask for more";
        return what + avError(rc);
    }

    bool openMuxer(std::string& error)
    {
        const char* name = m_p.container == Container::Mp4 ? "mp4"
            : m_p.container == Container::Webm             ? "webm"
                                                           : "mpegts";
        if (avformat_alloc_output_context2(&m_mux, nullptr, name, nullptr) < 0 || !m_mux) {
            error = std::string("the ") + name + " muxer is missing from this FFmpeg";
            return false;
        }
        m_mux->flags |= AVFMT_FLAG_BITEXACT; // no version strings or random IDs: same input, same bytes
        m_writer.data = m_output.subspan(8);
        m_mux->pb = memoryIo(&m_writer, true);
        m_mux->flags |= AVFMT_FLAG_CUSTOM_IO;
        if (!m_mux->pb) {
            error = "out of memory";
            return false;
        }
        return true;
    }

    bool openDecoder(Lane& lane, const AVCodec* codec, const std::string& maxPixels, std::string& error)
    {
        const AVStream* st = m_in.fmt->streams[lane.input];
        lane.decoder.reset(avcodec_alloc_context3(codec));
        if (!lane.decoder || avcodec_parameters_to_context(lane.decoder.get(), st->codecpar) < 0) {
            error = "out of memory";
            return false;
        }
        lane.decoder->pkt_timebase = st->time_base;
        Dict opts;
        opts.set("max_pixels", maxPixels).set("threads", std::to_string(codecThreads()));
        if (const int rc = avcodec_open2(lane.decoder.get(), codec, opts.ptr()); rc < 0) {
            error = std::string("cannot open the ") + codec->name + " decoder: " + avError(rc);
            lane.decoder.reset();
            return false;
        }
        return true;
    }

    bool openVideo(int cudaDevice, std::string& error)
    {
        m_video.input = m_in.video;
        const AVStream* st = m_in.fmt->streams[m_in.video];
        const std::string maxPixels = decoderPixelLimit(m_p.srcWidth, m_p.srcHeight);
        std::string decodeNote;
        if (cudaDevice >= 0) {
            const char* name = cuvidDecoder(st->codecpar->codec_id);
            const AVCodec* cuvid = name ? avcodec_find_decoder_by_name(name) : nullptr;
            std::string why = cuvid ? "" : "no NVDEC decoder for this codec";
            if (cuvid && openDecoder(m_video, cuvid, maxPixels, why))
                decodeNote = std::string(", decoded by ") + name;
            else
                decodeNote = ", NVDEC unavailable: " + why;
        }
        if (!m_video.decoder) {
            const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
            if (!codec || !openDecoder(m_video, codec, maxPixels, error)) {
                if (!codec)
                    error = "no decoder for this video";
                return false;
            }
        }
        // The encoder: NVENC on a GPU node when it opens, the CPU codec otherwise.
        const int width = int(m_p.width ? m_p.width : std::uint32_t(st->codecpar->width));
        const int height = int(m_p.height ? m_p.height : std::uint32_t(st->codecpar->height));
        AVRational rate = m_p.fps ? AVRational {int(m_p.fps), 1} : st->avg_frame_rate;
        if (rate.num <= 0 || rate.den <= 0)
            rate = st->r_frame_rate.num > 0 && st->r_frame_rate.den > 0 ? st->r_frame_rate : AVRational {25, 1};
        const AVRational timeBase = m_p.fps ? AVRational {1, int(m_p.fps)} : st->time_base;
        std::string encodeNote;
        if (cudaDevice >= 0) {
            const char* nv = nvencEncoder(m_p.video);
            std::string why = nv ? "" : "NVENC does not encode this codec";
            if (nv && openVideoEncoder(nv, width, height, rate, timeBase, cudaDevice, why)) {
                m_device = "cuda:" + std::to_string(cudaDevice) + ": " + nv + decodeNote;
            } else {
                encodeNote = " (NVENC unavailable: " + why + ")";
            }
        }
        if (!m_video.encoder) {
            const char* sw = softwareEncoder(m_p.video);
            if (!openVideoEncoder(sw, width, height, rate, timeBase, -1, error))
                return false;
            m_device = std::string("cpu: ") + sw + encodeNote + (cudaDevice >= 0 ? decodeNote : "");
        }
        char filters[160];
        std::snprintf(filters, sizeof filters, "scale=%d:%d:flags=bicubic%s,format=pix_fmts=%s", width, height,
            m_p.fps ? (",fps=" + std::to_string(m_p.fps)).c_str() : "", av_get_pix_fmt_name(m_video.encoder->pix_fmt));
        m_video.filters = filters;
        return addStream(m_video, error);
    }

    bool openVideoEncoder(
        const char* name, int width, int height, AVRational rate, AVRational timeBase, int gpu, std::string& error)
    {
        const AVCodec* codec = avcodec_find_encoder_by_name(name);
        if (!codec) {
            error = std::string(name) + " is missing from this FFmpeg";
            return false;
        }
        CodecPtr enc(avcodec_alloc_context3(codec));
        if (!enc) {
            error = "out of memory";
            return false;
        }
        enc->width = width;
        enc->height = height;
        enc->sample_aspect_ratio = AVRational {1, 1};
        enc->pix_fmt = AV_PIX_FMT_YUV420P;
        enc->time_base = timeBase;
        enc->framerate = rate;
        enc->gop_size = std::max(1, 2 * rate.num / std::max(1, rate.den)); // a keyframe every 2 s
        enc->thread_count = codecThreads();
        if (m_mux->oformat->flags & AVFMT_GLOBALHEADER)
            enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        Dict opts;
        const bool nvenc = gpu >= 0;
        const std::uint32_t crf = m_p.crf   ? m_p.crf
            : m_p.video == VideoCodec::H264 ? 23
            : m_p.video == VideoCodec::Hevc ? 28
            : m_p.video == VideoCodec::Av1  ? 35
                                            : 32;
        if (m_p.videoKbps) {
            enc->bit_rate = std::int64_t(m_p.videoKbps) * 1000;
        } else if (nvenc) {
            opts.set("rc", "vbr").set("cq", std::to_string(crf));
        } else {
            opts.set("crf", std::to_string(crf));
            if (m_p.video == VideoCodec::Vp9)
                enc->bit_rate = 0; // constant quality
        }
        if (nvenc) {
            opts.set("preset", "p4").set("gpu", std::to_string(gpu));
        } else if (m_p.video == VideoCodec::H264) {
            // Sliced threads: libx264's frame threads gave different bytes under CPU load (1 run in
            // 6 here), and a resumed job must write exactly what an uninterrupted one does.
            opts.set("preset", "veryfast").set("x264-params", "sliced-threads=1");
        } else if (m_p.video == VideoCodec::Hevc) {
            opts.set("preset", "veryfast").set("x265-params", "log-level=none");
        } else if (m_p.video == VideoCodec::Av1) {
            opts.set("usage", "realtime").set("cpu-used", "8").set("row-mt", "1");
        } else if (m_p.video == VideoCodec::Vp9) {
            opts.set("deadline", "good").set("cpu-used", "5").set("row-mt", "1");
        }
        if (const int rc = avcodec_open2(enc.get(), codec, opts.ptr()); rc < 0) {
            error = std::string("cannot open ") + name + ": " + avError(rc);
            return false;
        }
        m_video.encoder = std::move(enc);
        return true;
    }

    bool openAudio(std::string& error)
    {
        m_audio.input = m_in.audio;
        const AVStream* st = m_in.fmt->streams[m_in.audio];
        const AVCodec* decoder = avcodec_find_decoder(st->codecpar->codec_id);
        if (!decoder || !openDecoder(m_audio, decoder, "0", error)) {
            if (!decoder)
                error = "no decoder for this audio";
            return false;
        }
        const char* name = m_p.audio == AudioCodec::Aac ? "aac" : "libopus";
        const AVCodec* codec = avcodec_find_encoder_by_name(name);
        CodecPtr enc(codec ? avcodec_alloc_context3(codec) : nullptr);
        if (!enc) {
            error = std::string(name) + " is missing from this FFmpeg";
            return false;
        }
        enc->sample_rate = 48000;
        av_channel_layout_default(&enc->ch_layout, 2);
        enc->sample_fmt = codec->sample_fmts ? codec->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
        enc->time_base = AVRational {1, 48000};
        enc->bit_rate = std::int64_t(m_p.audioKbps ? m_p.audioKbps : m_p.audio == AudioCodec::Aac ? 128 : 96) * 1000;
        enc->flags |= AV_CODEC_FLAG_BITEXACT;
        if (m_mux->oformat->flags & AVFMT_GLOBALHEADER)
            enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (const int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0) {
            error = std::string("cannot open ") + name + ": " + avError(rc);
            return false;
        }
        m_audio.encoder = std::move(enc);
        m_audio.filters = std::string("aresample=48000,aformat=sample_fmts=")
            + av_get_sample_fmt_name(m_audio.encoder->sample_fmt) + ":channel_layouts=stereo";
        m_device += std::string(m_device.empty() ? "cpu: " : " + ") + name;
        return addStream(m_audio, error);
    }

    bool addStream(Lane& lane, std::string& error)
    {
        lane.out = avformat_new_stream(m_mux, nullptr);
        if (!lane.out || avcodec_parameters_from_context(lane.out->codecpar, lane.encoder.get()) < 0) {
            error = "out of memory";
            return false;
        }
        lane.out->time_base = lane.encoder->time_base;
        return true;
    }

    /// The filter graph for frames of this shape (built again if the decoder's output changes).
    bool ensureGraph(Lane& lane, const AVFrame* f, std::string& error)
    {
        const bool video = &lane == &m_video;
        const std::uint64_t channels = video ? 0 : std::uint64_t(f->ch_layout.nb_channels);
        if (lane.graph && lane.graphW == f->width && lane.graphH == f->height && lane.graphFormat == f->format
            && lane.graphRate == std::uint64_t(f->sample_rate) && lane.graphChannels == channels) {
            return true;
        }
        if (lane.graph && !pullFiltered(lane, error)) // what the old graph still holds
            return false;
        lane.graph.reset(avfilter_graph_alloc());
        if (!lane.graph) {
            error = "out of memory";
            return false;
        }
        lane.graph->nb_threads = 1;
        const AVStream* st = m_in.fmt->streams[lane.input];
        char args[512];
        if (video) {
            std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=1/1", f->width,
                f->height, f->format, st->time_base.num, st->time_base.den);
        } else {
            char layout[128] = {};
            AVChannelLayout l {};
            if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
                av_channel_layout_default(&l, f->ch_layout.nb_channels);
            else
                av_channel_layout_copy(&l, &f->ch_layout);
            av_channel_layout_describe(&l, layout, sizeof layout);
            av_channel_layout_uninit(&l);
            std::snprintf(args, sizeof args, "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s",
                st->time_base.num, st->time_base.den, f->sample_rate, av_get_sample_fmt_name(AVSampleFormat(f->format)),
                layout);
        }
        const AVFilter* srcFilter = avfilter_get_by_name(video ? "buffer" : "abuffer");
        const AVFilter* sinkFilter = avfilter_get_by_name(video ? "buffersink" : "abuffersink");
        int rc = avfilter_graph_create_filter(&lane.src, srcFilter, "in", args, nullptr, lane.graph.get());
        if (rc >= 0)
            rc = avfilter_graph_create_filter(&lane.sink, sinkFilter, "out", nullptr, nullptr, lane.graph.get());
        AVFilterInOut* outputs = avfilter_inout_alloc();
        AVFilterInOut* inputs = avfilter_inout_alloc();
        if (rc >= 0 && outputs && inputs) {
            outputs->name = av_strdup("in");
            outputs->filter_ctx = lane.src;
            inputs->name = av_strdup("out");
            inputs->filter_ctx = lane.sink;
            rc = avfilter_graph_parse_ptr(lane.graph.get(), lane.filters.c_str(), &inputs, &outputs, nullptr);
        } else if (rc >= 0) {
            rc = AVERROR(ENOMEM);
        }
        avfilter_inout_free(&inputs);
        avfilter_inout_free(&outputs);
        if (rc >= 0)
            rc = avfilter_graph_config(lane.graph.get(), nullptr);
        if (rc < 0) {
            error = "cannot set up the filters: " + avError(rc);
            return false;
        }
        if (!video && !(lane.encoder->codec->capabilities & AV_CODEC_CAP_VARIABLE_FRAME_SIZE))
            av_buffersink_set_frame_size(lane.sink, unsigned(lane.encoder->frame_size));
        lane.graphW = f->width;
        lane.graphH = f->height;
        lane.graphFormat = f->format;
        lane.graphRate = std::uint64_t(f->sample_rate);
        lane.graphChannels = channels;
        return true;
    }

    bool decode(Lane& lane, const AVPacket* pkt, std::string& error)
    {
        int rc = avcodec_send_packet(lane.decoder.get(), pkt);
        if (rc < 0 && rc != AVERROR_EOF) {
            error = "the input cannot be decoded: " + avError(rc);
            return false;
        }
        const bool video = &lane == &m_video;
        while ((rc = avcodec_receive_frame(lane.decoder.get(), m_frame.get())) >= 0) {
            if (video) {
                // Decoders are capped near the declared frame size; each frame and the count are checked.
                const bool larger
                    = std::uint32_t(m_frame->width) > m_p.srcWidth || std::uint32_t(m_frame->height) > m_p.srcHeight;
                if (larger || ++lane.decodedFrames > m_p.frames) {
                    error = larger ? "the video has frames larger than the job declares"
                                   : "the video decodes to more frames than the job declares";
                    av_frame_unref(m_frame.get());
                    return false;
                }
            }
            m_frame->pts = m_frame->best_effort_timestamp;
            const bool ok = ensureGraph(lane, m_frame.get(), error);
            rc = ok ? av_buffersrc_add_frame_flags(lane.src, m_frame.get(), 0) : 0;
            av_frame_unref(m_frame.get());
            if (!ok)
                return false;
            if (rc < 0) {
                error = "cannot filter a frame: " + avError(rc);
                return false;
            }
            if (!pullFiltered(lane, error))
                return false;
        }
        if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) {
            error = "the input cannot be decoded: " + avError(rc);
            return false;
        }
        return true;
    }

    bool pullFiltered(Lane& lane, std::string& error)
    {
        int rc = 0;
        while ((rc = av_buffersink_get_frame(lane.sink, m_filtered.get())) >= 0) {
            if (m_filtered->pts != AV_NOPTS_VALUE)
                m_filtered->pts
                    = av_rescale_q(m_filtered->pts, av_buffersink_get_time_base(lane.sink), lane.encoder->time_base);
            m_filtered->pict_type = AV_PICTURE_TYPE_NONE;
            const bool ok = encode(lane, m_filtered.get(), error);
            av_frame_unref(m_filtered.get());
            if (!ok)
                return false;
        }
        if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) {
            error = "cannot filter: " + avError(rc);
            return false;
        }
        return true;
    }

    bool encode(Lane& lane, const AVFrame* frame, std::string& error)
    {
        if (const int rc = avcodec_send_frame(lane.encoder.get(), frame); rc < 0) {
            error = std::string("cannot encode: ") + avError(rc);
            return false;
        }
        return receivePackets(lane, SIZE_MAX, error);
    }

    /// Writes up to `limit` of the packets the encoder has ready.
    bool receivePackets(Lane& lane, std::size_t limit, std::string& error)
    {
        int rc = 0;
        for (std::size_t n = 0; n < limit && (rc = avcodec_receive_packet(lane.encoder.get(), m_encoded.get())) >= 0;
             ++n) {
            av_packet_rescale_ts(m_encoded.get(), lane.encoder->time_base, lane.out->time_base);
            m_encoded->stream_index = lane.out->index;
            rc = av_interleaved_write_frame(m_mux, m_encoded.get()); // takes the packet's reference
            if (rc < 0) {
                error = overflowOr("cannot write the output: ", rc);
                return false;
            }
        }
        if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) {
            error = std::string("cannot encode: ") + avError(rc);
            return false;
        }
        return true;
    }

    TranscodeParams m_p;
    std::span<std::uint8_t> m_output;
    Demuxer m_in;
    AVFormatContext* m_mux = nullptr;
    MemoryWriter m_writer;
    Lane m_video, m_audio;
    PacketPtr m_pkt, m_encoded;
    FramePtr m_frame, m_filtered;
    std::uint64_t m_videoCost = 0, m_audioCost = 0, m_stepBudget = 1, m_costRead = 0;
    std::size_t m_readSteps = 0, m_steps = 1;
    std::string m_device;
    bool m_finished = false; ///< the encoders were drained and the trailer written
};

} // namespace

std::optional<MediaInfo> probeMedia(std::span<const std::uint8_t> input, std::string& error)
{
    quietFfmpeg();
    Demuxer d;
    PacketCounts counts;
    const Limits limits;
    if (!d.open(input, limits, error))
        return std::nullopt;
    return d.scan(limits, counts, error);
}

std::optional<std::span<const std::uint8_t>> transcodeOutput(std::span<const std::uint8_t> result)
{
    if (result.size() < 8)
        return std::nullopt;
    std::uint64_t length = 0;
    for (int i = 0; i < 8; ++i)
        length |= std::uint64_t(result[std::size_t(i)]) << (8 * i);
    if (length > result.size() - 8)
        return std::nullopt;
    return result.subspan(8, std::size_t(length));
}

std::unique_ptr<Task> makeMediaTask(const TranscodeParams& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int cudaDevice, std::string& error)
{
    auto task = std::make_unique<TranscodeTask>(params, output);
    if (!task->init(input, cudaDevice, error))
        return nullptr;
    return task;
}

namespace media {
std::unique_ptr<Task> makeMediaOrRefusal(
    const TranscodeParams& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int cudaDevice)
{
    std::string error;
    if (auto task = makeMediaTask(params, input, output, cudaDevice, error))
        return task;
    return std::make_unique<RefusedTask>(error);
}
} // namespace media

} // namespace cocoon::kernels
