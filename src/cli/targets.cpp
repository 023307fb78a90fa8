#include "cli/targets.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli/url_glob.h"
#include "cli/url_list.h"
#include "cli/usage_error.h"
#include "core/base/ascii.h"
#include "core/base/origin.h"
#include "core/base/tcp_target.h"
#include "core/log/redact.h"

namespace rfetch {
namespace {

// curl sends an ftp:// URL to an HTTP proxy as the target of a GET (or a PUT with -T), and the
// proxy speaks FTP: rfetch fetches it so, and never speaks FTP itself. So the proxy must be
// -x's or --proxy1.0's, over HTTP, with no tunnel and no host let past it.
bool http_proxy_carries_ftp(const RawOptions& raw) {
    if (!raw.proxy || raw.proxytunnel || raw.noproxy ||
        (raw.proxy_type && *raw.proxy_type != "1.0")) {
        return false;
    }
    const auto scheme_end = raw.proxy->find("://");
    if (scheme_end == std::string::npos) {
        return true;
    }
    const std::string_view scheme = std::string_view(*raw.proxy).substr(0, scheme_end);
    return equals_ignoring_case(scheme, "http") || equals_ignoring_case(scheme, "https");
}

// Messages echo the URL redacted: a usage error must not print the password it complains about.
void check_url(const std::string& url, const UrlChecker& check_syntax, bool ftp_allowed) {
    if (is_tcp_target(url)) {
        if (const auto problem = tcp_target_problem(url)) {
            reject("URL", redact_url(url), *problem);
        }
        // The host is checked as libcurl will connect to it.
        const std::string as_http = "http://" + url.substr(std::string_view("tcp://").size());
        if (const auto problem = check_syntax ? check_syntax(as_http) : std::nullopt) {
            reject("URL", redact_url(url), "is not an address rfetch can connect to: " + *problem);
        }
        return;
    }
    const auto scheme_end = url.find("://");
    if (scheme_end != std::string::npos) {
        const std::string_view scheme = std::string_view(url).substr(0, scheme_end);
        if (is_ftp_url(url) && !ftp_allowed) {
            reject("URL", redact_url(url),
                   "is fetched only through an HTTP proxy, which speaks FTP for rfetch: add -x "
                   "http://HOST[:PORT], without --proxytunnel or --noproxy");
        }
        if (!equals_ignoring_case(scheme, "http") && !equals_ignoring_case(scheme, "https") &&
            !is_ftp_url(url)) {
            reject("URL", redact_url(url),
                   "uses a scheme rfetch does not fetch: use http://, https:// or tcp:// (or "
                   "ftp:// through an HTTP proxy)");
        }
    }
    if (check_syntax) {
        if (const auto problem = check_syntax(url)) {
            reject("URL", redact_url(url), "is not a URL rfetch can fetch: " + *problem);
        }
    }
}

// curl's -O: the last segment of the URL's path. The path starts after the authority and ends
// at the query or the fragment, so a '/' in "http://h?q=a/b" is no path at all.
std::string remote_file_name(std::string_view url) {
    const auto scheme_end = url.find("://");
    const auto authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    const auto path_start = std::min(url.find_first_of("/?#", authority_start), url.size());
    const auto path_end = std::min(url.find_first_of("?#", path_start), url.size());
    const std::string_view path = url.substr(path_start, path_end - path_start);
    return std::string(path.substr(path.rfind('/') + 1));
}

// The choice of the URL given Nth: the Nth -o, -O or --no-remote-name, as curl binds them.
// After the last, --remote-name-all names every file, and so does -O when it is the only choice
// given (rfetch's -O names every URL's file; curl's, one); else the body goes to stdout.
OutputChoice choice_for(const RawOptions& raw, std::size_t index) {
    if (index < raw.outputs.size()) {
        return raw.outputs[index];
    }
    const bool only_remote =
        !raw.outputs.empty() && std::ranges::all_of(raw.outputs, [](const OutputChoice& choice) {
            return choice.kind == OutputChoice::Kind::remote_name;
        });
    return OutputChoice(raw.remote_name_all || only_remote ? OutputChoice::Kind::remote_name
                                                           : OutputChoice::Kind::standard_output);
}

// The file named by -o (its "#N" filled from the URL's globs), or by -O; nullopt is stdout.
std::optional<std::string> named_file(const GlobbedUrl& url, const OutputChoice& choice) {
    if (choice.kind == OutputChoice::Kind::standard_output) {
        return std::nullopt;
    }
    if (choice.kind == OutputChoice::Kind::file) {
        // As in curl, "-o -" is stdout, whatever --output-dir says.
        if (choice.file == "-") {
            return std::nullopt;
        }
        return fill_glob_choices(choice.file, url.choices);
    }
    std::string name = remote_file_name(url.url);
    if (name.empty() || name == "." || name == "..") {
        reject("--remote-name", redact_url(url.url),
               "has no file name at the end of its path (the query is never used): use "
               "--output FILE");
    }
    return name;
}

std::optional<std::string> resolve_output(const RawOptions& raw, const GlobbedUrl& url,
                                          const OutputChoice& choice) {
    std::optional<std::string> path = named_file(url, choice);
    // Like curl, --output-dir alone is not an error, so a config file can set it for every run.
    if (!path) {
        return std::nullopt;
    }
    if (path->empty()) {
        reject("--output", *path, "is not a file name");
    }
    if (raw.output_dir && std::filesystem::path(*path).is_relative()) {
        if (raw.output_dir->empty()) {
            reject("--output-dir", *raw.output_dir, "is not a directory name");
        }
        path = (std::filesystem::path(*raw.output_dir) / *path).string();
    }
    // A directory that does not exist is a write error (exit 23), as in curl, found before
    // anything is sent (see first_output_problem).
    return path;
}

// The URLs as given, each with the URLs it stands for: a pattern of the command line (without
// a flag, then those of --url) expands to its globs' URLs, a line of --urls is one URL.
std::vector<std::vector<GlobbedUrl>> gather_urls(const RawOptions& raw,
                                                 std::istream& stdin_stream) {
    std::vector<std::vector<GlobbedUrl>> urls;
    for (const auto* given : {&raw.urls, &raw.url_options}) {
        for (const std::string& url : *given) {
            urls.push_back(raw.globoff ? std::vector{GlobbedUrl{url, {}}} : expand_url_glob(url));
        }
    }
    std::vector<std::string> listed;
    if (raw.urls_file) {
        if (*raw.urls_file == "-") {
            if (std::ranges::any_of(
                    raw.body, [](const BodyPiece& piece) { return piece.argument == "@-"; })) {
                throw UsageError("--urls - and a body from @- cannot both read stdin");
            }
            listed = read_url_list(stdin_stream);
        } else {
            std::ifstream file(*raw.urls_file);
            if (!file || std::filesystem::is_directory(*raw.urls_file)) {
                reject("--urls", *raw.urls_file, "cannot be read: not a readable file");
            }
            listed = read_url_list(file);
            if (file.bad()) {
                reject("--urls", *raw.urls_file,
                       std::string("cannot be read: ") + std::strerror(errno));
            }
        }
    }
    for (std::string& url : listed) {
        urls.push_back({GlobbedUrl{std::move(url), {}}});
    }
    if (urls.empty()) {
        throw UsageError(raw.urls_file ? "--urls: '" + *raw.urls_file + "' lists no URL"
                                       : std::string(kNoUrlGiven) + "; try 'rfetch --help'");
    }
    return urls;
}

}  // namespace

std::vector<Target> build_targets(const RawOptions& raw, Surroundings& surroundings,
                                  std::vector<std::string>& warnings) {
    const std::vector<std::vector<GlobbedUrl>> given = gather_urls(raw, surroundings.stdin_stream);
    // As curl: a warning, and the -o without a URL is not used.
    if (raw.outputs.size() > given.size()) {
        warnings.push_back("--output names " + std::to_string(raw.outputs.size()) + " files for " +
                           std::to_string(given.size()) + (given.size() == 1 ? " URL" : " URLs") +
                           ": the last ones are not used");
    }
    if (raw.upload_files.size() > given.size()) {
        warnings.push_back("--upload-file names " + std::to_string(raw.upload_files.size()) +
                           " files for " + std::to_string(given.size()) +
                           (given.size() == 1 ? " URL" : " URLs") + ": the last ones are not used");
    }
    std::vector<Target> targets;
    // Each file named so far, and whether -O named it.
    std::map<std::string, bool> named_remotely;
    for (std::size_t index = 0; index < given.size(); ++index) {
        // The Nth -o or -O belongs to the Nth URL as given, and to every URL its globs make,
        // as curl binds them.
        const OutputChoice choice = choice_for(raw, index);
        for (const GlobbedUrl& url : given[index]) {
            check_url(url.url, surroundings.check_url, http_proxy_carries_ftp(raw));
            Target target{url.url, resolve_output(raw, url, choice), {}};
            target.named_remotely = choice.kind == OutputChoice::Kind::remote_name;
            target.given = index;
            // Two -o that name one file write it in turn, the last body staying, as in curl;
            // a name that -O chose is refused when another URL's file has it too, since the
            // user never saw that name to choose it.
            if (target.output) {
                const auto [earlier, added] = named_remotely.emplace(
                    std::filesystem::path(*target.output).lexically_normal().string(),
                    target.named_remotely);
                if (!added && (earlier->second || target.named_remotely)) {
                    reject("--remote-name", redact_url(url.url),
                           "would be saved to '" + *target.output + "' as another URL is");
                }
            }
            targets.push_back(std::move(target));
        }
    }
    return targets;
}

}  // namespace rfetch
