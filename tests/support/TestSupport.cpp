#include "TestSupport.h"

#include <QDir>
#include <QFile>

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

} // namespace cocoon::test
