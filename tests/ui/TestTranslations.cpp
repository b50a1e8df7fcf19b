// Translations: every .ts in translations/ is complete (no unfinished, obsolete or vanished
// entries, every message translated, the same placeholders and accelerators as the English), no
// user-visible phrase in ui/ or app/contributor/ escapes tr(), and the compiled translations switch
// the window's language at run time.
#include "Language.h"
#include "MainWindow.h"
#include "ManualClock.h"
#include "config/Settings.h"
#include "config/SettingsTable.h"
#include "node/SettingChecks.h"
#include "wallet/Address.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using namespace cocoon;

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("COCOON_SOURCE_DIR");
}

QStringList placeholders(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("%(?:\\d+|n)"));
    QStringList out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out << it.next().captured(0);
    out.sort();
    out.removeDuplicates();
    return out;
}

struct Message
{
    QString context, source, type;
    QStringList translations;
    bool numerus = false;
};

QList<Message> readTs(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&f);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            if (!m.source.isNull())
                out << m;
            m = Message {context, {}, {}, {}, xml.attributes().value(QStringLiteral("numerus")) == u"yes"};
        } else if (name == u"source") {
            m.source = xml.readElementText();
        } else if (name == u"translation") {
            m.type = xml.attributes().value(QStringLiteral("type")).toString();
            if (!m.numerus)
                m.translations << xml.readElementText();
        } else if (name == u"numerusform") {
            m.translations << xml.readElementText();
        }
    }
    if (!m.source.isNull())
        out << m;
    if (xml.hasError())
        *error = QStringLiteral("%1: %2").arg(path, xml.errorString());
    return out;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void tsFilesAreComplete_data()
    {
        QTest::addColumn<QString>("language");
        for (const QString& l : ui::translatedLanguages())
            QTest::newRow(qPrintable(l)) << l;
    }
    void tsFilesAreComplete()
    {
        QFETCH(QString, language);
        QString error;
        const auto messages = readTs(sourceDir() + QStringLiteral("/translations/cocoon_%1.ts").arg(language), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(messages.size() > 300, qPrintable(QString::number(messages.size())));
        QStringList problems;
        for (const Message& m : messages) {
            const QString where = m.context + QStringLiteral(": \"") + m.source.left(60) + u'"';
            if (!m.type.isEmpty()) {
                problems << QStringLiteral("%1 is %2").arg(where, m.type);
                continue;
            }
            if (m.translations.isEmpty()
                || std::any_of(m.translations.begin(), m.translations.end(),
                    [](const QString& t) { return t.trimmed().isEmpty(); })) {
                problems << QStringLiteral("%1 has no translation").arg(where);
                continue;
            }
            if (m.numerus && m.translations.size() < 2)
                problems << QStringLiteral("%1 lacks plural forms").arg(where);
            for (const QString& t : m.translations) {
                if (placeholders(t) != placeholders(m.source)
                    && !(m.numerus && placeholders(t) + QStringList {"%n"} == placeholders(m.source)))
                    problems
                        << QStringLiteral("%1: placeholders %2 in \"%3\"").arg(where, placeholders(t).join(u','), t);
                if (m.source.contains(u'&') && !m.source.contains(QStringLiteral("&nbsp;")) && !t.contains(u'&'))
                    problems << QStringLiteral("%1: the accelerator (&) is missing in \"%2\"").arg(where, t);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    /// A phrase written as a string literal instead of through tr() would stay English. Literals
    /// with at least two words in the UI and the app's window code must be tr() or translate().
    void noUiPhraseEscapesTr()
    {
        // (Ordinary string literals: moc's preprocessor does not read raw strings with quotes.)
        static const QRegularExpression literal(QStringLiteral("(?:QStringLiteral\\(|\\bu)\"((?:[^\"\\\\]|\\\\.)*)\""));
        static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{3,}\\s+[a-z]{2,}"));
        static const QRegularExpression dateFormat(QStringLiteral("^[dMyHhmsz:\\- .]+$"));
        QStringList escaped;
        int files = 0;
        for (const QString& dir : {QStringLiteral("/ui"), QStringLiteral("/app/contributor")}) {
            QDirIterator it(sourceDir() + dir, {QStringLiteral("*.cpp")});
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                ++files;
                int lineNo = 0;
                for (const QByteArray& raw : f.readAll().split('\n')) {
                    ++lineNo;
                    const QString line = QString::fromUtf8(raw);
                    if (line.contains(QStringLiteral("tr(")) || line.contains(QStringLiteral("translate("))
                        || line.contains(QStringLiteral("QT_TRANSLATE_NOOP"))
                        || line.trimmed().startsWith(QStringLiteral("//")) || line.contains(QStringLiteral("log->"))
                        || line.contains(QStringLiteral("Log->")))
                        continue;
                    for (auto m = literal.globalMatch(line); m.hasNext();) {
                        const QString text = m.next().captured(1);
                        if (phrase.match(text).hasMatch() && !text.startsWith(u'<')
                            && !dateFormat.match(text).hasMatch())
                            escaped << QStringLiteral("%1:%2: \"%3\"").arg(f.fileName()).arg(lineNo).arg(text);
                    }
                }
            }
        }
        QVERIFY(files >= 10);
        QVERIFY2(escaped.isEmpty(), qPrintable(escaped.join(u'\n')));
    }

    void languageSwitchesAtRunTime()
    {
        const QString qmDir = qEnvironmentVariable("COCOON_QM_DIR");
        if (qmDir.isEmpty())
            QSKIP("COCOON_QM_DIR is not set (ctest sets it to the app's build directory)");
        test::ManualClock clock;
        QCOMPARE(ui::installLanguage(QStringLiteral("ru"), qmDir), QStringLiteral("ru"));
        {
            MainWindow w(clock, {});
            QCOMPARE(w.pages()->tabText(0), QStringLiteral("&Обзор"));
            QCOMPARE(w.windowTitle(), QStringLiteral("Cocoon Contributor"));
        }
        QCOMPARE(ui::installLanguage(QStringLiteral("es"), qmDir), QStringLiteral("es"));
        {
            MainWindow w(clock, {});
            QCOMPARE(w.pages()->tabText(0), QStringLiteral("&Panel"));
            // Core strings people see are translated too (the scheduler's reasons).
            QCOMPARE(QCoreApplication::translate("cocoon::sched::Policy", "you paused it"),
                QStringLiteral("lo pausaste tú"));
            // ... and so are the refusals of what people type: settings values, TON addresses.
            QTemporaryDir dir;
            Settings settings(dir.filePath(QStringLiteral("settings.json")), clock, node::settingChecks());
            const auto refused = settings.setFromText(keys::schedIdleSeconds, QStringLiteral("5"));
            QVERIFY(!refused);
            QVERIFY2(refused.error().message.contains(QStringLiteral("fuera de rango")),
                qPrintable(refused.error().message));
            const auto address = wallet::Address::parse(QStringLiteral("EQ123"));
            QVERIFY(!address);
            QVERIFY2(
                address.error().message.startsWith(QStringLiteral("dirección TON no válida: una dirección legible")),
                qPrintable(address.error().message));
        }
        QCOMPARE(ui::installLanguage(QStringLiteral("en"), qmDir), QStringLiteral("en"));
        MainWindow w(clock, {});
        QCOMPARE(w.pages()->tabText(0), QStringLiteral("&Dashboard"));
        QCOMPARE(ui::installLanguage(QStringLiteral("de"), qmDir), QStringLiteral("en")); // none: English
        QCOMPARE(ui::languageName(QStringLiteral("ru")), QStringLiteral("Русский"));
        QCOMPARE(ui::languageName(QStringLiteral("es")), QStringLiteral("Español"));
    }
};

QTEST_MAIN(TestTranslations)
#include "TestTranslations.moc"
