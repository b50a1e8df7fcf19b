#pragma once
// RAII owners for the OpenSSL objects this project uses, and error text.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <QString>

#include <memory>

namespace cocoon::ossl {

template <auto Free>
struct Deleter
{
    template <typename T>
    void operator()(T* p) const
    {
        Free(p);
    }
};

using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using Cipher = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using Kdf = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF_free>>;
using KdfCtx = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO_free_all>>;

/// Drains OpenSSL's error queue into one line ("" when empty).
QString lastError();

} // namespace cocoon::ossl
