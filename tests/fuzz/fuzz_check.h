#pragma once

// What every fuzz target shares: the input as text, and a check that stops the run with the
// input's bytes on stderr. libFuzzer treats the abort() as a crash and saves the input.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace rfetch_fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

[[noreturn]] inline void fail(const char* property, std::string_view input) {
    std::fprintf(stderr, "property failed: %s\ninput (%zu bytes): \"", property, input.size());
    for (const char c : input) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f && byte != '"' && byte != '\\') {
            std::fputc(byte, stderr);
        } else {
            std::fprintf(stderr, "\\x%02x", byte);
        }
    }
    std::fputs("\"\n", stderr);
    std::abort();
}

}  // namespace rfetch_fuzz

#define FUZZ_CHECK(condition, input)                                                         \
    do {                                                                                     \
        if (!(condition)) {                                                                  \
            ::rfetch_fuzz::fail(#condition, (input));                                        \
        }                                                                                    \
    } while (false)
