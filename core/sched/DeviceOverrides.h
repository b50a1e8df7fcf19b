#pragma once
// Per-device overrides of the scheduling limits, written by people in sched.deviceOverrides:
//
//   gpu0: dutyWhileIdle=50, temperatureCapC=75; GPU-6f1c2a…: mode=paused; cpu: dutyWhileActive=0
//
// A device is named "cpu", "gpu<N>" (the CUDA index), or its UUID as NVML prints it. Keys are the
// per-device sched.* settings without the prefix; each value is checked against that setting's
// own range in the settings table, so an override can never allow what the global setting cannot.
#include "common/Expected.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QVariant>

namespace cocoon::sched {

struct DeviceOverride
{
    QString device; ///< as written ("gpu0", "GPU-…", "cpu")
    QMap<QString, QVariant> values; ///< full setting key ("sched.dutyWhileIdle") -> normalised value
};

/// The settings a device may override.
const QStringList& overridableKeys();

/// Parses the text; the error names the part that is wrong and why.
Expected<QList<DeviceOverride>, QString> parseDeviceOverrides(const QString& text);

/// Whether an override written for `selector` applies to the device `key` ("gpu0") / `uuid`.
bool selectsDevice(const QString& selector, const QString& key, const QString& uuid);

} // namespace cocoon::sched
