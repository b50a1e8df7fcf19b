// Private AI queries as people use them, with real processes on loopback: cocoon-coordinator, a
// cocoon-contributor --headless serving a tiny random-weight model made at test time (no download),
// 'cocoonctl chat' streaming an answer, and the official OpenAI Node.js client talking to
// 'cocoonctl serve' (models, a completion with and without streaming, an unknown model).
#include "Kernels.h"
#include "TestSupport.h"
#include "llm/TinyModel.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

using cocoon::test::ServiceProcess;

class TestChat : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    cocoon::test::AppNetwork m_net; ///< the node stops before the coordinator
    QString m_model;

    std::pair<int, QByteArray> ctl(const QStringList& args, QByteArray* err = nullptr)
    {
        QProcess p;
        p.start(QDir(cocoon::test::binDir()).filePath("cocoonctl"),
            QStringList {"--data-dir", m_dir.filePath("owner")} + args);
        p.waitForFinished(120000);
        if (err)
            *err = p.readAllStandardError();
        return {p.exitCode(), p.readAllStandardOutput()};
    }

private slots:
    void initTestCase()
    {
        if (!cocoon::kernels::llmAvailable())
            QSKIP("this build has no LLM engine (COCOON_LLM=OFF)");
        const QString models = m_dir.filePath("node/models");
        QVERIFY(QDir().mkpath(models));
        std::string error;
        cocoon::kernels::TinyModelSpec spec;
        spec.name = "tiny-test";
        QVERIFY2(cocoon::kernels::writeTinyModel((models + "/tiny.gguf").toStdString(), spec, error), error.c_str());
        m_model = QString::fromLatin1(
            QCryptographicHash::hash(cocoon::test::readFile(models + "/tiny.gguf"), QCryptographicHash::Sha256)
                .toHex());
        // A file that is not a model is listed as refused, not served.
        cocoon::test::writeFile(models + "/broken.gguf", QByteArray(1000, 'x'));

        QString why;
        auto net = cocoon::test::startAppNetwork(m_dir.path(), &why);
        QVERIFY2(net, qPrintable(why));
        m_net = std::move(*net);
    }

    void chatStreamsAVerifiedAnswer()
    {
        QByteArray err;
        const auto r = ctl({"chat", "--coordinator", m_net.url, "--pin", m_net.pin, "--model", m_model.left(12),
                               "--prompt", "Hello there", "--max-tokens", "12", "--temperature", "0"},
            &err);
        QVERIFY2(r.first == 0, err.constData());
        QVERIFY2(!r.second.trimmed().isEmpty(), err.constData());
        const auto m = QRegularExpression(R"(receipt verified, covering (\d+) streamed chunks)").match(err);
        QVERIFY2(m.hasMatch(), err.constData());
        QVERIFY(m.captured(1).toInt() >= 1);
        QVERIFY2(err.contains("completion tokens"), err.constData());
        // The same question with the same seed: the same answer (greedy decoding).
        QByteArray err2;
        const auto again = ctl({"chat", "--coordinator", m_net.url, "--pin", m_net.pin, "--model", "tiny-test",
                                   "--prompt", "Hello there", "--max-tokens", "12", "--temperature", "0"},
            &err2);
        QVERIFY2(again.first == 0, err2.constData());
        QCOMPARE(again.second, r.second);
    }

    void chatRefusesAModelNoNodeServes()
    {
        QByteArray err;
        const auto r = ctl(
            {"chat", "--coordinator", m_net.url, "--pin", m_net.pin, "--model", QString(64, 'a'), "--prompt", "Hi"},
            &err);
        QCOMPARE(r.first, 1);
        QVERIFY2(err.contains("serves the model"), err.constData());
    }

    void openAiClientTalksToServe()
    {
        const QString node = QStandardPaths::findExecutable("node");
        const QDir client(QDir(qEnvironmentVariable("COCOON_SOURCE_DIR")).filePath("tests/openai-client"));
        if (node.isEmpty() || !client.exists("node_modules/openai"))
            COCOON_SKIP_OR_FAIL(QStringLiteral("the openai npm package is not installed: run 'make deps'"));
        QByteArray line;
        QString why;
        ServiceProcess serve = cocoon::test::startService(QDir(cocoon::test::binDir()).filePath("cocoonctl"),
            {"--data-dir", m_dir.filePath("owner"), "serve", "--coordinator", m_net.url, "--pin", m_net.pin, "--listen",
                "127.0.0.1:0"},
            &line, &why);
        QVERIFY2(serve, qPrintable(why));
        const auto m = QRegularExpression(R"((http://\S+/v1))").match(QString::fromUtf8(line));
        QVERIFY2(m.hasMatch(), line.constData());
        QProcess p;
        p.start(node, {client.filePath("chat.mjs"), m.captured(1), m_model});
        QVERIFY(p.waitForFinished(120000));
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY2(p.exitCode() == 0, (out + p.readAllStandardError()).constData());
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        QVERIFY2(o["ids"].toArray().contains(m_model), out.constData());
        QVERIFY(o["names"].toArray().contains("tiny-test"));
        QVERIFY(!o["full"].toString().isEmpty());
        QCOMPARE(o["streamed"].toString(), o["full"].toString()); // greedy: the same text either way
        QVERIFY2(o["chunks"].toInt() >= 3, out.constData()); // role, text pieces, finish
        QVERIFY(o["finish"].toString() == "stop" || o["finish"].toString() == "length");
        const QJsonObject usage = o["fullUsage"].toObject();
        QVERIFY(usage["prompt_tokens"].toInt() > 5);
        QCOMPARE(usage["total_tokens"].toInt(), usage["prompt_tokens"].toInt() + usage["completion_tokens"].toInt());
        QCOMPARE(o["usage"].toObject(), usage);
        QCOMPARE(o["missing"].toObject()["status"].toInt(), 404);
    }
};

QTEST_GUILESS_MAIN(TestChat)
#include "TestChat.moc"
