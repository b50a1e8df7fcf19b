#include "crypto/SecretBytes.h"

#include "crypto/platform/MemoryLock.h"

#include <openssl/crypto.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace cocoon {

using platform::lockMemory;
using platform::unlockMemory;

SecretBytes::SecretBytes(std::size_t size)
    : m_size(size)
    , m_capacity(size)
{
    if (size == 0) {
        return;
    }
    m_data = static_cast<unsigned char*>(std::calloc(size, 1));
    if (!m_data) {
        throw std::bad_alloc();
    }
    // Best effort: RLIMIT_MEMLOCK may be small; the buffer is still wiped on release.
    m_locked = lockMemory(m_data, size);
}

SecretBytes::SecretBytes(std::span<const unsigned char> bytes)
    : SecretBytes(bytes.size())
{
    if (!bytes.empty()) {
        std::memcpy(m_data, bytes.data(), bytes.size());
    }
}

SecretBytes::~SecretBytes()
{
    release();
}

SecretBytes::SecretBytes(SecretBytes&& o) noexcept
    : m_data(std::exchange(o.m_data, nullptr))
    , m_size(std::exchange(o.m_size, 0))
    , m_capacity(std::exchange(o.m_capacity, 0))
    , m_locked(std::exchange(o.m_locked, false))
{ }

SecretBytes& SecretBytes::operator=(SecretBytes&& o) noexcept
{
    if (this != &o) {
        release();
        m_data = std::exchange(o.m_data, nullptr);
        m_size = std::exchange(o.m_size, 0);
        m_capacity = std::exchange(o.m_capacity, 0);
        m_locked = std::exchange(o.m_locked, false);
    }
    return *this;
}

void SecretBytes::truncate(std::size_t size)
{
    if (size < m_size) {
        OPENSSL_cleanse(m_data + size, m_size - size);
        m_size = size;
    }
}

QByteArray SecretBytes::toByteArray() const
{
    return QByteArray(reinterpret_cast<const char*>(m_data), qsizetype(m_size));
}

bool SecretBytes::operator==(const SecretBytes& o) const
{
    return m_size == o.m_size && (m_size == 0 || CRYPTO_memcmp(m_data, o.m_data, m_size) == 0);
}

void SecretBytes::release()
{
    if (m_data) {
        OPENSSL_cleanse(m_data, m_capacity);
        if (m_locked) {
            unlockMemory(m_data, m_capacity);
        }
        std::free(m_data);
    }
    m_data = nullptr;
    m_size = m_capacity = 0;
    m_locked = false;
}

} // namespace cocoon
