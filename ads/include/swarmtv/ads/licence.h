// Licences: small publisher-signed tokens that unlock the ad-free and bonus grants for some
// seasons of one series. One JSON file per licence:
//   {
//     "format": 1,
//     "payload": {"licence_id": "L-0001", "series": "demo", "seasons": [1],
//                 "grants": ["ad-free", "bonus"], "issued_at": 1767225600,
//                 "not_before": 1767225600, "expires_at": 1798761600,      // both optional
//                 "bonus_key": "<64 hex>"},                                 // premium only
//     "payload_digest": "<BLAKE2b-256 of the canonical payload, hex>",
//     "key_id": "<16 hex: the signing key's fingerprint>",
//     "signature": "<Ed25519 over the canonical payload, 128 hex>"
//   }
// The canonical payload is the payload object serialised with sorted keys and no whitespace.
// The digest exists only to tell the user *what* went wrong: a payload edited by hand no longer
// matches its digest ("tampered"); a matching digest with a signature that does not verify
// means the signature was made up ("forged"). Both are refused alike.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "swarmtv/ads/grant.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/base/result.h"

namespace swarmtv::ads {

using Clock = std::chrono::system_clock;

// The 32-byte key of the bonus files' AEAD encryption, carried by premium licences.
using ContentKey = std::array<unsigned char, 32>;

// A fresh random content key (libsodium's CSPRNG), for `bundle create` to encrypt bonus files.
Result<ContentKey> generate_content_key();

// Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDThh:mm:ssZ" into Unix seconds, for
// `licence issue --expires ...`. Anything else is an error naming the accepted forms.
Result<std::int64_t> parse_utc_time(std::string_view text);

// What a licence says (its payload).
struct Licence {
  std::string licence_id;  // identifier; also the file name in the licence store
  std::string series;      // series id, as in the manifest
  std::vector<int> seasons;
  std::vector<Grant> grants;
  std::int64_t issued_at = 0;  // Unix seconds
  std::optional<std::int64_t> not_before;
  std::optional<std::int64_t> expires_at;  // valid while now < expires_at
  std::optional<ContentKey> bonus_key;

  bool has_grant(Grant g) const;
  bool covers_season(int season) const;

  // Strict validation of a payload object (unknown fields refused, ids checked, ...).
  static Result<Licence> from_json(const nlohmann::json& payload);
  nlohmann::json to_json() const;
  friend bool operator==(const Licence&, const Licence&) = default;
};

enum class LicenceStatus {
  valid,
  malformed,         // not a licence file, or a signed payload that fails validation
  untrusted_key,     // signed by a key the user has not configured as trusted
  tampered_payload,  // the payload was changed after signing
  forged_signature,  // the signature was not made by the named (trusted) key
  expired,
  not_yet_valid,
  other_series,
  other_season,
  other_publisher,  // valid, but signed by another key than the one that signed the season
};

std::string_view to_string(LicenceStatus status);

struct LicenceCheck {
  LicenceStatus status = LicenceStatus::malformed;
  std::string message;             // one line, names the licence
  std::optional<Licence> licence;  // the payload when the signature checked out
  bool ok() const { return status == LicenceStatus::valid; }
};

// The signed envelope. Parsing checks the envelope's shape only; verify() decides validity.
class LicenceToken {
 public:
  // Signs `licence` (after validating it) with the publisher key.
  static Result<LicenceToken> issue(const Licence& licence, const PublisherKeyPair& key);
  static Result<LicenceToken> parse(std::string_view text);

  std::string to_text() const;  // the licence file's content (pretty JSON + newline)

  // The payload's licence id, read without any verification (for naming and messages only).
  const std::string& claimed_id() const { return claimed_id_; }
  const std::string& key_id() const { return key_id_; }

  // Full verification for one season of one series, at time `now`.
  LicenceCheck verify(const TrustStore& trust, std::string_view series, int season,
                      Clock::time_point now) const;

 private:
  LicenceToken() = default;
  std::string payload_text_;  // canonical payload bytes, exactly what was signed
  std::string payload_digest_;
  std::string key_id_;
  std::string signature_hex_;
  std::string claimed_id_;
};

}  // namespace swarmtv::ads
