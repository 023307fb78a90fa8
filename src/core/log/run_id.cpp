#include "core/log/run_id.h"

#include <cstdint>
#include <random>

namespace rfetch {

std::string fresh_run_id() {
    std::random_device device;
    const std::uint64_t value = (static_cast<std::uint64_t>(device()) << 32) | device();
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string id(16, '0');
    for (std::size_t i = 0; i < id.size(); ++i) {
        id[i] = kDigits[(value >> (60 - 4 * i)) & 0xF];
    }
    return id;
}

}  // namespace rfetch
