#pragma once

#include "banter/Error.h"
#include "banter/ErrorCode.h"

#include <utility>
#include <variant>

namespace Banter {

// Either a value or an Error. The one error idiom inside Banter; edges translate errors once.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_state); }
    T &value() & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(QAnyStringView code, QString message)
{
    return Error{code.toString(), std::move(message)};
}

// rate_limited, with the seconds until a retry can succeed (at least 1).
inline Error rateLimited(int retryAfterSeconds, QString message)
{
    return Error{QString(ErrorCode::RateLimited), std::move(message), retryAfterSeconds < 1 ? 1 : retryAfterSeconds};
}

} // namespace Banter
