#include "core/report/write_out.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/report/write_out_variables.h"

namespace rfetch {
namespace {

using Json = nlohmann::ordered_json;

const Response* final_response(const RunReport& report) {
    return report.run.final_response ? &*report.run.final_response : nullptr;
}

Json all_variables(const RunReport& report) {
    Json object = Json::object();
    for (const WriteOutVariable& variable : write_out_variable_table()) {
        // As curl's %{json}: the headers have their own variable, and stay out of it.
        if (variable.name != "header_json") {
            object[std::string(variable.name)] = variable.value(report);
        }
    }
    return object;
}

char escaped(char c) {
    switch (c) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        default:
            return c;
    }
}

}  // namespace

std::vector<std::string_view> write_out_variables() {
    std::vector<std::string_view> names;
    std::ranges::transform(write_out_variable_table(), std::back_inserter(names),
                           &WriteOutVariable::name);
    names.emplace_back("header{NAME}");
    names.emplace_back("json");
    names.emplace_back("onerror");
    names.emplace_back("stderr");
    names.emplace_back("stdout");
    return names;
}

std::variant<WriteOut, std::string> WriteOut::parse(std::string_view format) {
    // %{header{NAME}}, and curl's own spelling %header{NAME}.
    constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kHeaderForms{
        {{"%{header{", "}}"}, {"%header{", "}"}}};
    std::vector<Piece> pieces;
    std::string text;
    const auto add = [&](Piece::Kind kind, std::string_view value) {
        if (!text.empty()) {
            pieces.push_back({Piece::Kind::text, std::exchange(text, {})});
        }
        pieces.push_back({kind, std::string(value)});
    };
    for (std::size_t i = 0; i < format.size(); ++i) {
        const std::string_view rest = format.substr(i);
        const auto* const header_form = std::ranges::find_if(
            kHeaderForms, [rest](const auto& form) { return rest.starts_with(form.first); });
        if (rest.starts_with('\\') && rest.size() > 1) {
            text.push_back(escaped(rest[1]));
            ++i;
        } else if (rest.starts_with("%%")) {
            text.push_back('%');
            ++i;
        } else if (header_form != kHeaderForms.end() || rest.starts_with("%{")) {
            const auto [open, close] =
                header_form != kHeaderForms.end() ? *header_form : std::pair{"%{", "}"};
            const std::size_t end = rest.find(close, open.size());
            if (end == std::string_view::npos) {
                return "'" + std::string(rest) + "' has no closing '" + std::string(close) + "'";
            }
            const std::string_view name = rest.substr(open.size(), end - open.size());
            if (header_form != kHeaderForms.end()) {
                add(Piece::Kind::header, name);
            } else if (name == "onerror") {
                add(Piece::Kind::onerror, name);
            } else if (name == "stderr" || name == "stdout") {
                add(name == "stderr" ? Piece::Kind::to_stderr : Piece::Kind::to_stdout, name);
            } else if (name == "json" || find_write_out_variable(name) != nullptr) {
                add(Piece::Kind::variable, name);
            } else {
                return "has the unknown variable %{" + std::string(name) + "}";
            }
            i += end + close.size() - 1;
        } else {
            text.push_back(rest[0]);
        }
    }
    if (!text.empty()) {
        pieces.push_back({Piece::Kind::text, std::move(text)});
    }
    return WriteOut(std::move(pieces));
}

bool WriteOut::writes_stderr() const {
    return std::ranges::any_of(
        pieces_, [](const Piece& piece) { return piece.kind == Piece::Kind::to_stderr; });
}

std::string WriteOut::render(const RunReport& report, Stream stream) const {
    std::string out;
    Stream current = Stream::out;
    for (const Piece& piece : pieces_) {
        if (current != stream && piece.kind != Piece::Kind::to_stderr &&
            piece.kind != Piece::Kind::to_stdout && piece.kind != Piece::Kind::onerror) {
            continue;
        }
        switch (piece.kind) {
            case Piece::Kind::to_stderr:
                current = Stream::err;
                break;
            case Piece::Kind::to_stdout:
                current = Stream::out;
                break;
            case Piece::Kind::text:
                out += piece.value;
                break;
            case Piece::Kind::onerror:
                // As curl: what follows is written only when the run failed.
                if (report.exit_code == 0) {
                    return out;
                }
                break;
            case Piece::Kind::header:
                if (const Response* response = final_response(report); response != nullptr) {
                    out += std::string(response->header(piece.value).value_or(""));
                }
                break;
            case Piece::Kind::variable:
                out +=
                    piece.value == "json"
                        ? all_variables(report).dump(-1, ' ', false, Json::error_handler_t::replace)
                        : write_out_text(piece.value,
                                         find_write_out_variable(piece.value)->value(report));
                break;
        }
    }
    return out;
}

}  // namespace rfetch
