#include "cli/argument_words.h"

namespace rfetch {
namespace {

bool takes_value(const CLI::Option& option) {
    return option.get_items_expected_min() > 0;
}

// Whether the word after `arg` is its value: "--data", "-d" or "-sd", not "--data=X", "-dX", a
// flag or an option whose value is optional (CLI11 takes no option-like word for that one).
bool value_follows(const CLI::App& app, std::string_view arg) {
    if (arg.starts_with("--")) {
        const CLI::Option* option = app.get_option_no_throw(std::string(arg));
        return option != nullptr && takes_value(*option);
    }
    const auto options = short_group_options(app, arg);
    return !options.empty() && takes_value(*options.back()) && options.size() + 1 == arg.size();
}

}  // namespace

std::vector<ArgumentWords> arguments_of(const CLI::App& app, const std::vector<std::string>& args) {
    std::vector<ArgumentWords> arguments;
    for (std::size_t i = 0; i < args.size(); ++i) {
        ArgumentWords& argument = arguments.emplace_back();
        argument.words.push_back(args[i]);
        if (value_follows(app, args[i]) && i + 1 < args.size()) {
            argument.words.push_back(args[++i]);
        }
    }
    return arguments;
}

bool lacks_value(const CLI::App& app, const ArgumentWords& argument) {
    return argument.words.size() == 1 && value_follows(app, argument.words.front());
}

const CLI::Option* single_option(const CLI::App& app, std::string_view word) {
    if (word.starts_with("--")) {
        return app.get_option_no_throw(std::string(word.substr(0, word.find('='))));
    }
    const auto options = short_group_options(app, word);
    return options.size() == 1 ? options.front() : nullptr;
}

std::vector<const CLI::Option*> short_group_options(const CLI::App& app, std::string_view word) {
    if (word.size() < 2 || !word.starts_with('-') || word.starts_with("--")) {
        return {};
    }
    std::vector<const CLI::Option*> options;
    for (std::size_t i = 1; i < word.size(); ++i) {
        const CLI::Option* option = app.get_option_no_throw(std::string{'-', word[i]});
        if (option == nullptr) {
            return {};
        }
        options.push_back(option);
        if (takes_value(*option)) {
            break;  // the rest of the word is its value
        }
    }
    return options;
}

}  // namespace rfetch
