#include "cli/stderr_choice.h"

#include <algorithm>
#include <iterator>

#include "cli/argument_words.h"

namespace rfetch {
namespace {

bool is_stderr_option(const CLI::Option* option) {
    return option != nullptr && option->check_lname("stderr");
}

// The FILE an argument gives --stderr, when it is one with a usable value.
std::optional<std::string> stderr_file_of(const CLI::App& app, const ArgumentWords& argument) {
    const std::string& word = argument.words.front();
    if (!is_stderr_option(single_option(app, word))) {
        return std::nullopt;
    }
    std::string file;
    if (const auto equals = word.find('='); equals != std::string::npos) {
        file = word.substr(equals + 1);
    } else if (argument.words.size() > 1) {
        file = argument.words[1];
    }
    return file.empty() ? std::nullopt : std::optional(file);
}

// What a message is about: the word it quotes, else the option that starts it.
struct Subject {
    std::string word;
    const CLI::Option* option = nullptr;
};

std::optional<Subject> subject_of(const CLI::App& app, std::string_view message) {
    for (const std::string_view start : {"unknown option '", "unexpected argument '"}) {
        if (message.starts_with(start)) {
            const std::string_view rest = message.substr(start.size());
            return Subject{std::string(rest.substr(0, rest.find('\''))), nullptr};
        }
    }
    if (constexpr std::string_view curls = "curl's "; message.starts_with(curls)) {
        const std::string_view rest = message.substr(curls.size());
        return Subject{std::string(rest.substr(0, rest.find(' '))), nullptr};
    }
    const std::string_view flag = message.substr(0, message.find(':'));
    if (!flag.starts_with('-') || flag.size() == message.size() ||
        flag.find(' ') != std::string_view::npos) {
        return std::nullopt;
    }
    return Subject{std::string(flag), app.get_option_no_throw(std::string(flag))};
}

bool is_about(const CLI::App& app, const ArgumentWords& argument, const Subject& subject) {
    const std::string& word = argument.words.front();
    if (subject.option == nullptr) {
        return word == subject.word || word.starts_with(subject.word + "=");
    }
    const auto group = short_group_options(app, word);
    return single_option(app, word) == subject.option ||
           std::ranges::find(group, subject.option) != group.end();
}

}  // namespace

std::optional<std::string> last_stderr_file(const CLI::App& app,
                                            const std::vector<std::string>& args) {
    std::optional<std::string> file;
    for (const ArgumentWords& argument : arguments_of(app, args)) {
        if (auto given = stderr_file_of(app, argument)) {
            file = std::move(given);
        }
    }
    return file;
}

std::optional<std::string> stderr_file_for_usage_error(const CLI::App& app,
                                                       const std::vector<std::string>& args,
                                                       std::string_view message) {
    const auto arguments = arguments_of(app, args);
    const auto subject = subject_of(app, message);
    auto end = arguments.end();
    if (subject) {
        // A quoted word is the first one CLI11 could not read; an option's value is its last.
        const auto about = [&](const ArgumentWords& a) { return is_about(app, a, *subject); };
        if (subject->option == nullptr) {
            end = std::ranges::find_if(arguments, about);
        } else if (const auto last = std::find_if(arguments.rbegin(), arguments.rend(), about);
                   last != arguments.rend()) {
            end = std::prev(last.base());
        }
    }
    std::optional<std::string> file;
    for (auto argument = arguments.begin(); argument != end; ++argument) {
        if (auto given = stderr_file_of(app, *argument)) {
            file = std::move(given);
        }
    }
    return file;
}

}  // namespace rfetch
