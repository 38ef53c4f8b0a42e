// What a torrent author or a link controls: a .torrent file's bytes or a magnet URI, then the
// file list the player chooses from. The first byte picks the form.
#include <libtorrent/torrent_info.hpp>

#include "fuzz_support.h"
#include "swarmtv/stream/file_selection.h"
#include "swarmtv/stream/torrent_input.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  if (data[0] & 1) {
    const auto params = stream::parse_torrent_input("magnet:?" + std::string(text));
    if (params) SWARMTV_FUZZ_CHECK(!stream::info_hash_hex(*params).empty());
    return 0;
  }
  auto params = stream::parse_torrent_buffer(text, "fuzz.torrent");
  if (!params) return 0;
  SWARMTV_FUZZ_CHECK(params->ti != nullptr);
  SWARMTV_FUZZ_CHECK(!stream::info_hash_hex(*params).empty());
  const auto files = stream::list_files(params->ti->files());
  for (const auto& f : files) {
    SWARMTV_FUZZ_CHECK(f.size >= 0 && f.offset >= 0);
  }
  if (auto chosen = stream::select_file(files, "")) {
    SWARMTV_FUZZ_CHECK(static_cast<int>(*chosen) < static_cast<int>(files.size()));
  }
  (void)stream::select_file(files, "0");
  if (!files.empty()) (void)stream::select_file(files, files.back().path);
  return 0;
}
