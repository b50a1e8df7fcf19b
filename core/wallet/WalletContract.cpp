#include "wallet/WalletContract.h"

namespace cocoon::wallet {

namespace {

// The standard wallet code cells as bags of cells (base64), exactly as deployed on the chain and
// published in the TON wallet repositories; their hashes are checked when first loaded.
const char kV4R2Code[]
    = "te6cckECFAEAAtQAART/APSkE/S88sgLAQIBIAIPAgFIAwYC5tAB0NMDIXGwkl8E4CLXScEgkl8E4ALTHyGCEHBsdWe9IoIQZHN0"
      "cr2wkl8F4AP6QDAg+kQByMoHy//J0O1E0IEBQNch9AQwXIEBCPQKb6Exs5JfB+AF0z/IJYIQcGx1Z7qSODDjDQOCEGRzdHK6kl8G"
      "4w0EBQB4AfoA9AQw+CdvIjBQCqEhvvLgUIIQcGx1Z4MesXCAGFAEywUmzxZY+gIZ9ADLaRfLH1Jgyz8gyYBA+wAGAIpQBIEBCPRZ"
      "MO1E0IEBQNcgyAHPFvQAye1UAXKwjiOCEGRzdHKDHrFwgBhQBcsFUAPPFiP6AhPLassfyz/JgED7AJJfA+ICASAHDgIBIAgNAgFY"
      "CQoAPbKd+1E0IEBQNch9AQwAsjKB8v/ydABgQEI9ApvoTGACASALDAAZrc52omhAIGuQ64X/wAAZrx32omhAEGuQ64WPwAARuMl+"
      "1E0NcLH4AFm9JCtvaiaECAoGuQ+gIYRw1AgIR6STfSmRDOaQPp/5g3gSgBt4EBSJhxWfMYQE+PKDCNcYINMf0x/THwL4I7vyZO1E"
      "0NMf0x/T//QE0VFDuvKhUVG68qIF+QFUEGT5EPKj+AAkpMjLH1JAyx9SMMv/UhD0AMntVPgPAdMHIcAAn2xRkyDXSpbTB9QC+wDo"
      "MOAhwAHjACHAAuMAAcADkTDjDQOkyMsfEssfy/8QERITAG7SB/oA1NQi+QAFyMoHFcv/ydB3dIAYyMsFywIizxZQBfoCFMtrEszM"
      "yXP7AMhAFIEBCPRR8qcCAHCBAQjXGPoA0z/IVCBHgQEI9FHyp4IQbm90ZXB0gBjIywXLAlAGzxZQBPoCFMtqEssfyz/Jc/sAAgBs"
      "gQEI1xj6ANM/MFIkgQEI9Fnyp4IQZHN0cnB0gBjIywXLAlAFzxZQA/oCE8tqyx8Syz/Jc/sAAAr0AMntVAj45Sg=";
const char kV5R1Code[]
    = "te6cckECFAEAAoEAART/APSkE/S88sgLAQIBIAINAgFIAwQC3NAg10nBIJFbj2Mg1wsfIIIQZXh0br0hghBzaW50vbCSXwPgghBl"
      "eHRuuo60gCDXIQHQdNch+kAw+kT4KPpEMFi9kVvg7UTQgQFB1yH0BYMH9A5voTGRMOGAQNchcH/bPOAxINdJgQKAuZEw4HDiEA8C"
      "ASAFDAIBIAYJAgFuBwgAGa3OdqJoQCDrkOuF/8AAGa8d9qJoQBDrkOuFj8ACAUgKCwAXsyX7UTQcdch1wsfgABGyYvtRNDXCgCAA"
      "Gb5fD2omhAgKDrkPoCwBAvIOAR4g1wsfghBzaWduuvLgin8PAeaO8O2i7fshgwjXIgKDCNcjIIAg1yHTH9Mf0x/tRNDSANMfINMf"
      "0//XCgAK+QFAzPkQmiiUXwrbMeHywIffArNQB7Dy0IRRJbry4IVQNrry4Ib4I7vy0IgikvgA3gGkf8jKAMsfAc8Wye1UIJL4D95w"
      "2zzYEAP27aLt+wL0BCFukmwhjkwCIdc5MHCUIccAs44tAdcoIHYeQ2wg10nACPLgkyDXSsAC8uCTINcdBscSwgBSMLDy0InXTNc5"
      "MAGk6GwShAe78uCT10rAAPLgk+1V4tIAAcAAkVvg69csCBQgkXCWAdcsCBwS4lIQseMPINdKERITAJYB+kAB+kT4KPpEMFi68uCR"
      "7UTQgQFB1xj0BQSdf8jKAEAEgwf0U/Lgi44UA4MH9Fvy4Iwi1woAIW4Bs7Dy0JDiyFADzxYS9ADJ7VQAcjDXLAgkji0h8uCS0gDt"
      "RNDSAFETuvLQj1RQMJExnAGBAUDXIdcKAPLgjuLIygBYzxbJ7VST8sCN4gAQk1vbMeHXTNC01sNe";

constexpr const char* kV4R2CodeHash = "feb5ff6820e2ff0d9483e7e0d62c817d846789fb4ae580c878866d959dabd5c0";
constexpr const char* kV5R1CodeHash = "20834b7b72b112147e1b2fb457b84e74d1a30f04f737d4f62a668e9552d2b72f";

constexpr std::uint32_t kV4SubwalletBase = 698983191;
constexpr std::int32_t kMainnetGlobalId = -239;
constexpr std::int32_t kTestnetGlobalId = -3;

CellRef loadCode(const char* base64, const char* expectedHash)
{
    auto cell = Boc::deserializeOne(QByteArray::fromBase64(QByteArray(base64)));
    // Built into the program: a failure here is a build defect, not bad input.
    Q_ASSERT(cell && toByteArray((*cell)->hash()).toHex() == expectedHash);
    return cell ? *cell : CellRef {};
}

} // namespace

QString walletVersionName(WalletVersion v)
{
    return v == WalletVersion::V4R2 ? QStringLiteral("v4r2") : QStringLiteral("v5r1");
}

std::optional<WalletVersion> walletVersionFromName(QStringView name)
{
    if (name.compare(u"v4r2", Qt::CaseInsensitive) == 0 || name.compare(u"v4", Qt::CaseInsensitive) == 0) {
        return WalletVersion::V4R2;
    }
    if (name.compare(u"v5r1", Qt::CaseInsensitive) == 0 || name.compare(u"v5", Qt::CaseInsensitive) == 0) {
        return WalletVersion::V5R1;
    }
    return std::nullopt;
}

CellRef walletCode(WalletVersion version)
{
    static const CellRef v4 = loadCode(kV4R2Code, kV4R2CodeHash);
    static const CellRef v5 = loadCode(kV5R1Code, kV5R1CodeHash);
    return version == WalletVersion::V4R2 ? v4 : v5;
}

std::uint32_t walletId(const WalletParams& params)
{
    if (params.version == WalletVersion::V4R2) {
        return kV4SubwalletBase + std::uint32_t(std::int32_t(params.workchain));
    }
    // v5r1 client context: 1 bit set, workchain (int8), wallet version 0 (v5r1) (uint8),
    // subwallet number 0 (uint15), read as int32 and XORed with the network's global id.
    const std::uint32_t context = 0x80000000u | (std::uint32_t(std::uint8_t(params.workchain)) << 23);
    const std::int32_t global = params.testnet ? kTestnetGlobalId : kMainnetGlobalId;
    return std::uint32_t(global) ^ context;
}

CellRef walletData(const WalletParams& params, const Ed25519PublicKey& publicKey)
{
    CellBuilder b;
    if (params.version == WalletVersion::V4R2) {
        b.storeUint(0, 32).storeUint(walletId(params), 32).storeBytes(publicKey).storeBit(false);
    } else {
        b.storeBit(true).storeUint(0, 32).storeUint(walletId(params), 32).storeBytes(publicKey).storeBit(false);
    }
    return *b.build(); // fixed layout well under the cell limits
}

CellRef stateInit(const CellRef& code, const CellRef& data)
{
    CellBuilder b;
    b.storeBit(false).storeBit(false).storeMaybeRef(code).storeMaybeRef(data).storeBit(false);
    return *b.build();
}

Address walletAddress(const WalletParams& params, const Ed25519PublicKey& publicKey)
{
    Address a;
    a.workchain = params.workchain;
    a.hash = stateInit(walletCode(params.version), walletData(params, publicKey))->hash();
    return a;
}

std::optional<WalletVersion> walletVersionOfCode(const Sha256& codeHash)
{
    const QByteArray hex = toByteArray(codeHash).toHex();
    if (hex == kV4R2CodeHash) {
        return WalletVersion::V4R2;
    }
    if (hex == kV5R1CodeHash) {
        return WalletVersion::V5R1;
    }
    return std::nullopt;
}

Expected<std::uint32_t, WalletError> walletSeqno(WalletVersion version, const CellRef& data)
{
    CellSlice s(data);
    if (version == WalletVersion::V5R1) {
        if (auto allowed = s.loadBit(); !allowed) {
            return unexpected(allowed.error());
        }
    }
    auto seqno = s.loadUint(32);
    if (!seqno) {
        return unexpected(
            walletError(WalletErrc::BadCell, QStringLiteral("the wallet's data cell is too short to hold a seqno")));
    }
    return std::uint32_t(*seqno);
}

} // namespace cocoon::wallet
