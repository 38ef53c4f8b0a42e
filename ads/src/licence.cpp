#include "swarmtv/ads/licence.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "file_util.h"
#include "json_fields.h"
#include "swarmtv/base/enum_names.h"

namespace swarmtv::ads {
namespace {

using internal::field_error;
using internal::ObjectReader;
using nlohmann::json;

constexpr std::int64_t kMaxTime = 253402300799;  // 9999-12-31T23:59:59Z

std::string canonical(const json& payload) {
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string utc(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

}  // namespace

Result<ContentKey> generate_content_key() {
  if (auto s = internal::ensure_sodium(); !s) return s.error();
  ContentKey key{};
  randombytes_buf(key.data(), key.size());
  return key;
}

Result<std::int64_t> parse_utc_time(std::string_view text) {
  auto bad = [&] {
    return make_error(Errc::invalid_argument,
                      "\"" + std::string(text.substr(0, 40)) +
                          "\" is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, UTC)");
  };
  if (text.size() != 10 && text.size() != 20) return bad();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool digit = c >= '0' && c <= '9';
    const char want = i == 4 || i == 7     ? '-'
                      : i == 10            ? 'T'
                      : i == 13 || i == 16 ? ':'
                      : i == 19            ? 'Z'
                                           : '0';
    if (want == '0' ? !digit : c != want) return bad();
  }
  auto num = [&](std::size_t at, std::size_t len) {
    int v = 0;
    for (std::size_t i = at; i < at + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(5, 2) - 1;
  tm.tm_mday = num(8, 2);
  if (text.size() == 20) {
    tm.tm_hour = num(11, 2);
    tm.tm_min = num(14, 2);
    tm.tm_sec = num(17, 2);
  }
  const int year = tm.tm_year, mon = tm.tm_mon, mday = tm.tm_mday, hour = tm.tm_hour,
            min = tm.tm_min, sec = tm.tm_sec;
  const std::time_t t = timegm(&tm);
  // timegm normalises (Feb 30 -> Mar 2); a date that changed was not a real date.
  if (t == -1 || tm.tm_year != year || tm.tm_mon != mon || tm.tm_mday != mday ||
      tm.tm_hour != hour || tm.tm_min != min || tm.tm_sec != sec || year < 70) {
    return bad();
  }
  return static_cast<std::int64_t>(t);
}

bool Licence::has_grant(Grant g) const {
  return std::find(grants.begin(), grants.end(), g) != grants.end();
}

bool Licence::covers_season(int season) const {
  return std::find(seasons.begin(), seasons.end(), season) != seasons.end();
}

Result<Licence> Licence::from_json(const json& payload) {
  auto r = ObjectReader::open(payload, "payload");
  if (!r) return r.error();
  Licence l;
  const json* seasons = nullptr;
  const json* grants = nullptr;
  std::optional<std::string> key_hex;
  SWARMTV_ADS_TRY(r->identifier("licence_id", l.licence_id));
  SWARMTV_ADS_TRY(r->identifier("series", l.series));
  SWARMTV_ADS_TRY(r->array("seasons", seasons));
  SWARMTV_ADS_TRY(r->array("grants", grants));
  SWARMTV_ADS_TRY(r->integer("issued_at", 0, kMaxTime, l.issued_at));
  SWARMTV_ADS_TRY(r->optional_integer("not_before", 0, kMaxTime, l.not_before));
  SWARMTV_ADS_TRY(r->optional_integer("expires_at", 0, kMaxTime, l.expires_at));
  SWARMTV_ADS_TRY(r->optional_string("bonus_key", key_hex));
  SWARMTV_ADS_TRY(r->finish());
  if (seasons->empty()) return field_error("payload.seasons", "covers no season");
  for (const json& s : *seasons) {
    if (!s.is_number_integer() || s.get<std::int64_t>() < 0 || s.get<std::int64_t>() > 9999) {
      return field_error("payload.seasons", "expected season numbers 0..9999");
    }
    l.seasons.push_back(s.get<int>());
  }
  if (grants->empty()) return field_error("payload.grants", "grants nothing");
  for (const json& g : *grants) {
    auto grant = g.is_string() ? parse_grant(g.get_ref<const std::string&>()) : std::nullopt;
    if (!grant) return field_error("payload.grants", "expected \"ad-free\" or \"bonus\"");
    if (!l.has_grant(*grant)) l.grants.push_back(*grant);
  }
  if (l.not_before && l.expires_at && *l.expires_at <= *l.not_before) {
    return field_error("payload.expires_at", "is not after not_before");
  }
  if (key_hex) {
    ContentKey key{};
    if (!internal::from_hex(*key_hex, key)) {
      return field_error("payload.bonus_key", "expected 64 hex digits");
    }
    l.bonus_key = key;
  }
  return l;
}

json Licence::to_json() const {
  json grant_list = json::array();
  for (Grant g : grants) grant_list.push_back(std::string(to_string(g)));
  json j = {{"licence_id", licence_id},
            {"series", series},
            {"seasons", seasons},
            {"grants", grant_list},
            {"issued_at", issued_at}};
  if (not_before) j["not_before"] = *not_before;
  if (expires_at) j["expires_at"] = *expires_at;
  if (bonus_key) j["bonus_key"] = internal::to_hex(*bonus_key);
  return j;
}

std::string_view to_string(LicenceStatus status) {
  static constexpr std::array<std::string_view, 10> kNames{
      "valid",   "malformed",     "untrusted key", "tampered payload", "forged signature",
      "expired", "not yet valid", "other series",  "other season",     "other publisher"};
  return enum_name(status, kNames);
}

Result<LicenceToken> LicenceToken::issue(const Licence& licence, const PublisherKeyPair& key) {
  json payload = licence.to_json();
  // Validate through the reader so the publisher can never sign what players would refuse.
  auto check = Licence::from_json(payload);
  if (!check) return check.error();
  LicenceToken t;
  t.payload_text_ = canonical(payload);
  t.payload_digest_ = internal::digest_hex(t.payload_text_);
  t.key_id_ = key.public_key().key_id();
  t.signature_hex_ = signature_to_hex(key.sign(t.payload_text_));
  t.claimed_id_ = licence.licence_id;
  return t;
}

Result<LicenceToken> LicenceToken::parse(std::string_view text) {
  auto doc = internal::parse_json(text, "the licence");
  if (!doc) return doc.error();
  auto r = ObjectReader::open(*doc, "");
  if (!r) return r.error();
  LicenceToken t;
  std::int64_t format = 0;
  SWARMTV_ADS_TRY(r->integer("format", 1, 1, format));
  const json* payload = r->get("payload");
  if (!payload || !payload->is_object()) {
    return field_error("payload", "missing (an object is required)");
  }
  SWARMTV_ADS_TRY(r->string("payload_digest", t.payload_digest_));
  SWARMTV_ADS_TRY(r->string("key_id", t.key_id_));
  SWARMTV_ADS_TRY(r->string("signature", t.signature_hex_));
  SWARMTV_ADS_TRY(r->finish());
  if (!is_key_id(t.key_id_)) return field_error("key_id", "not a key id (16 hexadecimal digits)");
  t.payload_text_ = canonical(*payload);
  auto id = payload->find("licence_id");
  if (id == payload->end() || !id->is_string() ||
      !internal::is_identifier(id->get<std::string>())) {
    return field_error("payload.licence_id", "missing or not an identifier");
  }
  t.claimed_id_ = id->get<std::string>();
  return t;
}

std::string LicenceToken::to_text() const {
  auto payload = internal::parse_json(payload_text_, "the payload");
  json doc = {{"format", 1},
              {"payload", payload ? *payload : json::object()},
              {"payload_digest", payload_digest_},
              {"key_id", key_id_},
              {"signature", signature_hex_}};
  return doc.dump(2) + "\n";
}

LicenceCheck LicenceToken::verify(const TrustStore& trust, std::string_view series, int season,
                                  Clock::time_point now) const {
  LicenceCheck c;
  const std::string name = "licence " + claimed_id_;
  auto fail = [&](LicenceStatus s, std::string why) {
    c.status = s;
    c.message = name + ": " + std::move(why);
    return c;
  };
  const PublicKey* key = trust.find(key_id_);
  if (!key) {
    return fail(LicenceStatus::untrusted_key,
                "signed by key " + key_id_.substr(0, 16) + ", which you have not trusted");
  }
  if (internal::digest_hex(payload_text_) != payload_digest_) {
    return fail(LicenceStatus::tampered_payload, "its content was changed after it was signed");
  }
  auto sig = signature_from_hex(signature_hex_);
  if (!sig || !key->verify(payload_text_, *sig)) {
    return fail(LicenceStatus::forged_signature,
                "its signature was not made by the publisher key it names");
  }
  auto payload = internal::parse_json(payload_text_, "the payload");
  if (!payload) return fail(LicenceStatus::malformed, payload.error().message);
  auto licence = Licence::from_json(*payload);
  if (!licence) return fail(LicenceStatus::malformed, licence.error().message);
  c.licence = *licence;
  if (licence->series != series) {
    return fail(LicenceStatus::other_series,
                "is for series \"" + licence->series + "\", not \"" + std::string(series) + "\"");
  }
  if (!licence->covers_season(season)) {
    return fail(LicenceStatus::other_season,
                "does not cover season " + std::to_string(season) + " of this series");
  }
  const std::int64_t t =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (licence->not_before && t < *licence->not_before) {
    return fail(LicenceStatus::not_yet_valid, "is not valid before " + utc(*licence->not_before));
  }
  if (licence->expires_at && t >= *licence->expires_at) {
    return fail(LicenceStatus::expired, "expired on " + utc(*licence->expires_at));
  }
  c.status = LicenceStatus::valid;
  c.message = name + ": valid";
  return c;
}

}  // namespace swarmtv::ads
