#include "llm/TinyModel.h"

#include <cmath>
#include <cstdio>
#include <ggml.h>
#include <gguf.h>
#include <memory>
#include <random>
#include <vector>

namespace cocoon::kernels {
namespace {

using Gguf = std::unique_ptr<gguf_context, decltype(&gguf_free)>;

/// A SentencePiece ("llama") vocab: <unk> <s> </s>, the 256 byte tokens (so any text encodes),
/// and a few hundred pieces so ordinary words take fewer tokens.
void builtInVocab(gguf_context* out)
{
    std::vector<std::string> tokens {"<unk>", "<s>", "</s>"};
    std::vector<float> scores {0, 0, 0};
    std::vector<std::int32_t> types {2, 3, 3}; // unknown, control, control
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        tokens.emplace_back(name);
        scores.push_back(0);
        types.push_back(6); // byte
    }
    const std::string space = "\xe2\x96\x81"; // U+2581, SentencePiece's word boundary
    std::vector<std::string> pieces {space};
    for (char c = 'a'; c <= 'z'; ++c)
        pieces.emplace_back(1, c);
    for (char c = 'A'; c <= 'Z'; ++c)
        pieces.emplace_back(1, c);
    for (char c = '0'; c <= '9'; ++c)
        pieces.emplace_back(1, c);
    for (const char* p : {".", ",", "!", "?", ":", ";", "'", "\"", "-", "(", ")", "<", ">", "|", "_", "\n"})
        pieces.emplace_back(p);
    for (const char* w :
        {"the", "and", "to", "of", "a", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are", "as", "with",
            "his", "they", "I", "at", "be", "this", "have", "from", "or", "one", "had", "by", "word", "but", "not",
            "what", "all", "were", "we", "when", "your", "can", "said", "there", "use", "an", "each", "which", "she",
            "do", "how", "their", "if", "will", "up", "other", "about", "out", "many", "then", "them", "these", "so",
            "some", "her", "would", "make", "like", "him", "into", "time", "has", "look", "two", "more", "write", "go",
            "see", "number", "no", "way", "could", "people", "my", "than", "first", "water", "been", "call", "who",
            "oil", "its", "now", "find", "long", "down", "day", "did", "get", "come", "made", "may", "part", "Hello",
            "hello", "user", "assistant", "system", "im", "start", "end", "sea", "ship", "tell", "me", "count", "ten"})
        pieces.push_back(space + w);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        tokens.push_back(pieces[i]);
        scores.push_back(-float(i) / 1000.0f + float(pieces[i].size())); // longer pieces first
        types.push_back(1); // normal
    }
    std::vector<const char*> names;
    for (const auto& t : tokens)
        names.push_back(t.c_str());
    gguf_set_val_str(out, "tokenizer.ggml.model", "llama");
    gguf_set_arr_str(out, "tokenizer.ggml.tokens", names.data(), names.size());
    gguf_set_arr_data(out, "tokenizer.ggml.scores", GGUF_TYPE_FLOAT32, scores.data(), scores.size());
    gguf_set_arr_data(out, "tokenizer.ggml.token_type", GGUF_TYPE_INT32, types.data(), types.size());
    gguf_set_val_u32(out, "tokenizer.ggml.unknown_token_id", 0);
    gguf_set_val_u32(out, "tokenizer.ggml.bos_token_id", 1);
    gguf_set_val_u32(out, "tokenizer.ggml.eos_token_id", 2);
    gguf_set_val_bool(out, "tokenizer.ggml.add_bos_token", true);
    gguf_set_val_bool(out, "tokenizer.ggml.add_eos_token", false);
}

} // namespace

bool writeTinyModel(const std::string& path, const TinyModelSpec& s, std::string& error)
{
    Gguf out(gguf_init_empty(), gguf_free);
    if (s.vocabFile.empty()) {
        builtInVocab(out.get());
    } else {
        gguf_init_params vp {true, nullptr};
        Gguf vocab(gguf_init_from_file(s.vocabFile.c_str(), vp), gguf_free);
        if (!vocab) {
            error = "cannot read " + s.vocabFile;
            return false;
        }
        gguf_set_kv(out.get(), vocab.get());
    }
    const std::int64_t tokensKey = gguf_find_key(out.get(), "tokenizer.ggml.tokens");
    if (tokensKey < 0) {
        error = s.vocabFile + " has no tokenizer";
        return false;
    }
    const auto nVocab = std::int64_t(gguf_get_arr_n(out.get(), tokensKey));
    gguf_set_val_str(out.get(), "general.architecture", "llama");
    gguf_set_val_str(out.get(), "general.name", s.name.c_str());
    gguf_set_val_u32(out.get(), "llama.context_length", s.context);
    gguf_set_val_u32(out.get(), "llama.embedding_length", s.embed);
    gguf_set_val_u32(out.get(), "llama.block_count", s.layers);
    gguf_set_val_u32(out.get(), "llama.feed_forward_length", s.ff);
    gguf_set_val_u32(out.get(), "llama.attention.head_count", s.heads);
    gguf_set_val_u32(out.get(), "llama.attention.head_count_kv", s.kvHeads);
    gguf_set_val_u32(out.get(), "llama.rope.dimension_count", s.embed / s.heads);
    gguf_set_val_f32(out.get(), "llama.attention.layer_norm_rms_epsilon", 1e-5f);
    gguf_set_val_u32(out.get(), "llama.vocab_size", std::uint32_t(nVocab));

    const std::int64_t e = s.embed, kv = std::int64_t(s.embed) / s.heads * s.kvHeads, ff = s.ff;
    struct Shape
    {
        std::string name;
        std::int64_t ne0, ne1;
        bool norm;
    };
    std::vector<Shape> shapes {{"token_embd.weight", e, nVocab, false}, {"output_norm.weight", e, 1, true},
        {"output.weight", e, nVocab, false}};
    for (std::uint32_t i = 0; i < s.layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".";
        shapes.insert(shapes.end(),
            {{b + "attn_norm.weight", e, 1, true}, {b + "attn_q.weight", e, e, false},
                {b + "attn_k.weight", e, kv, false}, {b + "attn_v.weight", e, kv, false},
                {b + "attn_output.weight", e, e, false}, {b + "ffn_norm.weight", e, 1, true},
                {b + "ffn_gate.weight", e, ff, false}, {b + "ffn_down.weight", ff, e, false},
                {b + "ffn_up.weight", e, ff, false}});
    }
    std::size_t bytes = 0;
    for (const auto& sh : shapes)
        bytes += std::size_t(sh.ne0 * sh.ne1) * sizeof(float) + ggml_tensor_overhead();
    ggml_init_params gp {bytes + (1 << 20), nullptr, false};
    std::unique_ptr<ggml_context, decltype(&ggml_free)> ctx(ggml_init(gp), ggml_free);
    std::mt19937_64 rng(s.seed);
    for (const auto& sh : shapes) {
        ggml_tensor* t = sh.ne1 == 1 ? ggml_new_tensor_1d(ctx.get(), GGML_TYPE_F32, sh.ne0)
                                     : ggml_new_tensor_2d(ctx.get(), GGML_TYPE_F32, sh.ne0, sh.ne1);
        ggml_set_name(t, sh.name.c_str());
        auto* data = static_cast<float*>(t->data);
        std::normal_distribution<float> dist(0.0f, 2.0f / std::sqrt(float(sh.ne0)));
        for (std::int64_t k = 0; k < ggml_nelements(t); ++k)
            data[k] = sh.norm ? 1.0f : dist(rng);
        gguf_add_tensor(out.get(), t);
    }
    if (!gguf_write_to_file(out.get(), path.c_str(), false)) {
        error = "cannot write " + path;
        return false;
    }
    return true;
}

} // namespace cocoon::kernels
