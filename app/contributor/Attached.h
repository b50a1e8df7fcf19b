#pragma once
// cocoon-contributor's window over a headless instance of the same user and data directory (the
// systemd user service, or `cocoon-contributor --headless` in a terminal): no second core, no
// second network connection. Scheduling and the owner's commands go over the control channel,
// settings changes are made by the instance, the ledger is read, never written.
#include "Runtime.h"
#include "common/Clock.h"

#include <QJsonObject>

#include <optional>

namespace cocoon {
class SingleInstance;
}

namespace cocoon::app {

/// The status of the headless instance serving `dataDir`, if one answers.
std::optional<QJsonObject> findHeadless(const QString& dataDir);

/// Shows the window over that instance until the owner quits it; returns the exit code. With
/// `screenshotsDir`, saves every page there once the pages have filled, then quits (tests, docs).
int runAttached(const QJsonObject& status, Runtime& runtime, const Clock& clock, SingleInstance* instance,
    const QString& screenshotsDir);

} // namespace cocoon::app
