#include <catch2/catch.hpp>

#include <sodium.h>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/licence_store.h"
#include "test_support.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using Catch::Matchers::Contains;
using nlohmann::json;
using swarmtv::test::TempDir;

namespace {

constexpr std::int64_t kJan1 = 1767225600;  // 2026-01-01T00:00:00Z
constexpr std::int64_t kDay = 86400;

Licence sample_licence(std::vector<Grant> grants = {Grant::ad_free}) {
  Licence l;
  l.licence_id = "L-0001";
  l.series = "demo";
  l.seasons = {1};
  l.grants = std::move(grants);
  l.issued_at = kJan1 - kDay;
  return l;
}

std::string blake2b_hex(const std::string& data) {
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  char hex[2 * sizeof hash + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

ContentKey test_key() {
  ContentKey k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<unsigned char>(i);
  return k;
}

LicenceToken issue(const Licence& l, const PublisherKeyPair& key) {
  auto t = LicenceToken::issue(l, key);
  REQUIRE(t.ok());
  return *t;
}

// The licence file with its JSON edited, re-parsed.
LicenceToken edited(const LicenceToken& t, const std::function<void(json&)>& edit) {
  json doc = json::parse(t.to_text());
  edit(doc);
  auto parsed = LicenceToken::parse(doc.dump(2));
  REQUIRE(parsed.ok());
  return *parsed;
}

struct Fixture {
  PublisherKeyPair publisher = key_from_byte(7);
  PublisherKeyPair stranger = key_from_byte(8);
  TrustStore trust;
  Fixture() { trust.add(publisher.public_key()); }
  LicenceCheck check(const LicenceToken& t, std::string_view series = "demo", int season = 1,
                     Clock::time_point now = jan_1_2026()) {
    return t.verify(trust, series, season, now);
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "licence: a valid licence verifies and round-trips through its file",
                 "[ads][licence]") {
  Licence l = sample_licence({Grant::ad_free, Grant::bonus});
  l.bonus_key = test_key();
  l.expires_at = kJan1 + 365 * kDay;
  LicenceToken t = issue(l, publisher);
  auto reparsed = LicenceToken::parse(t.to_text());
  REQUIRE(reparsed.ok());
  LicenceCheck c = check(*reparsed);
  CHECK(c.status == LicenceStatus::valid);
  REQUIRE(c.licence.has_value());
  CHECK(*c.licence == l);
  CHECK(c.licence->bonus_key == test_key());
  CHECK(reparsed->claimed_id() == "L-0001");
  CHECK(reparsed->key_id() == publisher.public_key().key_id());
}

TEST_CASE_METHOD(Fixture, "licence: each refusal has its own status and one-line message",
                 "[ads][licence]") {
  Licence l = sample_licence();
  l.not_before = kJan1 - kDay;
  l.expires_at = kJan1 + 30 * kDay;
  LicenceToken good = issue(l, publisher);
  REQUIRE(check(good).ok());

  struct Expect {
    LicenceStatus status;
    const char* words;
  };
  auto expect = [&](const LicenceCheck& c, Expect e) {
    CHECK(c.status == e.status);
    CHECK_FALSE(c.ok());
    CHECK_THAT(c.message, Contains("licence L-0001") && Contains(e.words));
    CHECK(c.message.find('\n') == std::string::npos);
  };

  SECTION("forged signature: the signature is not the named key's") {
    LicenceToken forged = edited(good, [&](json& d) {
      d["signature"] = signature_to_hex(stranger.sign(json(d["payload"]).dump()));
    });
    expect(check(forged), {LicenceStatus::forged_signature, "signature"});
    // A signature that is not even hex is a forgery too, not a crash.
    expect(check(edited(good, [](json& d) { d["signature"] = "zz"; })),
           {LicenceStatus::forged_signature, "signature"});
  }
  SECTION("tampered payload: edited after signing") {
    LicenceToken tampered = edited(good, [](json& d) { d["payload"]["seasons"] = {1, 2, 3}; });
    expect(check(tampered), {LicenceStatus::tampered_payload, "changed after it was signed"});
    // Tampering plus a recomputed digest is still caught, by the signature: a forgery.
    LicenceToken redigested = edited(good, [](json& d) {
      d["payload"]["expires_at"] = kJan1 + 9999 * kDay;
      d["payload_digest"] = blake2b_hex(d["payload"].dump());
    });
    CHECK(check(redigested).status == LicenceStatus::forged_signature);
  }
  SECTION("expired") {
    expect(check(good, "demo", 1, jan_1_2026() + std::chrono::hours(24 * 31)),
           {LicenceStatus::expired, "expired on 2026-01-31"});
    // Exactly at expires_at it is already expired; a second before, it is valid.
    auto at = Clock::time_point(std::chrono::seconds(*l.expires_at));
    CHECK(check(good, "demo", 1, at).status == LicenceStatus::expired);
    CHECK(check(good, "demo", 1, at - std::chrono::seconds(1)).ok());
  }
  SECTION("not yet valid") {
    expect(check(good, "demo", 1, jan_1_2026() - std::chrono::hours(48)),
           {LicenceStatus::not_yet_valid, "not valid before 2025-12-31"});
  }
  SECTION("other series") {
    expect(check(good, "other-show", 1), {LicenceStatus::other_series, "\"other-show\""});
  }
  SECTION("other season: a season 1 licence does not cover season 2") {
    expect(check(good, "demo", 2), {LicenceStatus::other_season, "season 2"});
  }
  SECTION("untrusted key") {
    LicenceToken foreign = issue(l, stranger);
    expect(check(foreign), {LicenceStatus::untrusted_key, "not trusted"});
    CHECK(good.verify(TrustStore(), "demo", 1, jan_1_2026()).status ==
          LicenceStatus::untrusted_key);
  }
}

TEST_CASE_METHOD(Fixture, "licence: issuing refuses payloads players would refuse",
                 "[ads][licence]") {
  Licence l = sample_licence();
  l.seasons.clear();
  CHECK_FALSE(LicenceToken::issue(l, publisher).ok());
  l = sample_licence();
  l.licence_id = "../../etc/passwd";
  CHECK_FALSE(LicenceToken::issue(l, publisher).ok());
  l = sample_licence();
  l.not_before = 100;
  l.expires_at = 50;
  CHECK_FALSE(LicenceToken::issue(l, publisher).ok());
}

TEST_CASE("licence: malformed licence files are refused, not crashed on", "[ads][licence]") {
  const char* inputs[] = {
      "",
      "{}",
      "[]",
      R"({"format":1})",
      R"({"format":1,"payload":{},"payload_digest":"a","key_id":"b","signature":"c"})",
      R"({"format":2,"payload":{"licence_id":"x"},"payload_digest":"a","key_id":"b","signature":"c"})"};
  for (const char* text : inputs) {
    INFO(text);
    auto t = LicenceToken::parse(text);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message.find('\n') == std::string::npos);
  }
}

TEST_CASE_METHOD(Fixture, "licence store: add, list, replace, reject garbage", "[ads][licence]") {
  TempDir dir("ads-licences");
  LicenceStore store(dir / "licences");
  CHECK(store.load_all().empty());  // the directory does not exist yet

  std::ofstream(dir / "bought.json") << issue(sample_licence(), publisher).to_text();
  auto stored = store.add(dir / "bought.json");
  REQUIRE(stored.ok());
  CHECK(stored->filename() == "L-0001.licence.json");
  CHECK(std::filesystem::exists(*stored));

  Licence second = sample_licence();
  second.licence_id = "L-0002";
  REQUIRE(store.add_text(issue(second, publisher).to_text()).ok());
  // Re-adding the same licence stores nothing new.
  REQUIRE(store.add_text(issue(sample_licence(), publisher).to_text()).ok());

  std::ofstream(dir / "junk.json") << "not a licence";
  auto junk = store.add(dir / "junk.json");
  REQUIRE_FALSE(junk.ok());
  CHECK_THAT(junk.error().message, Contains("junk.json") && Contains("not a licence"));

  // A corrupted file in the store is reported, the others still load.
  std::ofstream(dir / "licences" / "broken.licence.json") << "{";
  auto entries = store.load_all();
  REQUIRE(entries.size() == 3);
  CHECK(store.tokens().size() == 2);
  CHECK(entries[2].file.filename() == "broken.licence.json");
  CHECK_FALSE(entries[2].token.has_value());
  CHECK_FALSE(entries[2].error.empty());
  for (const LicenceToken& t : store.tokens()) CHECK(check(t).ok());
}

TEST_CASE("licence store: default directory follows XDG", "[ads][licence]") {
  const char* old_xdg = std::getenv("XDG_DATA_HOME");
  const std::string saved = old_xdg ? old_xdg : "";
  ::setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
  CHECK(*LicenceStore::default_directory() == "/tmp/xdg-test/swarmtv/licences");
  ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
  ::setenv("HOME", "/home/viewer", 1);
  CHECK(*LicenceStore::default_directory() == "/home/viewer/.local/share/swarmtv/licences");
  if (old_xdg) {
    ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_DATA_HOME");
  }
}

TEST_CASE_METHOD(Fixture, "tiers: derived from valid licences", "[ads][tier]") {
  BundleManifest m = sample_manifest();
  const Episode& pilot = *m.find_episode(0);
  const Episode& ep1 = *m.find_episode(1);
  auto resolve = [&](const std::vector<LicenceToken>& tokens, int season = 1) {
    return resolve_entitlement("demo", season, tokens, trust, jan_1_2026());
  };

  SECTION("no licence: free, ads except in the pilot") {
    Entitlement e = resolve({});
    CHECK(e.tier == Tier::free);
    CHECK(episode_shows_ads(e, ep1));
    CHECK_FALSE(episode_shows_ads(e, pilot));
    CHECK_THAT(e.explanation(), Contains("free tier"));
  }
  SECTION("ad-free licence") {
    Entitlement e = resolve({issue(sample_licence(), publisher)});
    CHECK(e.tier == Tier::ad_free);
    CHECK(e.ad_free());
    CHECK_FALSE(e.bonus_unlocked());
    CHECK_FALSE(episode_shows_ads(e, ep1));
    CHECK(e.licence_ids == std::vector<std::string>{"L-0001"});
  }
  SECTION("premium implies ad-free and carries the bonus key") {
    Licence l = sample_licence(*grants_for_product("premium"));
    l.bonus_key = test_key();
    Entitlement e = resolve({issue(l, publisher)});
    CHECK(e.tier == Tier::premium);
    CHECK(e.ad_free());
    CHECK(e.bonus_unlocked());
    CHECK(e.bonus_key == test_key());
    CHECK_FALSE(episode_shows_ads(e, ep1));
  }
  SECTION("grants from two licences add up to premium") {
    Licence bonus = sample_licence({Grant::bonus});
    bonus.licence_id = "L-0002";
    bonus.bonus_key = test_key();
    Entitlement only_bonus = resolve({issue(bonus, publisher)});
    CHECK(only_bonus.tier == Tier::free);  // bonus alone is not a tier; ads stay
    CHECK_FALSE(only_bonus.bonus_key.has_value());
    Entitlement both = resolve({issue(sample_licence(), publisher), issue(bonus, publisher)});
    CHECK(both.tier == Tier::premium);
  }
  SECTION("a season 1 licence does not cover season 2") {
    Entitlement e = resolve({issue(sample_licence(), publisher)}, 2);
    CHECK(e.tier == Tier::free);
    CHECK_THAT(e.explanation(), Contains("does not cover season 2"));
  }
  SECTION("an invalid licence means the free tier with an explanation, never a block") {
    Licence l = sample_licence();
    l.expires_at = kJan1 - 1;
    Entitlement e = resolve({issue(l, publisher)});
    CHECK(e.tier == Tier::free);
    CHECK_THAT(e.explanation(), Contains("free tier") && Contains("expired"));
    REQUIRE(e.checks.size() == 1);
    CHECK(e.checks[0].status == LicenceStatus::expired);
    // Free content still plays: the pilot stays ad-free, episodes play with ads.
    CHECK_FALSE(episode_shows_ads(e, pilot));
    CHECK(episode_shows_ads(e, ep1));
  }
  SECTION("a forged licence beside a valid one does not spoil it") {
    LicenceToken forged = edited(issue(sample_licence(), publisher), [](json& d) {
      d["payload"]["seasons"] = {1, 2};
    });
    Entitlement e = resolve({forged, issue(sample_licence(), publisher)});
    CHECK(e.tier == Tier::ad_free);
    CHECK(e.checks.size() == 2);
  }
}

TEST_CASE("licence helpers: UTC dates for --expires, random content keys", "[ads][licence]") {
  CHECK(*parse_utc_time("2026-01-01") == kJan1);
  CHECK(*parse_utc_time("2026-01-31T12:30:05Z") == kJan1 + 30 * kDay + 12 * 3600 + 30 * 60 + 5);
  CHECK(*parse_utc_time("2024-02-29") == 1709164800);
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-01-01", "2026-01-01T10:00:00",
                          "2026-01-01 10:00:00Z", "tomorrow", "", "1969-12-31"}) {
    INFO(bad);
    auto t = parse_utc_time(bad);
    REQUIRE_FALSE(t.ok());
    CHECK_THAT(t.error().message, Contains("YYYY-MM-DD"));
  }
  auto a = generate_content_key(), b = generate_content_key();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
}

TEST_CASE_METHOD(Fixture, "tiers: a licence counts only when the season's publisher signed it",
                 "[ads][tier]") {
  // Both keys are trusted; the season's manifest was signed by `publisher`.
  trust.add(stranger.public_key());
  const std::string season_key = publisher.public_key().key_id();
  const std::vector<LicenceToken> other{issue(sample_licence(), stranger)};
  const Entitlement refused =
      resolve_entitlement("demo", 1, other, trust, jan_1_2026(), season_key);
  CHECK(refused.tier == Tier::free);
  REQUIRE(refused.checks.size() == 1);
  CHECK(refused.checks[0].status == LicenceStatus::other_publisher);
  CHECK_THAT(refused.explanation(), Contains("not by this season's publisher"));

  const std::vector<LicenceToken> own{issue(sample_licence(), publisher)};
  CHECK(resolve_entitlement("demo", 1, own, trust, jan_1_2026(), season_key).tier == Tier::ad_free);
}

TEST_CASE_METHOD(Fixture, "licence: a key id holding terminal escapes is refused unprinted",
                 "[ads][licence]") {
  json doc = json::parse(issue(sample_licence(), publisher).to_text());
  doc["key_id"] = "\x1b[31mred\x1b[0m12345";
  auto parsed = LicenceToken::parse(doc.dump(2));
  REQUIRE_FALSE(parsed);
  CHECK(parsed.error().message.find('\x1b') == std::string::npos);
  CHECK_THAT(parsed.error().message, Contains("key_id"));
}

TEST_CASE_METHOD(Fixture, "licence store: a different licence with the same id is kept beside",
                 "[ads][licence]") {
  swarmtv::test::TempDir dir("licence-same-id");
  LicenceStore store(dir / "licences");
  Licence premium = sample_licence({Grant::ad_free, Grant::bonus});
  premium.bonus_key = ContentKey{};
  premium.bonus_key->fill(3);
  const auto first = store.add_text(issue(premium, publisher).to_text());
  REQUIRE(first.ok());
  Licence other = sample_licence();  // the same id, another series
  other.series = "another-show";
  const auto second = store.add_text(issue(other, publisher).to_text());
  REQUIRE(second.ok());
  CHECK(*second != *first);
  CHECK(store.tokens().size() == 2);  // the premium licence and its bonus key are still there
  // The same licence again stores nothing new.
  CHECK(*store.add_text(issue(other, publisher).to_text()) == *second);
  CHECK(store.load_all().size() == 2);
}
