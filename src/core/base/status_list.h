#pragma once

#include <optional>
#include <set>
#include <string_view>

#include "core/base/parse_result.h"

namespace rfetch {

/// The statuses a ready service may answer with: codes and classes, "200,204" or "2xx".
class StatusList {
  public:
    void add_status(int status);
    void add_status_class(int hundreds);
    /// Takes a status out, even when its class stays in: "+5xx,-501" is 5xx but 501.
    void remove_status(int status);
    void remove_status_class(int hundreds);

    bool contains(int status) const;

  private:
    std::set<int> statuses_;
    std::set<int> classes_;
    /// Statuses removed after their class was added; they win over the class.
    std::set<int> excluded_;
};

/// A three-digit status code from `low` to `high`, such as "503".
std::optional<int> parse_status_code(std::string_view item, int low, int high);

/// A status class from `low`xx to `high`xx, such as "5xx", as its hundreds digit.
std::optional<int> parse_status_class(std::string_view item, int low, int high);

/// Reads an `--until-status` list: statuses from 100 to 599 and classes from 1xx to 5xx.
ParseResult<StatusList> parse_status_list(std::string_view list);

}  // namespace rfetch
