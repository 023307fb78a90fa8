#pragma once

#include <CLI/App.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace rfetch {

/// One argument of a command line as curl reads it: an option word with the word after it when
/// that is its value ("-o FILE", "-sSo FILE"), or a lone word (a URL, "--data=X", "-v").
struct ArgumentWords {
    std::vector<std::string> words;
};

/// `args` read into arguments, so that an option's value is never taken for an option: curl
/// sends "-d --next URL" with the body "--next".
std::vector<ArgumentWords> arguments_of(const CLI::App& app, const std::vector<std::string>& args);

/// Whether `argument` is an option that takes a value but was given none, at the end of the
/// command line ("URL -d").
bool lacks_value(const CLI::App& app, const ArgumentWords& argument);

/// The option an option word sets when it names exactly one ("--data", "--data=X", "-d"); null
/// for a group of short flags, a URL or an option CLI11 does not know.
const CLI::Option* single_option(const CLI::App& app, std::string_view word);

/// The options a group of short flags sets, in order, with the value glued to the last one
/// ("-sSoFILE": -s, -S, -o): empty when the word is no such group or a letter is unknown.
std::vector<const CLI::Option*> short_group_options(const CLI::App& app, std::string_view word);

}  // namespace rfetch
