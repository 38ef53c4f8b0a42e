#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace swarmtv::test {

namespace fs = std::filesystem;

fs::path media_dir() {
  return SWARMTV_TEST_MEDIA_DIR;
}
fs::path binary_dir() {
  return SWARMTV_BINARY_DIR;
}
fs::path source_dir() {
  return SWARMTV_SOURCE_DIR;
}

fs::path media(const std::string& name) {
  fs::path p = fs::path(SWARMTV_TEST_MEDIA_DIR) / name;
  if (!fs::exists(p)) throw std::runtime_error("missing test media " + p.string());
  return p;
}

TempDir::TempDir(const std::string& tag) {
  static std::atomic<int> counter{0};
  path_ = fs::path(SWARMTV_BINARY_DIR) / "test-tmp" /
          (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

CommandResult run(const std::string& command, int timeout_seconds) {
  std::string full = "timeout -k 5 " + std::to_string(timeout_seconds) + " sh -c " +
                     shell_quote(command) + " 2>&1 </dev/null";
  CommandResult result;
  FILE* pipe = ::popen(full.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) result.output.append(buf.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string swarmtv_binary() {
  return (fs::path(SWARMTV_BINARY_DIR) / "swarmtv").string();
}

long ffprobe_frame_count(const fs::path& file, const std::string& selector) {
  auto r = run("ffprobe -v error -count_frames -select_streams " + selector +
               " -show_entries stream=nb_read_frames -of csv=p=0 " + shell_quote(file.string()));
  if (r.exit_code != 0) throw std::runtime_error("ffprobe failed: " + r.output);
  return std::stol(r.output);
}

int start_background(const std::string& command, const std::filesystem::path& log) {
  const std::string pid_file = shell_quote(log.string() + ".pid");
  const std::string status_file = shell_quote(log.string() + ".status");
  std::filesystem::remove(log.string() + ".pid");
  std::filesystem::remove(log.string() + ".status");
  // A subshell starts the command and waits for it, so its exit status is known (and it never
  // lingers as a zombie); the pid is the command's own, for signals.
  const CommandResult r =
      run("( " + command + " > " + shell_quote(log.string()) + " 2>&1 & echo $! > " + pid_file +
              "; wait $!; echo $? > " + status_file + ".tmp; mv " + status_file + ".tmp " +
              status_file + " ) > /dev/null 2>&1 & while [ ! -s " + pid_file +
              " ]; do sleep 0.01; done; cat " + pid_file,
          10);
  return r.exit_code == 0 ? std::stoi(r.output) : -1;
}

std::optional<int> exit_status_of(const std::filesystem::path& log,
                                  std::chrono::milliseconds timeout) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  const std::filesystem::path file = log.string() + ".status";
  for (;;) {
    std::ifstream in(file);
    int status = -1;
    if (in >> status) return status;
    if (std::chrono::steady_clock::now() >= give_up) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

bool process_alive(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  return pid > 0 && static_cast<bool>(stat >> pid_field >> name >> state) && state != "Z";
}

}  // namespace swarmtv::test
