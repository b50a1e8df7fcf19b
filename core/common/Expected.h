#pragma once
// A minimal stand-in for C++23 std::expected (GCC 12 in C++20 mode has none):
// a value or a typed error, never both. Errors carry a code for programs and a
// message for people.
#include <QString>

#include <cassert>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace cocoon {

/// A typed error: `code` is what code branches on, `message` is what a person reads.
template <typename Code>
struct Error
{
    Code code {};
    QString message;
};

template <typename E>
struct Unexpected
{
    E error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& e)
{
    return {std::forward<E>(e)};
}

template <typename T, typename E>
class [[nodiscard]] Expected
{
    static_assert(!std::is_same_v<T, E>, "value and error types must differ");

public:
    Expected(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    { }
    Expected(Unexpected<E> u)
        : m_v(std::in_place_index<1>, std::move(u.error))
    { }

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() &
    {
        assert(has_value());
        return std::get<0>(m_v);
    }
    const T& value() const&
    {
        assert(has_value());
        return std::get<0>(m_v);
    }
    T&& value() &&
    {
        assert(has_value());
        return std::get<0>(std::move(m_v));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T value_or(T fallback) const& { return has_value() ? value() : std::move(fallback); }

    const E& error() const
    {
        assert(!has_value());
        return std::get<1>(m_v);
    }

private:
    std::variant<T, E> m_v;
};

template <typename E>
class [[nodiscard]] Expected<void, E>
{
public:
    Expected() = default;
    Expected(Unexpected<E> u)
        : m_e(std::move(u.error))
    { }

    bool has_value() const { return !m_e.has_value(); }
    explicit operator bool() const { return has_value(); }
    const E& error() const
    {
        assert(m_e);
        return *m_e;
    }

private:
    std::optional<E> m_e;
};

} // namespace cocoon
