#include "net/NodeClient.h"

#include "attest/EvidenceBundle.h"
#include "common/Bytes.h"
#include "common/Logging.h"
#include "jobs/Receipt.h"
#include "ledger/CreditStatement.h"
#include "ledger/Ledger.h"
#include "net/Handshake.h"
#include "net/Tls.h"
#include "sched/GovernedRun.h"

#include <QCborArray>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QWebSocket>

#include <thread>

namespace cocoon::net {

namespace {

std::shared_ptr<spdlog::logger> logger()
{
    return log::get("net");
}

jobs::JobId toJobId(const QByteArray& b)
{
    jobs::JobId id {};
    std::copy_n(b.begin(), std::min<qsizetype>(b.size(), 16), id.begin());
    return id;
}

QByteArray readWhole(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Reports progress to the client's thread between steps, at most a few times a second.
class ProgressThrottle final : public jobs::Throttle
{
public:
    ProgressThrottle(jobs::Throttle& inner, const Clock& clock, std::function<void(std::size_t, std::size_t)> report)
        : m_inner(inner)
        , m_clock(clock)
        , m_report(std::move(report))
    { }
    jobs::ThrottleDecision next(const jobs::ThrottleQuery& q) override
    {
        const auto now = m_clock.monotonic();
        if (now - m_last >= std::chrono::milliseconds(250)) {
            m_last = now;
            m_report(q.nextStep, q.stepCount);
        }
        return m_inner.next(q);
    }
    Wake waitWhilePaused(const std::atomic<bool>* stop) override { return m_inner.waitWhilePaused(stop); }
    void wakeWaiters() override { m_inner.wakeWaiters(); }
    void cancel() override { m_inner.cancel(); }

private:
    jobs::Throttle& m_inner;
    const Clock& m_clock;
    std::function<void(std::size_t, std::size_t)> m_report;
    Clock::Monotonic m_last {};
};

} // namespace

struct NodeClient::Running
{
    QString kernel;
    std::size_t worker = 0; ///< index into m_workers
    std::atomic<bool> cancel {false};
    std::thread thread;
    // Written by the worker before it posts onJobDone.
    std::optional<Expected<jobs::JobResult, jobs::JobError>> result;
};

NodeClient::NodeClient(
    NodeOptions options, jobs::JobContext context, ledger::Ledger* ledger, jobs::Throttle* throttle, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_context(std::move(context))
    , m_ledger(ledger)
    , m_workers(std::move(m_options.workers)) // the one list of workers from here on
{
    if (m_workers.empty()) {
        NodeWorker cpu;
        cpu.device = NodeDevice::cpu(jobs::catalogueKernels(), m_options.capacity);
        cpu.backend = m_context.backend;
        cpu.cudaDevice = m_context.cudaDevice;
        cpu.throttle = throttle;
        cpu.state = m_options.state;
        m_workers.push_back(std::move(cpu));
    }
    for (NodeWorker& w : m_workers) {
        if (!w.throttle) {
            w.throttle = &m_always;
        }
    }
    if (auto b = attest::EvidenceBundle::decode(m_options.evidence)) {
        m_evidenceCreatedMs = b->createdMs;
    }
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &NodeClient::connectNow);
    connect(&m_heartbeat, &QTimer::timeout, this, &NodeClient::sendHeartbeat);
}

NodeClient::~NodeClient()
{
    stop();
    for (auto& [id, r] : m_running) {
        r->cancel = true;
    }
    // A worker parked by the scheduler waits on the throttle, not on its cancel flag: release it
    // (the throttle belongs to this node's device and is not used after the node is gone).
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        if (runningOn(i) > 0) {
            m_workers[i].throttle->cancel();
        }
    }
    for (auto& [id, r] : m_running) {
        if (r->thread.joinable()) {
            r->thread.join();
        }
    }
}

void NodeClient::start()
{
    m_stopped = false;
    // Results persisted but not acknowledged before a crash go to the ledger first (recovery).
    if (m_ledger) {
        const QDir dir(m_options.jobsDir);
        for (const QString& name : dir.entryList({QStringLiteral("*.receipt.cbor")}, QDir::Files)) {
            (void)m_ledger->recordReceipt(readWhole(dir.filePath(name)));
        }
    }
    connectNow();
}

void NodeClient::stop()
{
    m_stopped = true;
    m_reconnect.stop();
    m_heartbeat.stop();
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->close();
        m_ws.release()->deleteLater();
    }
    m_welcomed = false;
}

void NodeClient::connectNow()
{
    if (m_stopped) {
        return;
    }
    if (m_ws) {
        m_ws->disconnect(this);
        m_ws->abort();
        m_ws.release()->deleteLater();
    }
    m_welcomed = false;
    m_ws = std::make_unique<QWebSocket>();
    m_ws->setMaxAllowedIncomingFrameSize(quint64(kMaxFrameBytes));
    m_ws->setMaxAllowedIncomingMessageSize(quint64(kMaxFrameBytes));
    connect(m_ws.get(), &QWebSocket::connected, this, &NodeClient::onConnected);
    connect(m_ws.get(), &QWebSocket::binaryMessageReceived, this, &NodeClient::onFrame);
    connect(m_ws.get(), &QWebSocket::disconnected, this, [this] {
        const QString why = m_ws ? printable(m_ws->closeReason()) : QString(); // the peer's words
        scheduleReconnect(why.isEmpty() ? QStringLiteral("the connection closed") : why);
    });
    acceptPinnedCertificate(*m_ws, m_options.pin, m_options.caCertificates);
    m_nonce.clear();
    QNetworkRequest request(m_options.url);
    m_ws->open(request);
}

void NodeClient::scheduleReconnect(const QString& why)
{
    const bool was = m_welcomed;
    m_welcomed = false;
    m_heartbeat.stop();
    m_lastError = why;
    if (was) {
        emit disconnected(why);
    }
    if (m_stopped || m_reconnect.isActive()) {
        return;
    }
    // Exponential backoff with ±25 % jitter, capped.
    const qint64 base
        = std::min<qint64>(m_options.maxBackoff.count(), m_options.firstBackoff.count() << std::min(m_attempt, 16));
    const qint64 jitter = qint64(QRandomGenerator::global()->bounded(double(base) / 2)) - base / 4;
    ++m_attempt;
    logger()->info("coordinator connection: {}; retrying in {} ms", why.toStdString(), base + jitter);
    m_reconnect.start(std::chrono::milliseconds(std::max<qint64>(50, base + jitter)));
}

void NodeClient::onConnected()
{
    if (const QString why = pinMismatch(*m_ws, m_options.pin); !why.isEmpty()) {
        logger()->error("{}", why.toStdString());
        emit refused(why);
        m_ws->abort();
        m_attempt = std::max(m_attempt, 16); // retry only slowly: a wrong pin does not fix itself
        return;
    }
    // The hello is bound to the key this coordinator presented (pinned, or vouched for by a CA)
    // and to its challenge, which comes first.
    m_coordinatorPin = presentedPin(*m_ws);
    sendWithoutDelay(*m_ws);
}

QString NodeClient::endpoint() const
{
    return m_options.url.host().toLower() + u':' + QString::number(m_options.url.port(443));
}

int NodeClient::runningOn(std::size_t worker) const
{
    return int(std::count_if(
        m_running.begin(), m_running.end(), [&](const auto& entry) { return entry.second->worker == worker; }));
}

void NodeClient::send(const QByteArray& frame)
{
    if (m_ws) {
        m_ws->sendBinaryMessage(frame);
    }
}

void NodeClient::sendHello()
{
    renewEvidenceIfDue();
    NodeHello h;
    h.session = m_context.sessionKey->publicKey();
    h.evidence = m_options.evidence;
    for (const NodeWorker& w : m_workers) {
        h.devices << w.device;
    }
    h.payout = m_options.payout;
    h.models = m_options.models;
    h.sign(*m_context.identity, m_coordinatorPin, m_nonce);
    QCborMap f;
    f.insert(QStringLiteral("min"), kProtocolMin);
    f.insert(QStringLiteral("max"), kProtocolMax);
    f.insert(QStringLiteral("role"), QStringLiteral("node"));
    f.insert(QStringLiteral("node"), h.toCbor());
    send(encodeMessage(QStringLiteral("hello"), f));
}

void NodeClient::renewEvidenceIfDue()
{
    const auto now = std::uint64_t(std::max<qint64>(0, m_context.clock->nowUtc().toMSecsSinceEpoch()));
    if (!m_options.renewEvidence || now < m_evidenceCreatedMs
        || now - m_evidenceCreatedMs < std::uint64_t(m_options.evidenceRenewAfter.count())) {
        return;
    }
    const QByteArray fresh = m_options.renewEvidence();
    auto bundle = attest::EvidenceBundle::decode(fresh);
    if (!bundle || bundle->createdMs <= m_evidenceCreatedMs) {
        logger()->warn(
            "could not renew the evidence bundle{}", bundle ? "" : ": " + bundle.error().message.toStdString());
        return;
    }
    m_options.evidence = fresh;
    m_evidenceCreatedMs = bundle->createdMs;
    m_context.evidenceHash = toByteArray(sha256(fresh)); // receipts name the evidence they ran under
    logger()->info("evidence bundle renewed");
    if (m_welcomed && m_ws) {
        QCborMap f;
        f.insert(QStringLiteral("evidence"), fresh);
        f.insert(QStringLiteral("sig"),
            signEvidenceRenewal(
                *m_context.identity, m_context.sessionKey->publicKey(), fresh, m_coordinatorPin, m_nonce));
        send(encodeMessage(QStringLiteral("evidence"), f));
        emit evidenceRenewed();
    }
}

void NodeClient::sendHeartbeat()
{
    renewEvidenceIfDue();
    // Each device's own state (a game on the GPU pauses that device only); the node runs while
    // any of them does.
    bool anyRunning = false;
    QString firstReason;
    int slotTotal = 0;
    QCborArray devices;
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        const NodeWorker& w = m_workers[i];
        const auto [run, reason] = w.state ? w.state() : std::pair<bool, QString> {true, {}};
        const bool running = run && !m_draining;
        anyRunning = anyRunning || running;
        if (!running && firstReason.isEmpty()) {
            firstReason = reason;
        }
        slotTotal += w.device.slotCount;
        QCborMap d;
        d.insert(QStringLiteral("id"), w.device.id);
        d.insert(QStringLiteral("state"), running ? QStringLiteral("running") : QStringLiteral("paused"));
        d.insert(QStringLiteral("free"), qint64(std::max(0, w.device.slotCount - runningOn(i))));
        if (!reason.isEmpty()) {
            d.insert(QStringLiteral("reason"), reason.left(300));
        }
        devices.append(d);
    }
    QCborMap f;
    f.insert(QStringLiteral("state"), anyRunning ? QStringLiteral("running") : QStringLiteral("paused"));
    f.insert(QStringLiteral("free"), qint64(std::max(0, slotTotal - int(m_running.size()))));
    if (!anyRunning && !firstReason.isEmpty()) {
        f.insert(QStringLiteral("reason"), firstReason.left(300));
    }
    f.insert(QStringLiteral("devices"), devices);
    send(encodeMessage(QStringLiteral("heartbeat"), f));
}

void NodeClient::onFrame(const QByteArray& frame)
{
    auto m = decodeMessage(frame);
    if (!m) {
        logger()->warn("bad frame from the coordinator: {}", m.error().message.toStdString());
        send(encodeError(m.error()));
        m_ws->close(QWebSocketProtocol::CloseCodePolicyViolated);
        return;
    }
    if (m->type == u"challenge") {
        if (!m_nonce.isEmpty() || m_welcomed) {
            return; // one challenge per connection
        }
        m_nonce = m->bytes("nonce");
        return sendHello();
    }
    if (m->type == u"welcome") {
        return onWelcome(*m);
    }
    if (m->type == u"error") {
        m_lastError = printable(m->text("message"));
        logger()->warn("the coordinator refused: {}", m_lastError.toStdString());
        if (m->text("code") == u"refused" || m->text("code") == u"version" || m->text("code") == u"unauthorized") {
            emit refused(m_lastError);
        }
        return;
    }
    if (!m_welcomed) {
        return;
    }
    if (m->type == u"offer") {
        return onOffer(*m);
    }
    if (m->type == u"ack") {
        return onAck(*m);
    }
    if (m->type == u"statement") {
        return recordStatement(m->bytes("statement"));
    }
    if (m->type == u"cancel") {
        // The owner cancelled: stop at the next step boundary, or at once if the scheduler has the
        // job parked. The worker then reports it as failed, which frees its slot.
        if (auto it = m_running.find(m->bytes("job")); it != m_running.end()) {
            logger()->info("job {} cancelled: {}", it->first.toHex().left(16).toStdString(),
                printable(m->text("reason"), 200).toStdString());
            it->second->cancel = true;
            m_workers[it->second->worker].throttle->wakeWaiters();
        }
        return;
    }
    if (m->type == u"drain") {
        m_draining = true;
        return sendHeartbeat();
    }
}

void NodeClient::onWelcome(const Message& m)
{
    // Statements must be signed by the key this coordinator presented when this node first joined
    // it; a coordinator that now presents another is not worked for (an alarm, not a silent switch).
    const QByteArray key = m.bytes("coordinator");
    if (m_ledger) {
        auto pinned = m_ledger->coordinatorKey(endpoint());
        if (pinned && !*pinned) {
            (void)m_ledger->pinCoordinatorKey(endpoint(), key);
        } else if (pinned && **pinned != key) {
            const QString why = QStringLiteral(
                "the coordinator at %1 now signs with key %2, not the key %3 it presented when this node first "
                "joined it; its statements are refused and no work is taken from it. If its operator really "
                "replaced the key, run 'cocoonctl coordinator forget %1' and restart.")
                                    .arg(endpoint(), QString::fromLatin1(key.toHex().left(16)),
                                        QString::fromLatin1((*pinned)->toHex().left(16)));
            logger()->error("{}", why.toStdString());
            m_lastError = why;
            emit coordinatorKeyAlarm(why);
            emit refused(why);
            m_attempt = std::max(m_attempt, 16);
            m_ws->abort();
            return;
        }
    }
    m_coordinatorKey = key;
    m_prices = m.body.value(QStringLiteral("prices")).toMap();
    m_welcomed = true;
    m_draining = false; // a drain is for the session that asked for it; a new one takes work again
    m_attempt = 0;
    m_heartbeat.start(std::chrono::milliseconds(std::clamp<qint64>(qint64(m.uint("heartbeat_ms")), 100, 60000)));
    if (m.has("statement")) {
        recordStatement(m.bytes("statement"));
    }
    logger()->info("joined the coordinator at {}", m_options.url.toString().toStdString());
    emit connected();
    sendHeartbeat();
    resendUnacked();
}

void NodeClient::onOffer(const Message& m)
{
    const QByteArray jobId = m.bytes("job");
    const auto reject = [&](const QString& why) {
        QCborMap f;
        f.insert(QStringLiteral("job"), jobId);
        f.insert(QStringLiteral("reason"), why);
        send(encodeMessage(QStringLiteral("reject"), f));
    };
    if (m_running.count(jobId)) {
        return; // offered again while it runs: the result will come
    }
    // The device the coordinator leased the job to (each has its own slots, limits and throttle).
    const QString deviceId = m.text("device");
    const auto worker = std::find_if(
        m_workers.begin(), m_workers.end(), [&](const NodeWorker& w) { return w.device.id == deviceId; });
    if (worker == m_workers.end()) {
        return reject(QStringLiteral("this node has no device '%1'").arg(printable(deviceId, 20)));
    }
    const auto index = std::size_t(worker - m_workers.begin());
    if (m_draining || runningOn(index) >= worker->device.slotCount) {
        return reject(QStringLiteral("%1 is busy or this node is draining").arg(deviceId));
    }
    if (m_ledger) {
        if (auto waiting = m_ledger->unackedJobs(); waiting && waiting->size() >= m_options.maxUnacked) {
            return reject(QStringLiteral("%1 results of this node wait for the coordinator's acknowledgement")
                              .arg(waiting->size()));
        }
    }
    jobs::JobContext context = m_context;
    context.backend = worker->backend;
    context.cudaDevice = worker->cudaDevice;
    if (worker->limits) {
        context.limits = worker->limits();
    }
    // A node never takes a job whose result its coordinator would have to refuse for its size.
    context.limits.maxOutputBytes = std::min(context.limits.maxOutputBytes, kMaxOutputPlaintextBytes);
    // Streamed results go out as they are sealed, in order, before the job's `result` frame
    // (both are queued to this object's thread).
    context.onChunk = [this, jobId](std::uint32_t chunk, const QByteArray& sealed) {
        QMetaObject::invokeMethod(this, [this, jobId, chunk, sealed] {
            QCborMap c;
            c.insert(QStringLiteral("job"), jobId);
            c.insert(QStringLiteral("index"), qint64(chunk));
            c.insert(QStringLiteral("data"), sealed);
            send(encodeMessage(QStringLiteral("chunk"), c));
        });
    };
    auto job = jobs::Job::prepare(m.bytes("manifest"), m.bytes("input"), context);
    if (!job) {
        logger()->warn("refused job {}: {}", jobId.toHex().left(16).toStdString(), job.error().message.toStdString());
        return reject(job.error().message);
    }
    if (toByteArray((*job)->manifest().jobId) != jobId) {
        return reject(QStringLiteral("the offer's job id is not the manifest's"));
    }
    if (!worker->device.kernels.contains((*job)->manifest().kernel)) {
        return reject(QStringLiteral("%1 does not run %2").arg(deviceId, (*job)->manifest().kernel));
    }
    QCborMap f;
    f.insert(QStringLiteral("job"), jobId);
    send(encodeMessage(QStringLiteral("accept"), f));
    auto running = std::make_unique<Running>();
    running->kernel = (*job)->manifest().kernel;
    running->worker = index;
    Running* r = running.get();
    m_running[jobId] = std::move(running);
    emit jobStarted(jobId, r->kernel, deviceId);
    std::shared_ptr<jobs::Job> shared(std::move(*job));
    jobs::Throttle* deviceThrottle = worker->throttle;
    r->thread = std::thread([this, r, jobId, shared, deviceThrottle] {
        ProgressThrottle throttle(
            *deviceThrottle, *m_context.clock, [this, jobId](std::size_t step, std::size_t steps) {
                QMetaObject::invokeMethod(this, [this, jobId, step, steps] {
                    QCborMap p;
                    p.insert(QStringLiteral("job"), jobId);
                    p.insert(QStringLiteral("step"), qint64(step));
                    p.insert(QStringLiteral("steps"), qint64(steps));
                    send(encodeMessage(QStringLiteral("progress"), p));
                });
            });
        // The loop the scheduler's tests cover: stopped at a step boundary while paused, progress
        // kept, the GPU's memory given back when the pause lasts, resumed where it stopped.
        const sched::GovernedRunReport report = sched::runGoverned(*shared, throttle, &r->cancel);
        if (report.state == jobs::Job::State::Done) {
            jobs::DirectoryJobStore store(m_options.jobsDir);
            r->result = shared->complete(store);
        } else {
            r->result = unexpected(shared->failure().value_or(
                jobs::jobError(jobs::JobErrc::Cancelled, QStringLiteral("the job was cancelled"))));
        }
        QMetaObject::invokeMethod(this, [this, jobId] { onJobDone(jobId); });
    });
}

void NodeClient::onJobDone(const QByteArray& jobId)
{
    const auto it = m_running.find(jobId);
    if (it == m_running.end()) {
        return;
    }
    std::unique_ptr<Running> r = std::move(it->second);
    m_running.erase(it);
    r->thread.join();
    const QString device = m_workers[r->worker].device.id;
    const auto& result = *r->result;
    if (!result) {
        QCborMap f;
        f.insert(QStringLiteral("job"), jobId);
        f.insert(QStringLiteral("reason"), result.error().message);
        send(encodeMessage(QStringLiteral("failed"), f));
        emit jobFinished(jobId, false, result.error().message, device);
        return;
    }
    // Persisted (jobs directory) by complete(); the ledger learns of it before it is sent.
    if (m_ledger) {
        // Earned is what this coordinator credits for it: the units at its own price.
        const auto price = priceInTable(m_prices, result->receipt.kernel);
        std::uint64_t earned = 0;
        const bool priced = price && !__builtin_mul_overflow(result->receipt.units, *price, &earned);
        if (auto e = m_ledger->recordReceipt(result->signedReceipt, priced ? std::optional(earned) : std::nullopt);
            !e) {
            logger()->error("ledger: {}", e.error().message.toStdString());
        }
    }
    QCborMap f;
    f.insert(QStringLiteral("job"), jobId);
    f.insert(QStringLiteral("output"), result->sealedOutput);
    f.insert(QStringLiteral("receipt"), result->signedReceipt);
    const QByteArray frame = encodeMessage(QStringLiteral("result"), f);
    if (frame.size() > kMaxFrameBytes) {
        // Never sent: the coordinator would have to refuse it, and the node would resend it forever.
        const QString why = QStringLiteral("its result (%1 bytes) is larger than a frame").arg(frame.size());
        if (m_ledger) {
            (void)m_ledger->markRefused(jobId, why);
        }
        QFile::remove(jobs::DirectoryJobStore(m_options.jobsDir).outputPath(toJobId(jobId)));
        QCborMap failed;
        failed.insert(QStringLiteral("job"), jobId);
        failed.insert(QStringLiteral("reason"), why);
        send(encodeMessage(QStringLiteral("failed"), failed));
        emit jobFinished(jobId, false, why, device);
        return;
    }
    send(frame);
    emit jobFinished(jobId, true, r->kernel, device);
    sendHeartbeat();
}

void NodeClient::resendUnacked()
{
    if (!m_ledger) {
        return;
    }
    jobs::DirectoryJobStore store(m_options.jobsDir);
    // Results no coordinator acknowledged in a week are given up: kept as a record, not income,
    // and their sealed outputs deleted.
    const std::int64_t cutoff = m_context.clock->nowUtc().toMSecsSinceEpoch() - m_options.keepUnacked.count();
    if (auto old = m_ledger->giveUpUnacked(cutoff, QStringLiteral("not acknowledged by any coordinator in time"))) {
        for (const QByteArray& id : *old) {
            QFile::remove(store.outputPath(toJobId(id)));
        }
    }
    auto jobsToSend = m_ledger->unackedJobs();
    if (!jobsToSend) {
        return;
    }
    for (const QByteArray& id : *jobsToSend) {
        const QByteArray output = readWhole(store.outputPath(toJobId(id)));
        const QByteArray receipt = readWhole(store.receiptPath(toJobId(id)));
        if (output.isEmpty() || receipt.isEmpty()) {
            continue;
        }
        QCborMap f;
        f.insert(QStringLiteral("job"), id);
        f.insert(QStringLiteral("output"), output);
        f.insert(QStringLiteral("receipt"), receipt);
        send(encodeMessage(QStringLiteral("result"), f));
    }
}

void NodeClient::onAck(const Message& m)
{
    const QByteArray jobId = m.bytes("job");
    if (m.has("refused")) {
        const QString why = printable(m.text("refused"));
        logger()->warn("the coordinator refused the result of job {}: {}", jobId.toHex().left(16).toStdString(),
            why.toStdString());
        if (m_ledger) {
            (void)m_ledger->markRefused(jobId, why);
        }
        emit resultRefused(jobId, why);
    } else if (m_ledger) {
        (void)m_ledger->markAcked(jobId);
    }
    // The sealed output is not needed once acknowledged; the receipt stays as proof.
    QFile::remove(jobs::DirectoryJobStore(m_options.jobsDir).outputPath(toJobId(jobId)));
    recordStatement(m.bytes("statement"));
}

std::optional<std::uint64_t> NodeClient::price(const QString& kernel) const
{
    return m_prices.isEmpty() ? std::nullopt : priceInTable(m_prices, kernel);
}

void NodeClient::recordStatement(const QByteArray& statement)
{
    if (statement.isEmpty()) {
        return;
    }
    auto st = ledger::CreditStatement::verify(statement);
    if (!st) {
        logger()->warn("a credit statement was refused: {}", st.error().message.toStdString());
        return;
    }
    if (toByteArray(st->coordinatorKey) != m_coordinatorKey) {
        const QString why = QStringLiteral("a credit statement signed by key %1, not by this coordinator's key %2, "
                                           "was refused")
                                .arg(QString::fromLatin1(toByteArray(st->coordinatorKey).toHex().left(16)),
                                    QString::fromLatin1(m_coordinatorKey.toHex().left(16)));
        logger()->error("{}", why.toStdString());
        emit coordinatorKeyAlarm(why);
        return;
    }
    if (m_ledger) {
        auto r = m_ledger->recordStatement(statement, m_context.identity->publicKey());
        if (!r && r.error().code == ledger::LedgerErrc::Decrease) {
            logger()->error("{}", r.error().message.toStdString());
            emit coordinatorRollback(r.error().message);
            return;
        }
    }
    emit credited(st->nano, st->jobs);
}

} // namespace cocoon::net
