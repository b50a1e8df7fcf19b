#pragma once
#include <QByteArray>

#include <cstddef>
#include <span>

namespace cocoon {

/// A heap buffer for secrets and plaintext: locked in RAM where the OS allows it (mlock, so it
/// is not written to swap) and wiped with OPENSSL_cleanse before it is freed. Move-only.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    SecretBytes(std::span<const unsigned char> bytes);
    ~SecretBytes();
    SecretBytes(SecretBytes&& other) noexcept;
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    bool isLocked() const { return m_locked; }
    std::span<unsigned char> span() { return {m_data, m_size}; }
    std::span<const unsigned char> span() const { return {m_data, m_size}; }
    /// Shrinks the visible size (the tail is wiped); never grows.
    void truncate(std::size_t size);
    /// A copy as QByteArray, for callers that hand the bytes on (the copy is not protected).
    QByteArray toByteArray() const;

    bool operator==(const SecretBytes& o) const;

private:
    void release();
    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
    bool m_locked = false;
};

} // namespace cocoon
