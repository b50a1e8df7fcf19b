#include "net/DemoJobs.h"

#include "jobs/Catalogue.h"

#include <QCborArray>

#include <cstring>
#include <random>

namespace cocoon::net {

namespace {

QByteArray randomBytes(std::size_t n, std::mt19937& g)
{
    QByteArray b(qsizetype(n), Qt::Uninitialized);
    for (char& c : b) {
        c = char(g() & 0xff);
    }
    return b;
}

QByteArray randomFloats(std::size_t bytes, std::mt19937& g)
{
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    QByteArray b(qsizetype(bytes), Qt::Uninitialized);
    for (std::size_t i = 0; i + 4 <= bytes; i += 4) {
        const float f = d(g);
        std::memcpy(b.data() + i, &f, 4);
    }
    return b;
}

} // namespace

OwnerRequest demoJob(std::uint64_t index, const QByteArray& modelSha256, std::uint64_t modelBytes)
{
    std::mt19937 g(std::uint32_t(index * 2654435761u + 17));
    OwnerRequest r;
    r.pricePerUnitNano = 0; // the coordinator's price
    r.deadline = std::chrono::seconds(300);
    if (modelSha256.size() == 32 && index % 6 == 5) {
        static const char* questions[] = {"What is confidential computing?", "Write a haiku about idle GPUs.",
            "How do I verify a TON payout?", "Tell me about the sea."};
        const auto chat
            = kernels::encodeChat({{kernels::ChatRole::User, questions[(index / 6) % std::size(questions)]}});
        r.kernel = QStringLiteral("ai.generate");
        r.input = QByteArray(reinterpret_cast<const char*>(chat.data()), qsizetype(chat.size()));
        r.params = QCborMap {{"model", QString::fromLatin1(modelSha256.toHex())}, {"model_bytes", qint64(modelBytes)},
            {"input_bytes", qint64(chat.size())}, {"context", 256}, {"max_tokens", 32}, {"temperature_milli", 700},
            {"seed", qint64(index)}};
        return r;
    }
    switch (index % 5) {
    case 0:
        r.kernel = QStringLiteral("ai.mlp");
        r.params = QCborMap {{"layers",
                                 QCborArray {QCborMap {{"in", 64}, {"out", 128}, {"act", "gelu"}},
                                     QCborMap {{"in", 128}, {"out", 10}, {"act", "none"}}}},
            {"batch", 256}, {"softmax", true}};
        break;
    case 1:
        r.kernel = QStringLiteral("media.resize");
        r.params = QCborMap {{"src_width", 320}, {"src_height", 240}, {"width", 160}, {"height", 120},
            {"format", "rgba8"}, {"filter", "area"}};
        break;
    case 2:
        r.kernel = QStringLiteral("media.convert");
        r.params = QCborMap {{"width", 320}, {"height", 240}, {"from", "rgba8"}, {"to", "nv12"}};
        break;
    case 3:
        r.kernel = QStringLiteral("analytics.colstats");
        r.params = QCborMap {{"rows", 20000}, {"cols", 8}, {"dtype", "f32"}};
        break;
    default:
        r.kernel = QStringLiteral("bench.probe");
        r.params = QCborMap {{"lanes", 65536}, {"rounds", 16}};
        break;
    }
    auto params = jobs::parseParams(r.kernel, r.params);
    const auto fp = params ? kernels::footprint(*params) : std::nullopt;
    const std::size_t bytes = fp ? std::size_t(fp->inputBytes) : 0;
    const bool floats = r.kernel == u"ai.mlp" || r.kernel == u"analytics.colstats";
    r.input = floats ? randomFloats(bytes, g) : randomBytes(bytes, g);
    return r;
}

DemoJobGenerator::DemoJobGenerator(
    const Clock& clock, QUrl url, QString pin, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_url(std::move(url))
    , m_pin(std::move(pin))
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &DemoJobGenerator::submitNext);
}

void DemoJobGenerator::start()
{
    m_timer.start();
    submitNext();
}

void DemoJobGenerator::stop()
{
    m_timer.stop();
    m_client.reset();
    m_busy = false;
}

void DemoJobGenerator::submitNext()
{
    if (m_busy) {
        return; // one job in flight at a time: the demo shows a steady trickle, not a flood
    }
    m_busy = true;
    const OwnerRequest request = demoJob(m_index++, m_model, m_modelBytes);
    m_client = std::make_unique<OwnerClient>(m_clock, m_url, m_pin);
    m_client->run(request, [this, kernel = request.kernel](Expected<OwnerOutcome, NetError> o) {
        m_busy = false;
        if (o) {
            ++m_completed;
            if (const auto answer = kernel == u"ai.generate" ? kernels::generateOutput(o->output.span()) : std::nullopt)
                emit generated(QString::fromUtf8(answer->text.data(), qsizetype(answer->text.size())));
            emit jobCompleted(kernel, o->receipt.units, o->receipt.priceNano);
        } else {
            emit jobFailed(kernel, o.error().message);
        }
        // Deleting the client inside its own callback is not safe; let the event loop do it.
        m_client.release()->deleteLater();
    });
}

} // namespace cocoon::net
