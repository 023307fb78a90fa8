#include "cli/url_glob.h"

#include <cctype>
#include <charconv>
#include <optional>

#include "cli/usage_error.h"
#include "core/log/redact.h"

namespace rfetch {
namespace {

constexpr std::size_t kMaxUrls = 100'000;

// The values of a [..] range: [1-10], [01-10] (zero-padded), [a-z], with an optional :step.
std::optional<std::vector<std::string>> range_values(std::string_view inside) {
    std::size_t step = 1;
    if (const auto colon = inside.find(':'); colon != std::string_view::npos) {
        const std::string_view text = inside.substr(colon + 1);
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), step);
        if (error != std::errc{} || end != text.data() + text.size() || step == 0) {
            return std::nullopt;
        }
        inside = inside.substr(0, colon);
    }
    const auto dash = inside.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 >= inside.size()) {
        return std::nullopt;
    }
    const std::string_view first = inside.substr(0, dash);
    const std::string_view last = inside.substr(dash + 1);
    std::vector<std::string> values;
    if (first.size() == 1 && last.size() == 1 &&
        std::isalpha(static_cast<unsigned char>(first[0])) != 0 &&
        std::isalpha(static_cast<unsigned char>(last[0])) != 0 && first[0] <= last[0]) {
        // Stepping by what is left, never past it: a step of any size cannot wrap or stall.
        const std::size_t high = static_cast<unsigned char>(last[0]);
        for (std::size_t c = static_cast<unsigned char>(first[0]);; c += step) {
            values.emplace_back(1, static_cast<char>(c));
            if (high - c < step) {
                break;
            }
        }
        return values;
    }
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    const auto [low_end, low_error] =
        std::from_chars(first.data(), first.data() + first.size(), low);
    const auto [high_end, high_error] =
        std::from_chars(last.data(), last.data() + last.size(), high);
    if (low_error != std::errc{} || high_error != std::errc{} ||
        low_end != first.data() + first.size() || high_end != last.data() + last.size() ||
        low > high || (high - low) / step >= kMaxUrls) {
        return std::nullopt;
    }
    // A leading zero pads every value to the first one's width, as in curl.
    const std::size_t width = first.size() > 1 && first[0] == '0' ? first.size() : 0;
    for (std::uint64_t n = low;; n += step) {
        std::string value = std::to_string(n);
        if (value.size() < width) {
            value.insert(0, width - value.size(), '0');
        }
        values.push_back(std::move(value));
        if (high - n < step) {
            break;
        }
    }
    return values;
}

}  // namespace

std::vector<GlobbedUrl> expand_url_glob(const std::string& url, std::string_view flag) {
    std::vector<GlobbedUrl> urls{GlobbedUrl{}};
    const auto append_literal = [&urls](const std::string& literal) {
        for (GlobbedUrl& prefix : urls) {
            prefix.url += literal;
        }
    };
    const auto append_choices = [&urls](const std::vector<std::string>& choices) {
        if (urls.size() * choices.size() > kMaxUrls) {
            return false;
        }
        std::vector<GlobbedUrl> next;
        next.reserve(urls.size() * choices.size());
        for (const GlobbedUrl& prefix : urls) {
            for (const std::string& choice : choices) {
                GlobbedUrl longer = prefix;
                longer.url += choice;
                longer.choices.push_back(choice);
                next.push_back(std::move(longer));
            }
        }
        urls = std::move(next);
        return true;
    };
    std::string literal;
    for (std::size_t i = 0; i < url.size(); ++i) {
        const char c = url[i];
        if (c == '\\' && i + 1 < url.size() && (url[i + 1] == '{' || url[i + 1] == '[')) {
            literal.push_back(url[++i]);
            continue;
        }
        if (c != '{' && c != '[') {
            literal.push_back(c);
            continue;
        }
        const char close = c == '{' ? '}' : ']';
        const auto end = url.find(close, i + 1);
        if (end == std::string::npos && c == '[') {
            // No range: the URL's own checks judge it (a broken IPv6 address, most likely).
            literal.append(url, i, std::string::npos);
            break;
        }
        if (end == std::string::npos) {
            reject(flag, redact_url(url),
                   std::string("has a '") + c + "' with no '" + close + "': write \\" + c +
                       " for the character, or use --globoff");
        }
        const std::string_view inside = std::string_view(url).substr(i + 1, end - i - 1);
        std::optional<std::vector<std::string>> choices;
        if (c == '{') {
            choices.emplace();
            std::size_t start = 0;
            for (std::size_t comma = inside.find(',');; comma = inside.find(',', start)) {
                choices->emplace_back(inside.substr(start, comma - start));
                if (comma == std::string_view::npos) {
                    break;
                }
                start = comma + 1;
            }
        } else {
            choices = range_values(inside);
        }
        if (!choices) {
            // Not a range: an IPv6 address, or brackets meant as they are.
            literal.append(url, i, end - i + 1);
            i = end;
            continue;
        }
        append_literal(literal);
        literal.clear();
        if (!append_choices(*choices)) {
            reject(flag, redact_url(url), "makes more than 100000 URLs");
        }
        i = end;
    }
    append_literal(literal);
    return urls;
}

std::string fill_glob_choices(std::string_view name, const std::vector<std::string>& choices) {
    std::string filled;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const std::size_t digits_start = i + 1;
        std::size_t digits_end = digits_start;
        while (digits_end < name.size() &&
               std::isdigit(static_cast<unsigned char>(name[digits_end])) != 0) {
            ++digits_end;
        }
        std::size_t number = 0;
        const auto [end, error] =
            std::from_chars(name.data() + digits_start, name.data() + digits_end, number);
        // As curl reads it: every digit after the '#' is the number ("#12" is the twelfth).
        if (name[i] == '#' && digits_end > digits_start && error == std::errc{} &&
            end == name.data() + digits_end && number >= 1 && number <= choices.size()) {
            filled += choices[number - 1];
            i = digits_end - 1;
            continue;
        }
        filled.push_back(name[i]);
    }
    return filled;
}

}  // namespace rfetch
