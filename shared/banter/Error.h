#pragma once

#include <QString>

namespace Banter {

// An operational error: a stable snake_case code for programs and a sentence for people.
struct Error
{
    QString code;
    QString message;

    bool operator==(const Error &) const = default;
};

} // namespace Banter
