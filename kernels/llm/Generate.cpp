// ai.generate on llama.cpp / ggml (MIT; fetched by scripts/fetch-llama.sh). The model, the
// tokenizer, the chat template, the transformer and the samplers are all llama.cpp's; this file
// wires them to job memory and the job's rules:
//  - the model is the node's file named by its SHA-256: hashed, its GGUF header checked against
//    limits (inspectModel), then loaded from the same open file;
//  - fixed steps: prompt batches of kPromptBatch tokens, then one token per step, so a returning
//    owner stops generation within one token, and stopping and resuming cannot change the text;
//  - a long pause gives the memory back: the sequence's state (KV cache) is copied out, the model
//    and context freed, and both restored on the next step (the reload time is reported);
//  - the text goes straight into the output buffer; what is final (streamed()) never includes a
//    suffix that could still turn out to begin a stop string.
// The same file is built twice: into cocoon_kernels with llama.cpp's CPU backend, and, with
// -DCOCOON_LLM_CUDA=ON, into the CUDA plugin (COCOON_LLM_GPU) with a llama.cpp that has the CUDA
// backend, where the whole model goes to the job's GPU. A job given a CUDA device asks the plugin
// first and runs here on the CPU, saying why, when the plugin cannot take it.
#include "llm/LlmTasks.h"
#ifdef COCOON_LLM_GPU
#include "cuda/PluginAbi.h"
#endif

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ggml-backend.h>
#include <ggml-cpu.h>
#include <gguf.h>
#include <llama.h>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <thread>

namespace cocoon::kernels {
namespace {

constexpr std::int32_t kPromptBatch = 64;
constexpr std::int64_t kMaxKeys = 1024;
constexpr std::int64_t kMaxTensors = 65536;

// Architectures whose graphs we have run and tested; anything else is refused before loading.
const std::set<std::string>& acceptedArchitectures()
{
    static const std::set<std::string> archs {
        "llama", "qwen2", "qwen3", "mistral3", "gemma", "gemma2", "gemma3", "phi3", "granite", "olmo2", "smollm3"};
    return archs;
}

void initBackend()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // llama.cpp's log can carry parts of prompts and file names: nothing of it is kept.
        llama_log_set([](ggml_log_level, const char*, void*) {}, nullptr);
        llama_backend_init();
    });
}

struct FileCloser
{
    void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;
struct ModelFree
{
    void operator()(llama_model* m) const { llama_model_free(m); }
};
struct ContextFree
{
    void operator()(llama_context* c) const { llama_free(c); }
};
struct SamplerFree
{
    void operator()(llama_sampler* s) const { llama_sampler_free(s); }
};
struct ThreadpoolFree
{
    void operator()(ggml_threadpool* t) const { ggml_threadpool_free(t); }
};
struct GgufFree
{
    void operator()(gguf_context* g) const { gguf_free(g); }
};
using Gguf = std::unique_ptr<gguf_context, GgufFree>;

std::optional<ModelInfo> checkGguf(gguf_context* g, std::uint64_t fileBytes, std::string& error)
{
    if (!g) {
        error = "not a readable GGUF model file";
        return std::nullopt;
    }
    ModelInfo info;
    info.fileBytes = fileBytes;
    info.keys = gguf_get_n_kv(g);
    info.tensors = gguf_get_n_tensors(g);
    if (info.keys > kMaxKeys || info.tensors > kMaxTensors || info.tensors <= 0) {
        error = "the model declares " + std::to_string(info.keys) + " metadata keys and " + std::to_string(info.tensors)
            + " tensors (allowed: up to 1024 keys, 1 to 65536 tensors)";
        return std::nullopt;
    }
    const auto str = [&](const char* key) -> std::string {
        const std::int64_t id = gguf_find_key(g, key);
        return id >= 0 && gguf_get_kv_type(g, id) == GGUF_TYPE_STRING ? gguf_get_val_str(g, id) : std::string();
    };
    info.architecture = str("general.architecture");
    info.name = str("general.name");
    if (!acceptedArchitectures().contains(info.architecture)) {
        error = "model architecture '" + info.architecture.substr(0, 40) + "' is not one this node runs";
        return std::nullopt;
    }
    const std::int64_t ctxKey = gguf_find_key(g, (info.architecture + ".context_length").c_str());
    if (ctxKey >= 0 && gguf_get_kv_type(g, ctxKey) == GGUF_TYPE_UINT32)
        info.contextTokens = gguf_get_val_u32(g, ctxKey);
    const std::uint64_t dataStart = gguf_get_data_offset(g);
    std::uint64_t end = dataStart;
    for (std::int64_t i = 0; i < info.tensors; ++i) {
        const std::uint64_t off = gguf_get_tensor_offset(g, i), size = gguf_get_tensor_size(g, i);
        std::uint64_t tensorEnd = 0;
        if (__builtin_add_overflow(dataStart, off, &tensorEnd) || __builtin_add_overflow(tensorEnd, size, &tensorEnd)) {
            error = "a tensor's offset overflows";
            return std::nullopt;
        }
        end = std::max(end, tensorEnd);
        info.tensorBytes += size;
    }
    if (fileBytes != 0 && end > fileBytes) {
        error = "the model's tensors end at byte " + std::to_string(end) + " but the file has "
            + std::to_string(fileBytes);
        return std::nullopt;
    }
    return info;
}

std::optional<std::array<std::uint8_t, 32>> sha256File(FILE* f, std::string& error)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!md || EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1) {
        error = "SHA-256 is unavailable";
        return std::nullopt;
    }
    std::vector<unsigned char> buf(1 << 20);
    std::rewind(f);
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0)
        EVP_DigestUpdate(md.get(), buf.data(), n);
    if (std::ferror(f)) {
        error = "the model file could not be read";
        return std::nullopt;
    }
    std::array<std::uint8_t, 32> digest {};
    unsigned int len = 0;
    EVP_DigestFinal_ex(md.get(), digest.data(), &len);
    std::rewind(f);
    return digest;
}

std::atomic<std::uint64_t> g_bytesHashed {0};

/// SHA-256 of an open model file, computed once per version of the file: a multi-GB model would
/// otherwise be read in full before every job. A version is the file's identity and times
/// (device, inode, size, modification and change time in nanoseconds): writing to the file, or
/// replacing it, changes the change time, which no user-space call can set back, so a changed file
/// is always hashed again.
std::optional<std::array<std::uint8_t, 32>> modelDigest(FILE* f, std::string& error)
{
    struct Version
    {
        dev_t dev;
        ino_t ino;
        off_t size;
        std::int64_t mtime, ctime;
        bool operator==(const Version&) const = default;
    };
    struct stat st
    {
    };
    if (fstat(fileno(f), &st) != 0) {
        error = "the model file could not be read";
        return std::nullopt;
    }
    const auto ns = [](const timespec& t) { return std::int64_t(t.tv_sec) * 1000000000 + t.tv_nsec; };
    const Version v {st.st_dev, st.st_ino, st.st_size, ns(st.st_mtim), ns(st.st_ctim)};
    static std::mutex mutex;
    static std::vector<std::pair<Version, std::array<std::uint8_t, 32>>> known; // a node holds few models
    {
        std::lock_guard lock(mutex);
        for (const auto& [version, digest] : known) {
            if (version == v)
                return digest;
        }
    }
    const auto digest = sha256File(f, error);
    if (!digest)
        return std::nullopt;
    g_bytesHashed += std::uint64_t(st.st_size);
    std::lock_guard lock(mutex);
    std::erase_if(known, [&](const auto& e) { return e.first.dev == v.dev && e.first.ino == v.ino; });
    if (known.size() >= 256)
        known.erase(known.begin());
    known.emplace_back(v, *digest);
    return digest;
}

/// Models kept loaded between jobs, per device (-1: the CPU): a node answering query after query
/// on one model would otherwise load it, and on a GPU copy it into VRAM, before every first token.
/// A model stays while a job uses it; after its job the most recent one of each device stays
/// "warm" until another model is loaded there, a job on it is paused long enough to give the
/// device back (releaseDevice), or the node gives the idle device back (releaseResidentModels,
/// when the owner's pause has lasted sched.releaseVramAfterSeconds). The key is the SHA-256
/// the job named, which the open file was checked against (per file version) first.
class ResidentModels
{
public:
    using Key = std::pair<std::array<std::uint8_t, 32>, int>;

    std::shared_ptr<llama_model> find(const Key& key)
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_live.find(key);
        return it == m_live.end() ? nullptr : it->second.lock();
    }
    void add(const Key& key, const std::shared_ptr<llama_model>& model)
    {
        std::lock_guard lock(m_mutex);
        std::erase_if(m_live, [](const auto& e) { return e.second.expired(); });
        m_live[key] = model;
    }
    /// Before loading `key` on its device: a warm model of another key there goes.
    void makeRoom(const Key& key)
    {
        drop([&](const Key& k) { return k.second == key.second && k != key; });
    }
    void keepWarm(const Key& key, std::shared_ptr<llama_model> model)
    {
        makeRoom(key);
        std::lock_guard lock(m_mutex);
        m_warm[key] = std::move(model);
    }
    void release(const Key& key)
    {
        drop([&](const Key& k) { return k == key; });
    }
    void release(int device)
    {
        drop([&](const Key& k) { return k.second == device; });
    }
    std::uint64_t warmBytes(int device)
    {
        std::lock_guard lock(m_mutex);
        std::uint64_t bytes = 0;
        for (const auto& [key, model] : m_warm) {
            if (key.second == device)
                bytes += llama_model_size(model.get());
        }
        return bytes;
    }

private:
    template <class Matches>
    void drop(Matches matches)
    {
        std::vector<std::shared_ptr<llama_model>> gone; // freed after the lock is let go
        std::lock_guard lock(m_mutex);
        for (auto it = m_warm.begin(); it != m_warm.end();) {
            if (matches(it->first)) {
                gone.push_back(std::move(it->second));
                it = m_warm.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::mutex m_mutex;
    std::map<Key, std::weak_ptr<llama_model>> m_live;
    std::map<Key, std::shared_ptr<llama_model>> m_warm;
};

/// Never destroyed: models may be held until the process ends, and freeing them after ggml's
/// own statics (the CUDA backend's) were destroyed would crash on the way out.
ResidentModels& resident()
{
    static auto* models = new ResidentModels;
    return *models;
}

class GenerateTask final : public Task
{
public:
    /// `gpu`: the CUDA device to hold the whole model (-1: the CPU).
    GenerateTask(const GenerateParams& p, File file, std::span<std::uint8_t> output, int gpu)
        : m_params(p)
        , m_file(std::move(file))
        , m_output(output)
        , m_threads(generateThreads(p.modelBytes))
        , m_gpu(gpu)
    {
        // ggml's own threads, told not to spin between steps: a paused job must not keep cores
        // busy, and jobs sharing a machine must not spin against each other.
        ggml_threadpool_params tp = ggml_threadpool_params_default(m_threads);
        tp.poll = 0;
        m_pool.reset(ggml_threadpool_new(&tp));
    }

    ~GenerateTask() override
    {
        wipe(m_savedState);
        if (!m_logits.empty())
            OPENSSL_cleanse(m_logits.data(), m_logits.size() * sizeof(float));
    }

    /// `modelFailed` is set when the model (not the chat) is why it failed.
    bool open(std::span<const std::uint8_t> input, std::string& error, bool& modelFailed)
    {
        std::string why;
        const auto chat = decodeChat(input, why);
        if (!chat) {
            error = "the chat is malformed: " + why;
            return false;
        }
        if (!loadModel(error, &m_reused)) {
            modelFailed = true;
            return false;
        }
        const llama_vocab* vocab = llama_model_get_vocab(m_model.get());
        std::vector<llama_chat_message> msgs;
        static const char* roles[] = {"system", "user", "assistant"};
        for (const auto& m : *chat)
            msgs.push_back({roles[int(m.role)], m.content.c_str()});
        const char* tmpl = llama_model_chat_template(m_model.get(), nullptr);
        std::string prompt(input.size() * 2 + 1024, '\0');
        int n = llama_chat_apply_template(tmpl, msgs.data(), msgs.size(), true, prompt.data(), int(prompt.size()));
        if (n > int(prompt.size())) {
            prompt.resize(std::size_t(n));
            n = llama_chat_apply_template(tmpl, msgs.data(), msgs.size(), true, prompt.data(), int(prompt.size()));
        }
        if (n < 0) {
            error = "the model's chat template cannot be applied";
            return false;
        }
        prompt.resize(std::size_t(n));
        const int count = -llama_tokenize(vocab, prompt.data(), int(prompt.size()), nullptr, 0, true, true);
        if (count <= 0) {
            error = "the prompt cannot be tokenized";
            return false;
        }
        m_prompt.resize(std::size_t(count));
        llama_tokenize(vocab, prompt.data(), int(prompt.size()), m_prompt.data(), count, true, true);
        std::fill(prompt.begin(), prompt.end(), '\0');
        if (std::uint64_t(count) + m_params.maxTokens > m_params.contextTokens) {
            error = "the prompt has " + std::to_string(count) + " tokens; with max_tokens "
                + std::to_string(m_params.maxTokens) + " it does not fit the context of "
                + std::to_string(m_params.contextTokens);
            return false;
        }
        if (std::uint64_t(count) > m_params.inputBytes + kChatTemplateTokens) {
            error = "the prompt has more tokens than its metering allows";
            return false;
        }
        // The KV cache holds what this completion can reach, not the whole context the job allows:
        // attention runs over every cell of it, so a short chat in a long context decodes as fast
        // as in a short one (and takes less memory).
        m_cells = std::uint32_t(count) + m_params.maxTokens;
        if (!createContext(error)) {
            modelFailed = true;
            return false;
        }
        m_promptSteps = (std::size_t(count) + kPromptBatch - 1) / kPromptBatch;
        m_header.promptTokens = std::uint32_t(count);
        m_sampler.reset(makeSampler());
        writeHeader();
        return true;
    }

    std::size_t stepCount() const override { return m_promptSteps + m_params.maxTokens; }
    bool finished() const override { return m_header.finish != FinishReason::Running; }

    bool runStep(std::size_t index, std::string& error) override
    {
        if (finished())
            return true;
        if (!m_ctx && !restore(error))
            return false;
        if (index < m_promptSteps) {
            const std::size_t from = index * kPromptBatch;
            const auto n = std::int32_t(std::min<std::size_t>(kPromptBatch, m_prompt.size() - from));
            if (llama_decode(m_ctx.get(), llama_batch_get_one(m_prompt.data() + from, n)) != 0) {
                error = "llama.cpp could not evaluate the prompt";
                return false;
            }
            keepLogits();
            return true;
        }
        llama_token token = sample();
        const llama_vocab* vocab = llama_model_get_vocab(m_model.get());
        ++m_header.completionTokens;
        if (llama_vocab_is_eog(vocab, token)) {
            finish(FinishReason::Stop);
            return true;
        }
        char piece[256];
        const int n = llama_token_to_piece(vocab, token, piece, sizeof piece, 0, false);
        if (n > 0)
            append(std::string_view(piece, std::size_t(n)));
        if (finished())
            return true;
        if (m_header.completionTokens >= m_params.maxTokens) {
            finish(FinishReason::Length);
            return true;
        }
        if (llama_decode(m_ctx.get(), llama_batch_get_one(&token, 1)) != 0) {
            error = "llama.cpp could not evaluate the next token";
            return false;
        }
        keepLogits();
        return true;
    }

    void releaseDevice() override
    {
        if (!m_ctx || finished())
            return;
        m_savedState.resize(llama_state_seq_get_size(m_ctx.get(), 0));
        m_savedState.resize(llama_state_seq_get_data(m_ctx.get(), m_savedState.data(), m_savedState.size(), 0));
        m_ctx.reset();
        m_model.reset();
        resident().release(key()); // the device is to be free: no warm copy stays behind
    }

    std::string device() const override
    {
        std::string d = m_gpuName.empty() ? "cpu: llama.cpp, " + std::to_string(m_threads) + " threads"
                                          : "cuda:" + std::to_string(m_gpu) + " " + m_gpuName + ": llama.cpp";
        if (m_reused)
            d += "; model already loaded";
        if (m_header.reloads > 0)
            d += "; model reloaded after a long pause in " + std::to_string(m_header.lastReloadMs) + " ms";
        if (!m_note.empty())
            d += " (" + m_note + ")";
        return d;
    }

    std::span<const std::uint8_t> streamed() const override
    {
        return m_output.subspan(kGenerateHeaderBytes, m_committed);
    }

    std::optional<std::uint64_t> meteredUnits() const override
    {
        return std::uint64_t(m_header.promptTokens) + m_header.completionTokens;
    }

    void setNote(std::string note) { m_note = std::move(note); }

private:
    static void wipe(std::vector<std::uint8_t>& v)
    {
        if (!v.empty())
            OPENSSL_cleanse(v.data(), v.size());
        v.clear();
        v.shrink_to_fit();
    }

    bool load(std::string& error) { return loadModel(error) && createContext(error); }

    /// `reused` (optional) tells whether the model was already loaded (ResidentModels).
    bool loadModel(std::string& error, bool* reused = nullptr)
    {
        const auto cpuParams = [] {
            llama_model_params mp = llama_model_default_params();
            mp.n_gpu_layers = 0;
            // Mapped from the hashed open file (never re-opened by name): shared with the page
            // cache rather than copied, and as fast as llama.cpp's own default.
            mp.load_mode = LLAMA_LOAD_MODE_MMAP;
            mp.lazy_mode = LLAMA_LAZY_MODE_OFF;
            return mp;
        };
        llama_model_params mp = cpuParams();
        ggml_backend_dev_t devices[2] = {gpuDevice(), nullptr};
        if (auto kept = resident().find(key())) {
            m_model = std::move(kept);
            if (reused)
                *reused = true;
            return true;
        }
        resident().makeRoom(key());
        if (devices[0]) {
            // The whole model on the job's GPU: every layer, no split across devices.
            mp.devices = devices;
            mp.n_gpu_layers = -1;
            mp.split_mode = LLAMA_SPLIT_MODE_NONE;
            mp.main_gpu = 0;
        }
        std::rewind(m_file.get());
        m_model.reset(llama_model_load_from_file_ptr(m_file.get(), mp), ModelFree {});
        if (!m_model && devices[0]) {
            // Most often the model does not fit in the GPU's free memory: the CPU runs it instead.
            m_note = "the model could not be loaded on " + m_gpuName + "; it ran on the CPU";
            m_gpuName.clear();
            m_gpu = -1;
            mp = cpuParams();
            std::rewind(m_file.get());
            m_model.reset(llama_model_load_from_file_ptr(m_file.get(), mp), ModelFree {});
        }
        if (!m_model) {
            error = "llama.cpp could not load the model";
            return false;
        }
        resident().add(key(), m_model);
        return true;
    }

    bool createContext(std::string& error)
    {
        llama_context_params cp = llama_context_default_params();
        cp.n_ctx = m_cells;
        cp.n_batch = cp.n_ubatch = kPromptBatch;
        cp.n_seq_max = 1;
        cp.n_threads = cp.n_threads_batch = m_threads;
        cp.no_perf = true;
        m_ctx.reset(llama_init_from_model(m_model.get(), cp));
        if (!m_ctx) {
            error = "llama.cpp could not create a context of " + std::to_string(m_cells) + " tokens";
            m_model.reset();
            return false;
        }
        if (m_pool)
            llama_attach_threadpool(m_ctx.get(), m_pool.get(), m_pool.get());
        return true;
    }

    bool restore(std::string& error)
    {
        const auto t0 = std::chrono::steady_clock::now();
        if (!load(error))
            return false;
        const bool ok = m_savedState.empty()
            || llama_state_seq_set_data(m_ctx.get(), m_savedState.data(), m_savedState.size(), 0) != 0;
        wipe(m_savedState);
        if (!ok) {
            error = "the paused generation's state could not be restored";
            return false;
        }
        ++m_header.reloads;
        m_header.lastReloadMs = std::uint32_t(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
        writeHeader();
        return true;
    }

    /// The job's CUDA device in llama.cpp's registry (nullptr: the CPU). Only the plugin's build
    /// has the CUDA backend; in cocoon_kernels there is no such registry entry.
    ggml_backend_dev_t gpuDevice()
    {
        if (m_gpu < 0)
            return nullptr;
        ggml_backend_reg_t reg = ggml_backend_reg_by_name("CUDA");
        if (!reg || std::size_t(m_gpu) >= ggml_backend_reg_dev_count(reg)) {
            m_note = "llama.cpp found no CUDA device " + std::to_string(m_gpu) + "; it ran on the CPU";
            m_gpu = -1;
            m_gpuName.clear();
            return nullptr;
        }
        ggml_backend_dev_t dev = ggml_backend_reg_dev_get(reg, std::size_t(m_gpu));
        m_gpuName = ggml_backend_dev_description(dev);
        return dev;
    }

    /// The last position's logits, kept on the host: sampling reads this copy, so it works the
    /// same after the context was freed and restored (its state carries the KV cache, not these).
    void keepLogits()
    {
        const int n = llama_vocab_n_tokens(llama_model_get_vocab(m_model.get()));
        const float* logits = llama_get_logits_ith(m_ctx.get(), -1);
        m_logits.assign(logits, logits + n);
    }

    /// llama_sampler_sample()'s CPU path over the kept logits.
    llama_token sample()
    {
        m_candidates.resize(m_logits.size());
        for (std::size_t i = 0; i < m_logits.size(); ++i)
            m_candidates[i] = llama_token_data {llama_token(i), m_logits[i], 0.0f};
        llama_token_data_array cur {m_candidates.data(), m_candidates.size(), -1, false};
        llama_sampler_apply(m_sampler.get(), &cur);
        const llama_token token = cur.selected >= 0 && std::size_t(cur.selected) < cur.size
            ? cur.data[cur.selected].id
            : llama_vocab_eos(llama_model_get_vocab(m_model.get()));
        llama_sampler_accept(m_sampler.get(), token);
        return token;
    }

    llama_sampler* makeSampler() const
    {
        llama_sampler* chain = llama_sampler_chain_init(llama_sampler_chain_default_params());
        if (m_params.temperatureMilli == 0) {
            llama_sampler_chain_add(chain, llama_sampler_init_greedy());
            return chain;
        }
        if (m_params.topK > 0)
            llama_sampler_chain_add(chain, llama_sampler_init_top_k(std::int32_t(m_params.topK)));
        if (m_params.topPMilli < 1000)
            llama_sampler_chain_add(chain, llama_sampler_init_top_p(float(m_params.topPMilli) / 1000.0f, 1));
        llama_sampler_chain_add(chain, llama_sampler_init_temp(float(m_params.temperatureMilli) / 1000.0f));
        llama_sampler_chain_add(chain, llama_sampler_init_dist(std::uint32_t(m_params.seed ^ (m_params.seed >> 32))));
        return chain;
    }

    std::span<std::uint8_t> textRoom() const { return m_output.subspan(kGenerateHeaderBytes); }

    void append(std::string_view piece)
    {
        const auto room = textRoom();
        const std::size_t fit = std::min(piece.size(), room.size() - m_textBytes);
        std::memcpy(room.data() + m_textBytes, piece.data(), fit);
        m_textBytes += fit;
        const std::string_view text(reinterpret_cast<const char*>(room.data()), m_textBytes);
        // A stop string ends the completion just before it; the search starts where it could
        // first begin (nothing before m_committed can be part of one).
        for (const auto& s : m_params.stop) {
            const std::size_t from = m_committed;
            const std::size_t at = text.find(s, from);
            if (at != std::string_view::npos) {
                std::memset(room.data() + at, 0, m_textBytes - at);
                m_textBytes = at;
                finish(FinishReason::Stop);
                return;
            }
        }
        if (fit < piece.size()) {
            finish(FinishReason::Length);
            return;
        }
        std::size_t hold = 0;
        for (const auto& s : m_params.stop) {
            for (std::size_t k = std::min(s.size() - 1, m_textBytes); k > hold; --k) {
                if (text.substr(m_textBytes - k) == std::string_view(s).substr(0, k)) {
                    hold = k;
                    break;
                }
            }
        }
        m_committed = std::max(m_committed, m_textBytes - hold);
        writeHeader();
    }

    void finish(FinishReason why)
    {
        m_header.finish = why;
        m_committed = m_textBytes;
        writeHeader();
        m_ctx.reset();
        if (m_model)
            resident().keepWarm(key(), std::move(m_model));
        m_model.reset();
    }

    ResidentModels::Key key() const { return {m_params.model, m_gpu}; }

    void writeHeader()
    {
        m_header.text = std::string_view(reinterpret_cast<const char*>(textRoom().data()), m_textBytes);
        writeGenerateHeader(m_output, m_header);
    }

    GenerateParams m_params;
    File m_file;
    std::span<std::uint8_t> m_output;
    int m_threads;
    int m_gpu;
    std::string m_gpuName; ///< set while the model is on a GPU
    std::unique_ptr<ggml_threadpool, ThreadpoolFree> m_pool; ///< outlives the context using it
    std::shared_ptr<llama_model> m_model; ///< shared with other jobs on the same model and device
    bool m_reused = false; ///< the model was already loaded when the job began
    std::unique_ptr<llama_context, ContextFree> m_ctx;
    std::unique_ptr<llama_sampler, SamplerFree> m_sampler;
    std::vector<llama_token> m_prompt;
    std::vector<std::uint8_t> m_savedState;
    std::vector<float> m_logits;
    std::vector<llama_token_data> m_candidates;
    std::size_t m_promptSteps = 0;
    std::uint32_t m_cells = 0; ///< KV cache cells: the prompt and max_tokens
    std::size_t m_textBytes = 0;
    std::size_t m_committed = 0;
    GenerateOutput m_header;
    std::string m_note;
};

} // namespace

bool llmAvailable()
{
    return true;
}

int generateThreads(std::uint64_t modelBytes)
{
    const auto cores = std::uint64_t(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
    return int(std::clamp<std::uint64_t>(modelBytes / (128ull << 20), 1, cores));
}

std::optional<ModelInfo> inspectModel(std::span<const std::uint8_t> header, std::uint64_t fileBytes, std::string& error)
{
    initBackend();
    gguf_init_params gp {true, nullptr};
    Gguf g(gguf_init_from_buffer(header.data(), header.size(), gp));
    return checkGguf(g.get(), fileBytes, error);
}

namespace {
std::optional<ModelInfo> inspectOpenFile(FILE* f, std::uint64_t fileBytes, std::string& error)
{
    initBackend();
    std::rewind(f);
    gguf_init_params gp {true, nullptr};
    Gguf g(gguf_init_from_file_ptr(f, gp));
    std::rewind(f);
    return checkGguf(g.get(), fileBytes, error);
}

std::uint64_t fileSize(FILE* f)
{
    struct stat st
    {
    };
    return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) ? std::uint64_t(st.st_size) : 0;
}
} // namespace

std::optional<ModelInfo> inspectModelFile(const std::string& path, std::string& error)
{
    File f(std::fopen(path.c_str(), "rb"));
    if (!f) {
        error = "cannot open the model file";
        return std::nullopt;
    }
    const std::uint64_t size = fileSize(f.get());
    if (size == 0 || size > kMaxModelBytes) {
        error = "the model file is empty, not a regular file or larger than 256 GiB";
        return std::nullopt;
    }
    auto info = inspectOpenFile(f.get(), size, error);
    if (!info)
        return std::nullopt;
    const auto digest = modelDigest(f.get(), error);
    if (!digest)
        return std::nullopt;
    info->sha256 = *digest;
    return info;
}

std::uint64_t modelBytesHashed()
{
    return g_bytesHashed;
}

#ifdef COCOON_LLM_GPU
namespace cuda::plugin {
std::uint64_t residentModels(int device, bool release)
{
    // Jobs for this device that ran on the plugin's CPU backend are keyed -1 here.
    const std::uint64_t bytes = resident().warmBytes(device) + resident().warmBytes(-1);
    if (release) {
        resident().release(device);
        resident().release(-1);
    }
    return bytes;
}
} // namespace cuda::plugin
#else
void releaseResidentModels(int cudaDevice)
{
    if (cudaDevice < 0)
        resident().release(-1);
    else
        cuda::residentModels(cudaDevice, true);
}

std::uint64_t residentModelBytes(int cudaDevice)
{
    return cudaDevice < 0 ? resident().warmBytes(-1) : cuda::residentModels(cudaDevice, false);
}
#endif

namespace {
/// Checks and opens the model, then the chat: the one factory of both builds. `gpu` as in GenerateTask.
std::unique_ptr<Task> openGenerateTask(const GenerateParams& params, const std::string& modelPath,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int gpu, std::string note, std::string& error,
    bool* modelRefused)
{
    initBackend();
    bool modelFailed = false;
    const auto refuse = [&](bool model) -> std::unique_ptr<Task> {
        if (modelRefused)
            *modelRefused = model;
        return nullptr;
    };
    if (output.size() < kGenerateHeaderBytes + std::uint64_t(params.maxTokens) * kBytesPerToken) {
        error = "the output buffer is too small";
        return refuse(false);
    }
    File f(std::fopen(modelPath.c_str(), "rb"));
    if (!f) {
        error = "this node does not hold the model";
        return refuse(true);
    }
    const std::uint64_t size = fileSize(f.get());
    if (size != params.modelBytes || size > kMaxModelBytes) {
        error = "the node's model file has " + std::to_string(size) + " bytes, the job names one of "
            + std::to_string(params.modelBytes);
        return refuse(true);
    }
    const auto digest = modelDigest(f.get(), error);
    if (!digest)
        return refuse(true);
    if (*digest != params.model) {
        error = "the node's model file does not have the SHA-256 the job names";
        return refuse(true);
    }
    if (!inspectOpenFile(f.get(), size, error))
        return refuse(true);
    auto task = std::make_unique<GenerateTask>(params, std::move(f), output, gpu);
    if (!note.empty())
        task->setNote(std::move(note));
    if (!task->open(input, error, modelFailed))
        return refuse(modelFailed);
    return task;
}
} // namespace

#ifdef COCOON_LLM_GPU
namespace cuda::plugin {
Task* makeGenerateTask(const GenerateParams& params, const std::string& modelPath, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int device, std::string& error, bool* modelRefused)
{
    return openGenerateTask(params, modelPath, input, output, device, {}, error, modelRefused).release();
}
} // namespace cuda::plugin
#else
std::unique_ptr<Task> makeGenerateTask(const GenerateParams& params, const std::string& modelPath,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int cudaDevice, std::string& error,
    bool* modelRefused)
{
    std::string note;
    if (cudaDevice >= 0) {
        std::string unavailable;
        auto task
            = cuda::makeGenerateTask(params, modelPath, input, output, cudaDevice, error, modelRefused, unavailable);
        if (unavailable.empty())
            return task;
        note = unavailable + "; it ran on the CPU";
    }
    return openGenerateTask(params, modelPath, input, output, -1, std::move(note), error, modelRefused);
}
#endif

} // namespace cocoon::kernels
