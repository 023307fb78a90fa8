#include "core/poll/json_condition.h"

#include <array>
#include <compare>
#include <cstdint>
#include <utility>

namespace rfetch {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<std::string_view, Comparison>, 6> kOperators{{
    {"==", Comparison::equal},
    {"!=", Comparison::not_equal},
    {"<", Comparison::less},
    {"<=", Comparison::less_equal},
    {">", Comparison::greater},
    {">=", Comparison::greater_equal},
}};

constexpr std::string_view kSpaces = " \t";
constexpr std::string_view kForm =
    "write POINTER OP VALUE separated by spaces, with OP one of ==, !=, <, <=, >, >= "
    "(/status == \"ready\")";

// A reason quotes what the service sent; a long string or a deep structure would bury the
// log line, and dumping a hostile document's nesting would recurse once per level.
constexpr std::size_t kShownChars = 60;

std::optional<Comparison> comparison_named(std::string_view word) {
    for (const auto& [name, comparison] : kOperators) {
        if (name == word) {
            return comparison;
        }
    }
    return std::nullopt;
}

// Splits off the first word; `text` keeps what follows it, without the spaces between.
std::string_view take_word(std::string_view& text) {
    text.remove_prefix(std::min(text.find_first_not_of(kSpaces), text.size()));
    const std::string_view word = text.substr(0, text.find_first_of(kSpaces));
    text.remove_prefix(word.size());
    text.remove_prefix(std::min(text.find_first_not_of(kSpaces), text.size()));
    return word;
}

bool is_ordering(Comparison comparison) {
    return comparison != Comparison::equal && comparison != Comparison::not_equal;
}

template <typename A, typename B>
std::partial_ordering order_integers(A a, B b) {
    if (std::cmp_less(a, b)) {
        return std::partial_ordering::less;
    }
    return std::cmp_equal(a, b) ? std::partial_ordering::equivalent
                                : std::partial_ordering::greater;
}

// nlohmann's own comparison casts an unsigned number to a signed one, so 2^64-1 would equal -1.
std::partial_ordering order_numbers(const Json& a, const Json& b) {
    if (a.is_number_float() || b.is_number_float()) {
        return a.get<double>() <=> b.get<double>();
    }
    if (a.is_number_unsigned()) {
        return b.is_number_unsigned()
                   ? order_integers(a.get<std::uint64_t>(), b.get<std::uint64_t>())
                   : order_integers(a.get<std::uint64_t>(), b.get<std::int64_t>());
    }
    return b.is_number_unsigned() ? order_integers(a.get<std::int64_t>(), b.get<std::uint64_t>())
                                  : order_integers(a.get<std::int64_t>(), b.get<std::int64_t>());
}

std::optional<std::partial_ordering> order(const Json& found, const Json& wanted) {
    if (found.is_number() && wanted.is_number()) {
        return order_numbers(found, wanted);
    }
    if (found.is_string() && wanted.is_string()) {
        return found.get_ref<const std::string&>() <=> wanted.get_ref<const std::string&>();
    }
    return std::nullopt;
}

bool holds(Comparison comparison, const Json& found, const Json& wanted) {
    const auto ordering = order(found, wanted);
    if (!ordering) {
        const bool equal = !is_ordering(comparison) && found == wanted;
        return comparison == Comparison::equal ? equal
                                               : comparison == Comparison::not_equal && !equal;
    }
    switch (comparison) {
        case Comparison::equal:
            return *ordering == 0;
        case Comparison::not_equal:
            return *ordering != 0;
        case Comparison::less:
            return *ordering < 0;
        case Comparison::less_equal:
            return *ordering <= 0;
        case Comparison::greater:
            return *ordering > 0;
        case Comparison::greater_equal:
            return *ordering >= 0;
    }
    return false;
}

std::string describe(const Json& value) {
    if (value.is_array()) {
        return "an array of " + std::to_string(value.size());
    }
    if (value.is_object()) {
        return "an object of " + std::to_string(value.size()) + " members";
    }
    if (value.is_string() && value.get_ref<const std::string&>().size() > kShownChars) {
        const Json cut = value.get_ref<const std::string&>().substr(0, kShownChars);
        return cut.dump(-1, ' ', false, Json::error_handler_t::replace) + "…";
    }
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// json_pointer::contains throws on an array index too large for size_t, which a pointer the
// user wrote can name; such a member is as missing as any other.
const Json* find(const Json& document, const Json::json_pointer& pointer) {
    try {
        return document.contains(pointer) ? &document.at(pointer) : nullptr;
    } catch (const Json::exception&) {
        return nullptr;
    }
}

}  // namespace

ParseResult<JsonCondition> parse_json_condition(std::string_view text) {
    JsonCondition condition;
    std::string_view rest = text;
    std::string_view word = take_word(rest);
    // An operator first leaves the pointer empty: the test is on the whole document.
    if (!comparison_named(word)) {
        if (word.empty()) {
            return {std::nullopt, std::string("is empty: ") + std::string(kForm)};
        }
        if (!word.starts_with('/')) {
            return {std::nullopt, "has the pointer '" + std::string(word) +
                                      "', which does not start with '/': an RFC 6901 pointer "
                                      "names a member as /status or /checks/0/ok"};
        }
        condition.pointer_text = std::string(word);
        try {
            condition.pointer = Json::json_pointer(condition.pointer_text);
        } catch (const Json::exception&) {
            return {std::nullopt, "has the pointer '" + condition.pointer_text +
                                      "', in which '~' is not followed by 0 or 1 (RFC 6901 "
                                      "writes ~ as ~0 and / as ~1)"};
        }
        word = take_word(rest);
    }
    if (word.empty()) {
        return {std::nullopt, std::string("has no operator: ") + std::string(kForm)};
    }
    const auto comparison = comparison_named(word);
    if (!comparison) {
        return {std::nullopt, "has the operator '" + std::string(word) +
                                  "', which is none of ==, !=, <, <=, >, >="};
    }
    condition.comparison = *comparison;
    if (rest.empty()) {
        return {std::nullopt,
                "has no VALUE after '" + std::string(word) + "': " + std::string(kForm)};
    }
    condition.value = Json::parse(rest, nullptr, false);
    if (condition.value.is_discarded()) {
        return {std::nullopt, "has the VALUE '" + std::string(rest) +
                                  "', which is not JSON: write a string in double quotes "
                                  "(\"ready\"), a number, true, false or null"};
    }
    if (is_ordering(*comparison) && !condition.value.is_number() && !condition.value.is_string()) {
        return {std::nullopt, "compares with '" + std::string(word) +
                                  "', which needs a number or a string as VALUE"};
    }
    return {std::move(condition), {}};
}

Match check(const JsonCondition& condition, const Json& document) {
    const std::string name =
        condition.pointer_text.empty() ? std::string("the body") : condition.pointer_text;
    const Json* found = find(document, condition.pointer);
    if (found == nullptr) {
        return {false, name + " is missing"};
    }
    if (holds(condition.comparison, *found, condition.value)) {
        return {true, {}};
    }
    return {false, name + " was " + describe(*found)};
}

}  // namespace rfetch
