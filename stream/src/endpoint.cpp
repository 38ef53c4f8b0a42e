#include "swarmtv/stream/endpoint.h"

#include <charconv>
#include <string>

#include <boost/asio/ip/address.hpp>

namespace swarmtv::stream {

std::optional<lt::tcp::endpoint> parse_endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string host(text.substr(0, colon));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  const std::string_view port_text = text.substr(colon + 1);
  long port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec || port_text.empty() || error != std::errc() ||
      end != port_text.data() + port_text.size() || port <= 0 || port > 65535)
    return std::nullopt;
  return lt::tcp::endpoint(address, static_cast<unsigned short>(port));
}

}  // namespace swarmtv::stream
