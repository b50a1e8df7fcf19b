#pragma once
// The kernel catalogue v1. Only these kernels ever run; a job names one and gives parameters that
// core/jobs/Catalogue validates into the structs below. Each kernel documents its parameters,
// limits and metering (docs/protocol.md, "Kernel catalogue v1").
//
// Memory: kernels never allocate host memory for job data. The caller (the worker, which keeps
// plaintext in locked, wiped memory) passes the input, the output buffer and a scratch buffer of
// the sizes these functions report. Device memory is owned by the CUDA task and wiped on release.
//
// Execution is sliced: a Task is a fixed sequence of steps, each bounded (a few milliseconds),
// run in order. Between steps the worker may sleep, stop and later resume; the step boundaries do
// not depend on timing, so an interrupted run produces exactly the output of an uninterrupted one.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace cocoon::kernels {

enum class Activation { None, Relu, Gelu, Tanh };
enum class DType { F32, F16, F64 };
enum class PixelFormat { Rgba8, Rgb8, Gray8 };
enum class ResizeFilter { Bilinear, Area };
enum class YuvFormat { Rgba8, Nv12, I420 };
enum class Matrix { Bt601, Bt709 };
enum class Range { Full, Limited };

struct MlpLayer
{
    std::uint32_t in = 0;
    std::uint32_t out = 0;
    Activation activation = Activation::None;
};

/// ai.mlp: Y = act(X·W + b) per layer, optional softmax over the last layer's outputs.
/// Input (little-endian, `dtype`): X [batch × layers[0].in], then per layer W [in × out] row-major and b [out].
/// Output: Y [batch × layers.back().out] as f32. With f16 storage, products accumulate in f32 and
/// each hidden layer's activations are rounded to f16 before the next product.
struct MlpParams
{
    std::vector<MlpLayer> layers;
    std::uint32_t batch = 0;
    bool softmax = false;
    DType dtype = DType::F32; ///< F32 or F16
};

/// media.resize: `format` pixels, tightly packed rows, src → dst size. bilinear = triangle filter
/// widened by the scale factor when shrinking (Pillow BILINEAR / ImageMagick Triangle); area =
/// average of the covered source pixels (box).
struct ResizeParams
{
    std::uint32_t srcWidth = 0, srcHeight = 0;
    std::uint32_t width = 0, height = 0;
    PixelFormat format = PixelFormat::Rgba8;
    ResizeFilter filter = ResizeFilter::Bilinear;
};

/// media.convert: RGBA8 <-> NV12 / I420 (4:2:0, chroma = mean of each 2×2 block), BT.601/709, full/limited.
struct ConvertParams
{
    std::uint32_t width = 0, height = 0;
    YuvFormat from = YuvFormat::Rgba8, to = YuvFormat::Nv12;
    Matrix matrix = Matrix::Bt709;
    Range range = Range::Limited;
};

/// analytics.colstats: per column of a row-major table: count, nan_count, sum, min, max, mean,
/// variance (population). Output per column: u64 count, u64 nan_count, then f64 sum, min, max,
/// mean, variance (56 bytes, little-endian). NaN values are skipped and counted; ±Inf take part
/// (IEEE arithmetic; the variance of a column with an infinity is NaN). Empty column: sum 0,
/// min/max/mean/variance NaN.
struct ColstatsParams
{
    std::uint64_t rows = 0;
    std::uint32_t cols = 0;
    DType dtype = DType::F32; ///< F32 or F64
};

/// bench.probe: a fixed integer workload (lanes × rounds of a 32-bit mixing function) whose output,
/// one u64 checksum, is identical on every device. The worker times it for the device score.
struct ProbeParams
{
    std::uint32_t lanes = 1u << 16;
    std::uint32_t rounds = 256;
};

enum class VideoCodec { None, H264, Hevc, Av1, Vp9 };
enum class AudioCodec { None, Aac, Opus };
enum class Container { Mp4, Webm, Ts };

/// media.transcode: a media file (MP4/MOV, Matroska/WebM or MPEG-TS; audio-only too) decoded and
/// re-encoded with FFmpeg's libraries, in memory only. The owner declares the input's size, frame
/// size, video frame count and duration (cocoonctl fills them in with probeMedia()); the node
/// checks the file against them before the job decodes anything, and the job is metered from them.
/// Output: u64 little-endian length, that many bytes of the output file, then zeros up to
/// maxOutputBytes (a fixed size, so the sealed result says nothing about the content).
struct TranscodeParams
{
    std::uint64_t inputBytes = 0;
    std::uint32_t srcWidth = 0, srcHeight = 0; ///< the input's frame size (0 × 0: no video)
    std::uint32_t frames = 0; ///< the input's video frames, at most
    std::uint32_t durationMs = 0; ///< the input's duration, at most
    VideoCodec video = VideoCodec::H264;
    std::uint32_t crf = 0; ///< constant quality (0: the codec's default unless videoKbps is set)
    std::uint32_t videoKbps = 0; ///< average bitrate instead of crf
    std::uint32_t width = 0, height = 0; ///< output frame size (0: the input's)
    std::uint32_t fps = 0; ///< output frame rate (0: the input's)
    AudioCodec audio = AudioCodec::Aac;
    std::uint32_t audioKbps = 0; ///< 0: 128 (AAC) or 96 (Opus)
    Container container = Container::Mp4; ///< MP4 is written fragmented (streamable)
    std::uint64_t maxOutputBytes = 0;
};

/// ai.generate: a chat completion by a GGUF language model on llama.cpp / ggml. The manifest names
/// the model by its file's SHA-256 (and size); the node serves only models it holds, checks the
/// hash and the file's limits before loading. Input: the chat (encodeChat()). Output: a 32-byte
/// header (generateOutput()), then the completion's UTF-8 text, then zeros up to the fixed size
/// 32 + maxTokens × kBytesPerToken. Steps are prompt batches, then one token each; the committed
/// text (streamed()) grows as tokens are produced, holding back what could begin a stop string.
/// No floats in manifests: temperature and top-p are in thousandths.
struct GenerateParams
{
    std::array<std::uint8_t, 32> model {}; ///< SHA-256 of the GGUF file
    std::uint64_t modelBytes = 0; ///< its size
    std::uint64_t inputBytes = 0; ///< the encoded chat
    std::uint32_t contextTokens = 2048; ///< prompt + completion
    std::uint32_t maxTokens = 256;
    std::uint32_t temperatureMilli = 0; ///< 0: greedy (the most likely token)
    std::uint32_t topPMilli = 1000;
    std::uint32_t topK = 0; ///< 0: off
    std::uint64_t seed = 0;
    std::vector<std::string> stop; ///< the completion ends before the first of these
};
inline constexpr std::uint64_t kBytesPerToken = 32; ///< output room per completion token
inline constexpr std::size_t kGenerateHeaderBytes = 32;
inline constexpr std::uint64_t kChatTemplateTokens = 256; ///< metering allowance for the template
inline constexpr std::uint64_t kMaxModelBytes = 256ull << 30;
inline constexpr std::uint32_t kMaxContextTokens = 131072;

using Params = std::variant<MlpParams, ResizeParams, ConvertParams, ColstatsParams, ProbeParams, TranscodeParams,
    GenerateParams>;

/// Sizes and metering of a job; every multiplication is overflow-checked (nullopt = too large).
struct Footprint
{
    std::uint64_t inputBytes = 0;
    std::uint64_t outputBytes = 0;
    std::uint64_t scratchBytes = 0; ///< host scratch the CPU backend needs
    std::uint64_t deviceBytes = 0; ///< device memory the CUDA backend needs (VRAM)
    std::uint64_t units = 0; ///< metering: FLOPs (ai), output pixels (media), elements (analytics), operations (probe)
};
std::optional<Footprint> footprint(const Params& params);

/// The name in the catalogue ("ai.mlp", ...) and its version.
const char* kernelName(const Params& params);
inline constexpr std::uint32_t kCatalogueVersion = 1;

enum class Backend { Cpu, Cuda };
const char* backendName(Backend backend);

class Task
{
public:
    virtual ~Task() = default;
    virtual std::size_t stepCount() const = 0;
    /// Runs step `index`; steps must run in order 0 .. stepCount()-1. Returns false with `error`
    /// set when the device failed (the job is then reported as failed, never as done).
    virtual bool runStep(std::size_t index, std::string& error) = 0;
    /// After the last step the output buffer holds the result (a CUDA task copies it back here).
    /// Releases device memory (a long pause gives VRAM back); the next step re-acquires it.
    virtual void releaseDevice() { }
    /// A short description of where it runs ("cpu", "cuda:0 NVIDIA ...").
    virtual std::string device() const = 0;
    /// True when the remaining steps have nothing left to do (a completion that ended early).
    virtual bool finished() const { return false; }
    /// The part of the output's stream region that is final so far (grows step by step; empty for
    /// kernels that do not stream). The worker sends each new part as a sealed chunk.
    virtual std::span<const std::uint8_t> streamed() const { return {}; }
    /// Metered units when they are known only after running (at most footprint().units).
    virtual std::optional<std::uint64_t> meteredUnits() const { return std::nullopt; }
};

// ---- ai.generate -------------------------------------------------------------------------------
enum class ChatRole : std::uint8_t { System = 0, User = 1, Assistant = 2 };
struct ChatMessage
{
    ChatRole role = ChatRole::User;
    std::string content;
};
/// The chat as ai.generate reads it: per message u8 role, u32 little-endian length, UTF-8 content.
std::vector<std::uint8_t> encodeChat(const std::vector<ChatMessage>& chat);
/// nullopt with `error` when the bytes are not a well-formed chat (at most 1024 messages).
std::optional<std::vector<ChatMessage>> decodeChat(std::span<const std::uint8_t> bytes, std::string& error);

enum class FinishReason : std::uint32_t { Running = 0, Stop = 1, Length = 2 };
struct GenerateOutput
{
    FinishReason finish = FinishReason::Running;
    std::uint32_t promptTokens = 0, completionTokens = 0;
    std::uint32_t reloads = 0, lastReloadMs = 0; ///< model reloads after the GPU was given back
    std::string_view text;
};
/// Reads an ai.generate result (nullopt when malformed).
std::optional<GenerateOutput> generateOutput(std::span<const std::uint8_t> result);

/// What the node checks in a GGUF file before any tensor is loaded.
struct ModelInfo
{
    std::string architecture, name;
    std::uint64_t fileBytes = 0;
    std::uint64_t tensorBytes = 0;
    std::int64_t tensors = 0, keys = 0;
    std::uint32_t contextTokens = 0; ///< trained context
    std::array<std::uint8_t, 32> sha256 {}; ///< the file's (inspectModelFile only)
};
/// Reads the GGUF header (metadata only, limits applied); nullopt with `error` otherwise.
std::optional<ModelInfo> inspectModel(
    std::span<const std::uint8_t> header, std::uint64_t fileBytes, std::string& error);
/// The same for a file, and its SHA-256 — computed once per version of the file (its inode, size,
/// modification and change times), which the jobs using it then do not compute again.
std::optional<ModelInfo> inspectModelFile(const std::string& path, std::string& error);
/// Bytes of model files hashed in this process so far (how tests see that hashes are reused).
std::uint64_t modelBytesHashed();
/// True when the build has the llama.cpp engine (COCOON_LLM).
bool llmAvailable();
/// ai.generate keeps the last model of each device loaded after its job (on a GPU, in VRAM), so
/// the next query on it starts without loading; a job needing the device for another model makes
/// it go. releaseResidentModels() gives that memory back when the device is to be free (the
/// owner's pause has lasted); residentModelBytes() is what it holds (the node counts it as free).
/// `cudaDevice` -1: the CPU.
void releaseResidentModels(int cudaDevice);
std::uint64_t residentModelBytes(int cudaDevice);
/// CPU threads an ai.generate job uses: one per 128 MiB of model, up to the cores (at most 16).
/// ggml's threads meet at a spinning barrier after every operation, so a small model is fastest,
/// and kindest to the machine's owner, on one thread.
int generateThreads(std::uint64_t modelBytes);

/// An ai.generate task. `modelPath` is the node's file for params.model: it is hashed and checked
/// before loading, and loaded from the same open file. nullptr with `error` when refused, and
/// `*modelRefused` true when the model (its file, or the engine) rather than the chat is why.
std::unique_ptr<Task> makeGenerateTask(const GenerateParams& params, const std::string& modelPath,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int cudaDevice, std::string& error,
    bool* modelRefused = nullptr);

/// What probeMedia() found in a media file (demuxed, not decoded).
struct MediaInfo
{
    std::string container; ///< FFmpeg's demuxer name ("mov,mp4,...", "matroska,webm", "mpegts")
    std::string videoCodec, audioCodec; ///< empty when there is no such stream
    std::uint32_t width = 0, height = 0;
    std::uint32_t frames = 0; ///< video packets (one frame each in the accepted formats)
    std::uint32_t durationMs = 0; ///< the end of the last packet
};
/// The limits every media input is held to before anything is decoded.
inline constexpr std::uint32_t kMaxMediaSide = 8192;
inline constexpr std::uint32_t kMaxMediaFrames = 500'000; ///< about 4.6 hours at 30 frames/s
inline constexpr std::uint32_t kMaxMediaDurationMs = 24u * 3600 * 1000;
/// Demuxes `input` (only the accepted containers and codecs, within the limits above) and reports
/// what a media.transcode job must declare; nullopt with `error` in plain words otherwise.
std::optional<MediaInfo> probeMedia(std::span<const std::uint8_t> input, std::string& error);
/// The output file inside a media.transcode result (its length prefix checked); nullopt when the
/// result is malformed.
std::optional<std::span<const std::uint8_t>> transcodeOutput(std::span<const std::uint8_t> result);
/// A media.transcode task: the input is checked against `params` and the limits (the job decodes
/// nothing before that); nullptr with `error` when it is refused. `cudaDevice` >= 0 asks for
/// NVDEC/NVENC on that GPU; without them it falls back to the CPU codecs and device() says why.
std::unique_ptr<Task> makeMediaTask(const TranscodeParams& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int cudaDevice, std::string& error);

/// Creates a task over caller-owned buffers of the sizes footprint() reports. `stepWork` is the
/// work per step in multiply-adds (0: the default, a few milliseconds; huge: one step, for
/// measuring what slicing costs). A refused media input gives a task whose first step fails.
std::unique_ptr<Task> makeCpuTask(const Params& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, std::span<std::uint8_t> scratch, std::uint64_t stepWork = 0);
/// nullptr with `error` set when the CUDA backend is not built or no device is usable.
std::unique_ptr<Task> makeCudaTask(const Params& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int device, std::string& error);

} // namespace cocoon::kernels
