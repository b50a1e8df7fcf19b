#pragma once
// TON cells: up to 1023 bits and up to 4 references to other cells; the representation hash and
// depth as in the TVM whitepaper (§3.1.4–3.1.5), and bags of cells (BOC, "b5ee9c72") for reading
// and writing wallet state, messages and account data.
//
// Hand-written: there is no maintained C or C++ library for TON cells outside the TON node itself
// (a large tree that does not build as a library). Only ordinary cells of level 0 are supported,
// which is everything wallet code, data, StateInit and messages use; exotic cells (pruned branches,
// library references, Merkle proofs) are refused with a reason.
#include "crypto/Hash.h"
#include "wallet/WalletError.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cocoon::wallet {

struct Address;
class Cell;
using CellRef = std::shared_ptr<const Cell>;

class Cell
{
public:
    static constexpr int kMaxBits = 1023;
    static constexpr int kMaxRefs = 4;

    int bitCount() const { return m_bits; }
    /// The bits, most significant first, in ceil(bitCount/8) bytes; unused tail bits are zero.
    const QByteArray& data() const { return m_data; }
    bool bit(int i) const { return (std::uint8_t(m_data[i / 8]) >> (7 - i % 8)) & 1; }
    const std::vector<CellRef>& refs() const { return m_refs; }
    const Sha256& hash() const { return m_hash; }
    std::uint16_t depth() const { return m_depth; }
    /// Descriptor bytes d1, d2 and the data with its completion tag (BOC and hash both use this).
    QByteArray descriptorAndData() const;

private:
    friend class CellBuilder;
    friend class Boc;
    Cell(QByteArray data, int bits, std::vector<CellRef> refs);
    QByteArray m_data;
    int m_bits = 0;
    std::vector<CellRef> m_refs;
    Sha256 m_hash {};
    std::uint16_t m_depth = 0;
};

/// Appends bits and references; build() fails if the cell would exceed 1023 bits or 4 refs.
class CellBuilder
{
public:
    CellBuilder& storeBit(bool bit);
    CellBuilder& storeUint(std::uint64_t value, int bits);
    CellBuilder& storeInt(std::int64_t value, int bits);
    CellBuilder& storeBytes(std::span<const unsigned char> bytes);
    CellBuilder& storeRef(CellRef cell);
    /// Maybe ^Cell: a 0 bit for null, else a 1 bit and the reference.
    CellBuilder& storeMaybeRef(CellRef cell);
    /// Grams (VarUInteger 16): 4 bits of byte length, then the amount in nanoTON.
    CellBuilder& storeCoins(std::uint64_t nano);
    /// MsgAddressInt addr_std without anycast, or addr_none (2 zero bits) for nullptr.
    CellBuilder& storeAddress(const Address* address);
    int bitCount() const { return m_bits; }

    Expected<CellRef, WalletError> build() const;

private:
    QByteArray m_data;
    int m_bits = 0;
    std::vector<CellRef> m_refs;
    bool m_overflow = false;
};

/// Reads a cell from the front; every read checks what is left.
class CellSlice
{
public:
    explicit CellSlice(CellRef cell)
        : m_cell(std::move(cell))
    { }
    int remainingBits() const { return m_cell->bitCount() - m_bit; }
    int remainingRefs() const { return int(m_cell->refs().size()) - m_ref; }
    Expected<bool, WalletError> loadBit();
    Expected<std::uint64_t, WalletError> loadUint(int bits);
    Expected<std::int64_t, WalletError> loadInt(int bits);
    Expected<CellRef, WalletError> loadRef();
    Expected<std::uint64_t, WalletError> loadCoins();

private:
    CellRef m_cell;
    int m_bit = 0;
    int m_ref = 0;
};

/// Bags of cells.
class Boc
{
public:
    /// Bounds on what deserialize accepts (a wallet's code and data are a few dozen cells).
    struct Limits
    {
        int maxCells = 4096;
        qsizetype maxBytes = 1 << 20;
        int maxRoots = 4;
    };
    static Expected<std::vector<CellRef>, WalletError> deserialize(QByteArrayView bytes, Limits limits);
    static Expected<std::vector<CellRef>, WalletError> deserialize(QByteArrayView bytes)
    {
        return deserialize(bytes, Limits {});
    }
    /// The single root of a bag that must have exactly one.
    static Expected<CellRef, WalletError> deserializeOne(QByteArrayView bytes);
    /// Serializes with a CRC32C and no index (what @ton/core writes by default); identical cells
    /// are stored once.
    static QByteArray serialize(const CellRef& root);
};

/// CRC32C (Castagnoli), the BOC checksum. Hand-written: neither Qt, OpenSSL nor zlib offers it.
std::uint32_t crc32c(const unsigned char* data, std::size_t size);

} // namespace cocoon::wallet
