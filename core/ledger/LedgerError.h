#pragma once
#include "common/Expected.h"

namespace cocoon::ledger {

/// Why the ledger refused or failed. Every code comes with a message a person can act on.
enum class LedgerErrc {
    Open, ///< the database file cannot be opened or created
    Corrupt, ///< SQLite reports the file damaged
    NewerSchema, ///< written by a newer Cocoon: refused rather than risk the data
    Io, ///< a read or write failed (disk full, permissions)
    Malformed, ///< a receipt or statement that does not decode
    BadSignature, ///< a statement whose signature does not verify
    WrongNode, ///< a statement or receipt for another node
    Decrease, ///< a coordinator statement with a lower cumulative total than one already held
    Overflow, ///< an amount beyond what the ledger can hold (INT64_MAX), refused rather than clamped
};
using LedgerError = Error<LedgerErrc>;

inline LedgerError ledgerError(LedgerErrc code, QString message)
{
    return LedgerError {code, std::move(message)};
}

} // namespace cocoon::ledger
