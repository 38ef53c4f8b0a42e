#include "swarmtv/stream/torrent_input.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <vector>

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

// `s` with %XX escapes decoded (a bad escape is kept as it is).
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// At most 48 printable characters of untrusted text, for a message on a terminal.
std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 48)) out += std::isprint(static_cast<unsigned char>(c)) ? c : '?';
  return s.size() > 48 ? out + "..." : out;
}

bool all_of_chars(std::string_view s, int (*pred)(int)) {
  return std::all_of(s.begin(), s.end(),
                     [pred](char c) { return pred(static_cast<unsigned char>(c)); });
}

int is_base32(int c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

// libtorrent 2.0.8 skips an xt whose hash it cannot decode (the link then "has no info-hash")
// and keeps the last of several: say what is really wrong with the link's info-hashes. A v1
// hash (btih) is 40 hex digits or 32 base32 characters; a v2 one (btmh) is the multihash
// 1220 and 64 hex digits. One of each is a hybrid torrent; two of a kind is ambiguous.
Status check_magnet_hashes(std::string_view uri) {
  const std::size_t query = uri.find('?');
  if (query == std::string_view::npos) return Status::success();
  int v1 = 0;
  int v2 = 0;
  std::string_view rest = uri.substr(query + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    const std::size_t eq = item.find('=');
    std::string key(item.substr(0, eq));
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (eq == std::string_view::npos || (key != "xt" && key.rfind("xt.", 0) != 0)) continue;
    const std::string value = percent_decode(item.substr(eq + 1));
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const auto bad = [&](const std::string& why) {
      return make_error(Errc::invalid_magnet,
                        "not a valid magnet link: xt=" + printable(value) + " " + why);
    };
    if (lower.rfind("urn:btih:", 0) == 0) {
      const std::string_view hash = std::string_view(value).substr(9);
      if (!(hash.size() == 40 && all_of_chars(hash, ::isxdigit)) &&
          !(hash.size() == 32 && all_of_chars(hash, is_base32)))
        return bad(
            "(a BitTorrent v1 info-hash is 40 hex digits or 32 base32 characters; this one "
            "has " +
            std::to_string(hash.size()) + ")");
      ++v1;
    } else if (lower.rfind("urn:btmh:", 0) == 0) {
      const std::string_view hash = std::string_view(value).substr(9);
      if (hash.size() != 68 || lower.compare(9, 4, "1220") != 0 || !all_of_chars(hash, ::isxdigit))
        return bad("(a BitTorrent v2 info-hash is 1220 and 64 hex digits)");
      ++v2;
    }
  }
  if (v1 > 1 || v2 > 1)
    return make_error(
        Errc::invalid_magnet,
        "not a valid magnet link: it has " + std::to_string(std::max(v1, v2)) +
            (v1 > 1 ? " v1 info-hashes (xt=urn:btih:)" : " v2 info-hashes (xt=urn:btmh:)") +
            "; a link names one torrent");
  return Status::success();
}

}  // namespace

bool is_magnet_uri(std::string_view input) {
  return input.rfind("magnet:", 0) == 0;
}

Result<lt::add_torrent_params> parse_torrent_input(std::string_view input) {
  const std::string text(input);
  if (is_magnet_uri(input)) {
    if (auto hashes = check_magnet_hashes(input); !hashes) return hashes.error();
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
