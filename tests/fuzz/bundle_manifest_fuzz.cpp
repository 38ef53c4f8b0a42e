// The bundle manifest (swarmtv.bundle.json) comes from the torrent: parsed after its signature
// checks, but also shown for a refused bundle (--plain). A manifest that parses must survive its
// own canonical form: those are the bytes a publisher signs.
#include "fuzz_support.h"
#include "swarmtv/ads/bundle_manifest.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto manifest = ads::BundleManifest::parse(fuzz::as_text(data, size));
  if (!manifest) {
    SWARMTV_FUZZ_CHECK(fuzz::printable(manifest.error().message));
    return 0;
  }
  SWARMTV_FUZZ_CHECK(manifest->validate().ok());
  const std::string canonical = manifest->to_canonical_string();
  auto again = ads::BundleManifest::parse(canonical);
  SWARMTV_FUZZ_CHECK(again.ok());
  SWARMTV_FUZZ_CHECK(*again == *manifest);
  SWARMTV_FUZZ_CHECK(again->to_canonical_string() == canonical);
  for (const auto& e : manifest->episodes) SWARMTV_FUZZ_CHECK(manifest->find_episode(e.number));
  for (const auto& c : manifest->sponsor_clips) SWARMTV_FUZZ_CHECK(manifest->find_clip(c.id));
  return 0;
}
