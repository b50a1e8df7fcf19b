#pragma once
// What a running contributor says about itself in the control channel's `status` reply, typed:
// built once by node::ContributorNode, read back by a window attached to a headless instance and
// by cocoonctl. The Service adds the scheduler, mode, version, pid and earnings around it
// (docs/protocol.md#control-channel).
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <optional>

namespace cocoon::control {

/// A device as the Devices list shows it (usable or not, and why).
struct DeviceLine
{
    QString name;
    bool usable = false;
    QString reason;
    QString key = {}; ///< "cpu", "gpu0" for a usable device (its card on the Dashboard)
};

/// A device's live figures (a GPU's from NVML, the CPU's from /proc).
struct DeviceReading
{
    std::optional<int> oursPercent;
    std::optional<int> othersPercent;
    std::optional<int> temperatureC;
    std::optional<int> powerW;
    std::optional<std::uint64_t> vramUsedBytes;
    std::optional<std::uint64_t> vramTotalBytes;
};

struct NodeStatus
{
    QString ui; ///< "headless" or "desktop"
    QString dataDir;
    QString network; ///< the network line people see
    bool testTon = false; ///< the demo network's test TON
    bool confidential = false;
    QStringList tierReasons; ///< why not confidential
    QList<DeviceLine> devices;
    std::map<QString, DeviceReading> readings; ///< by device key
    std::map<QString, QString> jobs; ///< device key -> kernel running there
    QString ledgerFile; ///< the ledger of the network in use (empty: none)

    /// "confidential", or "sealed (reasons)".
    QString tier() const;
    QJsonObject toJson() const;
    /// Tolerant: what is missing or of the wrong type keeps its default; numbers are clamped.
    static NodeStatus fromJson(const QJsonObject& json);
};

} // namespace cocoon::control
