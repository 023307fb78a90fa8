# Homebrew formula for rfetch (macOS and Linux).
#
# Current Homebrew installs formulae only from a tap, so put this file in a local one. From a
# checkout of the tagged release (the version in the tarball name must match the project()
# version in CMakeLists.txt and `url` below):
#
#   git archive --prefix=rfetch-0.1.0/ -o /tmp/rfetch-0.1.0.tar.gz HEAD
#   shasum -a 256 /tmp/rfetch-0.1.0.tar.gz     # and add the sum as `sha256 "..."` below `url`
#   brew tap-new --no-git local/rfetch
#   cp packaging/homebrew/rfetch.rb "$(brew --repository local/rfetch)/Formula/"
#   brew install --build-from-source local/rfetch/rfetch
#   brew test local/rfetch/rfetch
#
# Without a sha256 line brew warns that it cannot verify the tarball, and `brew audit` also wants
# a homepage, which rfetch does not have yet.
class Rfetch < Formula
  desc "HTTP fetcher that retries well"
  # Placeholder: the release tarball made with
  # git archive --prefix=rfetch-VERSION/ -o rfetch-VERSION.tar.gz HEAD
  url "file:///tmp/rfetch-0.1.0.tar.gz"
  license "MIT"

  depends_on "cli11" => :build
  depends_on "cmake" => :build
  depends_on "nlohmann-json" => :build

  uses_from_macos "curl"

  def install
    # The unit and end-to-end tests need Catch2, cpp-httplib and a loopback server.
    system "cmake", "-S", ".", "-B", "build", "-DRFETCH_BUILD_TESTS=OFF", *std_cmake_args
    system "cmake", "--build", "build"
    system "cmake", "--install", "build"

    # The install rules use the Debian completion directories; move each file to the directory
    # Homebrew links for its shell (fish's is already share/fish/vendor_completions.d).
    bash_completion.install share/"bash-completion/completions/rfetch"
    zsh_completion.install share/"zsh/vendor-completions/_rfetch"
    rm_r [share/"bash-completion", share/"zsh/vendor-completions"]
  end

  test do
    assert_match "rfetch #{version}", shell_output("#{bin}/rfetch --version")
  end
end
