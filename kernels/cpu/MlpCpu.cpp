// ai.mlp on the CPU: OpenBLAS sgemm per (layer, row block), then bias, activation and softmax.
#include "common/Half.h"
#include "common/Shared.h"
#include "cpu/CpuTasks.h"

#include <algorithm>
#include <cblas.h>
#include <cmath>
#include <cstring>

namespace cocoon::kernels::cpu {
namespace {

/// sgemm runs ~50x faster per multiply-add than the scalar kernels, so an MLP step takes that much
/// more work to last the same few milliseconds (and to keep the products large enough to be fast).
constexpr std::uint64_t kBlasFactor = 64;

/// Bias and activation over one output row; one loop per activation so that it vectorises.
void epilogue(Activation a, float* row, const float* bias, std::uint32_t n)
{
    switch (a) {
    case Activation::None:
        for (std::uint32_t j = 0; j < n; ++j)
            row[j] += bias[j];
        break;
    case Activation::Relu:
        for (std::uint32_t j = 0; j < n; ++j)
            row[j] = std::max(row[j] + bias[j], 0.0f);
        break;
    case Activation::Gelu:
        for (std::uint32_t j = 0; j < n; ++j) {
            const float x = row[j] + bias[j];
            row[j] = 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f));
        }
        break;
    case Activation::Tanh:
        for (std::uint32_t j = 0; j < n; ++j)
            row[j] = std::tanh(row[j] + bias[j]);
        break;
    }
}

class MlpTask final : public Task
{
public:
    MlpTask(const MlpParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
        std::span<std::uint8_t> scratch, std::uint64_t kStepWork)
        : m_p(p)
        , m_in(in)
        , m_out(out)
    {
        const MlpLayout layout = mlpLayout(p);
        m_weightOffset = layout.weightOffset;
        auto* s = reinterpret_cast<float*>(scratch.data());
        m_act[0] = s;
        m_act[1] = s + std::size_t(p.batch) * layout.maxDim;
        m_weights = p.dtype == DType::F16 ? s + 2 * std::size_t(p.batch) * layout.maxDim : nullptr;
        m_steps = mlpSteps(p, kStepWork * kBlasFactor);
    }

    std::size_t stepCount() const override { return m_steps.size(); }
    std::string device() const override { return "cpu"; }

    bool runStep(std::size_t index, std::string&) override
    {
        const MlpStep& st = m_steps[index];
        const MlpLayer& layer = m_p.layers[st.layer];
        const bool f16 = m_p.dtype == DType::F16;
        const bool last = st.layer + 1 == m_p.layers.size();
        if (st.layer == 0 && st.r0 == 0) {
            loadInput();
        }
        const std::size_t wCount = std::size_t(layer.in) * layer.out;
        const float* w;
        const float* b;
        if (f16) {
            if (st.r0 == 0) { // convert this layer's weights once
                const auto* h = reinterpret_cast<const std::uint16_t*>(m_in.data() + m_weightOffset[st.layer]);
                for (std::size_t i = 0; i < wCount + layer.out; ++i) {
                    m_weights[i] = halfToFloat(h[i]);
                }
            }
            w = m_weights;
        } else {
            w = reinterpret_cast<const float*>(m_in.data() + m_weightOffset[st.layer]);
        }
        b = w + wCount;
        const float* src = m_act[st.layer % 2];
        float* dst = last ? reinterpret_cast<float*>(m_out.data()) : m_act[(st.layer + 1) % 2];
        const int rows = int(st.r1 - st.r0);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, int(layer.out), int(layer.in), 1.0f,
            src + std::size_t(st.r0) * layer.in, int(layer.in), w, int(layer.out), 0.0f,
            dst + std::size_t(st.r0) * layer.out, int(layer.out));
        for (std::uint32_t r = st.r0; r < st.r1; ++r) {
            float* row = dst + std::size_t(r) * layer.out;
            epilogue(layer.activation, row, b, layer.out);
            if (f16 && !last) {
                for (std::uint32_t j = 0; j < layer.out; ++j) {
                    row[j] = halfToFloat(floatToHalf(row[j])); // the next product reads f16 activations
                }
            }
            if (last && m_p.softmax) {
                const float mx = *std::max_element(row, row + layer.out);
                float sum = 0.0f;
                for (std::uint32_t j = 0; j < layer.out; ++j) {
                    row[j] = std::exp(row[j] - mx);
                    sum += row[j];
                }
                for (std::uint32_t j = 0; j < layer.out; ++j) {
                    row[j] /= sum;
                }
            }
        }
        return true;
    }

private:
    void loadInput()
    {
        const std::size_t n = std::size_t(m_p.batch) * m_p.layers.front().in;
        if (m_p.dtype == DType::F16) {
            const auto* h = reinterpret_cast<const std::uint16_t*>(m_in.data());
            for (std::size_t i = 0; i < n; ++i) {
                m_act[0][i] = halfToFloat(h[i]);
            }
        } else {
            std::memcpy(m_act[0], m_in.data(), n * 4);
        }
    }

    MlpParams m_p;
    std::span<const std::uint8_t> m_in;
    std::span<std::uint8_t> m_out;
    float* m_act[2] = {nullptr, nullptr};
    float* m_weights = nullptr;
    std::vector<std::size_t> m_weightOffset;
    std::vector<MlpStep> m_steps;
};

} // namespace

std::unique_ptr<Task> makeMlp(const MlpParams& p, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
    std::span<std::uint8_t> scratch, std::uint64_t stepWork)
{
    return std::make_unique<MlpTask>(p, in, out, scratch, stepWork);
}

} // namespace cocoon::kernels::cpu
