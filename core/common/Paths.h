#pragma once
#include "common/Expected.h"

#include <QString>

namespace cocoon {

/// Where the app keeps its files. From QStandardPaths (XDG on Linux) unless `--data-dir DIR`
/// puts everything under DIR.
struct Paths
{
    QString configDir; ///< settings.json
    QString dataDir; ///< keys, databases
    QString cacheDir; ///< re-creatable data
    QString logDir; ///< rotating log files

    static Paths standard();
    static Paths under(const QString& root);

    QString settingsFile() const;
    /// The node's Ed25519 identity key (signs receipts), mode 0600.
    QString nodeIdentityFile() const;
    /// Finished jobs: sealed outputs and signed receipts.
    QString jobsDir() const;
    /// The ledger: receipts, credit statements, payouts, activity (SQLite).
    QString ledgerFile() const;

    /// A local socket name for this user and data directory: "<prefix>-<user>-<12 hex of
    /// SHA-256(dataDir)>" (single instance, control channel: one per instance, never shared),
    /// as a path in $XDG_RUNTIME_DIR when that is set.
    static QString localSocketName(const QString& prefix, const QString& dataDir);

    /// Creates every directory (mode 0700: they hold keys and logs).
    Expected<void, QString> ensureExist() const;
};

} // namespace cocoon
