// ai.generate's wire formats, built with or without the engine: the chat (input) and the result
// header (output). Both are little-endian and length-prefixed; see docs/protocol.md.
#include "llm/LlmTasks.h"

#include <cstring>

namespace cocoon::kernels {
namespace {

constexpr std::size_t kMaxMessages = 1024;
constexpr std::uint8_t kMagic[4] = {'C', 'G', 'E', 'N'};

std::uint32_t readU32(const std::uint8_t* p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

void writeU32(std::uint8_t* p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = std::uint8_t(v >> (8 * i));
}

} // namespace

std::vector<std::uint8_t> encodeChat(const std::vector<ChatMessage>& chat)
{
    std::vector<std::uint8_t> out;
    for (const auto& m : chat) {
        out.push_back(std::uint8_t(m.role));
        std::uint8_t len[4];
        writeU32(len, std::uint32_t(m.content.size()));
        out.insert(out.end(), len, len + 4);
        out.insert(out.end(), m.content.begin(), m.content.end());
    }
    return out;
}

std::optional<std::vector<ChatMessage>> decodeChat(std::span<const std::uint8_t> bytes, std::string& error)
{
    std::vector<ChatMessage> chat;
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (chat.size() == kMaxMessages) {
            error = "the chat has more than 1024 messages";
            return std::nullopt;
        }
        if (bytes.size() - at < 5) {
            error = "the chat ends inside a message header";
            return std::nullopt;
        }
        const std::uint8_t role = bytes[at];
        if (role > std::uint8_t(ChatRole::Assistant)) {
            error = "message " + std::to_string(chat.size() + 1) + " has an unknown role";
            return std::nullopt;
        }
        const std::uint32_t len = readU32(bytes.data() + at + 1);
        at += 5;
        if (len > bytes.size() - at) {
            error = "message " + std::to_string(chat.size() + 1) + " is longer than the chat";
            return std::nullopt;
        }
        std::string content(reinterpret_cast<const char*>(bytes.data() + at), len);
        if (content.find('\0') != std::string::npos) {
            error = "message " + std::to_string(chat.size() + 1) + " contains a NUL character";
            return std::nullopt;
        }
        chat.push_back({ChatRole(role), std::move(content)});
        at += len;
    }
    if (chat.empty()) {
        error = "the chat has no messages";
        return std::nullopt;
    }
    return chat;
}

std::optional<GenerateOutput> generateOutput(std::span<const std::uint8_t> result)
{
    if (result.size() < kGenerateHeaderBytes || std::memcmp(result.data(), kMagic, 4) != 0)
        return std::nullopt;
    const std::uint8_t* p = result.data();
    GenerateOutput o;
    const std::uint32_t finish = readU32(p + 4);
    if (finish > std::uint32_t(FinishReason::Length))
        return std::nullopt;
    o.finish = FinishReason(finish);
    o.promptTokens = readU32(p + 8);
    o.completionTokens = readU32(p + 12);
    const std::uint64_t textBytes = readU32(p + 16);
    o.reloads = readU32(p + 20);
    o.lastReloadMs = readU32(p + 24);
    if (textBytes > result.size() - kGenerateHeaderBytes)
        return std::nullopt;
    o.text = std::string_view(reinterpret_cast<const char*>(p + kGenerateHeaderBytes), std::size_t(textBytes));
    return o;
}

void writeGenerateHeader(std::span<std::uint8_t> output, const GenerateOutput& o)
{
    if (output.size() < kGenerateHeaderBytes)
        return;
    std::uint8_t* p = output.data();
    std::memcpy(p, kMagic, 4);
    writeU32(p + 4, std::uint32_t(o.finish));
    writeU32(p + 8, o.promptTokens);
    writeU32(p + 12, o.completionTokens);
    writeU32(p + 16, std::uint32_t(o.text.size()));
    writeU32(p + 20, o.reloads);
    writeU32(p + 24, o.lastReloadMs);
    writeU32(p + 28, 0);
}

} // namespace cocoon::kernels
