// The small key files a user is handed: a publisher's public key (`trust add`), the trust store
// itself, a secret key and a bonus content key (`licence issue --bonus-key`). The first byte
// picks the reader; the rest is the file's text.
#include "fuzz_support.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"

using namespace swarmtv;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto store = ads::TrustStore::parse(text);
      if (!store) break;
      for (const auto& key : store->keys()) {
        SWARMTV_FUZZ_CHECK(ads::is_key_id(key.key_id()));
        SWARMTV_FUZZ_CHECK(store->find(key.key_id()) != nullptr);
      }
      break;
    }
    case 1: {
      auto key = ads::PublicKey::parse(text);
      if (!key) break;
      auto again = ads::PublicKey::parse(key->to_file_text());
      SWARMTV_FUZZ_CHECK(again && *again == *key);
      break;
    }
    case 2: {
      // A secret key whose halves disagree must be refused, or it would sign with one key and
      // name another.
      auto pair = ads::PublisherKeyPair::parse_secret(text);
      if (!pair) break;
      const ads::Signature sig = pair->sign("fuzz");
      SWARMTV_FUZZ_CHECK(pair->public_key().verify("fuzz", sig));
      break;
    }
    default: {
      auto key = ads::parse_content_key(text);
      if (!key) break;
      auto again = ads::parse_content_key(ads::content_key_to_file_text(*key));
      SWARMTV_FUZZ_CHECK(again && *again == *key);
      break;
    }
  }
  return 0;
}
