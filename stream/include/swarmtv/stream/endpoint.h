// Peer addresses as users write them (--peer HOST:PORT).
#pragma once

#include <optional>
#include <string_view>

#include <libtorrent/socket.hpp>

namespace swarmtv::stream {

// "HOST:PORT" or "[V6]:PORT" with a numeric address and a port from 1 to 65535, nothing else.
std::optional<lt::tcp::endpoint> parse_endpoint(std::string_view text);

}  // namespace swarmtv::stream
