#include "Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace cocoon::ui {
namespace {

std::unique_ptr<QTranslator> g_app;
std::unique_ptr<QTranslator> g_qt;

} // namespace

QStringList translatedLanguages()
{
    return {QStringLiteral("ru"), QStringLiteral("es")};
}

QString languageName(const QString& code)
{
    if (code == u"system")
        return QCoreApplication::translate("cocoon::ui::Language", "System default");
    // Each language in its own words, so a person who cannot read the current one finds theirs.
    if (code == u"ru")
        return QStringLiteral("Русский");
    if (code == u"es")
        return QStringLiteral("Español");
    return QStringLiteral("English");
}

QString installLanguage(const QString& choice, const QString& qmDir)
{
    for (auto* t : {&g_app, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(t->get());
            t->reset();
        }
    }
    QStringList wanted;
    if (choice == u"system") {
        for (const QString& l : QLocale::system().uiLanguages())
            wanted << QLocale(l).name().section(u'_', 0, 0);
    } else {
        wanted << choice;
    }
    for (const QString& code : wanted) {
        if (code == u"en" || code == u"C")
            return QStringLiteral("en"); // the source language: no translation to install
        if (!translatedLanguages().contains(code))
            continue;
        auto app = std::make_unique<QTranslator>();
        if (!app->load(QStringLiteral("cocoon_%1").arg(code), qmDir))
            continue;
        QCoreApplication::installTranslator(app.get());
        g_app = std::move(app);
        auto qt = std::make_unique<QTranslator>();
        if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt.get());
            g_qt = std::move(qt);
        }
        return code;
    }
    return QStringLiteral("en");
}

} // namespace cocoon::ui
