#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/report/run_report.h"

namespace rfetch {

/// A -w format, read once before the run so an unknown variable is a usage error and not a
/// surprise at the end. Variables follow curl's --write-out names.
class WriteOut {
  public:
    /// The format, or in words what is wrong with it.
    static std::variant<WriteOut, std::string> parse(std::string_view format);

    /// Where text goes: curl's %{stderr} sends what follows to stderr, %{stdout} back.
    enum class Stream { out, err };

    /// The text for one stream.
    std::string render(const RunReport& report, Stream stream = Stream::out) const;
    /// Whether any of it goes to stderr.
    bool writes_stderr() const;

  private:
    struct Piece {
        /// onerror: curl's %{onerror}, after which the rest is written only on failure.
        enum class Kind { text, variable, header, onerror, to_stderr, to_stdout } kind = Kind::text;
        std::string value;  // the text, the variable's name, or the header's name
    };

    explicit WriteOut(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}

    std::vector<Piece> pieces_;
};

/// The variable names -w knows, for --help, the man page and error messages.
std::vector<std::string_view> write_out_variables();

}  // namespace rfetch
