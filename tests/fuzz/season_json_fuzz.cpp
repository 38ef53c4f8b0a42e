// season.json, the publisher's input to `bundle create` (a season folder may come from a
// contractor or a shared drive). The folder is empty, so every named file is missing: this
// covers the JSON reading and validation, not the media probe (the demuxer target does that).
#include <filesystem>

#include "bundle_creator.h"
#include "fuzz_support.h"

using namespace swarmtv;

namespace {

const std::filesystem::path& empty_folder() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / "swarmtv-fuzz-season";
    std::error_code ec;
    std::filesystem::create_directories(d, ec);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto manifest = publisher::manifest_from_season(empty_folder(), fuzz::as_text(data, size));
  if (!manifest) {
    SWARMTV_FUZZ_CHECK(fuzz::printable(manifest.error().message));
    return 0;
  }
  SWARMTV_FUZZ_CHECK(manifest->episodes.empty() && manifest->sponsor_clips.empty());
  SWARMTV_FUZZ_CHECK(manifest->validate().ok());
  return 0;
}
