// XDG autostart (https://specifications.freedesktop.org/autostart-spec/): a desktop entry in
// $XDG_CONFIG_HOME/autostart. Desktop environments run it at login unless Hidden=true.
#include "common/AtomicFile.h"
#include "common/Autostart.h"

#include <QDir>
#include <QFile>
#include <QStringList>

namespace cocoon::autostart {
namespace {

QString configHome()
{
    const QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME");
    return QDir::isAbsolutePath(xdg) ? xdg : QDir::homePath() + QStringLiteral("/.config");
}

/// Exec= quoting (desktop entry spec, "The Exec key"): quote arguments with reserved characters.
QString quoteArg(const QString& a)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    if (!a.isEmpty() && std::none_of(a.begin(), a.end(), [](QChar c) { return reserved.contains(c); }))
        return a;
    QString q = a;
    q.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'"', QStringLiteral("\\\""))
        .replace(u'`', QStringLiteral("\\`"))
        .replace(u'$', QStringLiteral("\\$"));
    return u'"' + q + u'"';
}

} // namespace

QString location()
{
    return configHome() + QStringLiteral("/autostart/cocoon-contributor.desktop");
}

bool isEnabled()
{
    QFile f(location());
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(f.readAll());
    return !text.contains(QStringLiteral("\nHidden=true"))
        && !text.contains(QStringLiteral("\nX-GNOME-Autostart-enabled=false"));
}

Expected<void, QString> setEnabled(bool on, const QString& executable, const QStringList& arguments)
{
    const QString path = location();
    if (!on) {
        if (QFile::exists(path) && !QFile::remove(path))
            return unexpected(QStringLiteral("could not remove %1").arg(path));
        return {};
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return unexpected(QStringLiteral("could not create %1").arg(QFileInfo(path).absolutePath()));
    QStringList exec {quoteArg(executable)};
    for (const QString& a : arguments)
        exec << quoteArg(a);
    const QString entry = QStringLiteral("[Desktop Entry]\n"
                                         "Type=Application\n"
                                         "Name=Cocoon Contributor\n"
                                         "Comment=Put an idle GPU to work in the Cocoon network\n"
                                         "Exec=%1\n"
                                         "Icon=cocoon-contributor\n"
                                         "Terminal=false\n"
                                         "X-GNOME-Autostart-enabled=true\n")
                              .arg(exec.join(u' '));
    if (auto w = writeFileAtomically(path, entry.toUtf8()); !w)
        return unexpected(w.error());
    return {};
}

} // namespace cocoon::autostart
