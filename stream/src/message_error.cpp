#include "message_error.h"

#include <map>
#include <mutex>
#include <vector>

namespace swarmtv::stream::aux {

namespace {

// The messages are kept for the life of the process: an error_code outlives the call that made
// it, and the category must answer message() for it at any time.
class MessageCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "swarmtv.stream"; }

  std::string message(int value) const override {
    std::lock_guard lock(mutex_);
    if (value < 1 || value > static_cast<int>(messages_.size())) return "stream error";
    return messages_[static_cast<std::size_t>(value - 1)];
  }

  std::error_code code_for(const std::string& message) {
    std::lock_guard lock(mutex_);
    if (auto it = codes_.find(message); it != codes_.end()) return {it->second, *this};
    if (messages_.size() >= kMaxMessages) return std::make_error_code(std::errc::io_error);
    messages_.push_back(message);
    const int value = static_cast<int>(messages_.size());
    codes_.emplace(message, value);
    return {value, *this};
  }

 private:
  static constexpr std::size_t kMaxMessages = 256;
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
  std::map<std::string, int> codes_;
};

MessageCategory& category() {
  static MessageCategory instance;
  return instance;
}

}  // namespace

std::error_code message_error_code(const std::string& message) {
  return category().code_for(message);
}

}  // namespace swarmtv::stream::aux
