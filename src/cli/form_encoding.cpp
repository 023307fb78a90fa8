#include "cli/form_encoding.h"

#include <algorithm>
#include <array>

#include "core/base/ascii.h"

namespace rfetch {
namespace {

// RFC 2045 §6.7 and §6.8 cap an encoded line at 76 characters.
constexpr std::size_t kMaxLine = 76;

std::string base64(std::string_view content) {
    static constexpr std::string_view kDigits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t line = 0;
    for (std::size_t i = 0; i < content.size(); i += 3) {
        // libcurl breaks the line before the group that would pass 76 characters.
        if (line > kMaxLine - 4) {
            out += "\r\n";
            line = 0;
        }
        const std::size_t left = std::min<std::size_t>(3, content.size() - i);
        std::uint32_t group = 0;
        for (std::size_t k = 0; k < 3; ++k) {
            group <<= 8;
            if (k < left) {
                group |= static_cast<unsigned char>(content[i + k]);
            }
        }
        for (std::size_t k = 0; k < 4; ++k) {
            out.push_back(k <= left ? kDigits[(group >> (18 - 6 * k)) & 0x3F] : '=');
        }
        line += 4;
    }
    return out;
}

enum class QpClass { escaped, plain, blank, cr };

QpClass qp_class(char c) {
    if (c == ' ' || c == '\t') {
        return QpClass::blank;
    }
    if (c == '\r') {
        return QpClass::cr;
    }
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x21 && byte <= 0x7E && c != '=' ? QpClass::plain : QpClass::escaped;
}

// libcurl's qp_lookahead_eol: whether a CRLF, or the end, is at `at`.
bool line_ends_at(std::string_view content, std::size_t at) {
    if (at >= content.size()) {
        return true;
    }
    return at + 1 < content.size() && content[at] == '\r' && content[at + 1] == '\n';
}

// libcurl 7.88's encoder_qp_read over the whole content.
std::string quoted_printable(std::string_view content) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    std::size_t line = 0;
    std::size_t i = 0;
    while (i < content.size()) {
        const char c = content[i];
        const auto byte = static_cast<unsigned char>(c);
        std::string piece(1, c);
        std::size_t consumed = 1;
        const std::string escaped{'=', kHex[byte >> 4], kHex[byte & 0x0F]};
        switch (qp_class(c)) {
            case QpClass::plain:
                break;
            case QpClass::blank:
                // A blank before a line end would be lost in transit.
                if (line_ends_at(content, i + 1)) {
                    piece = escaped;
                }
                break;
            case QpClass::cr:
                if (line_ends_at(content, i) && i + 1 < content.size()) {
                    piece = "\r\n";
                    consumed = 2;
                } else {
                    piece = escaped;
                }
                break;
            case QpClass::escaped:
                piece = escaped;
                break;
        }
        if (piece.back() != '\n') {
            bool soft_break = line + piece.size() > kMaxLine;
            if (!soft_break && line + piece.size() == kMaxLine) {
                soft_break = !line_ends_at(content, i + consumed);
            }
            if (soft_break) {
                piece = "=\r\n";
                consumed = 0;
            }
        }
        out += piece;
        line = piece.back() == '\n' ? 0 : line + piece.size();
        i += consumed;
    }
    return out;
}

}  // namespace

std::optional<std::string_view> form_encoder_named(std::string_view name) {
    static constexpr std::array<std::string_view, 5> kEncoders{"binary", "8bit", "7bit", "base64",
                                                               "quoted-printable"};
    for (const std::string_view encoder : kEncoders) {
        if (equals_ignoring_case(name, encoder)) {
            return encoder;
        }
    }
    return std::nullopt;
}

std::optional<std::string> encode_form_content(std::string_view encoder, std::string_view content) {
    if (encoder == "base64") {
        return base64(content);
    }
    if (encoder == "quoted-printable") {
        return quoted_printable(content);
    }
    if (encoder == "7bit" &&
        std::ranges::any_of(content, [](char c) { return static_cast<unsigned char>(c) > 0x7F; })) {
        return std::nullopt;
    }
    return std::string(content);
}

}  // namespace rfetch
