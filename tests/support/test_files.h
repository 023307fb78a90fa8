#pragma once

// Scratch files for end-to-end tests: a private directory that disappears with the test.

#include <filesystem>
#include <string>
#include <vector>

namespace rfetch::test {

class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string file(const std::string& name) const { return (path_ / name).string(); }
    /// The names of everything in the directory, sorted.
    std::vector<std::string> entries() const;

  private:
    std::filesystem::path path_;
};

void write_file(const std::string& path, const std::string& bytes);
std::string read_file(const std::string& path);

}  // namespace rfetch::test
