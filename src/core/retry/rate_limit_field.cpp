#include "core/retry/rate_limit_field.h"

#include <charconv>

namespace rfetch {
namespace {

bool is_lcalpha(char c) {
    return c >= 'a' && c <= 'z';
}

bool is_alpha(char c) {
    return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// RFC 9110 §5.6.2 tchar, plus ':' and '/', which an RFC 8941 Token may hold.
bool is_token_char(char c) {
    static constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~:/";
    return is_alpha(c) || is_digit(c) || kSymbols.find(c) != std::string_view::npos;
}

// A cursor over the field's value, with one reader for each RFC 8941 §4.2 production used.
class Reader {
  public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }
    bool take(char c) {
        if (peek() != c) {
            return false;
        }
        ++pos_;
        return true;
    }
    void skip_spaces() {
        while (peek() == ' ') {
            ++pos_;
        }
    }
    void skip_ows() {
        while (peek() == ' ' || peek() == '\t') {
            ++pos_;
        }
    }

    // §4.2.5: a String, its quotes and escapes removed.
    std::optional<std::string> string() {
        if (!take('"')) {
            return std::nullopt;
        }
        std::string out;
        while (!at_end()) {
            const char c = text_[pos_++];
            if (c == '\\') {
                if (peek() != '"' && peek() != '\\') {
                    return std::nullopt;
                }
                out.push_back(text_[pos_++]);
            } else if (c == '"') {
                return out;
            } else if (c < 0x20 || c > 0x7e) {
                return std::nullopt;
            } else {
                out.push_back(c);
            }
        }
        return std::nullopt;
    }

    // §4.2.6: a Token.
    std::optional<std::string> token() {
        if (!is_alpha(peek()) && peek() != '*') {
            return std::nullopt;
        }
        const std::size_t start = pos_;
        while (!at_end() && is_token_char(text_[pos_])) {
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    // §4.2.3.3: a key.
    std::optional<std::string> key() {
        if (!is_lcalpha(peek()) && peek() != '*') {
            return std::nullopt;
        }
        const std::size_t start = pos_;
        while (!at_end() &&
               (is_lcalpha(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '_' ||
                text_[pos_] == '-' || text_[pos_] == '.' || text_[pos_] == '*')) {
            ++pos_;
        }
        return std::string(text_.substr(start, pos_ - start));
    }

    // §4.2.3.1: a bare item as a parameter's value. Integers are kept; a String, Token,
    // Boolean or Decimal is read and dropped, since no quota parameter is one.
    enum class Value { integer, other, invalid };
    Value parameter_value(long long& integer) {
        if (peek() == '"') {
            return string() ? Value::other : Value::invalid;
        }
        if (is_alpha(peek()) || peek() == '*') {
            return token() ? Value::other : Value::invalid;
        }
        if (take('?')) {
            return take('0') || take('1') ? Value::other : Value::invalid;
        }
        return number(integer);
    }

  private:
    // §4.2.4: an Integer of at most 15 digits, or a Decimal.
    Value number(long long& integer) {
        const std::size_t start = pos_;
        take('-');
        const std::size_t digits = pos_;
        while (is_digit(peek())) {
            ++pos_;
        }
        const std::size_t whole = pos_ - digits;
        if (whole == 0 || whole > 15) {
            return Value::invalid;
        }
        if (take('.')) {
            const std::size_t fraction = pos_;
            while (is_digit(peek())) {
                ++pos_;
            }
            const std::size_t places = pos_ - fraction;
            return whole <= 12 && places >= 1 && places <= 3 ? Value::other : Value::invalid;
        }
        std::from_chars(text_.data() + start, text_.data() + pos_, integer);
        return Value::integer;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<RateLimitItem> read_item(Reader& reader) {
    RateLimitItem item;
    auto name = reader.peek() == '"' ? reader.string() : reader.token();
    if (!name) {
        return std::nullopt;
    }
    item.policy = std::move(*name);
    while (reader.take(';')) {
        reader.skip_spaces();
        auto key = reader.key();
        if (!key) {
            return std::nullopt;
        }
        long long integer = 0;
        auto value = Reader::Value::other;  // a key alone is the Boolean true
        if (reader.take('=')) {
            value = reader.parameter_value(integer);
        }
        if (value == Reader::Value::invalid) {
            return std::nullopt;
        }
        // §4.2.3.2: a repeated key keeps its last value.
        item.integers.erase(*key);
        if (value == Reader::Value::integer) {
            item.integers.emplace(std::move(*key), integer);
        }
    }
    return item;
}

}  // namespace

std::optional<std::vector<RateLimitItem>> parse_rate_limit_field(std::string_view value) {
    Reader reader(value);
    reader.skip_spaces();
    std::vector<RateLimitItem> items;
    while (!reader.at_end()) {
        auto item = read_item(reader);
        if (!item) {
            return std::nullopt;
        }
        items.push_back(std::move(*item));
        reader.skip_ows();
        if (reader.at_end()) {
            break;
        }
        if (!reader.take(',')) {
            return std::nullopt;
        }
        reader.skip_ows();
        if (reader.at_end()) {
            return std::nullopt;  // a trailing comma
        }
    }
    if (items.empty()) {
        return std::nullopt;
    }
    return items;
}

}  // namespace rfetch
