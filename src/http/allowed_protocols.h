#pragma once

#include <string>
#include <vector>

#include "core/base/transport.h"

namespace rfetch {

/// CURLOPT_PROTOCOLS_STR for a request: of the protocols rfetch speaks for it (`own`), those
/// curl's --proto allows too, and for a redirect rfetch follows itself those --proto-redir
/// allows as well, as libcurl checks both lists on a redirect it follows.
std::string request_protocols(const std::vector<std::string>& own, const TransferSettings& transfer,
                              bool redirected);

/// CURLOPT_REDIR_PROTOCOLS_STR: http and https, less what --proto-redir leaves out.
std::string redirect_protocols(const TransferSettings& transfer);

}  // namespace rfetch
