// Local sockets cannot be squatted: the directory they live in must be this user's alone, and a
// client sends nothing to a socket served by another user. The other user is real: a child process
// that drops to uid 65534 ("nobody") and serves a Unix socket (needs root, as in CI; skipped with a
// message otherwise).
#include "common/LocalPeer.h"
#include "control/Control.h"
#include "control/ControlClient.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace cocoon;

namespace {

constexpr uid_t kNobody = 65534;

/// A Unix socket at `path` served by uid 65534 in a child process; what it receives is written to
/// the pipe it returns the reading end of.
struct ForeignServer
{
    pid_t pid = -1;
    int received = -1;

    ~ForeignServer()
    {
        if (pid > 0) {
            (void)stopAndCollect();
        }
    }

    bool start(const QString& path)
    {
        int ready[2], data[2];
        if (::pipe(ready) != 0 || ::pipe(data) != 0) {
            return false;
        }
        pid = ::fork();
        if (pid == 0) {
            ::close(ready[0]);
            ::close(data[0]);
            if (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) {
                ::_exit(2);
            }
            const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un addr {};
            addr.sun_family = AF_UNIX;
            const QByteArray p = QFile::encodeName(path);
            std::memcpy(
                addr.sun_path, p.constData(), std::min<std::size_t>(std::size_t(p.size()), sizeof addr.sun_path - 1));
            if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 4) != 0) {
                ::_exit(3);
            }
            (void)!::write(ready[1], "r", 1);
            for (;;) {
                const int c = ::accept(s, nullptr, nullptr);
                char buf[4096];
                ssize_t n = 0;
                while ((n = ::read(c, buf, sizeof buf)) > 0) {
                    (void)!::write(data[1], buf, std::size_t(n));
                }
                ::close(c);
            }
        }
        ::close(ready[1]);
        ::close(data[1]);
        received = data[0];
        char c = 0;
        return pid > 0 && ::read(ready[0], &c, 1) == 1;
    }
    /// Everything the server was sent, once it has ended.
    QByteArray stopAndCollect()
    {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        pid = -1;
        QByteArray all;
        char buf[4096];
        ssize_t n = 0;
        while ((n = ::read(received, buf, sizeof buf)) > 0) {
            all.append(buf, qsizetype(n));
        }
        ::close(received);
        return all;
    }
};

} // namespace

class TestLocalPeer : public QObject
{
    Q_OBJECT
private slots:
    void thePrivateDirectoryIsMadePrivate()
    {
        const QString why = localpeer::ensurePrivateDir();
        QVERIFY2(why.isEmpty(), qPrintable(why));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(localpeer::privateDirPath()).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0700);
        QCOMPARE(st.st_uid, ::getuid());
    }

    void aDirectoryOpenToOthersIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::WriteOther
                | QFile::ExeOther));
        QVERIFY(localpeer::checkPrivateDir(dir.path()).contains("open to other users"));
        // The control channel will not listen there.
        struct Nothing : control::Handler
        {
            Expected<QJsonValue, control::ControlError> handle(const control::Request&) override
            {
                return QJsonValue();
            }
        } handler;
        control::Server server(dir.filePath("cocoon-control-x"), handler);
        const auto listened = server.listen();
        QVERIFY(!listened);
        QCOMPARE(listened.error().code, control::ControlErrc::WrongOwner);
    }

    void aDirectoryOfAnotherUserIsRefused()
    {
        if (::getuid() != 0) {
            QSKIP("needs root to give a directory to another user (CI runs as root)");
        }
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QCOMPARE(::chown(QFile::encodeName(dir.path()).constData(), kNobody, kNobody), 0);
        QVERIFY(localpeer::checkPrivateDir(dir.path()).contains("belongs to user 65534"));
    }

    void nothingIsSentToASocketAnotherUserServes()
    {
        if (::getuid() != 0) {
            QSKIP("needs root to run the squatting server as another user (CI runs as root)");
        }
        QTemporaryDir dir; // where the other user could create a socket (as in a shared /tmp)
        QVERIFY(QFile::setPermissions(dir.path(), QFile::Permissions(0x7777)));
        const QString path = dir.filePath("cocoon-control-squatted");
        ForeignServer squatter;
        QVERIFY(squatter.start(path));
        // cocoonctl's blocking call.
        const auto r = control::call(path, control::Request {QStringLiteral("pause"), {}}, std::chrono::seconds(2));
        QVERIFY(!r);
        QCOMPARE(r.error().code, control::ControlErrc::WrongOwner);
        QVERIFY2(r.error().message.contains("served by user 65534"), qPrintable(r.error().message));
        // The window's client: it refuses to attach.
        control::Client client(path);
        std::optional<Expected<QJsonValue, control::ControlError>> answer;
        client.send(control::Request {QStringLiteral("status"), {}}, [&](const auto& a) { answer.emplace(a); });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!*answer);
        QCOMPARE(answer->error().code, control::ControlErrc::WrongOwner);
        QVERIFY(!client.isConnected());
        QCOMPARE(squatter.stopAndCollect(), QByteArray()); // not one byte reached it
    }
};

QTEST_GUILESS_MAIN(TestLocalPeer)
#include "TestLocalPeer.moc"
