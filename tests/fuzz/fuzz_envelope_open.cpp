// Fuzz target: the sealed-envelope opener (header parser, chunk framing, AEAD) on arbitrary bytes.
// The seeds in corpus/fuzz_envelope_open are sealed to the fixed key below with purpose "fuzz"
// and context aad "fz", so the fuzzer starts from inputs that pass authentication.
#include "crypto/Envelope.h"

#include <QBuffer>

#include <cstdint>

namespace {

const cocoon::X25519PrivateKey& fuzzKey()
{
    static const auto key = [] {
        unsigned char raw[32];
        for (int i = 0; i < 32; ++i)
            raw[i] = static_cast<unsigned char>(i + 1);
        return std::move(*cocoon::X25519PrivateKey::fromRaw(raw));
    }();
    return key;
}

class NullDevice : public QIODevice
{
public:
    NullDevice() { open(WriteOnly); }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char*, qint64 n) override { return n; }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon;
    const std::span<const unsigned char> in(data, size);
    (void)envelope::Header::parse(in);
    // Keep huge declared sizes from making the whole-buffer opener allocate: only open inputs
    // whose header matches their length (the streaming opener below takes everything).
    if (auto h = envelope::Header::parse(in); h && h->sealedSize() == size) {
        (void)envelope::open(in, fuzzKey(), "fuzz", "fz");
    }
    QByteArray copy(reinterpret_cast<const char*>(data), qsizetype(size));
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    NullDevice out;
    (void)envelope::openStream(buffer, fuzzKey(), "fuzz", "fz", out);
    return 0;
}
