#pragma once
// A real governor over a real settings file and a scripted probe, for the tests of what sits on
// top of it (window pages, tray, control channel). The user is away (idle for 10 min) unless a
// test scripts otherwise; `values` are stored before the devices are added and the first tick.
#include "ManualClock.h"
#include "ScriptedProbe.h"
#include "config/Settings.h"
#include "node/SettingChecks.h"
#include "sched/Governor.h"

#include <QTemporaryDir>

namespace cocoon::test {

struct GovernorRig
{
    explicit GovernorRig(ManualClock& c, const QList<QPair<QString, QVariant>>& values = {},
        const QStringList& devices = {QStringLiteral("cpu")})
        : clock(c)
    {
        for (const auto& [key, value] : values) {
            if (!settings.set(key, value))
                qFatal("GovernorRig: setting %s refused", qPrintable(key));
        }
        probe.script.idleFor = std::chrono::seconds(600);
        for (const QString& d : devices)
            governor.addDevice(d);
        governor.tick();
    }

    ManualClock& clock;
    QTemporaryDir dir;
    Settings settings {dir.filePath(QStringLiteral("settings.json")), clock, node::settingChecks()};
    ScriptedProbe probe;
    sched::Governor governor {clock, probe, settings};
};

} // namespace cocoon::test
