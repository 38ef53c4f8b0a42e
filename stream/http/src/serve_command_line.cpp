#include "swarmtv/http/serve_command_line.h"

#include <charconv>
#include <optional>

#include <boost/asio/ip/address.hpp>

namespace swarmtv::http {

const char* const kServeUsage =
    "usage: swarmtv serve <.torrent|magnet:> [options]\n"
    "Streams the torrent's files over HTTP to any player (mpv, VLC, ffmpeg, a browser, a TV).\n"
    "  --host ADDR          address to listen on (default 127.0.0.1; 0.0.0.0 for the LAN)\n"
    "  --port N             port (default 8080; 0 picks a free one)\n"
    "  --loopback           torrent session on 127.0.0.1 only, no DHT/LSD/UPnP (tests, demos)\n"
    "  --peer HOST:PORT     connect to this peer at once (repeatable)\n"
    "  --download-dir DIR   where the files are downloaded\n"
    "  --trust FILE         trusted publisher keys (for season bundles)\n"
    "  --licence-dir DIR    the viewer's licences (for season bundles)\n"
    "  --metadata-timeout S give up on a magnet link's metadata after S seconds (default 60)\n"
    "Pages: / (index with players), /playlist.m3u, /status.json, /files/N/NAME.\n";

namespace {

std::optional<long> parse_long(std::string_view s) {
  long value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

bool parse_endpoint(const std::string& text, lt::tcp::endpoint& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  const auto port = parse_long(std::string_view(text).substr(colon + 1));
  if (ec || !port || *port <= 0 || *port > 65535) return false;
  out = lt::tcp::endpoint(address, static_cast<unsigned short>(*port));
  return true;
}

bool parse_serve_command_line(const std::vector<std::string>& args, ServeCommandLine& out,
                              std::string& error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out.help = true;
      return true;
    }
    if (arg == "--loopback") {
      out.loopback = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      if (!out.input.empty()) {
        error = "one torrent at a time: '" + arg + "' is extra";
        return false;
      }
      out.input = arg;
      continue;
    }
    std::string value;
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else {
      if (i + 1 >= args.size()) {
        error = arg + " needs a value";
        return false;
      }
      value = args[++i];
    }
    if (arg == "--host") {
      boost::system::error_code ec;
      boost::asio::ip::make_address(value, ec);
      if (ec) {
        error = "--host: '" + value + "' is not an IP address";
        return false;
      }
      out.host = value;
    } else if (arg == "--port") {
      const auto port = parse_long(value);
      if (!port || *port < 0 || *port > 65535) {
        error = "--port: '" + value + "' is not a port number";
        return false;
      }
      out.port = int(*port);
    } else if (arg == "--peer") {
      lt::tcp::endpoint endpoint;
      if (!parse_endpoint(value, endpoint)) {
        error = "--peer: '" + value + "' is not HOST:PORT";
        return false;
      }
      out.peers.push_back(endpoint);
    } else if (arg == "--download-dir") {
      out.download_dir = value;
    } else if (arg == "--trust") {
      out.trust_file = value;
    } else if (arg == "--licence-dir" || arg == "--license-dir") {
      out.licence_dir = value;
    } else if (arg == "--metadata-timeout") {
      const auto seconds = parse_long(value);
      if (!seconds || *seconds <= 0) {
        error = "--metadata-timeout: '" + value + "' is not a number of seconds";
        return false;
      }
      out.metadata_timeout = std::chrono::seconds(*seconds);
    } else {
      error = "unknown option '" + arg + "'";
      return false;
    }
  }
  if (out.input.empty()) {
    error = "serve needs a .torrent file or a magnet link";
    return false;
  }
  return true;
}

}  // namespace swarmtv::http
