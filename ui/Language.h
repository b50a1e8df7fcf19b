#pragma once
// The interface language: "system" (the desktop's languages, in order), "en", "ru" or "es" (the
// ui.language setting). Installs the app's translation (compiled into the app under :/i18n, see
// translations/) and Qt's own (qtbase) for dialogs and buttons; installing again replaces them,
// and Qt then sends every widget a LanguageChange event.
#include <QString>
#include <QStringList>

namespace cocoon::ui {

/// The languages there are translations for, besides English ("ru", "es").
QStringList translatedLanguages();
/// A language's own name, for the chooser ("Русский").
QString languageName(const QString& code);
/// Installs the translation for `choice`; returns the language now in use ("en" when none of
/// the wanted ones is translated). `qmDir` is where cocoon_<code>.qm files are (tests).
QString installLanguage(const QString& choice, const QString& qmDir = QStringLiteral(":/i18n"));

} // namespace cocoon::ui
