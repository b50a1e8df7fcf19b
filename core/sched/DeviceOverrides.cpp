#include "sched/DeviceOverrides.h"

#include "config/Settings.h"
#include "config/SettingsTable.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace cocoon::sched {

const QStringList& overridableKeys()
{
    static const QStringList k {QString::fromLatin1(keys::schedMode), QString::fromLatin1(keys::schedDutyActive),
        QString::fromLatin1(keys::schedDutyIdle), QString::fromLatin1(keys::schedMaxOtherGpu),
        QString::fromLatin1(keys::schedReserveVramMiB), QString::fromLatin1(keys::schedTempCap),
        QString::fromLatin1(keys::schedTempHysteresis), QString::fromLatin1(keys::schedPowerCap)};
    return k;
}

Expected<QList<DeviceOverride>, QString> parseDeviceOverrides(const QString& text)
{
    static const QRegularExpression deviceName(
        QStringLiteral(R"(^(cpu|gpu\d{1,2}|GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString shortKeys = [] {
        QStringList s;
        for (const QString& k : overridableKeys())
            s << k.mid(6);
        return s.join(QStringLiteral(", "));
    }();
    QList<DeviceOverride> out;
    for (const QString& part : text.split(u';', Qt::SkipEmptyParts)) {
        if (part.trimmed().isEmpty())
            continue;
        const qsizetype colon = part.indexOf(u':');
        if (colon < 0)
            return unexpected(QCoreApplication::translate(
                "cocoon::sched::DeviceOverrides", "'%1' has no device: write \"gpu0: key=value, ...\"")
                                  .arg(part.trimmed()));
        DeviceOverride o;
        o.device = part.left(colon).trimmed();
        if (!deviceName.match(o.device).hasMatch()) {
            return unexpected(QCoreApplication::translate("cocoon::sched::DeviceOverrides",
                "'%1' is not a device: use cpu, gpu0, gpu1, ... or a GPU UUID (GPU-…)")
                                  .arg(o.device));
        }
        for (const DeviceOverride& seen : out) {
            if (seen.device.compare(o.device, Qt::CaseInsensitive) == 0)
                return unexpected(
                    QCoreApplication::translate("cocoon::sched::DeviceOverrides", "%1 is listed twice").arg(o.device));
        }
        for (const QString& assignment : part.mid(colon + 1).split(u',', Qt::SkipEmptyParts)) {
            const qsizetype eq = assignment.indexOf(u'=');
            const QString key = QStringLiteral("sched.") + assignment.left(eq).trimmed();
            if (eq < 0 || !overridableKeys().contains(key)) {
                return unexpected(QCoreApplication::translate(
                    "cocoon::sched::DeviceOverrides", "%1: '%2' cannot be set per device; allowed: %3")
                                      .arg(o.device, assignment.trimmed(), shortKeys));
            }
            const SettingSpec* spec = nullptr;
            for (const SettingSpec& s : settingsTable()) {
                if (s.key == key)
                    spec = &s;
            }
            auto value = Settings::validateText(*spec, assignment.mid(eq + 1));
            if (!value)
                return unexpected(QStringLiteral("%1: %2").arg(o.device, value.error().message));
            o.values.insert(key, *value);
        }
        if (o.values.isEmpty())
            return unexpected(
                QCoreApplication::translate("cocoon::sched::DeviceOverrides", "%1: nothing to override").arg(o.device));
        out << o;
    }
    return out;
}

bool selectsDevice(const QString& selector, const QString& key, const QString& uuid)
{
    return selector.compare(key, Qt::CaseInsensitive) == 0
        || (!uuid.isEmpty() && selector.compare(uuid, Qt::CaseInsensitive) == 0);
}

} // namespace cocoon::sched
