#include "attest/Pki.h"

#include "common/Hex.h"
#include "crypto/Hash.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

namespace cocoon::attest::pki {
namespace {

using MdCtx = std::unique_ptr<EVP_MD_CTX, ossl::Deleter<EVP_MD_CTX_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, ossl::Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, ossl::Deleter<OSSL_PARAM_free>>;

} // namespace

X509Ptr readCertificate(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, long(bytes.size())));
    if (!cert) {
        auto pem = readPemChain(bytes);
        if (!pem.empty())
            cert = std::move(pem.front());
    }
    ERR_clear_error();
    return cert;
}

std::vector<X509Ptr> readPemChain(const QByteArray& pem)
{
    std::vector<X509Ptr> out;
    ossl::Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    while (bio) {
        X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
        if (!c)
            break;
        out.emplace_back(c);
    }
    ERR_clear_error(); // the loop ends on "no start line"
    return out;
}

QString spkiSha256(X509* cert)
{
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
    if (len <= 0)
        return {};
    const auto h = sha256(std::span<const unsigned char>(der, std::size_t(len)));
    OPENSSL_free(der);
    return hex::encode(h);
}

bool signedBy(X509* cert, X509* issuer)
{
    EVP_PKEY* key = X509_get0_pubkey(issuer);
    const bool ok = key && X509_verify(cert, key) == 1;
    ERR_clear_error();
    return ok;
}

bool verifyEcdsa(EVP_PKEY* key, const EVP_MD* md, const QByteArray& data, const QByteArray& r, const QByteArray& s)
{
    EcdsaSig sig(ECDSA_SIG_new());
    BIGNUM* bnR = BN_bin2bn(reinterpret_cast<const unsigned char*>(r.constData()), int(r.size()), nullptr);
    BIGNUM* bnS = BN_bin2bn(reinterpret_cast<const unsigned char*>(s.constData()), int(s.size()), nullptr);
    if (!key || !sig || !bnR || !bnS || ECDSA_SIG_set0(sig.get(), bnR, bnS) != 1) {
        BN_free(bnR);
        BN_free(bnS);
        return false;
    }
    unsigned char* der = nullptr;
    const int derLen = i2d_ECDSA_SIG(sig.get(), &der);
    MdCtx ctx(EVP_MD_CTX_new());
    const bool ok = derLen > 0 && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) == 1
        && EVP_DigestVerify(ctx.get(), der, std::size_t(derLen),
               reinterpret_cast<const unsigned char*>(data.constData()), std::size_t(data.size()))
            == 1;
    OPENSSL_free(der);
    ERR_clear_error();
    return ok;
}

ossl::PKey p256Key(const QByteArray& xy)
{
    if (xy.size() != 64)
        return nullptr;
    const QByteArray point = QByteArray(1, '\x04') + xy; // uncompressed SEC1 point
    ParamBld bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1
        || OSSL_PARAM_BLD_push_octet_string(
               bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), std::size_t(point.size()))
            != 1)
        return nullptr;
    Params params(OSSL_PARAM_BLD_to_param(bld.get()));
    ossl::PKeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return ossl::PKey(key);
}

} // namespace cocoon::attest::pki
