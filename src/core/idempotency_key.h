#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rfetch {

/// draft-ietf-httpapi-idempotency-key-header §2.1 makes the value a Structured Field String
/// (RFC 8941 §3.3.3): printable ASCII, sent in double quotes. Keys outside that are refused
/// rather than silently altered.
bool is_valid_idempotency_key(std::string_view key);

/// The header's value: the key quoted, with '"' and '\' escaped.
std::string idempotency_key_field(std::string_view key);

/// A random (version 4) UUID in its usual lower-case text form, from 16 random bytes.
std::string uuid_v4(std::array<std::uint8_t, 16> bytes);

}  // namespace rfetch
