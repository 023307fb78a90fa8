#include "app/run_output.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "cli/exit_codes.h"
#include "core/base/ascii.h"
#include "core/output/content_disposition.h"
#include "core/report/run_report.h"
#include "http/http_date.h"
#include "sys/outputs.h"

namespace rfetch {
namespace {

WriteStatus write_to(const std::string& path, std::string_view bytes, bool create_dirs) {
    const auto output = path == "-" ? stdout_output() : path_output(path, create_dirs);
    return write_whole(*output, bytes);
}

}  // namespace

DeliveryPolicy delivery_policy(const Config& config, const Target& target, const Request& request) {
    DeliveryPolicy policy;
    policy.buffer_limit = config.buffer_limit;
    policy.write_body = !config.result_document;
    // Parallel bodies share stdout, so each goes out whole, once its run is over.
    const bool shares_stdout = config.parallel && !target.output;
    policy.may_stream = !config.result_document && !config.policy.polling && !shares_stdout;
    policy.include_head = config.include_head;
    policy.deliver_errors = config.no_fail || config.fail_with_body;
    policy.judged_by_status = !config.policy.polling;
    policy.shows_error_body = config.result_document;
    // A Range of the user's own (or -C's) already picks the bytes; rfetch's would clash with it.
    policy.may_resume = request.method == "GET" && target.resume_from == 0 &&
                        std::ranges::none_of(request.headers, [](const Header& header) {
                            return equals_ignoring_case(header.name, "Range") ||
                                   equals_ignoring_case(header.name, "If-Range");
                        });
    policy.parse_date = parse_http_date;
    return policy;
}

BodyOutput body_output(const Config& config, const Target& target) {
    if (!target.output) {
        return {stdout_output()};
    }
    if (target.resume_from > 0) {
        return {appending_path_output(*target.output, config.create_dirs)};
    }
    // Without --clobber, a file named by the server never replaces one that is there.
    const Clobber clobber = config.clobber == false ? Clobber::number : Clobber::replace;
    // As in curl, -J names only the files of -O.
    if (config.remote_header_name && target.named_remotely) {
        auto named = named_file_output(*target.output, config.create_dirs, clobber);
        NamedFileOutput* file = named.get();
        return {std::move(named), file};
    }
    return {path_output(*target.output, config.create_dirs, clobber)};
}

void name_after(const Config& config, const Target& target, const Response& head,
                NamedFileOutput& file, std::optional<std::string>& filename) {
    const auto disposition = head.header("Content-Disposition");
    const auto name = disposition ? content_disposition_filename(*disposition) : std::nullopt;
    if (name) {
        const auto directory = std::filesystem::path(*target.output).parent_path();
        // curl's rule for a server's name: --clobber replaces, --no-clobber numbers (FILE.1),
        // and by default an existing file is never replaced.
        const Clobber clobber = !config.clobber   ? Clobber::refuse
                                : *config.clobber ? Clobber::replace
                                                  : Clobber::number;
        filename = (directory / *name).string();
        file.rename(*filename, clobber);
    }
}

int write_reports(const Config& config, const Target& target, const std::string& method,
                  const std::optional<std::string>& filename, RunResult& result, int exit_code,
                  std::string* dumped_head) {
    const RunReport run_report{result,    method,   target.url,
                               exit_code, filename, config.urls_before + target.given};
    std::vector<std::pair<std::string, std::string>> reports;
    if (config.dump_header && result.final_response) {
        if (dumped_head != nullptr && *config.dump_header != "-") {
            *dumped_head = result.final_response->raw_head;
        } else {
            reports.emplace_back(*config.dump_header, result.final_response->raw_head);
        }
    }
    if (config.etag_save && result.final_response) {
        if (const auto etag = result.final_response->header("ETag")) {
            reports.emplace_back(*config.etag_save, std::string(*etag) + "\n");
        }
    }
    if (config.result_document) {
        reports.emplace_back("-", result_document(run_report));
    }
    if (config.write_out) {
        reports.emplace_back("-", config.write_out->render(run_report));
    }
    // curl's %{stderr}: that part of -w goes to stderr, as the run's last words there.
    if (config.write_out && config.write_out->writes_stderr()) {
        const std::string text = config.write_out->render(run_report, WriteOut::Stream::err);
        std::fwrite(text.data(), 1, text.size(), stderr);
        std::fflush(stderr);
    }
    for (const auto& [path, bytes] : reports) {
        const WriteStatus status = write_to(path, bytes, config.create_dirs);
        if (!status.ok()) {
            result.outcome = Outcome::write_error;
            result.reader_gone = status.kind == WriteStatus::Kind::reader_gone;
            result.reason = status.describe();
            return kExitWriteError;
        }
    }
    return exit_code;
}

}  // namespace rfetch
