#pragma once
// The demo network's job owner: submits a steady mix of every catalogue kernel, small enough to
// finish in well under a second on a CPU, exactly as a real owner would (verifying the node's
// evidence, sealing, checking the receipt). What a new user sees working within seconds.
#include "common/Clock.h"
#include "net/OwnerClient.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace cocoon::net {

/// Job `index` of the mix (it cycles through the catalogue); inputs are pseudo-random. With a
/// model (its SHA-256 and size), every sixth job is an AI query to it.
OwnerRequest demoJob(std::uint64_t index, const QByteArray& modelSha256 = {}, std::uint64_t modelBytes = 0);

class DemoJobGenerator : public QObject
{
    Q_OBJECT
public:
    DemoJobGenerator(
        const Clock& clock, QUrl url, QString pin, std::chrono::milliseconds interval, QObject* parent = nullptr);
    void start();
    void stop();
    /// The model the demo's AI queries name (the node serves it).
    void setModel(const QByteArray& sha256, std::uint64_t bytes)
    {
        m_model = sha256;
        m_modelBytes = bytes;
    }
    std::uint64_t completed() const { return m_completed; }

signals:
    void jobCompleted(const QString& kernel, std::uint64_t units, std::uint64_t priceNano);
    void jobFailed(const QString& kernel, const QString& reason);
    /// An AI query's answer, as streamed and verified.
    void generated(const QString& text);

private:
    void submitNext();

    const Clock& m_clock;
    QUrl m_url;
    QString m_pin;
    QTimer m_timer;
    std::unique_ptr<OwnerClient> m_client;
    std::uint64_t m_index = 0;
    std::uint64_t m_completed = 0;
    bool m_busy = false;
    QByteArray m_model;
    std::uint64_t m_modelBytes = 0;
};

} // namespace cocoon::net
