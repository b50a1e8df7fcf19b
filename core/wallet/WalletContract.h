#pragma once
// Standard TON wallet contracts: the address a public key gets for wallet v4r2 and v5r1 (the hash
// of the StateInit {code, data}), and reading the seqno back from a deployed wallet's data cell.
#include "crypto/Ed25519.h"
#include "wallet/Address.h"
#include "wallet/Cell.h"

#include <optional>

namespace cocoon::wallet {

enum class WalletVersion { V4R2, V5R1 };

QString walletVersionName(WalletVersion v); ///< "v4r2", "v5r1"
std::optional<WalletVersion> walletVersionFromName(QStringView name);

struct WalletParams
{
    WalletVersion version = WalletVersion::V4R2;
    std::int8_t workchain = 0;
    /// v5r1 folds the network into its wallet id (mainnet -239, testnet -3), so the address
    /// differs; v4r2's id (698983191 + workchain) is the same on both.
    bool testnet = false;
};

/// The contract code as deployed on the chain (the well-known code cells, hashes
/// feb5ff68… for v4r2 and 20834b7b… for v5r1).
CellRef walletCode(WalletVersion version);
/// The initial data cell: seqno 0, the wallet id, the public key, no plugins / extensions.
CellRef walletData(const WalletParams& params, const Ed25519PublicKey& publicKey);
/// StateInit: split_depth and special absent, code and data present, no library.
CellRef stateInit(const CellRef& code, const CellRef& data);
Address walletAddress(const WalletParams& params, const Ed25519PublicKey& publicKey);
/// The wallet id stored in the data cell.
std::uint32_t walletId(const WalletParams& params);

/// Which standard wallet a code cell is, by its hash.
std::optional<WalletVersion> walletVersionOfCode(const Sha256& codeHash);
/// The seqno in a deployed wallet's data cell (v4r2: the first 32 bits; v5r1: after the
/// signature-allowed bit).
Expected<std::uint32_t, WalletError> walletSeqno(WalletVersion version, const CellRef& data);

} // namespace cocoon::wallet
