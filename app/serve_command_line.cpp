#include "serve_command_line.h"

#include "command_args.h"
#include "swarmtv/stream/endpoint.h"

#include <boost/asio/ip/address.hpp>

namespace swarmtv::app {

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

Error usage_error(std::string message) {
  return make_error(Errc::invalid_argument, std::move(message));
}

// --host, --port, --metadata-timeout.
Status read_listen_options(const CommandArgs& a, ServeCommandLine& out) {
  if (auto v = a.get("host")) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(*v, ec);
    if (ec) return usage_error("--host: '" + *v + "' is not an IP address");
    out.host = *v;
  }
  if (auto v = a.get("port")) {
    auto port = parse_number("port", *v, 0, 65535);
    if (!port) return usage_error("--port: '" + *v + "' is not a port number");
    out.port = int(*port);
  }
  if (auto v = a.get("metadata-timeout")) {
    auto seconds = parse_number("metadata-timeout", *v, 1, 1L << 30);
    if (!seconds) return usage_error("--metadata-timeout: '" + *v + "' is not a number of seconds");
    out.metadata_timeout = std::chrono::seconds(*seconds);
  }
  return {};
}

}  // namespace

Result<ServeCommandLine> parse_serve_command_line(const std::vector<std::string>& args) {
  using Kind = OptionSpec::Kind;
  auto a = CommandArgs::parse(args, {{"help", Kind::flag},
                                     {"host"},
                                     {"port"},
                                     {"loopback", Kind::flag},
                                     {"peer", Kind::value, true},
                                     {"download-dir"},
                                     {"trust"},
                                     {"licence-dir", Kind::value, false, "license-dir"},
                                     {"metadata-timeout"}});
  if (!a) return a.error();
  ServeCommandLine out;
  if (a->help()) {
    out.help = true;
    return out;
  }
  if (a->positional().size() > 1)
    return usage_error("one torrent at a time: '" + a->positional()[1] + "' is extra");
  if (a->positional().empty()) return usage_error("serve needs a .torrent file or a magnet link");
  out.input = a->positional()[0];
  out.loopback = a->has("loopback");
  for (const std::string& peer : a->all("peer")) {
    auto endpoint = stream::parse_endpoint(peer);
    if (!endpoint) return usage_error("--peer: '" + peer + "' is not HOST:PORT");
    out.peers.push_back(*endpoint);
  }
  if (auto v = a->get("download-dir")) out.download_dir = *v;
  if (auto v = a->get("trust")) out.trust_file = *v;
  if (auto v = a->get("licence-dir")) out.licence_dir = *v;
  if (auto s = read_listen_options(*a, out); !s) return s.error();
  return out;
}

}  // namespace swarmtv::app
