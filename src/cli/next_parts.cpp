#include "cli/next_parts.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "cli/argument_words.h"

namespace rfetch {
namespace {

// curl 7.88 keeps these in its GlobalConfig (tool_getparam.c), and their pages in
// docs/cmdline-opts say "This option is global and does not need to be specified for each use
// of --next" (-s's page does not, though its setting is global too). curl's other global
// options (--trace, --styled-output, --parallel-immediate...) are not rfetch's.
constexpr std::array<std::string_view, 12> kGlobalOptions{
    "silent",         "show-error",        "verbose",    "stderr",   "libcurl",      "progress-bar",
    "progress-meter", "no-progress-meter", "fail-early", "parallel", "parallel-max", "rate"};

// The global options a part gives, in order. From a group of short flags, its global ones:
// "-sSfL" gives "-sS" (the group stays whole in its part, where curl reads -q only first). One
// left without its value stays in its part alone, to be refused there.
std::vector<std::string> global_options_in(const CLI::App& app,
                                           const std::vector<std::string>& part) {
    std::vector<std::string> global;
    for (const ArgumentWords& argument : arguments_of(app, part)) {
        const std::string& word = argument.words.front();
        if (const auto group = short_group_options(app, word); group.size() > 1) {
            std::string flags = "-";
            for (std::size_t i = 0; i < group.size(); ++i) {
                if (is_global_option(*group[i])) {
                    flags += word[i + 1];
                }
            }
            if (flags.size() > 1) {
                global.push_back(flags);
            }
        } else if (const CLI::Option* option = single_option(app, word);
                   option != nullptr && is_global_option(*option) && !lacks_value(app, argument)) {
            global.insert(global.end(), argument.words.begin(), argument.words.end());
        }
    }
    return global;
}

}  // namespace

bool is_global_option(const CLI::Option& option) {
    return std::ranges::any_of(option.get_lnames(), [](const std::string& name) {
        return std::ranges::find(kGlobalOptions, name) != kGlobalOptions.end();
    });
}

std::vector<std::vector<std::string>> next_parts(const CLI::App& app,
                                                 const std::vector<std::string>& args) {
    std::vector<std::vector<std::string>> divided(1);
    for (const ArgumentWords& argument : arguments_of(app, args)) {
        if (argument.words.front() == "--next" || argument.words.front() == "-:") {
            divided.emplace_back();
        } else {
            divided.back().insert(divided.back().end(), argument.words.begin(),
                                  argument.words.end());
        }
    }
    std::vector<std::string> global;
    for (const auto& part : divided) {
        const auto given = global_options_in(app, part);
        global.insert(global.end(), given.begin(), given.end());
    }
    std::vector<std::vector<std::string>> parts;
    for (auto& part : divided) {
        // Before an option left without its value, which must not take a global one's word.
        const auto arguments = arguments_of(app, part);
        const bool dangling = !arguments.empty() && lacks_value(app, arguments.back());
        part.insert(dangling ? part.end() - 1 : part.end(), global.begin(), global.end());
        parts.push_back(std::move(part));
    }
    return parts;
}

}  // namespace rfetch
