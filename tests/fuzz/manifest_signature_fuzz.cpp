// The manifest's .sig file comes from the torrent. Input: the .sig text, a NUL byte, then the
// manifest bytes it claims to sign; verified against a store trusting the seeds' key.
#include "fuzz_keys.h"
#include "fuzz_support.h"
#include "swarmtv/ads/manifest_signature.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = fuzz::as_text(data, size);
  const auto nul = input.find('\0');
  const std::string_view sig = input.substr(0, nul);
  const std::string_view manifest =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  if (auto parsed = ads::ManifestSignature::parse(sig)) {
    SWARMTV_FUZZ_CHECK(ads::is_key_id(parsed->key_id));
    auto again = ads::ManifestSignature::parse(parsed->to_text());
    SWARMTV_FUZZ_CHECK(again && again->key_id == parsed->key_id &&
                       again->signature == parsed->signature);
  }
  for (const auto& text :
       {std::optional<std::string_view>(sig), std::optional<std::string_view>()}) {
    const auto v = ads::verify_manifest(manifest, text, fuzz::fuzz_trust());
    // What the player prints: one line, no terminal escapes from the file.
    SWARMTV_FUZZ_CHECK(fuzz::printable(v.message));
    SWARMTV_FUZZ_CHECK(v.key_id.empty() || ads::is_key_id(v.key_id));
    if (v.ok()) SWARMTV_FUZZ_CHECK(fuzz::fuzz_trust().find(v.key_id));
  }
  return 0;
}
