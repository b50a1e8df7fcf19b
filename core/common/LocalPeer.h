#pragma once
// Local sockets (control channel, single instance) are only as private as the directory they live
// in and the process at the other end. With $XDG_RUNTIME_DIR they live there (the login manager
// makes it 0700 for the user); without it, in <temp>/cocoon-<uid>, which this user creates 0700
// and which is refused when another user made it first or it is open to others. Every client also
// checks who serves a socket before sending it anything. One implementation per OS under platform/.
#include "common/Expected.h"

#include <QString>
#include <QtGlobal>

namespace cocoon::localpeer {

/// The private directory for this user's sockets when there is no runtime directory, created
/// 0700 if missing: <temp>/cocoon-<uid>.
QString privateDirPath();
/// Empty when `dir` belongs to this user and no one else may enter it; else why not.
QString checkPrivateDir(const QString& dir);
/// Creates privateDirPath() (0700) when missing; then checkPrivateDir() on it.
QString ensurePrivateDir();
/// Empty when the process serving (or connected on) the local socket `descriptor` runs as this
/// user; else why not, in words a person can act on.
QString checkSameUser(qintptr descriptor);

} // namespace cocoon::localpeer
