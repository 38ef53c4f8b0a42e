#include "swarmtv/stream/torrent_input.h"

#include <filesystem>

#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_info.hpp>

#include "swarmtv/base/file_reader.h"

namespace swarmtv::stream {

namespace {

template <typename Hash>
std::string to_hex(const Hash& h) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : h) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

}  // namespace

bool is_magnet_uri(std::string_view input) {
  return input.rfind("magnet:", 0) == 0;
}

Result<lt::add_torrent_params> parse_torrent_input(std::string_view input) {
  const std::string text(input);
  if (is_magnet_uri(input)) {
    lt::error_code ec;
    lt::add_torrent_params params = lt::parse_magnet_uri(text, ec);
    if (ec)
      return Error{Errc::invalid_magnet,
                   "not a valid magnet link: '" + text + "' (" + ec.message() + ")"};
    return params;
  }
  std::error_code fs_ec;
  if (!std::filesystem::is_regular_file(text, fs_ec))
    return Error{Errc::io_error, "cannot open .torrent file '" + text + "': no such file"};
  auto bytes = read_small_file(text, kMaxTorrentFileBytes);
  if (!bytes) return bytes.error();  // one line with the path (too large, unreadable)
  return parse_torrent_buffer(*bytes, text);
}

Result<lt::add_torrent_params> parse_torrent_buffer(std::span<const char> bytes,
                                                    std::string_view name) {
  lt::error_code ec;
  auto info = std::make_shared<lt::torrent_info>(lt::span<const char>(bytes.data(), bytes.size()),
                                                 ec, lt::from_span);
  if (ec)
    return Error{Errc::invalid_torrent,
                 "not a valid .torrent file: '" + std::string(name) + "' (" + ec.message() + ")"};
  lt::add_torrent_params params;
  params.ti = std::move(info);
  return params;
}

std::string info_hash_hex(const lt::info_hash_t& hashes) {
  if (hashes.has_v1()) return to_hex(hashes.v1);
  return to_hex(hashes.v2);
}

std::string info_hash_hex(const lt::add_torrent_params& params) {
  if (params.ti) return info_hash_hex(params.ti->info_hashes());
  return info_hash_hex(params.info_hashes);
}

}  // namespace swarmtv::stream
