#pragma once
// Media files made at test time by the ffmpeg tool (lavfi test sources: a moving test pattern and
// a sine tone), so no media file is stored in the repository. Empty when ffmpeg is missing or
// fails (the caller skips with a clear message, or fails in CI).
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace cocoon::test {

inline bool haveFfmpeg()
{
    return !QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("ffprobe")).isEmpty();
}

/// Runs ffmpeg with `args` and then `path` as its output; true when it succeeded.
inline bool ffmpegTo(const QString& path, const QStringList& args, QByteArray* log = nullptr)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("ffmpeg"),
        QStringList {
            QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y")}
            + args + QStringList {path});
    const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (log)
        *log = p.readAll();
    return ok;
}

/// The lavfi inputs of a clip: `seconds` of a 320×240, 25 frames/s test pattern and a 440 Hz tone.
inline QStringList clipSources(int seconds = 2, const QString& size = QStringLiteral("320x240"))
{
    return {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
        QStringLiteral("testsrc2=size=%1:rate=25:duration=%2").arg(size).arg(seconds), QStringLiteral("-f"),
        QStringLiteral("lavfi"), QStringLiteral("-i"),
        QStringLiteral("sine=frequency=440:sample_rate=48000:duration=%1").arg(seconds)};
}

/// A clip as bytes: `suffix` picks the container (".mp4", ".webm", ...), `codecArgs` the codecs.
inline QByteArray makeClip(const QString& suffix = QStringLiteral(".mp4"),
    const QStringList& codecArgs = {QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"),
        QStringLiteral("ultrafast"), QStringLiteral("-c:a"), QStringLiteral("aac")},
    int seconds = 2)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("clip") + suffix);
    if (!dir.isValid() || !ffmpegTo(path, clipSources(seconds) + codecArgs))
        return {};
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace cocoon::test
