#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <zlib.h>

namespace cocoon::test {

QString sharedTestData(const QString& relative)
{
    const QString root = qEnvironmentVariable("COCOON_SHARED_TESTDATA");
    return relative.isEmpty() ? root : QDir(root).filePath(relative);
}

bool inCi()
{
    const QByteArray ci = qgetenv("CI").toLower();
    return ci == "true" || ci == "1";
}

QString binDir()
{
    return qEnvironmentVariable("COCOON_BIN_DIR");
}

void writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        f.write(data);
    }
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray readGzipFile(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    const QByteArray in = f.readAll();
    z_stream zs {};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        *error = QStringLiteral("inflateInit2 failed");
        return {};
    }
    QByteArray out;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    char buf[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            *error = QStringLiteral("corrupt gzip data");
            return {};
        }
        out.append(buf, qsizetype(sizeof buf - zs.avail_out));
    }
    inflateEnd(&zs);
    return out;
}

ServiceProcess startService(const QString& program, const QStringList& args, QByteArray* firstLine, QString* why)
{
    ServiceProcess p(new QProcess);
    p->setProcessChannelMode(QProcess::SeparateChannels);
    p->start(program, args);
    if (!p->waitForStarted(10000)) {
        *why = QStringLiteral("%1 could not be started: %2").arg(program, p->errorString());
        return nullptr;
    }
    while (!p->canReadLine()) {
        if (!p->waitForReadyRead(10000)) {
            *why = QStringLiteral("%1 printed nothing: %2")
                       .arg(program, QString::fromLocal8Bit(p->readAllStandardError()));
            return nullptr;
        }
    }
    *firstLine = p->readLine().trimmed();
    return p;
}

std::optional<AppNetwork> startAppNetwork(const QString& dir, QString* why)
{
    const QDir bin(binDir());
    AppNetwork n;
    QByteArray line;
    n.coordinator = startService(
        bin.filePath("cocoon-coordinator"), {"--data-dir", dir + "/coord", "--listen", "127.0.0.1:0"}, &line, why);
    if (!n.coordinator)
        return std::nullopt;
    const auto m = QRegularExpression(R"((wss://\S+) pin ([0-9a-f]{64}))").match(QString::fromUtf8(line));
    if (!m.hasMatch()) {
        *why = QStringLiteral("the coordinator printed: ") + QString::fromUtf8(line);
        return std::nullopt;
    }
    n.url = m.captured(1);
    n.pin = m.captured(2);
    n.node = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    n.node->setProcessEnvironment(env);
    n.node->start(bin.filePath("cocoon-contributor"),
        {"--headless", "--data-dir", dir + "/node", "--coordinator", n.url, "--pin", n.pin});
    QByteArray out;
    for (int i = 0; i < 150 && !out.contains("Connected to the coordinator"); ++i) {
        n.node->waitForReadyRead(200);
        out += n.node->readAllStandardOutput();
    }
    if (!out.contains("Connected to the coordinator")) {
        *why = QStringLiteral("the node did not connect: ") + QString::fromUtf8(out);
        return std::nullopt;
    }
    return n;
}

} // namespace cocoon::test
