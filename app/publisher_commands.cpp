#include "commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include <nlohmann/json.hpp>

#include "bundle_creator.h"
#include "command_args.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/grant.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/licence_store.h"
#include "swarmtv/ads/publisher_key.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/base/file_reader.h"
#include "swarmtv/base/file_writer.h"

namespace swarmtv::app {

const char* const kPublisherUsage =
    "publisher commands (see docs/publishing.md):\n"
    "  keygen [--out DIR]                       make an Ed25519 publisher key pair:\n"
    "  keygen --secret FILE --public FILE       DIR/publisher.key (mode 0600) and .pub\n"
    "  bundle create <folder> --key SECRET      measure, sign and encrypt the season that\n"
    "    [--out DIR] [--piece-size BYTES]       <folder>/season.json describes, make its\n"
    "                                           torrent, print the magnet link\n"
    "  licence issue --key SECRET --series ID   write a licence for a buyer (premium needs\n"
    "    --season N[,N...] --out FILE           the bundle's bonus.key; DATE is\n"
    "    --grant ad-free|premium                YYYY-MM-DD[Thh:mm:ssZ])\n"
    "    [--expires DATE] [--bonus-key FILE] [--id ID]\n"
    "  licence add FILE                         verify a licence and store it\n"
    "  trust add PUBLIC_KEY_FILE                trust a publisher key\n"
    "  trust list                               the trusted keys' ids\n";

namespace {

namespace fs = std::filesystem;
using app::fail;  // beside the overload for an Error below

constexpr int kFailed = 1;
constexpr int kUsageError = 2;

int fail(const Error& error) {
  return fail(error.message, error.code == Errc::invalid_argument ? kUsageError : kFailed);
}

Error usage(const std::string& message, const std::string& command) {
  return make_error(Errc::invalid_argument,
                    message + " (see 'swarmtv help' for '" + command + "')");
}

Result<ads::PublisherKeyPair> load_key(const std::optional<std::string>& file,
                                       const std::string& command) {
  if (!file) return usage("--key SECRET is required", command);
  auto key = ads::PublisherKeyPair::load_secret(*file);
  if (!key) return make_error(key.error().code, "--key: " + key.error().message);
  return key;
}

// ---- keygen ----

int run_keygen(const std::vector<std::string>& args) {
  auto a = CommandArgs::parse(args, {"out", "secret", "public"});
  if (!a) return fail(usage(a.error().message, "keygen"));
  if (!a->positional().empty())
    return fail(usage("unexpected argument " + a->positional()[0], "keygen"));
  if (a->has("out") && (a->has("secret") || a->has("public")))
    return fail(usage("use --out DIR or --secret FILE --public FILE, not both", "keygen"));
  if (a->has("secret") != a->has("public"))
    return fail(usage("--secret and --public go together", "keygen"));
  const fs::path dir = a->get("out").value_or(".");
  const fs::path secret = a->has("secret") ? fs::path(*a->get("secret")) : dir / "publisher.key";
  const fs::path pub = a->has("public") ? fs::path(*a->get("public")) : dir / "publisher.pub";
  std::error_code ec;
  // Check both before writing either: never half a key pair, never an overwritten key.
  for (const fs::path& p : {secret, pub}) {
    if (fs::exists(p, ec)) return fail(p.string() + " exists; not overwriting it");
  }
  if (a->has("out")) fs::create_directories(dir, ec);
  auto key = ads::PublisherKeyPair::generate();
  if (!key) return fail(key.error());
  if (auto s = key->save_secret(secret); !s) return fail(s.error());
  if (auto s = write_new_file(pub, key->public_key().to_file_text(), 0644); !s) {
    fs::remove(secret, ec);
    return fail(s.error());
  }
  std::printf("secret key: %s (keep it private; mode 0600)\npublic key: %s\nkey id: %s\n",
              secret.c_str(), pub.c_str(), key->public_key().key_id().c_str());
  return 0;
}

// ---- bundle create ----

Result<int> parse_piece_size(const std::string& text) {
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (...) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  if (unit == "K" || unit == "k" || unit == "KiB")
    n *= 1024;
  else if (unit == "M" || unit == "m" || unit == "MiB")
    n *= 1024 * 1024;
  else if (!unit.empty())
    used = 0;
  if (used == 0 || n < 16 * 1024 || n > 16 * 1024 * 1024 || (n & (n - 1)) != 0) {
    return usage("--piece-size " + text + ": a power of two from 16K to 16M", "bundle create");
  }
  return static_cast<int>(n);
}

int run_bundle(const std::vector<std::string>& args) {
  if (args.empty() || args[0] != "create")
    return fail(usage("expected 'bundle create <folder>'", "bundle"));
  auto a = CommandArgs::parse({args.begin() + 1, args.end()}, {"key", "out", "piece-size"});
  if (!a) return fail(usage(a.error().message, "bundle create"));
  if (a->positional().size() != 1)
    return fail(usage("expected one season folder", "bundle create"));
  publisher::BundleOptions options;
  options.folder = a->positional()[0];
  options.out = a->get("out").value_or("");
  if (auto p = a->get("piece-size")) {
    auto size = parse_piece_size(*p);
    if (!size) return fail(size.error());
    options.piece_size = *size;
  }
  auto key = load_key(a->get("key"), "bundle create");
  if (!key) return fail(key.error());
  auto bundle = publisher::create_bundle(options, *key);
  if (!bundle) return fail(bundle.error());
  std::printf("bundle: %s\ntorrent: %s\n", bundle->content.c_str(), bundle->torrent_file.c_str());
  if (!bundle->manifest.bonus.empty()) {
    std::printf("bonus key: %s (mode 0600; needed for premium licences)\n",
                (bundle->out / ads::kContentKeyFileName).c_str());
  }
  std::printf("info-hash: %s\n%s\n", bundle->info_hash.c_str(), bundle->magnet.c_str());
  return 0;
}

// ---- licence issue / add ----

Result<std::vector<int>> parse_seasons(const std::string& text) {
  std::vector<int> seasons;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string part = text.substr(start, comma - start);
    if (part.empty() || part.size() > 4 ||
        part.find_first_not_of("0123456789") != std::string::npos)
      return usage("--season " + text + ": expected N or N,N,...", "licence issue");
    seasons.push_back(std::stoi(part));
    start = comma + 1;
  }
  return seasons;
}

std::string random_licence_id() {
  auto bytes = ads::generate_content_key();  // libsodium's CSPRNG
  static const char* kHex = "0123456789abcdef";
  std::string id = "L-";
  for (int i = 0; i < 6 && bytes; ++i) {
    id += kHex[(*bytes)[i] >> 4];
    id += kHex[(*bytes)[i] & 15];
  }
  return id;
}

std::string grants_text(const std::vector<ads::Grant>& grants) {
  std::string out;
  for (ads::Grant g : grants) out += (out.empty() ? "" : " + ") + std::string(ads::to_string(g));
  return out;
}

int run_licence_issue(const std::vector<std::string>& args) {
  const std::string cmd = "licence issue";
  auto a = CommandArgs::parse(
      args, {"key", "series", "season", "grant", "expires", "bonus-key", "out", "id"});
  if (!a) return fail(usage(a.error().message, cmd));
  if (!a->positional().empty())
    return fail(usage("unexpected argument " + a->positional()[0], cmd));
  for (const char* required : {"series", "season", "grant", "out"}) {
    if (!a->has(required)) return fail(usage(std::string("--") + required + " is required", cmd));
  }
  ads::Licence licence;
  licence.licence_id = a->get("id").value_or(random_licence_id());
  licence.series = *a->get("series");
  auto seasons = parse_seasons(*a->get("season"));
  if (!seasons) return fail(seasons.error());
  licence.seasons = *seasons;
  auto grants = ads::grants_for_product(*a->get("grant"));
  if (!grants)
    return fail(usage("--grant " + *a->get("grant") + ": expected ad-free or premium", cmd));
  licence.grants = *grants;
  licence.issued_at = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  if (auto e = a->get("expires")) {
    auto t = ads::parse_utc_time(*e);
    if (!t) return fail(usage("--expires " + *e + ": " + t.error().message, cmd));
    if (*t <= licence.issued_at) return fail(usage("--expires " + *e + " is in the past", cmd));
    licence.expires_at = *t;
  }
  const bool premium = licence.has_grant(ads::Grant::bonus);
  if (premium != a->has("bonus-key")) {
    return fail(usage(premium ? "--grant premium needs --bonus-key FILE (the bundle's bonus.key)"
                              : "--bonus-key is only for --grant premium",
                      cmd));
  }
  if (premium) {
    auto k = ads::load_content_key(*a->get("bonus-key"));
    if (!k) return fail(k.error());
    licence.bonus_key = *k;
  }
  auto key = load_key(a->get("key"), cmd);
  if (!key) return fail(key.error());
  auto token = ads::LicenceToken::issue(licence, *key);
  if (!token) return fail(token.error());
  // 0600: a premium licence carries the key to the bonus material.
  if (auto s = write_new_file(*a->get("out"), token->to_text(), 0600); !s) return fail(s.error());
  std::printf("licence %s: series %s, grants %s, written to %s\n", licence.licence_id.c_str(),
              licence.series.c_str(), grants_text(licence.grants).c_str(), a->get("out")->c_str());
  return 0;
}

Result<ads::TrustStore> load_trust() {
  auto path = ads::TrustStore::default_path();
  if (!path) return path.error();
  return ads::TrustStore::load(*path);
}

int run_licence_add(const std::vector<std::string>& args) {
  if (args.size() != 1) return fail(usage("expected one licence file", "licence add"));
  const fs::path file = args[0];
  auto read = read_small_file(file, 1 << 20);  // a licence is a few hundred bytes
  if (!read) return fail(read.error().message);
  const std::string& text = *read;
  auto token = ads::LicenceToken::parse(text);
  if (!token) return fail(file.string() + " is not a licence: " + token.error().message);
  // Verification needs a series and season; take the ones the licence claims. The signature
  // covers them, so a licence that lies about them fails just the same.
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  std::string series;
  int season = 0;
  if (doc.is_object() && doc.contains("payload") && doc["payload"].is_object()) {
    const auto& p = doc["payload"];
    if (p.contains("series") && p["series"].is_string()) series = p["series"].get<std::string>();
    if (p.contains("seasons") && p["seasons"].is_array() && !p["seasons"].empty() &&
        p["seasons"][0].is_number_integer())
      season = p["seasons"][0].get<int>();
  }
  auto trust = load_trust();
  if (!trust) return fail(trust.error());
  const ads::LicenceCheck check =
      token->verify(*trust, series, season, std::chrono::system_clock::now());
  if (!check.ok() && check.status != ads::LicenceStatus::not_yet_valid) {
    std::string hint;
    if (check.status == ads::LicenceStatus::untrusted_key)
      hint = " (trust the publisher first: swarmtv trust add PUBLIC_KEY)";
    return fail(check.message + hint);
  }
  auto dir = ads::LicenceStore::default_directory();
  if (!dir) return fail(dir.error());
  ads::LicenceStore store(*dir);
  auto stored = store.add(file);
  if (!stored) return fail(stored.error());
  std::printf("licence %s added: series %s, grants %s%s\n", token->claimed_id().c_str(),
              series.c_str(), check.licence ? grants_text(check.licence->grants).c_str() : "?",
              check.ok() ? "" : " (not valid yet)");
  return 0;
}

int run_licence(const std::vector<std::string>& args) {
  if (args.empty()) return fail(usage("expected 'licence issue' or 'licence add'", "licence"));
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "issue") return run_licence_issue(rest);
  if (args[0] == "add") return run_licence_add(rest);
  return fail(usage("unknown licence command '" + args[0] + "'", "licence"));
}

// ---- trust ----

int run_trust(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == "list") {
    auto trust = load_trust();
    if (!trust) return fail(trust.error());
    for (const ads::PublicKey& k : trust->keys()) std::printf("%s\n", k.key_id().c_str());
    return 0;
  }
  if (args.size() != 2 || args[0] != "add")
    return fail(usage("expected 'trust add PUBLIC_KEY_FILE' or 'trust list'", "trust"));
  auto key = ads::PublicKey::load(args[1]);
  if (!key) return fail(args[1] + ": " + key.error().message);
  auto path = ads::TrustStore::default_path();
  if (!path) return fail(path.error());
  auto trust = ads::TrustStore::load(*path);
  if (!trust) return fail(trust.error());
  trust->add(*key);
  std::error_code ec;
  fs::create_directories(path->parent_path(), ec);
  if (auto s = trust->save(*path); !s) return fail(s.error());
  std::printf("trusted publisher key %s\n", key->key_id().c_str());
  return 0;
}

}  // namespace

int run_publisher_command(const std::string& command, const std::vector<std::string>& args) {
  if (command == "keygen") return run_keygen(args);
  if (command == "bundle") return run_bundle(args);
  if (command == "licence" || command == "license") return run_licence(args);
  if (command == "trust") return run_trust(args);
  return -1;
}

}  // namespace swarmtv::app
