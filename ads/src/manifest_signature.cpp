#include "swarmtv/ads/manifest_signature.h"

#include <system_error>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "json_fields.h"

namespace swarmtv::ads {

ManifestSignature ManifestSignature::sign(std::string_view manifest_bytes,
                                          const PublisherKeyPair& key) {
  return ManifestSignature{key.public_key().key_id(), key.sign(manifest_bytes)};
}

Result<ManifestSignature> ManifestSignature::parse(std::string_view text) {
  auto doc = internal::parse_json(text, "the signature file");
  if (!doc) return doc.error();
  auto r = internal::ObjectReader::open(*doc, "");
  if (!r) return r.error();
  std::string algorithm, hex;
  ManifestSignature sig;
  SWARMTV_ADS_TRY(r->string("algorithm", algorithm));
  SWARMTV_ADS_TRY(r->string("key_id", sig.key_id));
  SWARMTV_ADS_TRY(r->string("signature", hex));
  SWARMTV_ADS_TRY(r->finish());
  if (!is_key_id(sig.key_id))
    return internal::field_error("key_id", "not a key id (16 hexadecimal digits)");
  if (algorithm != "ed25519") {
    return internal::field_error("algorithm", "only \"ed25519\" is supported");
  }
  auto s = signature_from_hex(hex);
  if (!s) return internal::field_error("signature", s.error().message);
  sig.signature = *s;
  return sig;
}

std::string ManifestSignature::to_text() const {
  nlohmann::json doc = {
      {"algorithm", "ed25519"}, {"key_id", key_id}, {"signature", signature_to_hex(signature)}};
  return doc.dump() + "\n";
}

ManifestVerification verify_manifest(std::string_view manifest_bytes,
                                     std::optional<std::string_view> signature_text,
                                     const TrustStore& trust) {
  ManifestVerification v;
  if (!signature_text) {
    v.trust = ManifestTrust::unsigned_manifest;
    v.message = "the bundle manifest is not signed; refusing it";
    return v;
  }
  auto sig = ManifestSignature::parse(*signature_text);
  if (!sig) {
    v.trust = ManifestTrust::bad_signature;
    v.message = "the manifest's signature file is malformed (" + sig.error().message + ")";
    return v;
  }
  v.key_id = sig->key_id;
  const PublicKey* key = trust.find(sig->key_id);
  if (!key) {
    v.trust = ManifestTrust::untrusted_key;
    v.message = "the manifest is signed by key " + sig->key_id.substr(0, 16) +
                ", which is not among your trusted publisher keys";
    return v;
  }
  if (!key->verify(manifest_bytes, sig->signature)) {
    v.trust = ManifestTrust::bad_signature;
    v.message = "the manifest's signature does not match its content (tampered or corrupted)";
    return v;
  }
  v.trust = ManifestTrust::valid;
  v.message = "manifest signed by trusted key " + sig->key_id;
  return v;
}

Result<BundleManifest> load_trusted_manifest(const std::filesystem::path& manifest_path,
                                             const TrustStore& trust) {
  auto bytes = internal::read_file(manifest_path);
  if (!bytes) return bytes.error();
  std::filesystem::path sig_path = manifest_path;
  sig_path += ".sig";
  std::optional<std::string> sig_text;
  std::error_code ec;
  if (std::filesystem::exists(sig_path, ec)) {
    auto t = internal::read_file(sig_path, 1 << 16);
    if (!t) return t.error();
    sig_text = std::move(*t);
  }
  ManifestVerification v = verify_manifest(
      *bytes, sig_text ? std::optional<std::string_view>(*sig_text) : std::nullopt, trust);
  if (!v.ok()) return make_error(Errc::crypto_error, v.message);
  return BundleManifest::parse(*bytes);
}

}  // namespace swarmtv::ads
