#pragma once

#include <string>

#include "core/base/transport.h"

namespace rfetch {

/// Whether libcurl's own redirect following sends what RFC 9110 §15.4 asks for this request.
/// It does for the methods it picks itself (GET, HEAD, POST with a body), but it keeps a custom
/// method on every hop: a PUT with a body would go on as a bodiless PUT after a 301 or 302,
/// and a PUT or DELETE would stay one after a 303.
bool libcurl_follows_correctly(const Request& request);

/// The request a redirect with `status` to `next_url` asks for, after `previous`
/// (RFC 9110 §15.4): a 303 makes anything but HEAD a GET without body (§15.4.4), and so do a
/// 301 and a 302 a POST, as libcurl does (§15.4.2, §15.4.3); every other 3xx repeats the
/// method and its body (§15.4.8, §15.4.9). Authorization and Cookie fields go along only
/// while the origin stays that of `first`, as libcurl does, or to every host when `trusted`
/// (curl's --location-trusted).
/// A POST stays one after the statuses `keep_post` names (curl's --post301, --post302, --post303).
Request redirected_request(const Request& first, const Request& previous, int status,
                           std::string next_url, bool trusted = false,
                           TransferSettings::KeepPost keep_post = {});

/// Whether `request` goes to the origin of `first`: credentials may go only there.
bool same_origin(const Request& first, const Request& request);

}  // namespace rfetch
