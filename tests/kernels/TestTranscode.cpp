// media.transcode: real media files made at test time by the ffmpeg tool (lavfi testsrc2 and
// sine), transcoded by the kernel in memory, and checked by ffprobe and ffmpeg's psnr filter (an
// independent reading of our output): it decodes, frame count and duration match, quality is above
// a floor per codec. Stopping and resuming gives the same bytes; hostile inputs are refused before
// anything is decoded; no file is created while a job runs.
#include "Kernels.h"
#include "MediaClips.h"
#include "TestSupport.h"

extern "C" {
#include <libavformat/avformat.h>
}

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <unistd.h>

using namespace cocoon::kernels;

Q_DECLARE_METATYPE(TranscodeParams)

namespace {

std::span<const std::uint8_t> bytes(const QByteArray& b)
{
    return {reinterpret_cast<const std::uint8_t*>(b.constData()), std::size_t(b.size())};
}

/// The parameters cocoonctl would declare for `input` (from probeMedia), with this output.
TranscodeParams declared(const QByteArray& input, VideoCodec video, AudioCodec audio, Container container)
{
    std::string error;
    const auto info = probeMedia(bytes(input), error);
    TranscodeParams p;
    p.inputBytes = std::uint64_t(input.size());
    if (info) {
        p.srcWidth = info->width;
        p.srcHeight = info->height;
        p.frames = info->frames;
        p.durationMs = info->durationMs;
    }
    p.video = video;
    p.audio = audio;
    p.container = container;
    p.maxOutputBytes = 2 * p.inputBytes + (1u << 20);
    return p;
}

struct Run
{
    QByteArray output; ///< the media file inside the result
    std::string error;
    std::string device;
    std::size_t steps = 0;
    std::vector<QByteArray> streamed; ///< the task's streamed bytes after each step
};

/// Runs every step; `pauseAt` >= 0 gives the GPU back there, as a long pause would.
Run transcode(const TranscodeParams& p, const QByteArray& input, int pauseAt = -1)
{
    Run r;
    std::vector<std::uint8_t> out(p.maxOutputBytes);
    auto task = makeMediaTask(p, bytes(input), out, -1, r.error);
    if (!task)
        return r;
    r.device = task->device();
    r.steps = task->stepCount();
    for (std::size_t i = 0; i < r.steps; ++i) {
        if (int(i) == pauseAt)
            task->releaseDevice();
        if (!task->runStep(i, r.error))
            return r;
        const auto s = task->streamed();
        r.streamed.emplace_back(reinterpret_cast<const char*>(s.data()), qsizetype(s.size()));
    }
    const auto media = transcodeOutput(out);
    if (!media) {
        r.error = "malformed result";
        return r;
    }
    r.output = QByteArray(reinterpret_cast<const char*>(media->data()), qsizetype(media->size()));
    return r;
}

} // namespace

class TestTranscode : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QMap<QString, QByteArray> m_sources;

    static QByteArray run(const QString& program, const QStringList& args, bool* ok = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        const bool done = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
        if (ok)
            *ok = done;
        return p.readAll();
    }

    /// Makes `name` in the temporary directory with ffmpeg and returns its bytes.
    QByteArray make(const QString& name, const QStringList& args)
    {
        const QString path = m_dir.filePath(name);
        QByteArray log;
        if (!cocoon::test::ffmpegTo(path, args, &log))
            qWarning("ffmpeg could not make %s: %s", qPrintable(name), log.constData());
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    QString save(const QString& name, const QByteArray& data)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
            return {};
        return path;
    }

    /// ffprobe's view of a file: streams with codec, size, counted frames, and the duration.
    QJsonObject probe(const QString& path)
    {
        bool ok = false;
        const QByteArray out = run(QStringLiteral("ffprobe"),
            {"-v", "error", "-count_frames", "-show_entries",
                "stream=codec_type,codec_name,width,height,nb_read_frames:format=duration,format_name", "-of", "json",
                path},
            &ok);
        if (!ok)
            qWarning("ffprobe: %s", out.constData());
        return ok ? QJsonDocument::fromJson(out).object() : QJsonObject();
    }

    static QJsonObject stream(const QJsonObject& probe, const QString& type)
    {
        for (const QJsonValue& s : probe.value("streams").toArray()) {
            if (s.toObject().value("codec_type").toString() == type)
                return s.toObject();
        }
        return {};
    }

    /// The mean PSNR of `out` against `source` (same size and rate), from ffmpeg's psnr filter;
    /// both start at 0 (B-frames delay the first picture of a fragmented MP4, as with ffmpeg's own).
    double psnr(const QString& out, const QString& source)
    {
        const QByteArray log = run(QStringLiteral("ffmpeg"),
            {"-hide_banner", "-nostats", "-i", out, "-i", source, "-lavfi",
                "[0:v]setpts=PTS-STARTPTS[a];[1:v]setpts=PTS-STARTPTS[b];[a][b]psnr", "-f", "null", "-"});
        const auto m = QRegularExpression(QStringLiteral("average:([0-9.]+|inf)")).match(QString::fromUtf8(log));
        if (!m.hasMatch())
            return -1;
        return m.captured(1) == u"inf" ? 100.0 : m.captured(1).toDouble();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!cocoon::test::haveFfmpeg())
            COCOON_SKIP_OR_FAIL(QStringLiteral("ffmpeg and ffprobe check the output (make deps installs them)"));
        const QStringList av = cocoon::test::clipSources();
        m_sources["mp4"] = make("src.mp4", av + QStringList {"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"});
        m_sources["webm"] = make("src.webm",
            av + QStringList {"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus"});
        m_sources["mkv"] = make("src.mkv", av + QStringList {"-c:v", "mpeg4", "-q:v", "3", "-c:a", "flac"});
        m_sources["ts"] = make("src.ts", av + QStringList {"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"});
        m_sources["m4a"]
            = make("src.m4a", {"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-c:a", "aac"});
        for (auto it = m_sources.cbegin(); it != m_sources.cend(); ++it)
            QVERIFY2(!it.value().isEmpty(), qPrintable(it.key()));
    }

    void probeReportsWhatAJobDeclares()
    {
        std::string error;
        const auto info = probeMedia(bytes(m_sources["mp4"]), error);
        QVERIFY2(info, error.c_str());
        QCOMPARE(info->width, 320u);
        QCOMPARE(info->height, 240u);
        QCOMPARE(info->frames, 50u);
        QVERIFY2(info->durationMs >= 1990 && info->durationMs <= 2100, qPrintable(QString::number(info->durationMs)));
        QCOMPARE(info->videoCodec, std::string("h264"));
        QCOMPARE(info->audioCodec, std::string("aac"));
        const auto audio = probeMedia(bytes(m_sources["m4a"]), error);
        QVERIFY2(audio, error.c_str());
        QCOMPARE(audio->frames, 0u);
        QVERIFY(audio->videoCodec.empty());
    }

    void transcodes_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<TranscodeParams>("params");
        QTest::addColumn<QString>("videoCodec"); // ffprobe's name; empty: no video
        QTest::addColumn<QString>("audioCodec");
        QTest::addColumn<int>("frames");
        QTest::addColumn<double>("psnrFloor"); // dB against the source; 0: not comparable
        const auto row
            = [&](const char* name, const QString& src, TranscodeParams p, const char* v, const char* a, int frames,
                  double floor) { QTest::newRow(name) << src << p << QString(v) << QString(a) << frames << floor; };
        const auto p = [&](const QString& src, VideoCodec v, AudioCodec a, Container c) {
            return declared(m_sources[src], v, a, c);
        };
        row("mp4 -> h264/aac mp4", "mp4", p("mp4", VideoCodec::H264, AudioCodec::Aac, Container::Mp4), "h264", "aac",
            50, 32.0);
        row("mkv (mpeg4/flac) -> hevc/opus mp4", "mkv", p("mkv", VideoCodec::Hevc, AudioCodec::Opus, Container::Mp4),
            "hevc", "opus", 50, 30.0);
        row("webm -> av1/opus webm", "webm", p("webm", VideoCodec::Av1, AudioCodec::Opus, Container::Webm), "av1",
            "opus", 50, 28.0);
        row("mp4 -> vp9/opus webm", "mp4", p("mp4", VideoCodec::Vp9, AudioCodec::Opus, Container::Webm), "vp9", "opus",
            50, 28.0);
        auto scaled = p("ts", VideoCodec::H264, AudioCodec::Aac, Container::Ts);
        scaled.width = 160;
        scaled.height = 120;
        scaled.fps = 10;
        scaled.videoKbps = 300;
        row("ts -> 160x120 10 fps h264 ts at 300 kbit/s", "ts", scaled, "h264", "aac", 20, 0.0);
        row("m4a (audio only) -> opus webm", "m4a", p("m4a", VideoCodec::None, AudioCodec::Opus, Container::Webm), "",
            "opus", 0, 0.0);
        row("mp4 -> video only", "mp4", p("mp4", VideoCodec::H264, AudioCodec::None, Container::Mp4), "h264", "", 50,
            32.0);
    }
    void transcodes()
    {
        QFETCH(QString, source);
        QFETCH(TranscodeParams, params);
        QFETCH(QString, videoCodec);
        QFETCH(QString, audioCodec);
        QFETCH(int, frames);
        QFETCH(double, psnrFloor);
        const Run r = transcode(params, m_sources[source]);
        QVERIFY2(r.error.empty(), r.error.c_str());
        QVERIFY(r.steps > 2); // sliced, not one long step
        // Streamed as it is written: fragmented MP4 and MPEG-TS grow front to back, every streamed
        // prefix is the final file's, and the stream ends as the whole file; WebM is not streamed
        // (its muxer goes back to fill in sizes).
        if (params.container == Container::Webm) {
            QVERIFY(r.streamed.back().isEmpty());
        } else {
            for (const QByteArray& s : r.streamed)
                QVERIFY(r.output.startsWith(s));
            QCOMPARE(r.streamed.back(), r.output);
            QVERIFY2(std::count_if(r.streamed.begin(), r.streamed.end(),
                         [&](const QByteArray& s) { return !s.isEmpty() && s.size() < r.output.size(); })
                    > 0,
                "some of the file streams before the end");
        }
        QVERIFY2(QString::fromStdString(r.device).startsWith("cpu: "), r.device.c_str());
        const QString out = save(QStringLiteral("out-%1")
                                     .arg(QString::fromLatin1(QTest::currentDataTag()))
                                     .replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("_")),
            r.output);
        const QJsonObject info = probe(out);
        QVERIFY2(!info.isEmpty(), "ffprobe cannot read the output");
        const QJsonObject v = stream(info, "video"), a = stream(info, "audio");
        QCOMPARE(v.value("codec_name").toString(), videoCodec);
        QCOMPARE(a.value("codec_name").toString(), audioCodec);
        if (!videoCodec.isEmpty()) {
            QCOMPARE(v.value("nb_read_frames").toString().toInt(), frames);
            QCOMPARE(v.value("width").toInt(), int(params.width ? params.width : params.srcWidth));
        }
        const double seconds = info.value("format").toObject().value("duration").toString().toDouble();
        QVERIFY2(std::abs(seconds - 2.0) < 0.15, qPrintable(QString::number(seconds)));
        if (psnrFloor > 0) {
            const double db = psnr(out, m_dir.filePath("src." + source));
            QVERIFY2(db >= psnrFloor, qPrintable(QStringLiteral("PSNR %1 dB < %2 dB").arg(db).arg(psnrFloor)));
        }
    }

    /// A job stopped (even with its device given back) and resumed writes the same bytes as one
    /// that never stopped, and as another run of the same job.
    void stopAndResumeIsByteIdentical_data()
    {
        QTest::addColumn<TranscodeParams>("params");
        QTest::newRow("h264 mp4") << declared(m_sources["mp4"], VideoCodec::H264, AudioCodec::Aac, Container::Mp4);
        QTest::newRow("hevc ts") << declared(m_sources["ts"], VideoCodec::Hevc, AudioCodec::Aac, Container::Ts);
        QTest::newRow("vp9 webm") << declared(m_sources["webm"], VideoCodec::Vp9, AudioCodec::Opus, Container::Webm);
        QTest::newRow("av1 mp4") << declared(m_sources["mkv"], VideoCodec::Av1, AudioCodec::Opus, Container::Mp4);
    }
    void stopAndResumeIsByteIdentical()
    {
        QFETCH(TranscodeParams, params);
        const QByteArray& input = m_sources[params.container == Container::Ts ? "ts"
                : params.video == VideoCodec::Vp9                             ? "webm"
                : params.video == VideoCodec::Av1                             ? "mkv"
                                                                              : "mp4"];
        const Run straight = transcode(params, input);
        QVERIFY2(straight.error.empty(), straight.error.c_str());
        const Run paused = transcode(params, input, int(straight.steps / 2));
        QVERIFY2(paused.error.empty(), paused.error.c_str());
        QVERIFY(!straight.output.isEmpty());
        QVERIFY(paused.output == straight.output);
        QVERIFY(transcode(params, input).output == straight.output);
    }

    void hostileInputsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<TranscodeParams>("params");
        QTest::addColumn<QString>("error");
        const QByteArray mp4 = m_sources["mp4"];
        const auto p = [](const QByteArray& in) {
            TranscodeParams t = declared(in, VideoCodec::H264, AudioCodec::Aac, Container::Mp4);
            if (t.frames == 0) { // not probed: declare a plausible clip
                t.srcWidth = 320;
                t.srcHeight = 240;
                t.frames = 50;
                t.durationMs = 2000;
            }
            return t;
        };
        const auto with = [&](std::function<void(TranscodeParams&)> f) {
            TranscodeParams t = p(mp4);
            f(t);
            return t;
        };
        QTest::newRow("empty") << QByteArray() << p({}) << "not a media file";
        QTest::newRow("random bytes") << QByteArray(4096, '\x5a') << p(QByteArray(4096, '\x5a')) << "not a media file";
        const QByteArray png = make("x.png", {"-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1"});
        QTest::newRow("PNG image") << png << p(png) << "not a media file";
        const QByteArray avi = make("x.avi", {"-f", "lavfi", "-i", "testsrc2=size=64x64:duration=1"});
        QTest::newRow("AVI container") << avi << p(avi) << "not a media file";
        const QByteArray whole
            = make("moov-at-end.mp4", {"-f", "lavfi", "-i", "testsrc2=size=64x64:duration=1", "-c:v", "libx264"});
        const QByteArray truncated = whole.left(whole.size() / 2);
        QTest::newRow("truncated MP4") << truncated << p(truncated) << "not a media file";
        const QByteArray raw = make(
            "raw.mkv", {"-f", "lavfi", "-i", "testsrc2=size=64x64:duration=1", "-c:v", "rawvideo", "-f", "matroska"});
        QTest::newRow("codec not accepted") << raw << p(raw) << "codec (rawvideo) is not accepted";
        const QByteArray wide = make("wide.mkv",
            {"-f", "lavfi", "-i", "color=size=8200x16:duration=0.2", "-c:v", "libx264", "-preset", "ultrafast"});
        QTest::newRow("wider than 8192") << wide << with([&](TranscodeParams& t) {
            t.inputBytes = std::uint64_t(wide.size());
            t.srcWidth = 8200;
            t.srcHeight = 16;
        }) << "allowed are up to 8192 × 16";
        QTest::newRow("larger frames than declared") << mp4 << with([](TranscodeParams& t) {
            t.srcWidth = 160;
            t.srcHeight = 120;
        }) << "allowed are up to 160 × 120";
        QTest::newRow("more frames than declared")
            << mp4 << with([](TranscodeParams& t) { t.frames = 10; }) << "more than 10 video frames";
        QTest::newRow("longer than declared")
            << mp4 << with([](TranscodeParams& t) { t.durationMs = 500; }) << "allowed are 500 ms";
        QTest::newRow("video where none was declared")
            << mp4 << with([](TranscodeParams& t) { t.srcWidth = t.srcHeight = t.frames = 0; }) << "declares none";
        QTest::newRow("input size differs")
            << mp4 << with([](TranscodeParams& t) { t.inputBytes += 1; }) << "the job declares";
        const QByteArray many = millionTinyFrames();
        QTest::newRow("a million tiny frames") << many << with([&](TranscodeParams& t) {
            t.inputBytes = std::uint64_t(many.size());
            t.srcWidth = t.srcHeight = 16;
            t.frames = kMaxMediaFrames;
            t.durationMs = kMaxMediaDurationMs;
            t.maxOutputBytes = 1u << 20;
        }) << "more than 500000 video frames";
    }
    void hostileInputsAreRefused()
    {
        QFETCH(QByteArray, input);
        QFETCH(TranscodeParams, params);
        QFETCH(QString, error);
        const Run r = transcode(params, input);
        QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
        QVERIFY(r.output.isEmpty());
        std::string probeError;
        if (!probeMedia(bytes(input), probeError) && error == u"not a media file")
            QVERIFY2(probeError.find("not a media file") != std::string::npos, probeError.c_str());
    }

    void anOutputLargerThanAllowedIsAnError()
    {
        TranscodeParams p = declared(m_sources["mp4"], VideoCodec::H264, AudioCodec::Aac, Container::Mp4);
        p.maxOutputBytes = 4096;
        const Run r = transcode(p, m_sources["mp4"]);
        QVERIFY2(r.error.find("larger than max_output_bytes") != std::string::npos, r.error.c_str());
    }

    /// Plaintext never touches the disk: no file appears in the working or temporary directory,
    /// and no regular file is open, while a job runs.
    void noFileIsCreatedDuringAJob()
    {
        QTemporaryDir cwd, tmp;
        const QString previous = QDir::currentPath();
        const QByteArray oldTmp = qgetenv("TMPDIR");
        QVERIFY(QDir::setCurrent(cwd.path()));
        qputenv("TMPDIR", tmp.path().toUtf8());
        const auto regularFilesOpen = [] {
            QStringList files;
            for (const QFileInfo& fd : QDir("/proc/self/fd").entryInfoList(QDir::System | QDir::Files)) {
                const QString target = fd.symLinkTarget();
                if (target.startsWith('/') && !target.startsWith("/dev/") && !target.startsWith("/proc/")
                    && QFileInfo(target).isFile())
                    files << target;
            }
            files.sort();
            return files;
        };
        const QStringList before = regularFilesOpen();
        const TranscodeParams p = declared(m_sources["mp4"], VideoCodec::Hevc, AudioCodec::Opus, Container::Mp4);
        std::vector<std::uint8_t> out(p.maxOutputBytes);
        std::string error;
        auto task = makeMediaTask(p, bytes(m_sources["mp4"]), out, -1, error);
        bool ok = bool(task);
        for (std::size_t i = 0; ok && i < task->stepCount(); ++i) {
            ok = task->runStep(i, error);
            QCOMPARE(regularFilesOpen(), before);
        }
        task.reset();
        QDir::setCurrent(previous);
        if (oldTmp.isNull())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", oldTmp);
        QVERIFY2(ok, error.c_str());
        QVERIFY(QDir(cwd.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot));
        QVERIFY(QDir(tmp.path()).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot));
    }

    void metersDeclaredPixelFramesAndAudioSeconds()
    {
        TranscodeParams p = declared(m_sources["mp4"], VideoCodec::H264, AudioCodec::Aac, Container::Mp4);
        const auto fp = footprint(p);
        QVERIFY(fp);
        QCOMPARE(fp->units, std::uint64_t(320) * 240 * 50 + std::uint64_t(p.durationMs) * 48);
        QCOMPARE(fp->outputBytes, p.maxOutputBytes);
        p.width = 160;
        p.height = 90;
        p.fps = 10;
        p.audio = AudioCodec::None;
        QCOMPARE(footprint(p)->units, std::uint64_t(160) * 90 * ((std::uint64_t(p.durationMs) * 10 + 999) / 1000));
        QCOMPARE(QString(kernelName(p)), QStringLiteral("media.transcode"));
    }

private:
    /// A Matroska file of 10^6 one-byte VP8 packets (written with libavformat into memory; no
    /// decoder ever sees them: the frame count is refused first).
    static QByteArray millionTinyFrames()
    {
        AVFormatContext* mux = nullptr;
        if (avformat_alloc_output_context2(&mux, nullptr, "matroska", nullptr) < 0)
            return {};
        AVStream* st = avformat_new_stream(mux, nullptr);
        st->codecpar->codec_type = AVMEDIA_TYPE_VIDEO;
        st->codecpar->codec_id = AV_CODEC_ID_VP8;
        st->codecpar->width = 16;
        st->codecpar->height = 16;
        st->time_base = AVRational {1, 1000};
        QByteArray out;
        if (avio_open_dyn_buf(&mux->pb) == 0 && avformat_write_header(mux, nullptr) >= 0) {
            AVPacket* pkt = av_packet_alloc();
            for (int i = 0; i < 1'000'000; ++i) {
                if (av_new_packet(pkt, 1) < 0)
                    break;
                pkt->data[0] = 0;
                pkt->pts = pkt->dts = i;
                pkt->duration = 1;
                pkt->stream_index = 0;
                pkt->flags = i == 0 ? AV_PKT_FLAG_KEY : 0; // one keyframe: one cue point
                av_write_frame(mux, pkt);
                av_packet_unref(pkt);
            }
            av_packet_free(&pkt);
            av_write_trailer(mux);
            std::uint8_t* buf = nullptr;
            const int size = avio_close_dyn_buf(mux->pb, &buf);
            mux->pb = nullptr;
            out = QByteArray(reinterpret_cast<const char*>(buf), size);
            av_free(buf);
        }
        avformat_free_context(mux);
        return out;
    }
};

QTEST_GUILESS_MAIN(TestTranscode)
#include "TestTranscode.moc"
