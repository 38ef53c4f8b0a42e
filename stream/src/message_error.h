// An std::error_code that carries a one-line message: a ByteSource read error is only an
// error_code, and the demuxer prints its message(), so this is how "no data from the swarm for
// 30 s" or "no space left on the device for DIR" reaches the user instead of "Input/output error".
#pragma once

#include <string>
#include <system_error>

namespace swarmtv::stream::aux {

// The same message always gives the same code. Past a few hundred distinct messages (the
// process would have to invent them), it gives std::errc::io_error.
std::error_code message_error_code(const std::string& message);

}  // namespace swarmtv::stream::aux
