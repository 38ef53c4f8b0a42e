#include <catch2/catch.hpp>

#include <functional>

#include <nlohmann/json.hpp>

#include "ads_test_util.h"
#include "swarmtv/ads/bundle_manifest.h"

using namespace swarmtv;
using namespace swarmtv::ads;
using namespace swarmtv::ads::test;
using nlohmann::json;

TEST_CASE("manifest: the sample parses with every field", "[ads][manifest]") {
  auto m = BundleManifest::parse(sample_manifest_json().dump());
  REQUIRE(m.ok());
  CHECK(m->series.id == "demo");
  CHECK(m->series.title == "Demo Series");
  CHECK(m->season == 1);
  REQUIRE(m->episodes.size() == 3);
  CHECK(m->episodes[0].pilot);
  CHECK_FALSE(m->episodes[1].pilot);
  CHECK(m->episodes[1].duration == sec(600));
  REQUIRE(m->episodes[1].ad_breaks.has_value());
  CHECK(m->episodes[1].ad_breaks->size() == 3);
  // Absent ad_breaks means "use the container's chapters", distinct from an empty list.
  CHECK_FALSE(m->episodes[2].ad_breaks.has_value());
  REQUIRE(m->sponsor_clips.size() == 4);
  CHECK(m->sponsor_clips[0].skip_offset->resolve(m->sponsor_clips[0].duration) == sec(5));
  CHECK(m->sponsor_clips[2].skip_offset->resolve(m->sponsor_clips[2].duration) == sec(5));
  CHECK(m->sponsor_clips[3].skip_offset->resolve(m->sponsor_clips[3].duration) == sec(6));
  CHECK_FALSE(m->sponsor_clips[1].skip_offset.has_value());
  CHECK(m->sponsor_clips[0].loudness_lufs == -17.0);
  CHECK(m->ad_policy.clips_per_break == 2);
  CHECK(m->ad_policy.frequency_caps.at("cola-1").per_day == 2);
  CHECK(m->ad_policy.frequency_caps.at("cola-1").total == 3);
  REQUIRE(m->products.size() == 2);
  CHECK(m->products[1].grants == std::vector<Grant>{Grant::ad_free, Grant::bonus});
  REQUIRE(m->bonus.size() == 1);
  CHECK(m->bonus[0].chunk_size == 65536);
  CHECK(m->find_episode(1)->title == "One");
  CHECK(m->find_episode(7) == nullptr);
  CHECK(m->find_clip("bolt-1")->advertiser == "Bolt");
}

TEST_CASE("manifest: optional fields take their defaults", "[ads][manifest]") {
  auto m = BundleManifest::parse(R"({"format": 1, "series": {"id": "s", "title": "S"},
      "season": 2, "episodes": [{"file": "e.mkv", "number": 1, "title": "E"}]})");
  REQUIRE(m.ok());
  CHECK(m->season == 2);
  CHECK(m->sponsor_clips.empty());
  CHECK(m->ad_policy.pre_roll);
  CHECK(m->ad_policy.post_roll);
  CHECK(m->ad_policy.clips_per_break == 2);
  CHECK_FALSE(m->episodes[0].pilot);
  CHECK_FALSE(m->episodes[0].duration.has_value());
}

TEST_CASE("manifest: canonical serialisation is deterministic and round-trips", "[ads][manifest]") {
  BundleManifest m = sample_manifest();
  const std::string a = m.to_canonical_string();
  // Key order in the input does not matter: reordering the JSON gives the same bytes.
  json reordered = json::parse(a);
  auto again = BundleManifest::parse(reordered.dump(4));
  REQUIRE(again.ok());
  CHECK(*again == m);
  CHECK(again->to_canonical_string() == a);
  CHECK(a.back() == '\n');
  CHECK(a.find("  ") == std::string::npos);
  // Sorted keys: "ad_policy" comes before "bonus" before "episodes" before "format".
  CHECK(a.find("\"ad_policy\"") < a.find("\"bonus\""));
  CHECK(a.find("\"bonus\"") < a.find("\"episodes\""));
  CHECK(a.find("\"episodes\"") < a.find("\"format\""));
  // Break positions keep their written form.
  CHECK(a.find("\"00:03:20\"") != std::string::npos);
  CHECK(a.find("\"50%\"") != std::string::npos);
}

namespace {

// Applies `edit` to the sample and returns the parse error (failing the test if it parses).
std::string error_after(const std::function<void(json&)>& edit) {
  json doc = sample_manifest_json();
  edit(doc);
  auto m = BundleManifest::parse(doc.dump());
  if (m.ok()) return "<parsed>";
  CHECK(m.error().code == Errc::parse_error);
  CHECK(m.error().message.find('\n') == std::string::npos);
  return m.error().message;
}

}  // namespace

TEST_CASE("manifest: malformed manifests are refused with a one-line error", "[ads][manifest]") {
  using Catch::Matchers::Contains;
  struct Case {
    const char* name;
    std::function<void(json&)> edit;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"wrong format version", [](json& d) { d["format"] = 2; }, "format: version 2"},
      {"format as string", [](json& d) { d["format"] = "1"; }, "format: expected an integer"},
      {"no series", [](json& d) { d.erase("series"); }, "series: missing"},
      {"series not object", [](json& d) { d["series"] = "demo"; }, "series: expected an object"},
      {"bad series id", [](json& d) { d["series"]["id"] = "../etc"; }, "series.id"},
      {"empty title", [](json& d) { d["series"]["title"] = ""; }, "series.title"},
      {"negative season", [](json& d) { d["season"] = -1; }, "season: must be between"},
      {"fractional season", [](json& d) { d["season"] = 1.5; }, "season: expected an integer"},
      {"no episodes", [](json& d) { d["episodes"] = json::array(); },
       "episodes: the season has no"},
      {"episodes not array", [](json& d) { d["episodes"] = json::object(); },
       "episodes: expected an array"},
      {"episode not object", [](json& d) { d["episodes"][1] = 5; },
       "episodes[1]: expected an object"},
      {"absolute path", [](json& d) { d["episodes"][1]["file"] = "/etc/passwd"; },
       "episodes[1].file"},
      {"dot-dot path", [](json& d) { d["episodes"][1]["file"] = "a/../../b"; }, "episodes[1].file"},
      {"duplicate episode number", [](json& d) { d["episodes"][2]["number"] = 1; },
       "episodes[2].number: episode 1 is listed twice"},
      {"duplicate file", [](json& d) { d["episodes"][2]["file"] = "s01e01.mkv"; },
       "episodes[2].file: is used twice"},
      {"pilot not bool", [](json& d) { d["episodes"][0]["pilot"] = "yes"; },
       "episodes[0].pilot: expected true or false"},
      {"zero duration", [](json& d) { d["episodes"][1]["duration"] = 0; }, "episodes[1].duration"},
      {"bad break form", [](json& d) { d["episodes"][1]["ad_breaks"][1] = "3:20"; },
       "episodes[1].ad_breaks[1]"},
      {"break at zero", [](json& d) { d["episodes"][1]["ad_breaks"][0] = 0; },
       "episodes[1].ad_breaks[0]: a mid-roll cannot be at 0"},
      {"break after end", [](json& d) { d["episodes"][1]["ad_breaks"][0] = 700; },
       "episodes[1].ad_breaks[0]: is not before the end"},
      {"break at 100%", [](json& d) { d["episodes"][1]["ad_breaks"][2] = "100%"; },
       "ad_breaks[2]: a mid-roll cannot be at 100%"},
      {"break as object", [](json& d) { d["episodes"][1]["ad_breaks"][0] = json::object(); },
       "ad_breaks[0]: expected seconds"},
      {"unknown episode field", [](json& d) { d["episodes"][0]["pilto"] = true; },
       "episodes[0]: unknown field \"pilto\""},
      {"unknown top-level field", [](json& d) { d["extra"] = 1; },
       "document: unknown field \"extra\""},
      {"clip without advertiser", [](json& d) { d["sponsor_clips"][0].erase("advertiser"); },
       "sponsor_clips[0].advertiser: missing"},
      {"clip negative duration", [](json& d) { d["sponsor_clips"][1]["duration"] = -3; },
       "sponsor_clips[1].duration"},
      {"clip duration string", [](json& d) { d["sponsor_clips"][1]["duration"] = "10"; },
       "sponsor_clips[1].duration: expected a number"},
      {"skip offset past the end", [](json& d) { d["sponsor_clips"][0]["skip_offset"] = 20; },
       "sponsor_clips[0].skip_offset: is not before the end"},
      {"skip offset malformed", [](json& d) { d["sponsor_clips"][0]["skip_offset"] = "5s"; },
       "sponsor_clips[0].skip_offset"},
      {"loudness positive", [](json& d) { d["sponsor_clips"][0]["loudness_lufs"] = 3; },
       "sponsor_clips[0].loudness_lufs"},
      {"duplicate clip id", [](json& d) { d["sponsor_clips"][1]["id"] = "acme-1"; },
       "sponsor_clips[1].id: clip \"acme-1\" is listed twice"},
      {"clip file reused", [](json& d) { d["sponsor_clips"][1]["file"] = "s01e00.mkv"; },
       "sponsor_clips[1].file: is used twice"},
      {"clips per break zero", [](json& d) { d["ad_policy"]["clips_per_break"] = 0; },
       "ad_policy.clips_per_break"},
      {"policy flag not bool", [](json& d) { d["ad_policy"]["pre_roll"] = 1; },
       "ad_policy.pre_roll"},
      {"cap for unknown clip",
       [](json& d) {
         d["ad_policy"]["frequency_caps"]["nope"] = {{"total", 1}};
       },
       "ad_policy.frequency_caps.nope: names no sponsor clip"},
      {"empty cap", [](json& d) { d["ad_policy"]["frequency_caps"]["cola-1"] = json::object(); },
       "ad_policy.frequency_caps.cola-1: needs"},
      {"negative cap", [](json& d) { d["ad_policy"]["frequency_caps"]["cola-1"]["total"] = -1; },
       "ad_policy.frequency_caps.cola-1.total"},
      {"unknown grant", [](json& d) { d["products"][0]["grants"][0] = "free-beer"; },
       "products[0].grants[0]: expected \"ad-free\" or \"bonus\""},
      {"duplicate grant", [](json& d) { d["products"][1]["grants"][1] = "ad-free"; },
       "products[1].grants[1]: is listed twice"},
      {"duplicate product", [](json& d) { d["products"][1]["id"] = "ad-free"; },
       "products[1].id: is listed twice"},
      {"tiny chunk size", [](json& d) { d["bonus"][0]["chunk_size"] = 16; }, "bonus[0].chunk_size"},
      {"huge number", [](json& d) { d["bonus"][0]["chunk_size"] = 18446744073709551615ull; },
       "bonus[0].chunk_size: must be at most"},
      {"5000 breaks in 5 s",
       [](json& d) {
         d["episodes"][1]["ad_breaks"] = json::array();
         for (int i = 1; i <= 5000; ++i) d["episodes"][1]["ad_breaks"].push_back(i * 0.001);
       },
       "episodes[1].ad_breaks: more than 100 breaks"},
      {"thousands of clips",
       [](json& d) {
         for (int i = 0; i < 1001; ++i) d["sponsor_clips"].push_back(d["sponsor_clips"][0]);
       },
       "sponsor_clips: more than 1000 items"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    CHECK_THAT(error_after(c.edit), Contains(c.expected));
  }
}

TEST_CASE("manifest: an episode's subtitle files parse, round-trip and are checked",
          "[ads][manifest][subtitles]") {
  json doc = sample_manifest_json();
  doc["episodes"][1]["subtitles"] = json::parse(
      R"([{"file": "subs/s01e01.en.srt", "language": "en", "title": "English"},
          {"file": "subs/s01e01.pt-BR.vtt", "language": "pt-BR"}])");
  auto m = BundleManifest::from_json(doc);
  REQUIRE(m.ok());
  const auto& subs = m->episodes[1].subtitles;
  REQUIRE(subs.size() == 2);
  CHECK(subs[0] == SubtitleRef{"subs/s01e01.en.srt", "en", "English"});
  CHECK(subs[1] == SubtitleRef{"subs/s01e01.pt-BR.vtt", "pt-BR", ""});
  auto again = BundleManifest::parse(m->to_canonical_string());
  REQUIRE(again.ok());
  CHECK(*again == *m);
  // A manifest without subtitles keeps its canonical bytes: no empty list is written.
  CHECK(sample_manifest().to_canonical_string().find("subtitles") == std::string::npos);

  using Catch::Matchers::Contains;
  auto refused = [&](const std::function<void(json&)>& edit) {
    json d = doc;
    edit(d);
    auto r = BundleManifest::from_json(d);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find('\n') == std::string::npos);
    return r.error().message;
  };
  CHECK_THAT(refused([](json& d) { d["episodes"][1]["subtitles"][0]["file"] = "../x.srt"; }),
             Contains("episodes[1].subtitles[0].file"));
  CHECK_THAT(refused([](json& d) { d["episodes"][1]["subtitles"][1]["file"] = "s01e01.mkv"; }),
             Contains("episodes[1].subtitles[1].file: is used twice"));
  CHECK_THAT(refused([](json& d) { d["episodes"][1]["subtitles"][0]["language"] = "\u001b[31m"; }),
             Contains("episodes[1].subtitles[0].language: not a language tag"));
  CHECK_THAT(refused([](json& d) { d["episodes"][1]["subtitles"][0]["colour"] = "red"; }),
             Contains("colour"));
  CHECK_THAT(refused([](json& d) {
               json many = json::array();
               for (int i = 0; i < 33; ++i)
                 many.push_back({{"file", "s" + std::to_string(i) + ".srt"}});
               d["episodes"][1]["subtitles"] = many;
             }),
             Contains("more than 32 files"));
}

TEST_CASE("manifest: a key given twice is refused, wherever it is", "[ads][manifest]") {
  using Catch::Matchers::Contains;
  const std::string text = sample_manifest_json().dump();
  // The same document with "season" given twice: a reader keeping the first copy and one
  // keeping the last would read two different seasons.
  const auto at = text.find("\"season\"");
  REQUIRE(at != std::string::npos);
  auto twice = text;
  twice.insert(at, "\"season\": 7, ");
  auto m = BundleManifest::parse(twice);
  REQUIRE_FALSE(m);
  CHECK_THAT(m.error().message, Contains("has the key \"season\" twice"));
  // Nested, inside an episode.
  twice = text;
  const auto title = twice.find("\"title\"", twice.find("\"episodes\""));
  REQUIRE(title != std::string::npos);
  twice.insert(title, "\"title\": \"other\", ");
  m = BundleManifest::parse(twice);
  REQUIRE_FALSE(m);
  CHECK_THAT(m.error().message, Contains("\"title\" twice"));
  // The same key in two different objects is fine.
  CHECK(BundleManifest::parse(text));
}

TEST_CASE("manifest: garbage input never crashes", "[ads][manifest]") {
  const char* inputs[] = {
      "",           "{",           "[]",           "null", "\"text\"", "{\"format\": 1",
      "\xff\xfe{}", "{} trailing", "[[[[[[[[[[[[", "1e999"};
  for (const char* text : inputs) {
    INFO(text);
    auto m = BundleManifest::parse(text);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.find('\n') == std::string::npos);
  }
  auto m = BundleManifest::parse("{\"format\": 1,");
  REQUIRE_FALSE(m.ok());
  CHECK_THAT(m.error().message,
             Catch::Matchers::StartsWith("the bundle manifest is not valid JSON"));
  // Deep nesting is refused without blowing the stack.
  std::string deep(100000, '[');
  CHECK_FALSE(BundleManifest::parse(deep).ok());
}

// Found by bundle_manifest_fuzz: a file name holding "\n" (a JSON escape) was quoted into the
// one-line message, and so could a terminal escape be.
TEST_CASE("manifest: an error quotes no control character of the file", "[ads][manifest]") {
  const auto printable = [](const std::string& s) {
    for (unsigned char c : s)
      if (c < 0x20 || c == 0x7f) return false;
    return true;
  };
  const std::string head =
      R"({"format": 1, "series": {"id": "demo", "title": "Demo"}, "season": 1, )";
  for (
      const std::string& text :
      {head + R"("episodes": [{"file": "/e\n.mkv", "number": 0, "title": "P"}]})",
       head +
           R"("episodes": [{"file": "e.mkv", "number": 0, "title": "P", "ad_breaks": ["1\u001b[31m:2"]}]})",
       head + R"("episodes": [], "x\u001b[31m": 1})",
       head + R"("episodes": [], "sponsor_clips": [{"id": "a\u007f\n", "file": "a.mkv"}]})"}) {
    const auto m = BundleManifest::parse(text);
    REQUIRE_FALSE(m);
    CHECK(printable(m.error().message));
  }
}
