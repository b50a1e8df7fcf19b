// cocoonctl as users and scripts run it: real child processes, real files.
#include "KernelRunner.h"
#include "LedgerFixtures.h"
#include "ManualClock.h"
#include "MediaClips.h"
#include "TestSupport.h"
#include "jobs/Receipt.h"
#include "ledger/Ledger.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

using cocoon::test::readFile;
using cocoon::test::startService;
using cocoon::test::writeFile;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

class TestCocoonctl : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_ctl = QDir(cocoon::test::binDir()).filePath("cocoonctl");
        QVERIFY2(QFile::exists(m_ctl), qPrintable(m_ctl));
    }

    void versionAndHelp()
    {
        Run r = ctl({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("cocoonctl "));
        r = ctl({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("seal"));
        r = ctl({"seal", "--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--purpose"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no verb") << QStringList {} << "no verb";
        QTest::newRow("unknown verb") << QStringList {"frobnicate"} << "unknown verb";
        QTest::newRow("unknown option") << QStringList {"keygen", "--bogus"} << "bogus";
        QTest::newRow("missing --out") << QStringList {"keygen"} << "--out";
        QTest::newRow("bad pubkey") << QStringList {"seal", "--to", "abcd", "--purpose", "p", "--in", "x", "--out", "y"}
                                    << "64 hex";
        QTest::newRow("bad aead") << QStringList {"seal", "--to", QString(64, 'a'), "--purpose", "p", "--aead", "rot13",
            "--in", "x", "--out", "y"}
                                  << "aead";
        QTest::newRow("bad chunk size") << QStringList {"seal", "--to", QString(64, 'a'), "--purpose", "p",
            "--chunk-size", "0", "--in", "x", "--out", "y"}
                                        << "chunk-size";
        QTest::newRow("bad aad hex") << QStringList {"open", "--key", "k", "--purpose", "p", "--aad-hex", "xyz", "--in",
            "x", "--out", "y"} << "aad-hex";
        QTest::newRow("bad log level") << QStringList {"--log-level", "loud", "settings", "list"} << "log-level";
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = ctl(args);
        QVERIFY2(r.code == 2 || (r.code == 1 && mentions == "log-level"), r.err.constData());
        QVERIFY2(QString::fromUtf8(r.err).contains(mentions), r.err.constData());
    }

    void keygenPubkeySealOpen_data()
    {
        QTest::addColumn<QString>("aead");
        QTest::addColumn<QString>("chunk");
        QTest::addColumn<int>("size");
        QTest::newRow("aes default chunk") << "aes-256-gcm"
                                           << "" << 3 * 1024 * 1024 + 5;
        QTest::newRow("chacha 1K chunks") << "chacha20-poly1305"
                                          << "1K" << 10000;
        QTest::newRow("empty input") << "aes-256-gcm"
                                     << "" << 0;
    }
    void keygenPubkeySealOpen()
    {
        QFETCH(QString, aead);
        QFETCH(QString, chunk);
        QFETCH(int, size);
        const QString key = path(QStringLiteral("k-%1.pem").arg(QTest::currentDataTag()).replace(' ', '_'));
        Run r = ctl({"keygen", "--out", key});
        QCOMPARE(r.code, 0);
        const QString pub = QString::fromLatin1(r.out.trimmed());
        QCOMPARE(pub.size(), 64);
        QCOMPARE(QFile::permissions(key) & 0x0077, QFileDevice::Permissions()); // 0600: nothing for group/other
        QCOMPARE(QString::fromLatin1(ctl({"pubkey", "--key", key}).out.trimmed()), pub);

        const QByteArray pt = randomBytes(size);
        writeFile(path("pt"), pt);
        QStringList sealArgs {"seal", "--to", pub, "--purpose", "job-input", "--aad-hex", "c0ffee", "--aead", aead,
            "--in", path("pt"), "--out", path("ct")};
        if (!chunk.isEmpty())
            sealArgs << "--chunk-size" << chunk;
        r = ctl(sealArgs);
        QVERIFY2(r.code == 0, r.err.constData());
        r = ctl({"open", "--key", key, "--purpose", "job-input", "--aad-hex", "c0ffee", "--in", path("ct"), "--out",
            path("pt2")});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(readFile(path("pt2")), pt);
    }

    void keygenRefusesToOverwrite()
    {
        QCOMPARE(ctl({"keygen", "--out", path("k2.pem")}).code, 0);
        const QByteArray before = readFile(path("k2.pem"));
        Run r = ctl({"keygen", "--out", path("k2.pem")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("--force"));
        QCOMPARE(readFile(path("k2.pem")), before);
        QCOMPARE(ctl({"keygen", "--out", path("k2.pem"), "--force"}).code, 0);
        QVERIFY(readFile(path("k2.pem")) != before);
    }

    void pipesThroughStdinAndStdout()
    {
        const QString key = path("kp.pem");
        const QString pub = QString::fromLatin1(ctl({"keygen", "--out", key}).out.trimmed());
        const QByteArray pt = randomBytes(200000);
        const Run sealed
            = ctl({"seal", "--to", pub, "--purpose", "p", "--chunk-size", "4096", "--in", "-", "--out", "-"}, pt);
        QCOMPARE(sealed.code, 0);
        QVERIFY(sealed.out.startsWith("CCN1"));
        const Run opened = ctl({"open", "--key", key, "--purpose", "p", "--in", "-", "--out", "-"}, sealed.out);
        QCOMPARE(opened.code, 0);
        QCOMPARE(opened.out, pt);
    }

    void openFailuresLeaveNoOutput_data()
    {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("wrong key") << "wrong-key"
                                   << "wrong key";
        QTest::newRow("wrong purpose") << "wrong-purpose"
                                       << "wrong key, purpose";
        QTest::newRow("wrong aad") << "wrong-aad"
                                   << "context";
        QTest::newRow("truncated") << "truncate"
                                   << "truncated";
        QTest::newRow("extended") << "extend"
                                  << "after the last chunk";
        QTest::newRow("modified last chunk") << "flip"
                                             << "modified";
        QTest::newRow("not an envelope") << "garbage"
                                         << "not a sealed envelope";
        QTest::newRow("missing input") << "missing"
                                       << "cannot read";
    }
    void openFailuresLeaveNoOutput()
    {
        QFETCH(QString, mutation);
        QFETCH(QString, mentions);
        const QString key = path("kf.pem"), other = path("kf-other.pem");
        QFile::remove(key);
        QFile::remove(other);
        const QString pub = QString::fromLatin1(ctl({"keygen", "--out", key}).out.trimmed());
        ctl({"keygen", "--out", other});
        writeFile(path("pf"), randomBytes(50000));
        QCOMPARE(ctl({"seal", "--to", pub, "--purpose", "job-input", "--aad-hex", "01", "--chunk-size", "16K", "--in",
                         path("pf"), "--out", path("cf")})
                     .code,
            0);
        QByteArray ct = readFile(path("cf"));
        QString useKey = key, purpose = "job-input", aad = "01", in = path("cf");
        if (mutation == "wrong-key")
            useKey = other;
        else if (mutation == "wrong-purpose")
            purpose = "job-output";
        else if (mutation == "wrong-aad")
            aad = "02";
        else if (mutation == "truncate")
            ct.chop(100);
        else if (mutation == "extend")
            ct.append("x");
        else if (mutation == "flip")
            ct[ct.size() - 20] = char(ct[ct.size() - 20] ^ 1);
        else if (mutation == "garbage")
            ct = "this is not an envelope at all, just some text of sufficient length..";
        else if (mutation == "missing")
            in = path("does-not-exist");
        writeFile(path("cf2"), ct);
        if (in == path("cf"))
            in = path("cf2");
        const QString out = path("out-" + mutation);
        const Run r = ctl({"open", "--key", useKey, "--purpose", purpose, "--aad-hex", aad, "--in", in, "--out", out});
        QCOMPARE(r.code, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(mentions), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY2(!QFile::exists(out), "a failed open must leave no output file");
        const QStringList leftovers = QDir(m_dir.path()).entryList({"out-*"}, QDir::Files | QDir::Hidden);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(',')));
    }

    void settingsVerbs()
    {
        Run r = ctl({"settings", "set", "crypto.sealChunkKiB", "64"});
        QCOMPARE(r.code, 0);
        QCOMPARE(ctl({"settings", "get", "crypto.sealChunkKiB"}).out.trimmed(), QByteArray("64"));
        r = ctl({"settings", "set", "crypto.sealChunkKiB", "-3"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("out of range"));
        QCOMPARE(ctl({"settings", "get", "crypto.sealChunkKiB"}).out.trimmed(), QByteArray("64"));
        r = ctl({"settings", "list", "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("\"crypto.sealChunkKiB\""));
        r = ctl({"settings", "list", "sched."}); // a prefix narrows the list
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("sched.deviceOverrides = "));
        QVERIFY(!r.out.contains("crypto."));
        r = ctl({"settings", "set", "sched.deviceOverrides", "gpu0: temperatureCapC=150"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("gpu0: sched.temperatureCapC: 150"), r.err.constData());
        QCOMPARE(ctl({"settings", "reset", "crypto.sealChunkKiB"}).code, 0);
        QCOMPARE(ctl({"settings", "get", "crypto.sealChunkKiB"}).out.trimmed(), QByteArray("1024"));
        QCOMPARE(ctl({"settings", "get", "no.such.key"}).code, 1);
        // The seal default follows the setting: 1 KiB chunks make a 3000-byte input 3 chunks.
        QCOMPARE(ctl({"settings", "set", "crypto.sealChunkKiB", "1"}).code, 0);
        const QString pub = QString::fromLatin1(ctl({"keygen", "--out", path("ks.pem")}).out.trimmed());
        writeFile(path("ps"), QByteArray(3000, 'a'));
        QCOMPARE(ctl({"seal", "--to", pub, "--purpose", "p", "--in", path("ps"), "--out", path("cs")}).code, 0);
        QCOMPARE(QFileInfo(path("cs")).size(), 54 + 3000 + 3 * 16);
        ctl({"settings", "reset", "crypto.sealChunkKiB"});
    }

    void runLocalMatchesTheKernel()
    {
        QByteArray img = randomBytes(50 * 30 * 3);
        writeFile(path("img.rgb"), img);
        const Run r = ctl({"run-local", "--kernel", "media.resize", "--params",
            R"({"src_width":50,"src_height":30,"width":21,"height":11,"format":"rgb8","filter":"area"})", "--in",
            path("img.rgb"), "--out", path("small.rgb"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("units").toInt(), 21 * 11);
        QCOMPARE(o.value("device").toString(), QStringLiteral("cpu"));
        const auto expected
            = cocoon::test::runKernel(cocoon::kernels::ResizeParams {50, 30, 21, 11, cocoon::kernels::PixelFormat::Rgb8,
                                          cocoon::kernels::ResizeFilter::Area},
                std::vector<std::uint8_t>(img.begin(), img.end()), cocoon::kernels::Backend::Cpu);
        QCOMPARE(readFile(path("small.rgb")),
            QByteArray(reinterpret_cast<const char*>(expected->output.data()), qsizetype(expected->output.size())));
        // Human output names units and time.
        const Run probe = ctl({"run-local", "--kernel", "bench.probe", "--params", R"({"lanes":1000,"rounds":8})",
            "--out", path("p.bin")});
        QCOMPARE(probe.code, 0);
        QVERIFY(probe.out.contains("8000 units"));
    }

    /// A video file transcoded locally: the declared numbers come from the file, the output file
    /// is the kernel's (without the padding), a file that is not media is refused plainly.
    void runLocalTranscodesAFile()
    {
        const QByteArray clip = cocoon::test::makeClip();
        if (clip.isEmpty())
            COCOON_SKIP_OR_FAIL(QStringLiteral("ffmpeg makes the test clip (make deps installs it)"));
        writeFile(path("clip.mp4"), clip);
        const Run r = ctl({"run-local", "--kernel", "media.transcode", "--params",
            R"({"video":"h264","audio":"none","width":160,"height":120})", "--in", path("clip.mp4"), "--out",
            path("small.mp4"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("units").toInteger(), qint64(160) * 120 * 50);
        QVERIFY2(o.value("device").toString().contains("libx264"), r.out.constData());
        const QByteArray out = readFile(path("small.mp4"));
        QCOMPARE(out.mid(4, 4), QByteArray("ftyp"));
        std::string why;
        const auto info = cocoon::kernels::probeMedia(
            {reinterpret_cast<const std::uint8_t*>(out.constData()), std::size_t(out.size())}, why);
        QVERIFY2(info, why.c_str());
        QCOMPARE(info->width, 160u);
        QCOMPARE(info->frames, 50u);
        QVERIFY(info->audioCodec.empty());
        writeFile(path("notes.txt"), "not a video");
        const Run refused = ctl({"run-local", "--kernel", "media.transcode", "--params", "{}", "--in",
            path("notes.txt"), "--out", path("notes.mp4")});
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.err.contains("cannot be transcoded: not a media file"), refused.err.constData());
    }

    void runLocalRefuses_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const QString resize
            = R"({"src_width":4,"src_height":4,"width":2,"height":2,"format":"gray8","filter":"area"})";
        QTest::newRow("unknown kernel") << QStringList {"--kernel", "crypto.miner", "--params", "{}", "--in", "IN16"}
                                        << 2 << "catalogue";
        QTest::newRow("bad json") << QStringList {"--kernel", "media.resize", "--params", "{nope", "--in", "IN16"} << 2
                                  << "JSON";
        QTest::newRow("unknown parameter")
            << QStringList {"--kernel", "media.resize", "--params", R"({"x":1})", "--in", "IN16"} << 2 << "'src_width'";
        QTest::newRow("wrong input size")
            << QStringList {"--kernel", "media.resize", "--params", resize, "--in", "IN15"} << 1 << "reads 16 bytes";
        QTest::newRow("bad backend") << QStringList {"--kernel", "media.resize", "--params", resize, "--in", "IN16",
            "--backend", "tpu"} << 2 << "backend";
    }
    void runLocalRefuses()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        writeFile(path("IN16"), QByteArray(16, 'x'));
        writeFile(path("IN15"), QByteArray(15, 'x'));
        for (QString& a : args)
            if (a.startsWith("IN1"))
                a = path(a);
        QFile::remove(path("refused.out"));
        const Run r = ctl(QStringList {"run-local"} + args + QStringList {"--out", path("refused.out")});
        QCOMPARE(r.code, code);
        QVERIFY2(QString::fromUtf8(r.err).contains(mentions), r.err.constData());
        QVERIFY(!QFile::exists(path("refused.out")));
    }

    void benchPreemptReports()
    {
        const Run r = ctl({"bench", "preempt", "--runs", "3"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("stop_latency_ms").toObject().value("runs").toInt(), 3);
        QCOMPARE(o.value("duty").toArray().size(), 3);
        QVERIFY(o.contains("slicing_loss_percent"));
        QCOMPARE(ctl({"bench", "sideways"}).code, 2);
    }

    void schedStatusAndWatch()
    {
        // A real X server, so that the scheduler has a display to read idle time from.
        QByteArray displayNumber;
        QString why;
        auto xvfb = startService("Xvfb", {"-displayfd", "1", "-nolisten", "tcp"}, &displayNumber, &why);
        if (!xvfb)
            COCOON_SKIP_OR_FAIL(why);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DISPLAY", ":" + displayNumber);
        env.remove("WAYLAND_DISPLAY");
        Run r = ctl({"sched", "status", "--json"}, {}, env);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["sources"]["idle"].toString(), "X11 XScreenSaver on :" + displayNumber);
        QVERIFY(o["snapshot"]["idle_seconds"].isDouble());
        QVERIFY(o["snapshot"]["processes"].toInt() > 0);
        QCOMPARE(o["devices"][0]["device"].toString(), QStringLiteral("cpu"));

        QCOMPARE(ctl({"settings", "set", "sched.mode", "paused"}).code, 0);
        r = ctl({"sched", "status"}, {}, env);
        QVERIFY2(r.out.contains("cpu: paused: the mode is set to paused"), r.out.constData());
        QVERIFY(r.out.contains("X11 XScreenSaver"));

        // watch: a JSON line per device at once, then per change; SIGTERM ends it cleanly.
        QProcess watch;
        watch.setProcessEnvironment(env);
        watch.start(m_ctl, {"--data-dir", m_dir.filePath("data"), "sched", "watch"});
        while (!watch.canReadLine())
            QVERIFY(watch.waitForReadyRead(20000));
        const QJsonObject first = QJsonDocument::fromJson(watch.readLine()).object();
        QCOMPARE(first["device"].toString(), QStringLiteral("cpu"));
        QCOMPARE(first["run"].toBool(), false);
        QCOMPARE(first["reasons"].toArray(), QJsonArray {"mode-paused"});
        watch.terminate();
        QVERIFY(watch.waitForFinished(20000));
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
        QCOMPARE(ctl({"settings", "reset", "sched.mode"}).code, 0);
        QCOMPARE(ctl({"sched", "sideways"}).code, 2);
    }

    void devicesReport()
    {
        Run r = ctl({"devices", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["devices"][0]["backend"].toString(), QStringLiteral("cpu"));
        QVERIFY(!o["nvidia_gpus"].toArray().isEmpty() || o["nvml_reason"].toString().contains("NVIDIA"));
        QVERIFY(o["cpu_telemetry"]["temperature_source"].isString());

        // The fake NVML, loaded the way the real one is: two GPUs, CC on, a game on the second.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("COCOON_NVML_LIBRARY", qEnvironmentVariable("COCOON_FAKE_NVML"));
        r = ctl({"devices", "--json"}, {}, env);
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject f = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(f["driver_version"].toString(), QStringLiteral("580.95.05"));
        QCOMPARE(f["nvidia_gpus"].toArray().size(), 2);
        QCOMPARE(f["nvidia_gpus"][1]["compute_capability"].toString(), QStringLiteral("8.9"));
        QCOMPARE(f["confidential_computing"]["cpu_tee"].toString(), QStringLiteral("Intel TDX"));
        QVERIFY(f["confidential_computing"]["enabled"].toBool());
        QCOMPARE(f["gpu_telemetry"][1]["other_utilization_percent"].toInt(), 85);
        r = ctl({"devices"}, {}, env);
        QVERIFY(r.out.contains("gpu1: NVIDIA GeForce RTX 4070"));
        QVERIFY(r.out.contains("Confidential computing: on (Intel TDX)"));
        QCOMPARE(ctl({"devices", "extra"}).code, 2);
    }

    void attestLocal()
    {
        const Run r = ctl({"attest", "local"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o["tier"].toString(), QStringLiteral("sealed")); // no TEE on a CI runner
        QVERIFY(!o["tier_reasons"].toArray().isEmpty());
        QCOMPARE(o["report_data"].toString().size(), 128);
        QCOMPARE(o["node_identity"].toString().size(), 64);
        QVERIFY(!o["cpu"]["reason"].toString().isEmpty());
    }

    void attestVerifySevSnp()
    {
        const QString dir = cocoon::test::sharedTestData("sev-snp");
        if (!QFile::exists(dir + "/attestation.bin"))
            COCOON_SKIP_OR_FAIL("../shared/testdata/sev-snp is absent");
        const QStringList files {"attest", "verify", "--sev-report", dir + "/attestation.bin", "--vcek",
            dir + "/vcek.der", "--chain", dir + "/ask_ark_milan.pem"};
        Run r = ctl(files); // the sample's policy allows debugging: refused by default
        QCOMPARE(r.code, 1);
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("valid").toBool(), false);
        QCOMPARE(o.value("debug").toBool(), true);
        QVERIFY(o.value("reasons").toArray().first().toString().contains("debugging"));
        r = ctl(files + QStringList {"--allow-debug", "--expect-report-data", "0102030405" + QString(118, '0')});
        QVERIFY2(r.code == 0, r.out.constData());
        o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("product").toString(), QStringLiteral("Milan"));
        r = ctl(files + QStringList {"--allow-debug", "--expect-report-data", QString(128, 'f')});
        QCOMPARE(r.code, 1);
        QCOMPARE(ctl(files + QStringList {"--expect-report-data", "12"}).code, 2);
        QCOMPARE(ctl({"attest", "verify", "--sev-report", dir + "/attestation.bin"}).code, 2);

        const QString quote = cocoon::test::sharedTestData("tdx/tdx_prod_quote_SPR_E4.dat");
        r = ctl({"attest", "verify", "--tdx-quote", quote});
        QVERIFY2(r.code == 0, r.out.constData());
        o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("type").toString(), QStringLiteral("tdx"));
        QCOMPARE(o.value("debug").toBool(), false);
        r = ctl({"attest", "verify", "--tdx-quote", quote, "--expect-report-data", QString(128, '0')});
        QCOMPARE(r.code, 1);
        writeFile(path("short-quote"), readFile(quote).left(100));
        r = ctl({"attest", "verify", "--tdx-quote", path("short-quote")});
        QCOMPARE(r.code, 1);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value("reasons").toArray().first().toString().contains(
            "truncated"));
    }

    void receiptVerify()
    {
        auto key = cocoon::Ed25519PrivateKey::generate();
        cocoon::jobs::Receipt rc;
        rc.kernel = "bench.probe";
        rc.backend = "cpu";
        rc.device = "cpu";
        rc.units = 123456;
        rc.priceNano = 99;
        rc.nodeKey = key->publicKey();
        const QByteArray signedReceipt = rc.sign(*key);
        writeFile(path("r.cbor"), signedReceipt);
        Run r = ctl({"receipt", "verify", path("r.cbor")});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("valid").toBool(), true);
        QCOMPARE(o.value("units").toString(), QStringLiteral("123456"));
        QByteArray tampered = signedReceipt;
        tampered[tampered.size() - 70] = char(tampered[tampered.size() - 70] ^ 4);
        writeFile(path("bad.cbor"), tampered);
        r = ctl({"receipt", "verify", path("bad.cbor")});
        QCOMPARE(r.code, 1);
        o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value("valid").toBool(), false);
        QVERIFY(!o.value("reason").toString().isEmpty());
    }

    void walletVerbs()
    {
        // new: a valid phrase whose addresses from-mnemonic reproduces.
        Run r = ctl({"wallet", "new", "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.err.contains("Write these 24 words down"));
        const QJsonObject created = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(created["mnemonic"].toString().split(' ').size(), 24);
        r = ctl({"wallet", "from-mnemonic", "--json"}, created["mnemonic"].toString().toUtf8() + "\n");
        QCOMPARE(r.code, 0);
        const QJsonObject restored = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(restored["publicKey"], created["publicKey"]);
        QCOMPARE(restored["v4r2"], created["v4r2"]);
        QCOMPARE(restored["v5r1"], created["v5r1"]);
        QVERIFY(!restored.contains("mnemonic"));
        r = ctl({"wallet", "from-mnemonic"}, "abandon abandon abandon\n");
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("24 words"));

        // address: the published v4r2 vector, in the three forms.
        r = ctl({"wallet", "address", "--pubkey", "dcc39550bb494f4b493e7efe1aa18ea31470f33a2553c568cb74a17ed56790c1",
            "--version", "v4r2", "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject v4 = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(v4["nonBounceable"].toString(), QStringLiteral("UQAwwdowWbBKkrnRlbY8CUEzy_pgK9pIvOKP2eqcD01EWl2U"));
        QCOMPARE(
            v4["raw"].toString(), QStringLiteral("0:30c1da3059b04a92b9d195b63c094133cbfa602bda48bce28fd9ea9c0f4d445a"));
        QCOMPARE(ctl({"wallet", "address", "--pubkey", "abcd"}).code, 2);
        QCOMPARE(ctl({"wallet", "address", "--pubkey", QString(64, 'a'), "--version", "v3"}).code, 2);

        // check: valid and invalid, with the reason.
        r = ctl({"wallet", "check", "0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QO"});
        QCOMPARE(r.code, 0);
        const QJsonObject ok = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(ok["valid"].toBool(), true);
        QCOMPARE(ok["testnet"].toBool(), true);
        QCOMPARE(ok["workchain"].toInt(), 0);
        QCOMPARE(
            ok["raw"].toString(), QStringLiteral("0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3"));
        r = ctl({"wallet", "check", "0QAs9VlT6S776tq3unJcP5Ogsj-ELLunLXuOb1EKcOQi4-QX"});
        QCOMPARE(r.code, 1);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["valid"].toBool(), false);
        QVERIFY(r.out.contains("checksum"));
    }

    void earningsFromTheLedger()
    {
        // Fill the ledger the app would use, then read it back as a user would.
        cocoon::test::ManualClock clock;
        QDir().mkpath(m_dir.filePath("data"));
        {
            auto l = cocoon::ledger::Ledger::open(m_dir.filePath("data/ledger.sqlite"), clock);
            QVERIFY2(l, l ? "" : qPrintable(l.error().message));
            auto node = *cocoon::Ed25519PrivateKey::generate();
            auto coord = *cocoon::Ed25519PrivateKey::generate();
            const std::uint64_t t0 = std::uint64_t(clock.nowUtc().toMSecsSinceEpoch());
            QVERIFY(l->recordReceipt(cocoon::test::signedReceipt(node, 1, "matmul", "cpu", 2'000'000'000, t0)));
            QVERIFY(l->recordReceipt(cocoon::test::signedReceipt(node, 2, "blur", "gpu0", 1'000'000'000, t0)));
            QVERIFY(l->recordStatement(
                cocoon::test::signedStatement(coord, node.publicKey(), 1, 1, 1, 2'000'000'000), node.publicKey()));
        }
        Run r = ctl({"earnings"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("pending:   1.000000000 TON"), r.out.constData());
        QVERIFY(r.out.contains("credited:  2.000000000 TON"));
        r = ctl({"earnings", "--csv", "--by", "kernel"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out,
            QByteArray("kernel,jobs,units,earned_nano,earned_ton\r\n\"matmul\",1,1000,2000000000,2.000000000\r\n"
                       "\"blur\",1,1000,1000000000,1.000000000\r\n"));
        r = ctl({"earnings", "--json", "--by", "gpu"});
        QCOMPARE(QJsonDocument::fromJson(r.out).object()["pendingNano"].toString(), QStringLiteral("1000000000"));
        QCOMPARE(ctl({"earnings", "--by", "year"}).code, 2);
        QCOMPARE(ctl({"earnings", "--from", "yesterday"}).code, 2);
    }

private:
    Run ctl(const QStringList& args, const QByteArray& stdinData = {},
        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(m_ctl, QStringList {"--data-dir", m_dir.filePath("data")} + args);
        if (!p.waitForStarted())
            return {};
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        p.waitForFinished(60000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    static QByteArray randomBytes(int n)
    {
        QByteArray b(n, Qt::Uninitialized);
        for (char& c : b)
            c = char(QRandomGenerator::global()->generate());
        return b;
    }

    QString m_ctl;
    QTemporaryDir m_dir;
};

} // namespace

QTEST_GUILESS_MAIN(TestCocoonctl)
#include "TestCocoonctl.moc"
