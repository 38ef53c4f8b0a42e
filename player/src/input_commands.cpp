#include "swarmtv/player/input_commands.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <vector>

#include "swarmtv/player/player.h"

namespace swarmtv::player {

namespace {

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

bool parse_number(std::string_view text, double& out) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

Result<Command> parse_seek(const std::vector<std::string_view>& w) {
  double value = 0.0;
  if (w.size() < 2 || !parse_number(w[1], value))
    return make_error(
        Errc::invalid_argument,
        "seek needs a number: seek <value> [relative|absolute|absolute-percent] [exact]");
  Command c{Command::Type::seek_relative, value};  // mpv's default: relative
  for (std::size_t i = 2; i < w.size(); ++i) {
    if (w[i] == "relative") {
      c.type = Command::Type::seek_relative;
    } else if (w[i] == "absolute") {
      c.type = Command::Type::seek_absolute;
    } else if (w[i] == "absolute-percent") {
      c.type = Command::Type::seek_fraction;
      c.value = value / 100.0;
    } else if (w[i] == "exact") {
      c.exact = true;
    } else if (w[i] == "keyframes") {
      c.exact = false;
    } else {
      return make_error(Errc::invalid_argument, "seek: unknown flag '" + std::string(w[i]) + "'");
    }
  }
  if (c.type == Command::Type::seek_fraction && (c.value < 0.0 || c.value > 1.0))
    return make_error(Errc::invalid_argument, "seek: a percentage must be between 0 and 100");
  return c;
}

}  // namespace

Result<std::optional<Command>> parse_input_command(std::string_view line) {
  using Parsed = std::optional<Command>;
  const auto w = split_words(line);
  if (w.empty() || w[0].front() == '#') return Parsed();
  using T = Command::Type;
  if (w[0] == "seek") {
    auto seek = parse_seek(w);
    if (!seek) return seek.error();
    return Parsed(*seek);
  }
  if (w.size() == 1) {
    if (w[0] == "quit") return Parsed(Command{T::quit});
    if (w[0] == "frame-step") return Parsed(Command{T::frame_step});
    if (w[0] == "screenshot") return Parsed(Command{T::screenshot});
    if (w[0] == "skip") return Parsed(Command{T::skip});
  }
  if (w.size() == 2 && w[0] == "cycle" && w[1] == "pause") return Parsed(Command{T::toggle_pause});
  if (w.size() == 2 && w[0] == "cycle" && w[1] == "sub-visibility")
    return Parsed(Command{T::toggle_subtitles});
  if (w.size() >= 2 && w.size() <= 3 && w[0] == "cycle" && w[1] == "sub") {
    if (w.size() == 2 || w[2] == "up") return Parsed(Command{T::cycle_subtitles, 1.0});
    if (w[2] == "down") return Parsed(Command{T::cycle_subtitles, -1.0});
  }
  return make_error(Errc::invalid_argument,
                    "unknown command '" + std::string(line.substr(0, 60)) + "'");
}

InputFileReader::InputFileReader(std::string path, Player& player)
    : path_(std::move(path)), player_(player), thread_([this] { run(); }) {}

InputFileReader::~InputFileReader() {
  stop_ = true;
  thread_.join();
}

void InputFileReader::run() {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; reads are paced by poll() below.
  const int fd =
      path_ == "-" ? STDIN_FILENO : ::open(path_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "swarmtv: --input-file: cannot open %s\n", path_.c_str());
    return;
  }
  std::string pending;
  char buffer[512];
  while (!stop_) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) {
      // End of file. A FIFO with no writer yet also reads 0 bytes: wait for one.
      if (p.revents & POLLHUP)
        ::usleep(50'000);
      else
        break;
      continue;
    }
    pending.append(buffer, static_cast<std::size_t>(got));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      const std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (auto command = parse_input_command(line); !command)
        std::fprintf(stderr, "swarmtv: --input-file: %s\n", command.error().message.c_str());
      else if (*command)
        player_.post(**command);
    }
  }
  if (!pending.empty()) {
    if (auto command = parse_input_command(pending); command && *command) player_.post(**command);
  }
  if (fd != STDIN_FILENO) ::close(fd);
}

}  // namespace swarmtv::player
