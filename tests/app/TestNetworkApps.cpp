// The three programs together as users run them: cocoon-coordinator, cocoon-contributor
// --headless joining it with the printed pin, and cocoonctl submit sending real PNG images and raw
// jobs and a video through it (real processes, real TLS on loopback, real files); Ctrl+C at the owner's
// terminal cancels a long job on the node; the coordinator killed with SIGKILL and restarted
// loses nothing and credits nothing twice.
#include "MediaClips.h"
#include "TestSupport.h"

#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUrl>

#include <csignal>

class TestNetworkApps : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString why;
        auto net = cocoon::test::startAppNetwork(m_dir.path(), &why);
        QVERIFY2(net, qPrintable(why));
        m_net = std::move(*net);
    }

    void pngThroughTheNetwork()
    {
        QImage src(97, 61, QImage::Format_RGBA8888);
        for (int y = 0; y < src.height(); ++y) {
            for (int x = 0; x < src.width(); ++x) {
                src.setPixelColor(x, y, QColor(x * 2, y * 4, 128, 255));
            }
        }
        QVERIFY(src.save(m_dir.filePath("in.png")));
        const auto r = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "media.resize",
            "--params", R"({"width":40,"height":25,"format":"rgba8","filter":"area"})", "--in",
            m_dir.filePath("in.png"), "--out", m_dir.filePath("out.png"), "--json"});
        QVERIFY2(r.first == 0, r.second.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.second).object();
        QCOMPARE(o["units"].toInt(), 40 * 25);
        QCOMPARE(o["tier"].toString(), QStringLiteral("sealed"));
        const QImage out(m_dir.filePath("out.png"));
        QCOMPARE(out.size(), QSize(40, 25));
        // Area filter over a smooth gradient: the middle pixel is close to the source's.
        QVERIFY(qAbs(out.pixelColor(20, 12).red() - src.pixelColor(48, 30).red()) <= 4);
    }

    void rawJobAndEarnings()
    {
        const auto r = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "bench.probe",
            "--params", R"({"lanes":4096,"rounds":8})", "--out", m_dir.filePath("probe.bin")});
        QVERIFY2(r.first == 0, r.second.constData());
        QVERIFY(r.second.contains("receipt verified"));
        QCOMPARE(QFileInfo(m_dir.filePath("probe.bin")).size(), 8);
        // The node's ledger has both jobs credited by the coordinator's statement.
        QTRY_VERIFY_WITH_TIMEOUT(
            ctl({"--data-dir", m_dir.filePath("node"), "earnings", "--json"}, false).second.contains("\"jobs\": 2"),
            10000);
    }

    /// A video through the network as people expect: cocoonctl submit --kernel media.transcode
    /// --in clip.mp4 --out small.webm. The numbers the job declares come from the file; the
    /// receipt names the encoder; ffprobe reads the result back.
    void videoThroughTheNetwork()
    {
        const QByteArray clip = cocoon::test::makeClip();
        if (clip.isEmpty())
            COCOON_SKIP_OR_FAIL(QStringLiteral("ffmpeg makes the test clip (make deps installs it)"));
        QFile in(m_dir.filePath("clip.mp4"));
        QVERIFY(in.open(QIODevice::WriteOnly) && in.write(clip) == clip.size());
        in.close();
        const auto r = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "media.transcode",
            "--params", R"({"video":"vp9","audio":"opus","container":"webm","width":160,"height":120})", "--in",
            in.fileName(), "--out", m_dir.filePath("small.webm"), "--json"});
        QVERIFY2(r.first == 0, r.second.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.second).object();
        QVERIFY2(o["device"].toString().contains("libvpx-vp9"), r.second.constData());
        QVERIFY(o["units"].toInteger() >= 160 * 120 * 50); // 50 frames at 160 × 120, and the audio
        QProcess probe;
        probe.start("ffprobe",
            {"-v", "error", "-count_frames", "-show_entries", "stream=codec_name,width,nb_read_frames", "-of",
                "csv=p=0", m_dir.filePath("small.webm")});
        QVERIFY(probe.waitForFinished(60000));
        const QByteArray streams = probe.readAllStandardOutput();
        QVERIFY2(streams.contains("vp9,160,50") && streams.contains("opus"), streams.constData());

        // MPEG-TS is streamed while it is encoded: sealed pieces the receipt covers, written to
        // OUT.part as they arrive and replaced by the verified whole.
        const auto ts = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "media.transcode",
            "--params", R"({"video":"h264","audio":"aac","container":"ts","width":160,"height":120})", "--in",
            in.fileName(), "--out", m_dir.filePath("small.ts"), "--json"});
        QVERIFY2(ts.first == 0, ts.second.constData());
        QVERIFY2(QJsonDocument::fromJson(ts.second).object()["streamedChunks"].toInt() >= 2, ts.second.constData());
        QVERIFY(QFileInfo(m_dir.filePath("small.ts")).size() > 1000);
        QVERIFY(!QFile::exists(m_dir.filePath("small.ts.part")));
    }

    void wrongPinAndBadUsage()
    {
        auto r = ctl({"submit", "--coordinator", m_net.url, "--pin", QString(64, 'a'), "--kernel", "bench.probe",
            "--params", "{}", "--out", m_dir.filePath("x")});
        QCOMPARE(r.first, 1);
        QVERIFY(r.second.contains("does not match the pin"));
        QCOMPARE(ctl({"submit", "--coordinator", "http://x", "--pin", m_net.pin, "--kernel", "bench.probe", "--params",
                         "{}", "--out", "x"})
                     .first,
            2);
        QCOMPARE(ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "no.such", "--params", "{}",
                         "--out", "x"})
                     .first,
            2);
    }

    void interruptCancelsTheJob()
    {
        // A job that would run for minutes; Ctrl+C at the owner's terminal cancels it at the
        // coordinator and on the node, whose slot is then free for the next job.
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QDir(cocoon::test::binDir()).filePath("cocoonctl"),
            {"--data-dir", m_dir.filePath("owner"), "submit", "--coordinator", m_net.url, "--pin", m_net.pin,
                "--kernel", "bench.probe", "--params", R"({"lanes":4194304,"rounds":65536})", "--out",
                m_dir.filePath("big.bin")});
        QByteArray out;
        QTRY_VERIFY2_WITH_TIMEOUT((out += p.readAll()).contains("running"), out.constData(), 30000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        out += p.readAll();
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(out.contains("cancelled by its owner: interrupted"), out.constData());
        QVERIFY(!QFile::exists(m_dir.filePath("big.bin")));
        const auto r = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "bench.probe",
            "--params", R"({"lanes":64,"rounds":1})", "--out", m_dir.filePath("small.bin")});
        QVERIFY2(r.first == 0, r.second.constData());
    }

    void coordinatorKilledAndRestarted()
    {
        // SIGKILL: nothing flushed, nothing closed. It comes back on the same port and data
        // directory with the same pin and signing key and its jobs and credits intact; the
        // contributor reconnects by itself, and the next job is credited on top of the old total
        // with no rollback alarm.
        const QJsonObject before = earnings();
        m_net.coordinator->kill();
        QVERIFY(m_net.coordinator->waitForFinished(10000));
        QByteArray line;
        QString why;
        m_net.coordinator = cocoon::test::startService(QDir(cocoon::test::binDir()).filePath("cocoon-coordinator"),
            {"--data-dir", m_dir.filePath("coord"), "--listen",
                QStringLiteral("127.0.0.1:%1").arg(QUrl(m_net.url).port())},
            &line, &why);
        QVERIFY2(m_net.coordinator, qPrintable(why));
        QVERIFY2(line.contains(m_net.pin.toLatin1()), line.constData());
        std::pair<int, QByteArray> r;
        // The node retries with backoff; an owner that comes too early finds no node yet.
        const bool submitted = QTest::qWaitFor(
            [&] {
                r = ctl({"submit", "--coordinator", m_net.url, "--pin", m_net.pin, "--kernel", "bench.probe",
                    "--params", R"({"lanes":64,"rounds":1})", "--out", m_dir.filePath("again.bin")});
                return r.first == 0;
            },
            30000);
        QVERIFY2(submitted, r.second.constData());
        QTRY_VERIFY_WITH_TIMEOUT(earnings()["jobs"].toInt() == before["jobs"].toInt() + 1
                && earnings()["creditedNano"].toString().toLongLong()
                    == before["creditedNano"].toString().toLongLong() + 64,
            10000);
        QCOMPARE(earnings()["alarms"].toInt(), 0);
    }

    void cleanupTestCase()
    {
        if (m_net.node) {
            m_net.node->terminate();
            QVERIFY(m_net.node->waitForFinished(10000));
            QCOMPARE(m_net.node->exitCode(), 0);
        }
    }

private:
    QJsonObject earnings()
    {
        return QJsonDocument::fromJson(ctl({"--data-dir", m_dir.filePath("node"), "earnings", "--json"}, false).second)
            .object();
    }

    /// (exit code, stdout + stderr)
    std::pair<int, QByteArray> ctl(QStringList args, bool ownerDir = true)
    {
        QProcess p;
        if (ownerDir) {
            args = QStringList {"--data-dir", m_dir.filePath("owner")} + args;
        }
        p.start(QDir(cocoon::test::binDir()).filePath("cocoonctl"), args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError()};
    }

    QTemporaryDir m_dir;
    cocoon::test::AppNetwork m_net; ///< the node stops before the coordinator
};

QTEST_MAIN(TestNetworkApps)
#include "TestNetworkApps.moc"
