#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/report/run_report.h"

namespace rfetch {

/// One of -w's %{NAME} variables: its value as curl's %{json} writes it, null where curl's is
/// (a value there is none of, such as the Referer of a request that sent none).
struct WriteOutVariable {
    std::string_view name;
    std::function<nlohmann::ordered_json(const RunReport&)> value;
};

/// Every variable: rfetch's first, then curl's that came after them, by name.
const std::vector<WriteOutVariable>& write_out_variable_table();

/// The variable of that name, or nullptr.
const WriteOutVariable* find_write_out_variable(std::string_view name);

/// A value as %{NAME} writes it: curl's %03d for the status codes, six decimals for times,
/// nothing for null.
std::string write_out_text(std::string_view name, const nlohmann::ordered_json& value);

}  // namespace rfetch
