#include "net/OwnerClient.h"

#include "common/Bytes.h"
#include "jobs/Catalogue.h"
#include "net/Handshake.h"
#include "net/Tls.h"

#include <QCborArray>
#include <QWebSocket>

namespace cocoon::net {

OwnerClient::OwnerClient(const Clock& clock, QUrl url, QString pin, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_url(std::move(url))
    , m_pin(std::move(pin))
    , m_ownerKey(*Ed25519PrivateKey::generate())
{ }

OwnerClient::~OwnerClient()
{
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->abort();
    }
}

void OwnerClient::run(OwnerRequest request, Done done)
{
    m_request = std::move(request);
    m_done = std::move(done);
    m_candidates.clear();
    m_tried = 0;
    m_triedNodes.clear();
    m_submitted = false;
    m_job.reset();
    m_stream.reset();
    m_cancelled.clear();
    m_lastFailure.clear();
    m_modelHash.clear();
    if (const auto typed = jobs::parseParams(m_request.kernel, m_request.params)) {
        if (const auto* gen = std::get_if<kernels::GenerateParams>(&*typed))
            m_modelHash = toByteArray(gen->model);
    }
    if (m_ready) {
        return listNodes();
    }
    open();
}

void OwnerClient::open()
{
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->abort();
        m_ws.release()->deleteLater(); // this may run inside one of its own signals
    }
    m_ws = std::make_unique<QWebSocket>();
    m_ws->setMaxAllowedIncomingFrameSize(quint64(kMaxFrameBytes));
    m_ws->setMaxAllowedIncomingMessageSize(quint64(kMaxFrameBytes));
    acceptPinnedCertificate(*m_ws, m_pin, m_cas);
    connect(m_ws.get(), &QWebSocket::connected, this, [this] {
        if (const QString why = pinMismatch(*m_ws, m_pin); !why.isEmpty()) {
            return finish(unexpected(netError(NetErrc::Refused, why)));
        }
        m_coordinatorPin = presentedPin(*m_ws); // the hello, sent on the challenge, is bound to it
        sendWithoutDelay(*m_ws);
    });
    connect(m_ws.get(), &QWebSocket::binaryMessageReceived, this, &OwnerClient::onFrame);
    connect(m_ws.get(), &QWebSocket::disconnected, this, [this] {
        m_ready = false;
        const QString why = m_ws->closeReason().isEmpty() ? m_ws->errorString() : printable(m_ws->closeReason());
        finish(unexpected(netError(NetErrc::Closed,
            QStringLiteral("the coordinator at %1 closed the connection: %2").arg(m_url.toString(), why))));
    });
    m_ws->open(QNetworkRequest(m_url));
}

void OwnerClient::cancel(const QString& reason)
{
    if (!m_done || !m_cancelled.isEmpty()) {
        return;
    }
    m_cancelled = reason.isEmpty() ? QStringLiteral("cancelled") : reason;
    if (!m_submitted || !m_ready || !m_job) {
        return finish(unexpected(netError(NetErrc::Cancelled, QStringLiteral("cancelled before it was submitted"))));
    }
    QCborMap f;
    f.insert(QStringLiteral("job"), toByteArray(m_job->manifest.jobId));
    f.insert(QStringLiteral("reason"), m_cancelled);
    m_ws->sendBinaryMessage(encodeMessage(QStringLiteral("cancel"), f));
}

void OwnerClient::finish(Expected<OwnerOutcome, NetError> outcome)
{
    if (!m_done) {
        return;
    }
    Done done = std::move(m_done);
    m_done = nullptr;
    if (!outcome && outcome.error().code != NetErrc::Cancelled && outcome.error().code != NetErrc::Refused) {
        m_ready = false; // a broken exchange: the next request starts on a fresh connection
        if (m_ws) {
            m_ws->disconnect(this);
            m_ws->abort();
            m_ws.release()->deleteLater();
        }
    }
    done(std::move(outcome));
}

void OwnerClient::onFrame(const QByteArray& frame)
{
    auto m = decodeMessage(frame);
    if (!m) {
        return finish(unexpected(m.error()));
    }
    if (m->type == u"error") {
        return finish(unexpected(
            netError(NetErrc::Refused, QStringLiteral("the coordinator refused: ") + printable(m->text("message")))));
    }
    if (m->type == u"challenge") {
        OwnerHello hello;
        hello.sign(*m_ownerKey, m_coordinatorPin, m->bytes("nonce"));
        QCborMap f;
        f.insert(QStringLiteral("min"), kProtocolMin);
        f.insert(QStringLiteral("max"), kProtocolMax);
        f.insert(QStringLiteral("role"), QStringLiteral("owner"));
        f.insert(QStringLiteral("owner"), hello.toCbor());
        m_ws->sendBinaryMessage(encodeMessage(QStringLiteral("hello"), f));
        return;
    }
    if (m->type == u"welcome") {
        m_ready = true;
        m_prices = m->body.value(QStringLiteral("prices")).toMap();
        return m_done ? listNodes() : void();
    }
    if (!m_done) {
        return; // a late message about a request already answered
    }
    if (m->has("job") && m->bytes("job") != QByteArray(kJobIdBytes, '\0')
        && (!m_job || m->bytes("job") != toByteArray(m_job->manifest.jobId))) {
        return; // about an earlier request on this connection (a result that raced its cancel)
    }
    if (m->type == u"node_list") {
        // Verify every candidate's evidence here; the coordinator's tier is only a hint.
        struct Scored
        {
            Candidate c;
            int score;
        };
        std::vector<Scored> ok;
        OwnerOutcome listed;
        for (const QCborValue& v : m->body.value(QStringLiteral("nodes")).toArray()) {
            const QCborMap n = v.toMap();
            const QByteArray identity = n.value(QStringLiteral("identity")).toByteArray();
            const QByteArray session = n.value(QStringLiteral("session")).toByteArray();
            if (identity.size() != 32 || session.size() != 32 || m_triedNodes.contains(identity)) {
                continue;
            }
            auto bundle = attest::EvidenceBundle::decode(n.value(QStringLiteral("evidence")).toByteArray());
            if (!bundle) {
                emit nodeConsidered(identity, false, bundle.error().message);
                continue;
            }
            attest::BundleExpectations expect;
            expect.identity = Ed25519PublicKey {};
            std::copy(identity.begin(), identity.end(), expect.identity->begin());
            expect.session = X25519PublicKey {};
            std::copy(session.begin(), session.end(), expect.session->begin());
            expect.nowMs = std::uint64_t(m_clock.nowUtc().toMSecsSinceEpoch());
            const attest::BundleVerdict verdict = attest::verifyBundle(*bundle, expect);
            if (!verdict.valid) {
                emit nodeConsidered(identity, false, verdict.reasons.join(QStringLiteral("; ")));
                continue;
            }
            if (m_request.minTier == jobs::Tier::Confidential && verdict.tier != jobs::Tier::Confidential) {
                emit nodeConsidered(identity, false,
                    QStringLiteral("its evidence proves only the sealed tier: ")
                        + verdict.tierReasons.join(QStringLiteral("; ")));
                continue;
            }
            QList<ModelOffer> models;
            for (const QCborValue& mv : n.value(QStringLiteral("models")).toArray()) {
                if (auto offer = ModelOffer::fromCbor(mv))
                    models << *offer;
            }
            if (m_request.listModelsOnly) {
                for (const ModelOffer& offer : models) {
                    if (!listed.models.contains(offer))
                        listed.models << offer;
                }
                continue;
            }
            if (!m_modelHash.isEmpty() && std::none_of(models.begin(), models.end(), [&](const ModelOffer& o) {
                    return o.sha256 == m_modelHash;
                })) {
                emit nodeConsidered(identity, false, QStringLiteral("it does not serve the model"));
                continue;
            }
            Candidate c;
            c.identity = identity;
            std::copy(session.begin(), session.end(), c.session.begin());
            c.tier = jobs::tierName(verdict.tier);
            const int score = int(n.value(QStringLiteral("free")).toInteger()) * 2
                + (n.value(QStringLiteral("state")).toString() == u"running" ? 1 : 0);
            ok.push_back({c, score});
        }
        if (m_request.listModelsOnly)
            return finish(std::move(listed));
        std::stable_sort(ok.begin(), ok.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
        m_candidates.clear();
        for (const auto& s : ok) {
            m_candidates.push_back(s.c);
        }
        if (m_candidates.empty()) {
            return finish(unexpected(netError(NetErrc::Refused,
                m_tried == 0 ? QStringLiteral("no node offers %1 at the %2 tier with evidence that verifies")
                                   .arg(m_request.kernel, jobs::tierName(m_request.minTier))
                             : QStringLiteral("the job did not complete on %1 node(s) and no other node is eligible; "
                                              "last reason: %2")
                                   .arg(m_tried)
                                   .arg(m_lastFailure))));
        }
        return submitToNextNode();
    }
    if (m->type == u"submitted") {
        emit progress(0, 0, QStringLiteral("queued"));
        return;
    }
    if (m->type == u"job_chunk") {
        if (!m_stream || !m_streamError.isEmpty())
            return;
        auto piece
            = m_stream->open(std::uint32_t(std::min<std::uint64_t>(m->uint("index"), UINT32_MAX)), m->bytes("data"));
        if (!piece) {
            m_streamError = piece.error().message;
            return;
        }
        emit streamed(*piece);
        return;
    }
    if (m->type == u"job_progress") {
        emit progress(m->uint("step"), m->uint("steps"), m->text("state"));
        return;
    }
    if (m->type == u"job_failed") {
        if (!m_cancelled.isEmpty()) {
            return finish(unexpected(netError(NetErrc::Cancelled, printable(m->text("reason")))));
        }
        m_lastFailure = printable(m->text("reason"));
        emit nodeConsidered(m_current.identity, false, m_lastFailure);
        if (m_tried >= m_request.maxNodes) {
            return finish(unexpected(netError(NetErrc::Refused,
                QStringLiteral("the job did not complete on %1 node(s); last reason: %2")
                    .arg(m_tried)
                    .arg(m_lastFailure))));
        }
        return listNodes();
    }
    if (m->type == u"job_result") {
        jobs::Receipt receipt;
        auto output = jobs::openResult(*m_job, m->bytes("output"), m->bytes("receipt"), *m_replyKey, &receipt);
        if (!output) {
            return finish(unexpected(
                netError(NetErrc::Refused, QStringLiteral("the result was refused: ") + output.error().message)));
        }
        if (toByteArray(receipt.nodeKey) != m_current.identity) {
            return finish(
                unexpected(netError(NetErrc::Refused, QStringLiteral("the receipt is signed by another node"))));
        }
        if (m_streamError.isEmpty() && (m_stream->count() > 0 || receipt.chunkCount > 0)) {
            if (auto covered = m_stream->finish(receipt); !covered)
                m_streamError = covered.error().message;
        }
        if (!m_streamError.isEmpty()) {
            return finish(unexpected(
                netError(NetErrc::Refused, QStringLiteral("the streamed result was refused: ") + m_streamError)));
        }
        OwnerOutcome o;
        o.chunks = m_stream->count();
        o.output = std::move(*output);
        o.receipt = receipt;
        o.nodeIdentity = m_current.identity;
        o.nodeTier = m_current.tier;
        o.nodesTried = m_tried;
        return finish(std::move(o));
    }
}

void OwnerClient::listNodes()
{
    QCborMap f;
    f.insert(QStringLiteral("kernel"), m_request.kernel);
    f.insert(QStringLiteral("min_tier"), jobs::tierName(m_request.minTier));
    f.insert(QStringLiteral("limit"), std::max(1, m_request.listLimit));
    f.insert(QStringLiteral("backend"), m_request.backend);
    m_ws->sendBinaryMessage(encodeMessage(QStringLiteral("nodes"), f));
}

void OwnerClient::submitToNextNode()
{
    m_current = m_candidates.front();
    m_triedNodes.insert(m_current.identity);
    ++m_tried;
    emit nodeConsidered(m_current.identity, true, QStringLiteral("evidence verified, tier %1").arg(m_current.tier));
    auto reply = X25519PrivateKey::generate();
    if (!reply) {
        return finish(unexpected(netError(NetErrc::Refused, QStringLiteral("could not create a reply key"))));
    }
    m_replyKey.emplace(std::move(*reply));
    const std::uint64_t deadline = std::uint64_t(m_clock.nowUtc().toSecsSinceEpoch() + m_request.deadline.count());
    std::uint64_t price = m_request.pricePerUnitNano;
    if (price == 0) { // the coordinator's own price for this kernel
        price = priceInTable(m_prices, m_request.kernel).value_or(0);
    }
    auto job = jobs::prepareJob(m_request.kernel, m_request.params, asBytes(m_request.input), m_current.session,
        m_replyKey->publicKey(), deadline, price, 1000000000, m_request.minTier);
    if (!job) {
        return finish(unexpected(netError(NetErrc::Refused, job.error().message)));
    }
    m_job.emplace(std::move(*job));
    m_stream.emplace(*m_replyKey, m_job->manifest.hash());
    m_streamError.clear();
    QCborMap f;
    f.insert(QStringLiteral("node"), m_current.identity);
    f.insert(QStringLiteral("manifest"), m_job->manifestBytes);
    f.insert(QStringLiteral("input"), m_job->sealedInput);
    f.insert(QStringLiteral("backend"), m_request.backend);
    m_ws->sendBinaryMessage(encodeMessage(QStringLiteral("submit"), f));
    m_submitted = true;
}

} // namespace cocoon::net
