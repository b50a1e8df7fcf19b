// Windows: a value under HKCU\Software\Microsoft\Windows\CurrentVersion\Run (per user, no admin).
#include "common/Autostart.h"

#include <QDir>
#include <QSettings>

namespace cocoon::autostart {
namespace {
const QString kRunKey = QStringLiteral(R"(HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run)");
const QString kValue = QStringLiteral("CocoonContributor");
} // namespace

QString location()
{
    return kRunKey + u'\\' + kValue;
}

bool isEnabled()
{
    return QSettings(kRunKey, QSettings::NativeFormat).contains(kValue);
}

Expected<void, QString> setEnabled(bool on, const QString& executable, const QStringList& arguments)
{
    QSettings run(kRunKey, QSettings::NativeFormat);
    if (on) {
        QString command = u'"' + QDir::toNativeSeparators(executable) + u'"';
        for (const QString& a : arguments)
            command += QStringLiteral(" \"%1\"").arg(a);
        run.setValue(kValue, command);
    } else {
        run.remove(kValue);
    }
    run.sync();
    if (run.status() != QSettings::NoError)
        return unexpected(QStringLiteral("could not write %1").arg(location()));
    return {};
}

} // namespace cocoon::autostart
