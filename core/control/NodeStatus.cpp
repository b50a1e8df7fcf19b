#include "control/NodeStatus.h"

#include <QJsonArray>

#include <algorithm>

namespace cocoon::control {

namespace {

QJsonObject readingJson(const DeviceReading& r)
{
    QJsonObject o;
    const auto put = [&o](const char* key, const auto& value) {
        if (value)
            o.insert(QLatin1String(key), qint64(*value));
    };
    put("ours", r.oursPercent);
    put("others", r.othersPercent);
    put("temperatureC", r.temperatureC);
    put("powerW", r.powerW);
    put("vramUsed", r.vramUsedBytes);
    put("vramTotal", r.vramTotalBytes);
    return o;
}

DeviceReading readingFromJson(const QJsonObject& o)
{
    const auto small = [&](const char* key) -> std::optional<int> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isDouble() ? std::optional(int(std::clamp<qint64>(v.toInteger(), -1000, 100000))) : std::nullopt;
    };
    const auto bytes = [&](const char* key) -> std::optional<std::uint64_t> {
        const QJsonValue v = o.value(QLatin1String(key));
        return v.isDouble() && v.toInteger() >= 0 ? std::optional(std::uint64_t(v.toInteger())) : std::nullopt;
    };
    return {
        small("ours"), small("others"), small("temperatureC"), small("powerW"), bytes("vramUsed"), bytes("vramTotal")};
}

} // namespace

QString NodeStatus::tier() const
{
    return confidential ? QStringLiteral("confidential")
                        : QStringLiteral("sealed (%1)").arg(tierReasons.join(QStringLiteral("; ")));
}

QJsonObject NodeStatus::toJson() const
{
    QJsonArray deviceList;
    for (const DeviceLine& l : devices) {
        deviceList.append(QJsonObject {{QStringLiteral("name"), l.name}, {QStringLiteral("usable"), l.usable},
            {QStringLiteral("reason"), l.reason}, {QStringLiteral("key"), l.key}});
    }
    QJsonObject readingMap;
    for (const auto& [key, r] : readings)
        readingMap.insert(key, readingJson(r));
    QJsonObject jobMap;
    for (const auto& [key, kernel] : jobs)
        jobMap.insert(key, kernel);
    return QJsonObject {{QStringLiteral("ui"), ui}, {QStringLiteral("dataDir"), dataDir},
        {QStringLiteral("network"), network}, {QStringLiteral("testTon"), testTon}, {QStringLiteral("tier"), tier()},
        {QStringLiteral("confidential"), confidential},
        {QStringLiteral("tierReasons"), QJsonArray::fromStringList(tierReasons)},
        {QStringLiteral("devices"), deviceList}, {QStringLiteral("readings"), readingMap},
        {QStringLiteral("jobs"), jobMap}, {QStringLiteral("ledgerFile"), ledgerFile}};
}

NodeStatus NodeStatus::fromJson(const QJsonObject& o)
{
    NodeStatus s;
    s.ui = o.value(QStringLiteral("ui")).toString();
    s.dataDir = o.value(QStringLiteral("dataDir")).toString();
    s.network = o.value(QStringLiteral("network")).toString();
    s.testTon = o.value(QStringLiteral("testTon")).toBool();
    s.confidential = o.value(QStringLiteral("confidential")).toBool();
    for (const QJsonValue& v : o.value(QStringLiteral("tierReasons")).toArray()) {
        if (v.isString())
            s.tierReasons << v.toString();
    }
    for (const QJsonValue& v : o.value(QStringLiteral("devices")).toArray()) {
        const QJsonObject d = v.toObject();
        if (d.value(QStringLiteral("name")).isString()) {
            s.devices.append({d.value(QStringLiteral("name")).toString(), d.value(QStringLiteral("usable")).toBool(),
                d.value(QStringLiteral("reason")).toString(), d.value(QStringLiteral("key")).toString()});
        }
    }
    const QJsonObject readingMap = o.value(QStringLiteral("readings")).toObject();
    for (auto it = readingMap.begin(); it != readingMap.end(); ++it)
        s.readings[it.key()] = readingFromJson(it.value().toObject());
    const QJsonObject jobMap = o.value(QStringLiteral("jobs")).toObject();
    for (auto it = jobMap.begin(); it != jobMap.end(); ++it) {
        if (it.value().isString())
            s.jobs[it.key()] = it.value().toString();
    }
    s.ledgerFile = o.value(QStringLiteral("ledgerFile")).toString();
    return s;
}

} // namespace cocoon::control
