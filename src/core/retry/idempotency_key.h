#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace rfetch {

/// A key rfetch will send: printable ASCII, which is what both the draft
/// (draft-ietf-httpapi-idempotency-key-header, a Structured Field String) and the payment APIs
/// that take a bare key accept. Keys outside that are refused rather than silently altered.
bool is_valid_idempotency_key(std::string_view key);

/// A random (version 4) UUID in its usual lower-case text form, from 16 random bytes.
std::string uuid_v4(std::array<std::uint8_t, 16> bytes);

}  // namespace rfetch
