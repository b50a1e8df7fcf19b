#pragma once
// The job owner's side of private AI queries, shared by 'cocoonctl chat' and 'cocoonctl serve':
// OpenAI-style chat requests become ai.generate jobs (the model named by its SHA-256, the chat
// sealed to a node whose evidence verified), and the node's sealed chunks come back opened, in
// order, checked against the signed receipt (net::OwnerClient does the verifying).
#include "Kernels.h"
#include "common/Clock.h"
#include "net/OwnerClient.h"

#include <QJsonObject>
#include <QObject>
#include <QStringDecoder>

#include <functional>
#include <memory>
#include <vector>

namespace cocoonctl {

struct ChatSettings
{
    QUrl coordinator;
    QString pin;
    cocoon::jobs::Tier minTier = cocoon::jobs::Tier::Sealed;
    QString backend = QStringLiteral("any");
};

/// One chat completion as OpenAI's API describes it, already checked.
struct ChatCompletionRequest
{
    QString model; ///< as the client named it (a SHA-256 in hex, a prefix of one, or a name)
    std::vector<cocoon::kernels::ChatMessage> messages;
    std::uint32_t maxTokens = 256;
    std::uint32_t temperatureMilli = 1000;
    std::uint32_t topPMilli = 1000;
    std::uint64_t seed = 0;
    QStringList stop;
    bool stream = false;
};
/// Reads an OpenAI /v1/chat/completions body; an error message a client can act on otherwise.
cocoon::Expected<ChatCompletionRequest, QString> parseChatCompletion(const QJsonObject& body);

struct ChatAnswer
{
    QString text;
    cocoon::kernels::FinishReason finish = cocoon::kernels::FinishReason::Stop;
    std::uint32_t promptTokens = 0, completionTokens = 0;
    cocoon::net::OwnerOutcome outcome;
};

/// Runs chat completions on the network, one OwnerClient connection reused per request in flight.
class ChatClient : public QObject
{
    Q_OBJECT
public:
    ChatClient(const cocoon::Clock& clock, ChatSettings settings, QObject* parent = nullptr);
    ~ChatClient() override;

    using ModelsDone = std::function<void(cocoon::Expected<QList<cocoon::net::ModelOffer>, QString>)>;
    /// The models that nodes with verified evidence serve (cached for a few seconds).
    void models(ModelsDone done);

    using Piece = std::function<void(const QString& text)>;
    using Done = std::function<void(cocoon::Expected<ChatAnswer, QString>)>;
    /// Runs `request`: `piece` gets the streamed text as it arrives (whole UTF-8 characters only),
    /// `done` the verified answer (or why there is none).
    void complete(const ChatCompletionRequest& request, Piece piece, Done done);

private:
    /// An idle connection, or a new one (all are owned by this object).
    cocoon::net::OwnerClient* takeClient();

    void giveBack(cocoon::net::OwnerClient* client);

    const cocoon::Clock& m_clock;
    ChatSettings m_settings;
    std::vector<std::unique_ptr<cocoon::net::OwnerClient>> m_clients; ///< one per request ever in flight at once
    std::vector<cocoon::net::OwnerClient*> m_idle;
    QList<cocoon::net::ModelOffer> m_models;
    qint64 m_modelsAtMs = -1;
};

} // namespace cocoonctl
