#include "node/SettingChecks.h"

#include "sched/DeviceOverrides.h"
#include "sched/Schedule.h"
#include "wallet/Address.h"

namespace cocoon::node {

namespace {

QString checkSchedule(const QString& v)
{
    auto s = sched::WeeklySchedule::parse(v);
    return s ? QString() : s.error();
}

QString checkDeviceOverrides(const QString& v)
{
    auto o = sched::parseDeviceOverrides(v);
    return o ? QString() : o.error();
}

QString checkAddress(const QString& v)
{
    if (v.isEmpty())
        return {}; // not set
    auto a = wallet::Address::parse(v);
    return a ? QString() : a.error().message;
}

} // namespace

SettingChecks settingChecks()
{
    return {checkSchedule, checkDeviceOverrides, checkAddress};
}

} // namespace cocoon::node
