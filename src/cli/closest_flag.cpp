#include "cli/closest_flag.h"

#include <algorithm>
#include <numeric>

namespace rfetch {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::optional<std::string> closest_flag(std::string_view typed,
                                        const std::vector<std::string>& known) {
    const std::string_view bare = typed.substr(0, typed.find('='));
    std::optional<std::string> best;
    std::size_t best_distance = std::max<std::size_t>(1, bare.size() / 3) + 1;
    for (const std::string& candidate : known) {
        const std::size_t distance = edit_distance(bare, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

}  // namespace rfetch
