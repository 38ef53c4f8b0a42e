// The libtorrent settings each kind of session gets.
#include <catch2/catch.hpp>

#include "swarmtv/stream/session_options.h"

using namespace swarmtv::stream;

TEST_CASE("A premiere's seeder uploads to two viewers at a time, rotated every 5 s",
          "[stream][premiere]") {
  SessionOptions options;
  options.loopback = true;
  const lt::settings_pack plain = make_settings(options);
  options.premiere = true;
  const lt::settings_pack premiere = make_settings(options);
  CHECK(premiere.get_int(lt::settings_pack::unchoke_slots_limit) == 2);
  CHECK(premiere.get_int(lt::settings_pack::unchoke_interval) == 5);
  // A viewer's or an ordinary seeder's session keeps libtorrent's choker as it is.
  CHECK_FALSE(plain.has_val(lt::settings_pack::unchoke_slots_limit));
  CHECK_FALSE(plain.has_val(lt::settings_pack::unchoke_interval));
}
