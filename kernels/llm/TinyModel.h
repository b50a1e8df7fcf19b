#pragma once
// A tiny llama-architecture GGUF made on the spot (no download): a 2-layer transformer with
// seeded random weights, written with ggml's own GGUF writer. It generates gibberish,
// deterministically. The tokenizer is either a small built-in byte-fallback SentencePiece vocab
// (what the demo network serves) or the one in a vocab-only GGUF (tests use llama.cpp's own).
#include <cstdint>
#include <string>

namespace cocoon::kernels {

struct TinyModelSpec
{
    std::string vocabFile; ///< a vocab-only GGUF; empty: the built-in byte-level vocab
    std::uint32_t embed = 64, layers = 2, heads = 4, kvHeads = 2, ff = 128, context = 512;
    std::uint64_t seed = 42;
    std::string name = "cocoon-tiny (random weights, gibberish)";
};

/// Writes the model to `path`; false with `error` otherwise (also in builds without llama.cpp).
bool writeTinyModel(const std::string& path, const TinyModelSpec& spec, std::string& error);

} // namespace cocoon::kernels
