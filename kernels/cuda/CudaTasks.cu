// The kernel catalogue on NVIDIA GPUs. Same parameters, step boundaries and arithmetic as the CPU
// backend (kernels/cpu), which is the reference the tests compare against. Device memory is
// owned here (RAII), wiped before it is freed, and can be spilled to locked host memory while a
// job is paused (releaseDevice) and restored on the next step.
#include "Backend.h"
#include "Kernels.h"
#include "common/Shared.h"
#include "cuda/PluginAbi.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <cub/device/device_reduce.cuh>
#include <cublas_v2.h>
#include <sys/mman.h>

namespace cocoon::kernels {
namespace {

// Work per step on a GPU, sized for about a millisecond on a mid-range card: elements for the
// memory-bound kernels, multiply-adds for the MLP's cuBLAS products. Fixed per job (not timed),
// so the step plan, and therefore the result, never depends on timing.
constexpr std::uint64_t kStepWork = 1u << 26;
constexpr std::uint64_t kMlpStepWork = 1ull << 32;

bool check(cudaError_t e, const char* what, std::string& error)
{
    if (e == cudaSuccess)
        return true;
    error = std::string(what) + ": " + cudaGetErrorString(e);
    cudaGetLastError();
    return false;
}

bool check(cublasStatus_t s, const char* what, std::string& error)
{
    if (s == CUBLAS_STATUS_SUCCESS)
        return true;
    error = std::string(what) + ": cuBLAS status " + std::to_string(int(s));
    return false;
}

/// Host memory for spilled device buffers: locked where allowed, wiped on release.
struct HostSpill
{
    std::uint8_t* p = nullptr;
    std::size_t n = 0;
    bool locked = false;
    void allocate(std::size_t bytes)
    {
        release();
        p = static_cast<std::uint8_t*>(std::calloc(std::max<std::size_t>(bytes, 1), 1));
        n = bytes;
        locked = p && ::mlock(p, n) == 0;
    }
    void release()
    {
        if (p) {
            explicit_bzero(p, n);
            if (locked)
                ::munlock(p, n);
            std::free(p);
        }
        p = nullptr;
        n = 0;
    }
    ~HostSpill() { release(); }
};

/// Base of every CUDA task: a stream, named device buffers, spill/restore.
class CudaTask : public Task
{
public:
    CudaTask(int device, std::span<std::uint8_t> output)
        : m_deviceIndex(device)
        , m_output(output)
    {
        cudaDeviceProp prop {};
        if (cudaGetDeviceProperties(&prop, device) == cudaSuccess)
            m_name = prop.name;
    }
    ~CudaTask() override
    {
        cudaSetDevice(m_deviceIndex);
        freeDevice(true);
        if (m_stream)
            cudaStreamDestroy(m_stream);
    }

    std::string device() const override { return "cuda:" + std::to_string(m_deviceIndex) + " " + m_name; }

    bool init(std::string& error)
    {
        return check(cudaSetDevice(m_deviceIndex), "cudaSetDevice", error)
            && check(cudaStreamCreateWithFlags(&m_stream, cudaStreamNonBlocking), "cudaStreamCreate", error)
            && allocateAll(error) && setup(error) && check(cudaStreamSynchronize(m_stream), "setup", error);
    }

    bool runStep(std::size_t index, std::string& error) override
    {
        if (!check(cudaSetDevice(m_deviceIndex), "cudaSetDevice", error))
            return false;
        if (m_spilled && !restore(error))
            return false;
        if (!step(index, error))
            return false;
        if (!check(cudaGetLastError(), "kernel launch", error))
            return false;
        if (!check(cudaStreamSynchronize(m_stream), "kernel", error))
            return false;
        if (index + 1 == stepCount()) {
            return finish(error);
        }
        return true;
    }

    void releaseDevice() override
    {
        if (m_spilled)
            return;
        cudaSetDevice(m_deviceIndex);
        m_spill.resize(m_buffers.size());
        for (std::size_t i = 0; i < m_buffers.size(); ++i) {
            m_spill[i].allocate(m_buffers[i].bytes);
            if (m_buffers[i].bytes)
                cudaMemcpy(m_spill[i].p, m_buffers[i].ptr, m_buffers[i].bytes, cudaMemcpyDeviceToHost);
        }
        freeDevice(false);
        m_spilled = true;
    }

protected:
    struct Buffer
    {
        void* ptr = nullptr;
        std::size_t bytes = 0;
    };

    /// Declares buffer sizes before init() allocates them.
    std::size_t addBuffer(std::size_t bytes)
    {
        m_buffers.push_back({nullptr, bytes});
        return m_buffers.size() - 1;
    }
    template <typename T>
    T* buf(std::size_t i) const
    {
        return static_cast<T*>(m_buffers[i].ptr);
    }

    virtual bool setup(std::string& error) = 0; ///< upload input, prepare
    virtual bool step(std::size_t index, std::string& error) = 0; ///< enqueue one step
    virtual bool finish(std::string& error) = 0; ///< copy the result to m_output

    int m_deviceIndex;
    std::string m_name;
    std::span<std::uint8_t> m_output;
    cudaStream_t m_stream = nullptr;

private:
    bool allocateAll(std::string& error)
    {
        for (Buffer& b : m_buffers) {
            if (b.bytes && !check(cudaMalloc(&b.ptr, b.bytes), "cudaMalloc", error))
                return false;
        }
        return true;
    }
    bool restore(std::string& error)
    {
        if (!allocateAll(error))
            return false;
        for (std::size_t i = 0; i < m_buffers.size(); ++i) {
            if (m_buffers[i].bytes
                && !check(cudaMemcpy(m_buffers[i].ptr, m_spill[i].p, m_buffers[i].bytes, cudaMemcpyHostToDevice),
                    "restore", error))
                return false;
            m_spill[i].release();
        }
        m_spilled = false;
        return true;
    }
    void freeDevice(bool)
    {
        for (Buffer& b : m_buffers) {
            if (b.ptr) {
                cudaMemset(b.ptr, 0, b.bytes); // wipe job data before the memory goes back
                cudaFree(b.ptr);
                b.ptr = nullptr;
            }
        }
    }

    std::vector<Buffer> m_buffers;
    std::vector<HostSpill> m_spill;
    bool m_spilled = false;
};

// ---- ai.mlp ---------------------------------------------------------------------------------

__device__ float activateDev(int a, float x)
{
    switch (a) {
    case 1:
        return x > 0.0f ? x : 0.0f;
    case 2:
        return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    case 3:
        return tanhf(x);
    default:
        return x;
    }
}

__global__ void biasActivate(float* c, const void* bias, bool biasHalf, int rows, int cols, int act, __half* half)
{
    const std::size_t i = std::size_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i >= std::size_t(rows) * cols)
        return;
    const int j = int(i % cols);
    const float b = biasHalf ? __half2float(static_cast<const __half*>(bias)[j]) : static_cast<const float*>(bias)[j];
    const float v = activateDev(act, c[i] + b);
    c[i] = v;
    if (half)
        half[i] = __float2half_rn(v);
}

__global__ void softmaxRows(float* c, int rows, int cols)
{
    const int r = blockIdx.x;
    if (r >= rows)
        return;
    float* row = c + std::size_t(r) * cols;
    __shared__ float shared[256];
    float mx = -INFINITY;
    for (int j = threadIdx.x; j < cols; j += blockDim.x)
        mx = fmaxf(mx, row[j]);
    shared[threadIdx.x] = mx;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s)
            shared[threadIdx.x] = fmaxf(shared[threadIdx.x], shared[threadIdx.x + s]);
        __syncthreads();
    }
    mx = shared[0];
    __syncthreads();
    float sum = 0.0f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) {
        row[j] = expf(row[j] - mx);
        sum += row[j];
    }
    shared[threadIdx.x] = sum;
    __syncthreads();
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s)
            shared[threadIdx.x] += shared[threadIdx.x + s];
        __syncthreads();
    }
    sum = shared[0];
    for (int j = threadIdx.x; j < cols; j += blockDim.x)
        row[j] /= sum;
}

class MlpCuda final : public CudaTask
{
public:
    MlpCuda(const MlpParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, int device)
        : CudaTask(device, out)
        , m_p(p)
        , m_in(in)
    {
        const MlpLayout layout = mlpLayout(p);
        m_offsets = layout.weightOffset;
        const std::size_t acts = std::size_t(p.batch) * layout.maxDim;
        m_weights = addBuffer(in.size());
        m_act[0] = addBuffer(acts * 4);
        m_act[1] = addBuffer(acts * 4);
        m_half[0] = addBuffer(p.dtype == DType::F16 ? acts * 2 : 0);
        m_half[1] = addBuffer(p.dtype == DType::F16 ? acts * 2 : 0);
        m_steps = mlpSteps(p, kMlpStepWork);
    }
    ~MlpCuda() override
    {
        if (m_blas)
            cublasDestroy(m_blas);
    }
    std::size_t stepCount() const override { return m_steps.size(); }

protected:
    bool setup(std::string& error) override
    {
        return check(cublasCreate(&m_blas), "cublasCreate", error)
            && check(cublasSetStream(m_blas, m_stream), "cublasSetStream", error)
            && check(cudaMemcpyAsync(buf<void>(m_weights), m_in.data(), m_in.size(), cudaMemcpyHostToDevice, m_stream),
                "upload", error);
    }

    bool step(std::size_t index, std::string& error) override
    {
        const MlpStep& st = m_steps[index];
        const MlpLayer& layer = m_p.layers[st.layer];
        const bool f16 = m_p.dtype == DType::F16;
        const bool last = st.layer + 1 == m_p.layers.size();
        const float one = 1.0f, zero = 0.0f;
        const int rows = int(st.r1 - st.r0);
        auto* base = buf<std::uint8_t>(m_weights);
        const void* w = base + m_offsets[st.layer];
        const std::size_t elem = f16 ? 2 : 4;
        const void* bias = base + m_offsets[st.layer] + std::size_t(layer.in) * layer.out * elem;
        float* c = buf<float>(m_act[(st.layer + 1) % 2]) + std::size_t(st.r0) * layer.out;
        // Column-major view: C^T (out × rows) = W^T (out × in) · A^T (in × rows).
        if (f16) {
            const __half* a = st.layer == 0 ? reinterpret_cast<const __half*>(base) : buf<__half>(m_half[st.layer % 2]);
            a += std::size_t(st.r0) * layer.in;
            if (!check(cublasGemmEx(m_blas, CUBLAS_OP_N, CUBLAS_OP_N, int(layer.out), rows, int(layer.in), &one, w,
                           CUDA_R_16F, int(layer.out), a, CUDA_R_16F, int(layer.in), &zero, c, CUDA_R_32F,
                           int(layer.out), CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                    "cublasGemmEx", error))
                return false;
        } else {
            const float* a = st.layer == 0 ? reinterpret_cast<const float*>(base) : buf<float>(m_act[st.layer % 2]);
            a += std::size_t(st.r0) * layer.in;
            if (!check(cublasSgemm(m_blas, CUBLAS_OP_N, CUBLAS_OP_N, int(layer.out), rows, int(layer.in), &one,
                           static_cast<const float*>(w), int(layer.out), a, int(layer.in), &zero, c, int(layer.out)),
                    "cublasSgemm", error))
                return false;
        }
        const std::size_t n = std::size_t(rows) * layer.out;
        __half* half
            = (f16 && !last) ? buf<__half>(m_half[(st.layer + 1) % 2]) + std::size_t(st.r0) * layer.out : nullptr;
        biasActivate<<<unsigned((n + 255) / 256), 256, 0, m_stream>>>(
            c, bias, f16, rows, int(layer.out), int(layer.activation), half);
        if (last && m_p.softmax)
            softmaxRows<<<unsigned(rows), 256, 0, m_stream>>>(c, rows, int(layer.out));
        return true;
    }

    bool finish(std::string& error) override
    {
        return check(cudaMemcpy(m_output.data(), buf<float>(m_act[m_p.layers.size() % 2]), m_output.size(),
                         cudaMemcpyDeviceToHost),
            "download", error);
    }

private:
    MlpParams m_p;
    std::span<const std::uint8_t> m_in;
    std::vector<std::size_t> m_offsets;
    std::vector<MlpStep> m_steps;
    std::size_t m_weights = 0, m_act[2] = {0, 0}, m_half[2] = {0, 0};
    cublasHandle_t m_blas = nullptr;
};

// ---- media.resize ---------------------------------------------------------------------------

__global__ void resizeH(const std::uint8_t* src, float* tmp, const float* w, const int* first, const int* count,
    int taps, int srcW, int dstW, int ch, int y0, int y1)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = y0 + blockIdx.y;
    if (x >= dstW || y >= y1)
        return;
    const std::uint8_t* s = src + (std::size_t(y) * srcW + first[x]) * ch;
    float acc[4] = {0, 0, 0, 0};
    for (int k = 0; k < count[x]; ++k)
        for (int c = 0; c < ch; ++c)
            acc[c] += w[std::size_t(x) * taps + k] * float(s[k * ch + c]);
    for (int c = 0; c < ch; ++c)
        tmp[(std::size_t(y) * dstW + x) * ch + c] = acc[c];
}

__global__ void resizeV(const float* tmp, std::uint8_t* dst, const float* w, const int* first, const int* count,
    int taps, int dstW, int ch, int y0, int y1)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = y0 + blockIdx.y;
    const int rowLen = dstW * ch;
    if (i >= rowLen || y >= y1)
        return;
    float acc = 0.0f;
    for (int k = 0; k < count[y]; ++k)
        acc += w[std::size_t(y) * taps + k] * tmp[std::size_t(first[y] + k) * rowLen + i];
    dst[std::size_t(y) * rowLen + i] = clampRound(double(acc));
}

class ResizeCuda final : public CudaTask
{
public:
    ResizeCuda(const ResizeParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, int device)
        : CudaTask(device, out)
        , m_p(p)
        , m_in(in)
        , m_ch(channelsOf(p.format))
        , m_wx(axisWeights(p.srcWidth, p.width, p.filter))
        , m_wy(axisWeights(p.srcHeight, p.height, p.filter))
    {
        m_src = addBuffer(in.size());
        m_dst = addBuffer(out.size());
        m_tmp = addBuffer(std::size_t(p.srcHeight) * p.width * m_ch * 4);
        m_wxBuf = addBuffer(m_wx.weights.size() * 4 + m_wx.first.size() * 8);
        m_wyBuf = addBuffer(m_wy.weights.size() * 4 + m_wy.first.size() * 8);
        const std::uint64_t rowWork = std::uint64_t(p.width) * m_ch * std::max(m_wx.taps, m_wy.taps);
        m_rows = std::uint32_t(std::clamp<std::uint64_t>(
            kStepWork / std::max<std::uint64_t>(rowWork, 1), 1, std::max(p.srcHeight, p.height)));
        m_hSteps = (p.srcHeight + m_rows - 1) / m_rows;
        m_vSteps = (p.height + m_rows - 1) / m_rows;
    }
    std::size_t stepCount() const override { return m_hSteps + m_vSteps; }

protected:
    bool upload(std::size_t b, const AxisWeights& w, std::string& error)
    {
        auto* p = buf<std::uint8_t>(b);
        return check(cudaMemcpyAsync(p, w.weights.data(), w.weights.size() * 4, cudaMemcpyHostToDevice, m_stream),
                   "upload", error)
            && check(cudaMemcpyAsync(p + w.weights.size() * 4, w.first.data(), w.first.size() * 4,
                         cudaMemcpyHostToDevice, m_stream),
                "upload", error)
            && check(cudaMemcpyAsync(p + w.weights.size() * 4 + w.first.size() * 4, w.count.data(), w.count.size() * 4,
                         cudaMemcpyHostToDevice, m_stream),
                "upload", error)
            && check(cudaStreamSynchronize(m_stream), "upload", error);
    }
    bool setup(std::string& error) override
    {
        return check(cudaMemcpyAsync(buf<void>(m_src), m_in.data(), m_in.size(), cudaMemcpyHostToDevice, m_stream),
                   "upload", error)
            && upload(m_wxBuf, m_wx, error) && upload(m_wyBuf, m_wy, error);
    }
    bool step(std::size_t index, std::string&) override
    {
        const auto weights = [&](std::size_t b, const AxisWeights& w, const float*& wp, const int*& f, const int*& c) {
            auto* p = buf<std::uint8_t>(b);
            wp = reinterpret_cast<const float*>(p);
            f = reinterpret_cast<const int*>(p + w.weights.size() * 4);
            c = f + w.first.size();
        };
        const float* wp;
        const int *f, *c;
        if (index < m_hSteps) {
            const int y0 = int(index * m_rows),
                      y1 = int(std::min<std::uint64_t>(m_p.srcHeight, std::uint64_t(y0) + m_rows));
            weights(m_wxBuf, m_wx, wp, f, c);
            dim3 grid((m_p.width + 127) / 128, unsigned(y1 - y0));
            resizeH<<<grid, 128, 0, m_stream>>>(buf<std::uint8_t>(m_src), buf<float>(m_tmp), wp, f, c, m_wx.taps,
                int(m_p.srcWidth), int(m_p.width), m_ch, y0, y1);
        } else {
            const int y0 = int((index - m_hSteps) * m_rows),
                      y1 = int(std::min<std::uint64_t>(m_p.height, std::uint64_t(y0) + m_rows));
            weights(m_wyBuf, m_wy, wp, f, c);
            dim3 grid((m_p.width * m_ch + 127) / 128, unsigned(y1 - y0));
            resizeV<<<grid, 128, 0, m_stream>>>(
                buf<float>(m_tmp), buf<std::uint8_t>(m_dst), wp, f, c, m_wy.taps, int(m_p.width), m_ch, y0, y1);
        }
        return true;
    }
    bool finish(std::string& error) override
    {
        return check(
            cudaMemcpy(m_output.data(), buf<void>(m_dst), m_output.size(), cudaMemcpyDeviceToHost), "download", error);
    }

private:
    ResizeParams m_p;
    std::span<const std::uint8_t> m_in;
    int m_ch;
    AxisWeights m_wx, m_wy;
    std::size_t m_src = 0, m_dst = 0, m_tmp = 0, m_wxBuf = 0, m_wyBuf = 0;
    std::uint32_t m_rows = 1;
    std::size_t m_hSteps = 0, m_vSteps = 0;
};

// ---- media.convert --------------------------------------------------------------------------

struct ConvertArgs
{
    int width, height, from, to; // from/to: 0 rgba, 1 nv12, 2 i420
    double kr, kb, yScale, yOffset, cScale;
};

__device__ std::size_t chromaOffset(const ConvertArgs& a, int fmt, int cx, int cy, bool v)
{
    const std::size_t luma = std::size_t(a.width) * a.height;
    const std::size_t cw = (a.width + 1) / 2, chh = (a.height + 1) / 2;
    if (fmt == 1)
        return luma + (std::size_t(cy) * cw + cx) * 2 + (v ? 1 : 0);
    return luma + std::size_t(cy) * cw + cx + (v ? cw * chh : 0);
}

__global__ void convertBlocks(const std::uint8_t* in, std::uint8_t* out, ConvertArgs a, int cy0, int cy1)
{
    const int cx = blockIdx.x * blockDim.x + threadIdx.x;
    const int cy = cy0 + blockIdx.y;
    if (cx >= (a.width + 1) / 2 || cy >= cy1)
        return;
    const double kg = 1.0 - a.kr - a.kb;
    const int yEnd = min(cy * 2 + 2, a.height), xEnd = min(cx * 2 + 2, a.width);
    if (a.from == 0) {
        double cbSum = 0.0, crSum = 0.0;
        int n = 0;
        for (int y = cy * 2; y < yEnd; ++y)
            for (int x = cx * 2; x < xEnd; ++x) {
                const std::uint8_t* px = in + (std::size_t(y) * a.width + x) * 4;
                const double r = px[0] / 255.0, g = px[1] / 255.0, b = px[2] / 255.0;
                const double luma = a.kr * r + kg * g + a.kb * b;
                out[std::size_t(y) * a.width + x] = clampRound(a.yOffset + a.yScale * luma);
                cbSum += (b - luma) / (2.0 * (1.0 - a.kb));
                crSum += (r - luma) / (2.0 * (1.0 - a.kr));
                ++n;
            }
        out[chromaOffset(a, a.to, cx, cy, false)] = clampRound(128.0 + a.cScale * cbSum / n);
        out[chromaOffset(a, a.to, cx, cy, true)] = clampRound(128.0 + a.cScale * crSum / n);
    } else {
        const double cb = (in[chromaOffset(a, a.from, cx, cy, false)] - 128.0) / a.cScale;
        const double cr = (in[chromaOffset(a, a.from, cx, cy, true)] - 128.0) / a.cScale;
        for (int y = cy * 2; y < yEnd; ++y)
            for (int x = cx * 2; x < xEnd; ++x) {
                const double luma = (in[std::size_t(y) * a.width + x] - a.yOffset) / a.yScale;
                const double r = luma + 2.0 * (1.0 - a.kr) * cr;
                const double b = luma + 2.0 * (1.0 - a.kb) * cb;
                const double g = (luma - a.kr * r - a.kb * b) / kg;
                std::uint8_t* px = out + (std::size_t(y) * a.width + x) * 4;
                px[0] = clampRound(255.0 * r);
                px[1] = clampRound(255.0 * g);
                px[2] = clampRound(255.0 * b);
                px[3] = 255;
            }
    }
}

class ConvertCuda final : public CudaTask
{
public:
    ConvertCuda(const ConvertParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, int device)
        : CudaTask(device, out)
        , m_p(p)
        , m_in(in)
    {
        const YuvCoefficients c = yuvCoefficients(p.matrix, p.range);
        const auto code = [](YuvFormat f) { return f == YuvFormat::Rgba8 ? 0 : f == YuvFormat::Nv12 ? 1 : 2; };
        m_args = {int(p.width), int(p.height), code(p.from), code(p.to), c.kr, c.kb, c.yScale, c.yOffset, c.cScale};
        m_src = addBuffer(in.size());
        m_dst = addBuffer(out.size());
        m_pairs = std::uint32_t(std::clamp<std::uint64_t>(
            kStepWork / std::max<std::uint64_t>(std::uint64_t(p.width) * 2, 1), 1, chromaHeight(p.height)));
        m_steps = std::size_t((chromaHeight(p.height) + m_pairs - 1) / m_pairs);
    }
    std::size_t stepCount() const override { return m_steps; }

protected:
    bool setup(std::string& error) override
    {
        return check(cudaMemcpyAsync(buf<void>(m_src), m_in.data(), m_in.size(), cudaMemcpyHostToDevice, m_stream),
            "upload", error);
    }
    bool step(std::size_t index, std::string&) override
    {
        const int cy0 = int(index * m_pairs),
                  cy1 = int(std::min<std::uint64_t>(chromaHeight(m_p.height), std::uint64_t(cy0) + m_pairs));
        dim3 grid(unsigned((chromaWidth(m_p.width) + 127) / 128), unsigned(cy1 - cy0));
        convertBlocks<<<grid, 128, 0, m_stream>>>(buf<std::uint8_t>(m_src), buf<std::uint8_t>(m_dst), m_args, cy0, cy1);
        return true;
    }
    bool finish(std::string& error) override
    {
        return check(
            cudaMemcpy(m_output.data(), buf<void>(m_dst), m_output.size(), cudaMemcpyDeviceToHost), "download", error);
    }

private:
    ConvertParams m_p;
    std::span<const std::uint8_t> m_in;
    ConvertArgs m_args {};
    std::size_t m_src = 0, m_dst = 0;
    std::uint32_t m_pairs = 1;
    std::size_t m_steps = 0;
};

// ---- analytics.colstats ---------------------------------------------------------------------

template <typename T>
__global__ void colstatsPartial(const T* table, ColumnStats* partial, std::uint32_t cols, std::uint64_t r0,
    std::uint64_t r1, std::uint32_t segments)
{
    const std::uint64_t t = std::uint64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (t >= std::uint64_t(cols) * segments)
        return;
    const std::uint32_t c = std::uint32_t(t % cols), s = std::uint32_t(t / cols);
    const std::uint64_t rows = r1 - r0, per = (rows + segments - 1) / segments;
    const std::uint64_t a = r0 + s * per, b = min(r1, a + per);
    ColumnStats st;
    for (std::uint64_t r = a; r < b; ++r)
        addValue(st, double(table[r * cols + c]));
    partial[std::size_t(s) * cols + c] = st;
}

__global__ void colstatsMerge(
    ColumnStats* total, const ColumnStats* partial, std::uint32_t cols, std::uint32_t segments)
{
    const std::uint32_t c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= cols)
        return;
    ColumnStats block = partial[c];
    for (std::uint32_t s = 1; s < segments; ++s)
        mergeStats(block, partial[std::size_t(s) * cols + c]);
    mergeStats(total[c], block);
}

class ColstatsCuda final : public CudaTask
{
public:
    ColstatsCuda(const ColstatsParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out, int device)
        : CudaTask(device, out)
        , m_p(p)
        , m_in(in)
    {
        m_table = addBuffer(in.size());
        m_segments = std::uint32_t(std::clamp<std::uint64_t>(65536 / std::max<std::uint32_t>(p.cols, 1), 1, 1024));
        m_partial = addBuffer(std::size_t(p.cols) * m_segments * sizeof(ColumnStats));
        m_total = addBuffer(std::size_t(p.cols) * sizeof(ColumnStats));
        m_rows = std::clamp<std::uint64_t>(
            kStepWork / std::max<std::uint32_t>(p.cols, 1), 1, std::max<std::uint64_t>(p.rows, 1));
        m_steps = std::size_t((p.rows + m_rows - 1) / m_rows);
    }
    std::size_t stepCount() const override { return m_steps + 1; }

protected:
    bool setup(std::string& error) override
    {
        return check(cudaMemsetAsync(buf<void>(m_total), 0, std::size_t(m_p.cols) * sizeof(ColumnStats), m_stream),
                   "memset", error)
            && (m_in.empty()
                || check(
                    cudaMemcpyAsync(buf<void>(m_table), m_in.data(), m_in.size(), cudaMemcpyHostToDevice, m_stream),
                    "upload", error));
    }
    bool step(std::size_t index, std::string&) override
    {
        if (index == m_steps || m_p.cols == 0)
            return true;
        const std::uint64_t r0 = index * m_rows, r1 = std::min(m_p.rows, r0 + m_rows);
        const std::uint64_t threads = std::uint64_t(m_p.cols) * m_segments;
        const unsigned blocks = unsigned((threads + 255) / 256);
        if (m_p.dtype == DType::F64)
            colstatsPartial<<<blocks, 256, 0, m_stream>>>(
                buf<double>(m_table), buf<ColumnStats>(m_partial), m_p.cols, r0, r1, m_segments);
        else
            colstatsPartial<<<blocks, 256, 0, m_stream>>>(
                buf<float>(m_table), buf<ColumnStats>(m_partial), m_p.cols, r0, r1, m_segments);
        colstatsMerge<<<(m_p.cols + 255) / 256, 256, 0, m_stream>>>(
            buf<ColumnStats>(m_total), buf<ColumnStats>(m_partial), m_p.cols, m_segments);
        return true;
    }
    bool finish(std::string& error) override
    {
        std::vector<ColumnStats> totals(m_p.cols);
        if (m_p.cols
            && !check(cudaMemcpy(totals.data(), buf<void>(m_total), totals.size() * sizeof(ColumnStats),
                          cudaMemcpyDeviceToHost),
                "download", error))
            return false;
        for (std::uint32_t c = 0; c < m_p.cols; ++c) {
            const ColumnStats f = finalStats(totals[c]);
            std::memcpy(m_output.data() + std::size_t(c) * kBytesPerColstat, &f, kBytesPerColstat);
        }
        return true;
    }

private:
    ColstatsParams m_p;
    std::span<const std::uint8_t> m_in;
    std::size_t m_table = 0, m_partial = 0, m_total = 0;
    std::uint32_t m_segments = 1;
    std::uint64_t m_rows = 1;
    std::size_t m_steps = 0;
};

// ---- bench.probe ----------------------------------------------------------------------------

__global__ void probeLanes(std::uint64_t* lanes, std::uint32_t l0, std::uint32_t l1, std::uint32_t rounds)
{
    const std::uint32_t l = l0 + blockIdx.x * blockDim.x + threadIdx.x;
    if (l >= l1)
        return;
    std::uint32_t x = l;
    for (std::uint32_t r = 0; r < rounds; ++r)
        x = probeMix(x, r);
    lanes[l] = x;
}

class ProbeCuda final : public CudaTask
{
public:
    ProbeCuda(const ProbeParams& p, std::span<std::uint8_t> out, int device)
        : CudaTask(device, out)
        , m_p(p)
    {
        m_lanes = addBuffer(std::size_t(p.lanes) * 8);
        m_sum = addBuffer(8);
        m_per = std::uint32_t(std::clamp<std::uint64_t>(kStepWork / std::max<std::uint32_t>(p.rounds, 1), 1, p.lanes));
        m_steps = (std::size_t(p.lanes) + m_per - 1) / m_per;
    }
    std::size_t stepCount() const override { return m_steps + 1; }

protected:
    bool setup(std::string&) override { return true; }
    bool step(std::size_t index, std::string& error) override
    {
        if (index < m_steps) {
            const std::uint32_t l0 = std::uint32_t(index) * m_per, l1 = std::min(m_p.lanes, l0 + m_per);
            probeLanes<<<(l1 - l0 + 255) / 256, 256, 0, m_stream>>>(buf<std::uint64_t>(m_lanes), l0, l1, m_p.rounds);
            return true;
        }
        // Final step: sum the lanes with CUB.
        std::size_t tempBytes = 0;
        cub::DeviceReduce::Sum(
            nullptr, tempBytes, buf<std::uint64_t>(m_lanes), buf<std::uint64_t>(m_sum), int(m_p.lanes), m_stream);
        void* temp = nullptr;
        if (!check(cudaMallocAsync(&temp, tempBytes, m_stream), "cudaMallocAsync", error))
            return false;
        cub::DeviceReduce::Sum(
            temp, tempBytes, buf<std::uint64_t>(m_lanes), buf<std::uint64_t>(m_sum), int(m_p.lanes), m_stream);
        return check(cudaFreeAsync(temp, m_stream), "cudaFreeAsync", error);
    }
    bool finish(std::string& error) override
    {
        return check(cudaMemcpy(m_output.data(), buf<void>(m_sum), 8, cudaMemcpyDeviceToHost), "download", error);
    }

private:
    ProbeParams m_p;
    std::size_t m_lanes = 0, m_sum = 0;
    std::uint32_t m_per = 1;
    std::size_t m_steps = 0;
};

} // namespace

namespace cuda::plugin {
std::vector<DeviceInfo> probe(std::string& reason);
bool selfTest(int index, std::string& reason);

Task* makeTask(const Params& params, std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int device,
    std::string& error)
{
    std::string reason;
    const auto devices = probe(reason);
    if (device < 0 || std::size_t(device) >= devices.size() || !devices[std::size_t(device)].usable) {
        error = reason.empty() ? "CUDA device " + std::to_string(device) + " is not usable" : reason;
        return nullptr;
    }
    std::unique_ptr<CudaTask> task = std::visit(
        [&](const auto& p) -> std::unique_ptr<CudaTask> {
            using T = std::decay_t<decltype(p)>;
            if constexpr (std::is_same_v<T, MlpParams>)
                return std::make_unique<MlpCuda>(p, input, output, device);
            else if constexpr (std::is_same_v<T, ResizeParams>)
                return std::make_unique<ResizeCuda>(p, input, output, device);
            else if constexpr (std::is_same_v<T, ConvertParams>)
                return std::make_unique<ConvertCuda>(p, input, output, device);
            else if constexpr (std::is_same_v<T, ColstatsParams>)
                return std::make_unique<ColstatsCuda>(p, input, output, device);
            else if constexpr (std::is_same_v<T, ProbeParams>)
                return std::make_unique<ProbeCuda>(p, output, device);
            else
                return nullptr; // media.transcode (NVENC through FFmpeg) and ai.generate (llama.cpp) run outside
        },
        params);
    if (!task) {
        error = "this kernel does not run in the CUDA plugin";
        return nullptr;
    }
    if (!task->init(error))
        return nullptr;
    return task.release();
}
} // namespace cuda::plugin

} // namespace cocoon::kernels

extern "C" __attribute__((visibility("default"))) const cocoon::kernels::cuda::PluginApi* cocoon_cuda_plugin_api()
{
    using namespace cocoon::kernels::cuda;
#ifdef COCOON_LLM_GPU
    static const PluginApi api {kAbiVersion, &plugin::probe, &plugin::selfTest, &plugin::makeTask,
        &plugin::makeGenerateTask, &plugin::residentModels};
#else
    static const PluginApi api {kAbiVersion, &plugin::probe, &plugin::selfTest, &plugin::makeTask, nullptr, nullptr};
#endif
    return &api;
}
