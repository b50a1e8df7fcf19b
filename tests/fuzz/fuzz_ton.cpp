// Fuzz target: everything that reads TON data from outside — bags of cells (account code and
// data from toncenter), addresses typed or pasted by users, and coordinator credit statements.
// Invariants: a bag that parses re-serializes to a bag with the same root hash; an address that
// parses formats back to text that parses to the same address; a statement that verifies has
// paid <= credited.
#include "ledger/CreditStatement.h"
#include "wallet/Address.h"
#include "wallet/Cell.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cocoon::wallet;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (auto roots = Boc::deserialize(bytes)) {
        for (const CellRef& root : *roots) {
            auto again = Boc::deserializeOne(Boc::serialize(root));
            if (!again || (*again)->hash() != root->hash()) {
                std::abort();
            }
        }
    }
    if (auto a = Address::parse(QString::fromLatin1(bytes))) {
        auto back = Address::parse(a->address.toFriendly());
        if (!back || back->address != a->address || Address::parse(a->address.toRaw())->address != a->address) {
            std::abort();
        }
    }
    // A statement that verifies never says more was paid than credited (v2).
    if (auto st = cocoon::ledger::CreditStatement::verify(bytes); st && st->paid > st->nano) {
        std::abort();
    }
    return 0;
}
