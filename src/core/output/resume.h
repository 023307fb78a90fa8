#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/base/clock.h"
#include "core/base/transport.h"

namespace rfetch {

/// What a Range request needs to ask for the rest of this response's body safely: the
/// validator for If-Range, so a changed resource is sent whole instead of spliced.
struct ResumeValidator {
    std::string value;
};

/// The validator, or in words why the response cannot be resumed.
using Resumability = std::variant<ResumeValidator, std::string>;

/// Whether a later GET can fetch the rest of `head`'s body (RFC 9110 §14, §13.1.5): ranges in
/// bytes, no content coding, and a strong ETag or a strong Last-Modified date, which
/// `parse_date` reads; without it a date is never used.
Resumability resumability(const Response& head, HttpDateParser parse_date);

/// Range and If-Range asking for the body from byte `offset` on, if it is still the same.
std::vector<Header> range_headers(std::uint64_t offset, const ResumeValidator& validator);

/// Whether `head` answers such a request with exactly the bytes from `offset` on.
bool continues_at(const Response& head, std::uint64_t offset);

}  // namespace rfetch
