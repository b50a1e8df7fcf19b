#include "wallet/Cell.h"

#include "wallet/Address.h"

#include <QHash>

#include <algorithm>
#include <bit>
#include <functional>

namespace cocoon::wallet {

namespace {

WalletError cellError(QString message)
{
    return walletError(WalletErrc::BadCell, std::move(message));
}

constexpr std::uint32_t kBocMagic = 0xb5ee9c72;

int bytesFor(std::uint64_t value)
{
    int n = 1;
    while (n < 8 && (value >> (8 * n)) != 0) {
        ++n;
    }
    return n;
}

} // namespace

std::uint32_t crc32c(const unsigned char* data, std::size_t size)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t {};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xffffffffu;
    for (std::size_t i = 0; i < size; ++i) {
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    }
    return crc ^ 0xffffffffu;
}

// --- Cell ---------------------------------------------------------------------------------------

Cell::Cell(QByteArray data, int bits, std::vector<CellRef> refs)
    : m_data(std::move(data))
    , m_bits(bits)
    , m_refs(std::move(refs))
{
    Sha256Stream h;
    const QByteArray head = descriptorAndData();
    h.add(asBytes(head));
    for (const CellRef& r : m_refs) {
        m_depth = std::max<std::uint16_t>(m_depth, std::uint16_t(r->depth() + 1));
        const unsigned char d[2]
            = {static_cast<unsigned char>(r->depth() >> 8), static_cast<unsigned char>(r->depth())};
        h.add(d);
    }
    for (const CellRef& r : m_refs) {
        h.add(r->hash());
    }
    m_hash = h.result();
}

QByteArray Cell::descriptorAndData() const
{
    QByteArray out;
    out.reserve(2 + m_data.size());
    out.append(char(m_refs.size()));
    out.append(char((m_bits / 8) + ((m_bits + 7) / 8)));
    out.append(m_data);
    if (m_bits % 8) {
        out[out.size() - 1] = char(std::uint8_t(out.back()) | (0x80 >> (m_bits % 8)));
    }
    return out;
}

// --- CellBuilder --------------------------------------------------------------------------------

CellBuilder& CellBuilder::storeBit(bool bit)
{
    if (m_bits >= Cell::kMaxBits) {
        m_overflow = true;
        return *this;
    }
    if (m_bits % 8 == 0) {
        m_data.append('\0');
    }
    if (bit) {
        m_data[m_bits / 8] = char(std::uint8_t(m_data[m_bits / 8]) | (0x80 >> (m_bits % 8)));
    }
    ++m_bits;
    return *this;
}

CellBuilder& CellBuilder::storeUint(std::uint64_t value, int bits)
{
    if (bits < 0 || bits > 64 || (bits < 64 && (value >> bits) != 0)) {
        m_overflow = true;
        return *this;
    }
    for (int i = bits - 1; i >= 0; --i) {
        storeBit((value >> i) & 1);
    }
    return *this;
}

CellBuilder& CellBuilder::storeInt(std::int64_t value, int bits)
{
    if (bits <= 0 || bits > 64) {
        m_overflow = true;
        return *this;
    }
    if (bits < 64) {
        const std::int64_t lo = -(std::int64_t(1) << (bits - 1));
        const std::int64_t hi = (std::int64_t(1) << (bits - 1)) - 1;
        if (value < lo || value > hi) {
            m_overflow = true;
            return *this;
        }
    }
    const std::uint64_t u = static_cast<std::uint64_t>(value);
    for (int i = bits - 1; i >= 0; --i) {
        storeBit((u >> i) & 1);
    }
    return *this;
}

CellBuilder& CellBuilder::storeBytes(std::span<const unsigned char> bytes)
{
    for (unsigned char b : bytes) {
        storeUint(b, 8);
    }
    return *this;
}

CellBuilder& CellBuilder::storeRef(CellRef cell)
{
    if (!cell || m_refs.size() >= std::size_t(Cell::kMaxRefs)) {
        m_overflow = true;
        return *this;
    }
    m_refs.push_back(std::move(cell));
    return *this;
}

CellBuilder& CellBuilder::storeMaybeRef(CellRef cell)
{
    storeBit(bool(cell));
    if (cell) {
        storeRef(std::move(cell));
    }
    return *this;
}

CellBuilder& CellBuilder::storeCoins(std::uint64_t nano)
{
    const int len = nano == 0 ? 0 : bytesFor(nano);
    storeUint(std::uint64_t(len), 4);
    return storeUint(nano, len * 8);
}

CellBuilder& CellBuilder::storeAddress(const Address* address)
{
    if (!address) {
        return storeUint(0, 2);
    }
    storeUint(0b100, 3); // addr_std$10, anycast nothing$0
    storeInt(address->workchain, 8);
    return storeBytes(address->hash);
}

Expected<CellRef, WalletError> CellBuilder::build() const
{
    if (m_overflow) {
        return unexpected(cellError(
            QStringLiteral("a cell holds at most 1023 bits and 4 references, and each value must fit its field")));
    }
    return CellRef(new Cell(m_data, m_bits, m_refs));
}

// --- CellSlice ----------------------------------------------------------------------------------

Expected<bool, WalletError> CellSlice::loadBit()
{
    if (remainingBits() < 1) {
        return unexpected(cellError(QStringLiteral("the cell ends before the field does")));
    }
    return m_cell->bit(m_bit++);
}

Expected<std::uint64_t, WalletError> CellSlice::loadUint(int bits)
{
    if (bits < 0 || bits > 64 || remainingBits() < bits) {
        return unexpected(cellError(QStringLiteral("the cell ends before the field does")));
    }
    std::uint64_t v = 0;
    for (int i = 0; i < bits; ++i) {
        v = (v << 1) | (m_cell->bit(m_bit++) ? 1u : 0u);
    }
    return v;
}

Expected<std::int64_t, WalletError> CellSlice::loadInt(int bits)
{
    auto u = loadUint(bits);
    if (!u) {
        return unexpected(u.error());
    }
    if (bits == 0 || bits == 64) {
        return static_cast<std::int64_t>(*u);
    }
    const std::uint64_t sign = std::uint64_t(1) << (bits - 1);
    return static_cast<std::int64_t>((*u ^ sign) - sign);
}

Expected<CellRef, WalletError> CellSlice::loadRef()
{
    if (remainingRefs() < 1) {
        return unexpected(cellError(QStringLiteral("the cell has no more references")));
    }
    return m_cell->refs()[std::size_t(m_ref++)];
}

Expected<std::uint64_t, WalletError> CellSlice::loadCoins()
{
    auto len = loadUint(4);
    if (!len) {
        return unexpected(len.error());
    }
    if (*len > 8) {
        return unexpected(cellError(QStringLiteral("an amount above 2^64 nanoTON")));
    }
    return loadUint(int(*len) * 8);
}

// --- Boc ----------------------------------------------------------------------------------------

Expected<std::vector<CellRef>, WalletError> Boc::deserialize(QByteArrayView bytes, Limits limits)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const qsizetype n = bytes.size();
    if (n > limits.maxBytes) {
        return unexpected(cellError(
            QStringLiteral("the bag of cells is %1 bytes, more than the %2 accepted").arg(n).arg(limits.maxBytes)));
    }
    qsizetype pos = 0;
    auto readN = [&](int width, std::uint64_t* out) {
        if (width < 1 || width > 8 || n - pos < width) {
            return false;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            v = (v << 8) | p[pos++];
        }
        *out = v;
        return true;
    };
    const auto truncated = [] { return unexpected(cellError(QStringLiteral("the bag of cells is truncated"))); };
    std::uint64_t magic = 0;
    if (!readN(4, &magic)) {
        return truncated();
    }
    if (magic != kBocMagic) {
        return unexpected(cellError(
            QStringLiteral("not a bag of cells (magic %1, expected b5ee9c72)").arg(magic, 8, 16, QChar(u'0'))));
    }
    if (n - pos < 2) {
        return truncated();
    }
    const std::uint8_t flags = p[pos++];
    const bool hasIndex = flags & 0x80;
    const bool hasCrc = flags & 0x40;
    const int size = flags & 0x07;
    const int offBytes = p[pos++];
    if (size < 1 || size > 4 || offBytes < 1 || offBytes > 8) {
        return unexpected(cellError(QStringLiteral("the bag of cells has an invalid header")));
    }
    std::uint64_t cells = 0, roots = 0, absent = 0, totalSize = 0;
    if (!readN(size, &cells) || !readN(size, &roots) || !readN(size, &absent) || !readN(offBytes, &totalSize)) {
        return truncated();
    }
    if (cells == 0 || cells > std::uint64_t(limits.maxCells)) {
        return unexpected(
            cellError(QStringLiteral("the bag has %1 cells; 1 to %2 are accepted").arg(cells).arg(limits.maxCells)));
    }
    if (roots == 0 || roots > std::uint64_t(limits.maxRoots) || roots > cells) {
        return unexpected(
            cellError(QStringLiteral("the bag has %1 roots; 1 to %2 are accepted").arg(roots).arg(limits.maxRoots)));
    }
    if (absent != 0) {
        return unexpected(cellError(QStringLiteral("bags with absent cells are not supported")));
    }
    std::vector<std::uint64_t> rootIndex(roots);
    for (auto& r : rootIndex) {
        if (!readN(size, &r)) {
            return truncated();
        }
        if (r >= cells) {
            return unexpected(cellError(QStringLiteral("a root index points outside the bag")));
        }
    }
    if (hasIndex) {
        const std::uint64_t indexBytes = cells * std::uint64_t(offBytes);
        if (std::uint64_t(n - pos) < indexBytes) {
            return truncated();
        }
        pos += qsizetype(indexBytes);
    }
    const qsizetype dataStart = pos;
    if (std::uint64_t(n - pos) < totalSize) {
        return truncated();
    }
    const qsizetype dataEnd = pos + qsizetype(totalSize);
    const qsizetype expectedEnd = dataEnd + (hasCrc ? 4 : 0);
    if (expectedEnd > n) {
        return truncated();
    }
    if (expectedEnd < n) {
        return unexpected(cellError(QStringLiteral("%1 unexpected bytes after the bag of cells").arg(n - expectedEnd)));
    }
    if (hasCrc) {
        const std::uint32_t stored = std::uint32_t(p[dataEnd]) | std::uint32_t(p[dataEnd + 1]) << 8
            | std::uint32_t(p[dataEnd + 2]) << 16 | std::uint32_t(p[dataEnd + 3]) << 24;
        if (crc32c(p, std::size_t(dataEnd)) != stored) {
            return unexpected(cellError(QStringLiteral("the bag of cells fails its CRC32C check (damaged)")));
        }
    }

    struct Raw
    {
        QByteArray data;
        int bits = 0;
        std::vector<std::uint64_t> refs;
    };
    std::vector<Raw> raw(cells);
    pos = dataStart;
    for (std::uint64_t i = 0; i < cells; ++i) {
        if (dataEnd - pos < 2) {
            return truncated();
        }
        const std::uint8_t d1 = p[pos++];
        const std::uint8_t d2 = p[pos++];
        const int refCount = d1 & 7;
        if (d1 & 8) {
            return unexpected(
                cellError(QStringLiteral("exotic cells (pruned branches, library cells, proofs) are not supported")));
        }
        if ((d1 >> 5) != 0 || (d1 & 16)) {
            return unexpected(cellError(QStringLiteral("cells with a level or stored hashes are not supported")));
        }
        if (refCount > Cell::kMaxRefs) {
            return unexpected(cellError(QStringLiteral("a cell with %1 references (at most 4)").arg(refCount)));
        }
        const int len = (d2 + 1) / 2;
        if (dataEnd - pos < len) {
            return truncated();
        }
        Raw& r = raw[i];
        r.data = QByteArray(reinterpret_cast<const char*>(p + pos), len);
        pos += len;
        r.bits = (d2 / 2) * 8;
        if (d2 & 1) {
            const std::uint8_t last = std::uint8_t(r.data.back());
            if (last == 0) {
                return unexpected(cellError(QStringLiteral("a cell's data lacks its completion bit")));
            }
            const int tz = std::countr_zero(last);
            if (tz == 7) {
                // A last byte holding only the completion bit: the length says the bits do not
                // fill whole bytes, the data says they do. Such a cell would not re-serialize to
                // the same bytes or hash (found by fuzz_ton).
                return unexpected(cellError(QStringLiteral("a cell's data length and completion bit disagree")));
            }
            r.bits += 7 - tz;
            r.data[len - 1] = char(last & ~(1u << tz));
        }
        if (r.bits > Cell::kMaxBits) {
            return unexpected(cellError(QStringLiteral("a cell with more than 1023 bits")));
        }
        r.refs.resize(std::size_t(refCount));
        for (auto& ref : r.refs) {
            if (!readN(size, &ref) || pos > dataEnd) {
                return truncated();
            }
            if (ref <= i || ref >= cells) {
                return unexpected(
                    cellError(QStringLiteral("a cell refers to itself, to an earlier cell or outside the bag")));
            }
        }
    }
    if (pos != dataEnd) {
        return unexpected(cellError(QStringLiteral("the cells do not fill the declared size")));
    }
    std::vector<CellRef> built(cells);
    for (std::uint64_t k = cells; k-- > 0;) {
        std::vector<CellRef> refs;
        refs.reserve(raw[k].refs.size());
        for (std::uint64_t ref : raw[k].refs) {
            refs.push_back(built[ref]);
        }
        built[k] = CellRef(new Cell(std::move(raw[k].data), raw[k].bits, std::move(refs)));
        if (built[k]->depth() > 1024) {
            return unexpected(cellError(QStringLiteral("the cell tree is deeper than 1024")));
        }
    }
    std::vector<CellRef> out;
    for (std::uint64_t r : rootIndex) {
        out.push_back(built[r]);
    }
    return out;
}

Expected<CellRef, WalletError> Boc::deserializeOne(QByteArrayView bytes)
{
    auto roots = deserialize(bytes);
    if (!roots) {
        return unexpected(roots.error());
    }
    if (roots->size() != 1) {
        return unexpected(cellError(QStringLiteral("expected one root cell, found %1").arg(roots->size())));
    }
    return roots->front();
}

QByteArray Boc::serialize(const CellRef& root)
{
    // Reverse post-order of a depth-first walk puts every cell before the cells it refers to.
    std::vector<const Cell*> order;
    QHash<QByteArray, int> seen;
    std::function<void(const Cell*)> visit = [&](const Cell* c) {
        const QByteArray key = toByteArray(c->hash());
        if (seen.contains(key)) {
            return;
        }
        seen.insert(key, -1);
        for (const CellRef& r : c->refs()) {
            visit(r.get());
        }
        order.push_back(c);
    };
    visit(root.get());
    std::reverse(order.begin(), order.end());
    for (int i = 0; i < int(order.size()); ++i) {
        seen[toByteArray(order[std::size_t(i)]->hash())] = i;
    }
    const int size = bytesFor(order.size());
    QByteArray cellsData;
    auto putN = [](QByteArray& out, std::uint64_t v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            out.append(char((v >> (8 * i)) & 0xff));
        }
    };
    for (const Cell* c : order) {
        cellsData.append(c->descriptorAndData());
        for (const CellRef& r : c->refs()) {
            putN(cellsData, std::uint64_t(seen.value(toByteArray(r->hash()))), size);
        }
    }
    const int offBytes = bytesFor(std::uint64_t(cellsData.size()));
    QByteArray out;
    putN(out, kBocMagic, 4);
    out.append(char(0x40 | size)); // has_crc32c, no index, no cache bits
    out.append(char(offBytes));
    putN(out, order.size(), size);
    putN(out, 1, size);
    putN(out, 0, size);
    putN(out, std::uint64_t(cellsData.size()), offBytes);
    putN(out, 0, size);
    out.append(cellsData);
    const std::uint32_t crc = crc32c(reinterpret_cast<const unsigned char*>(out.constData()), std::size_t(out.size()));
    for (int i = 0; i < 4; ++i) {
        out.append(char((crc >> (8 * i)) & 0xff));
    }
    return out;
}

} // namespace cocoon::wallet
