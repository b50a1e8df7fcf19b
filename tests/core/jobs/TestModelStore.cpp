// ModelStore: the GGUF files in a node's models folder, checked and hashed (the digest is the
// kernel's own, reused by the first job), refused ones listed with the reason, changed and removed
// files noticed on refresh. Real files: a tiny random-weight model made at test time.
#include "Kernels.h"
#include "jobs/ModelStore.h"
#include "llm/TinyModel.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cocoon;

namespace {

QByteArray fileSha256(const QString& path)
{
    QFile f(path);
    QCryptographicHash h(QCryptographicHash::Sha256);
    return f.open(QIODevice::ReadOnly) && h.addData(&f) ? h.result() : QByteArray();
}

std::array<std::uint8_t, 32> toArray(const QByteArray& b)
{
    std::array<std::uint8_t, 32> a {};
    std::copy_n(b.begin(), std::min<qsizetype>(b.size(), 32), a.begin());
    return a;
}

} // namespace

class TestModelStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        if (!kernels::llmAvailable())
            QSKIP("this build has no LLM engine (COCOON_LLM=OFF)");
        QVERIFY(m_dir.isValid());
    }

    void servesCheckedModelsAndSaysWhyNot()
    {
        const QString model = m_dir.filePath(QStringLiteral("tiny.gguf"));
        std::string error;
        QVERIFY2(kernels::writeTinyModel(model.toStdString(), {}, error), error.c_str());
        QFile junk(m_dir.filePath(QStringLiteral("broken.gguf")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        QFile other(m_dir.filePath(QStringLiteral("notes.txt"))); // not a .gguf: not looked at
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("hello");
        other.close();

        jobs::ModelStore store({m_dir.path()});
        store.refresh();
        QCOMPARE(store.entries().size(), 2);
        const auto served = store.served();
        QCOMPARE(served.size(), 1);
        const jobs::ModelEntry& e = served.first();
        QCOMPARE(e.path, model);
        QCOMPARE(e.sha256, fileSha256(model));
        QCOMPARE(e.bytes, std::uint64_t(QFile(model).size()));
        QCOMPARE(e.architecture, QStringLiteral("llama"));
        QVERIFY(e.name.contains(QStringLiteral("gibberish")));
        for (const auto& entry : store.entries()) {
            if (entry.path.endsWith(QStringLiteral("broken.gguf"))) {
                QVERIFY(!entry.problem.isEmpty());
                QVERIFY(entry.sha256.isEmpty());
            }
        }
        const auto lookup = store.lookup();
        QCOMPARE(lookup(toArray(e.sha256)), std::optional(model.toStdString()));
        QVERIFY(!lookup(toArray(QCryptographicHash::hash("other", QCryptographicHash::Sha256))));

        // Changed in place (same size, a later time): hashed again; the old hash is no longer served.
        const QByteArray before = e.sha256;
        {
            QFile f(model);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() - 1));
            QVERIFY(f.putChar('\x7f'));
            f.close();
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(5), QFileDevice::FileModificationTime));
        }
        store.refresh();
        QCOMPARE(store.served().size(), 1);
        QCOMPARE(store.served().first().sha256, fileSha256(model));
        QVERIFY(store.served().first().sha256 != before);
        QVERIFY(!store.lookup()(toArray(before)));

        // Removed: gone.
        QVERIFY(QFile::remove(model));
        store.refresh();
        QCOMPARE(store.served().size(), 0);
        QCOMPARE(store.entries().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestModelStore)
#include "TestModelStore.moc"
