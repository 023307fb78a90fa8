#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace rfetch {

/// curl's name for a -F ;encoder= (binary, 8bit, 7bit, base64, quoted-printable), in any
/// case; nullopt for another.
std::optional<std::string_view> form_encoder_named(std::string_view name);

/// `content` as libcurl 7.88's encoder `encoder` (a name form_encoder_named gave) sends it:
/// base64 and quoted-printable in lines of at most 76 characters, binary and 8bit unchanged,
/// 7bit unchanged when no byte is above 127 and nullopt otherwise (curl fails such a part).
std::optional<std::string> encode_form_content(std::string_view encoder, std::string_view content);

}  // namespace rfetch
