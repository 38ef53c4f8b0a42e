#include "swarmtv/season/season.h"

#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/ads/licence_store.h"
#include "torrent_file_reader.h"

namespace swarmtv::season {

namespace {

Result<ads::TrustStore> load_trust(const std::filesystem::path& file) {
  std::filesystem::path path = file;
  if (path.empty())
    if (auto p = ads::TrustStore::default_path()) path = *p;
  if (path.empty()) return ads::TrustStore();
  return ads::TrustStore::load(path);  // a missing file is an empty store
}

std::filesystem::path licence_directory(const std::filesystem::path& dir) {
  if (!dir.empty()) return dir;
  if (auto d = ads::LicenceStore::default_directory()) return *d;
  return {};
}

// The manifest's signature, when the bundle has one. One that is there but cannot be read is a
// read failure, not an unsigned bundle.
Result<std::optional<std::string>> read_signature(stream::Torrent& torrent,
                                                  const std::string& manifest_path,
                                                  const std::stop_token& interrupted) {
  auto file = torrent.select_file(manifest_path + ".sig");
  if (!file) return std::optional<std::string>();
  auto text = read_torrent_file(torrent, *file, kMaxSignatureBytes, interrupted);
  if (!text)
    return make_error(
        text.error().code,
        "cannot read the bundle manifest's signature from the torrent: " + text.error().message);
  return std::optional<std::string>(std::move(*text));
}

}  // namespace

std::optional<lt::file_index_t> find_manifest(const stream::Torrent& torrent) {
  for (const auto& f : torrent.files())
    if (std::filesystem::path(f.path).filename() == ads::kManifestFileName) return f.index;
  return std::nullopt;
}

Result<Season> Season::open(std::shared_ptr<stream::Torrent> torrent,
                            lt::file_index_t manifest_file, const SeasonOptions& options) {
  const std::string manifest_path = torrent->files()[std::size_t(int(manifest_file))].path;
  auto text = read_torrent_file(*torrent, manifest_file, kMaxManifestBytes, options.interrupted);
  if (!text)
    return make_error(text.error().code,
                      "cannot read the bundle manifest from the torrent: " + text.error().message);
  auto signature = read_signature(*torrent, manifest_path, options.interrupted);
  if (!signature) return signature.error();
  auto trust = load_trust(options.trust_file);
  if (!trust) return trust.error();

  Season season;
  season.torrent_ = std::move(torrent);
  season.trust_ = std::move(*trust);
  season.licence_dir_ = licence_directory(options.licence_dir);
  const auto& sig = *signature;
  season.verification_ = ads::verify_manifest(
      *text, sig ? std::optional<std::string_view>(*sig) : std::nullopt, season.trust_);
  auto manifest = ads::BundleManifest::parse(*text);
  if (!manifest && !season.verified()) return make_error(Errc::crypto_error, season.refusal());
  if (!manifest)
    return make_error(Errc::parse_error, "bundle manifest: " + manifest.error().message);
  season.manifest_ = std::move(*manifest);
  season.entitlement_ = season.current_entitlement();
  return season;
}

std::string Season::refusal() const {
  return "bundle refused: " + verification_.message +
         " (trust the publisher with 'swarmtv trust add KEY')";
}

ads::Entitlement Season::current_entitlement() const {
  // An unverified season unlocks nothing: its key id may name a publisher it does not come from.
  if (!verified()) return ads::Entitlement{};
  // A bad licence only fails to unlock; it never blocks free content.
  std::vector<ads::LicenceToken> tokens;
  if (!licence_dir_.empty()) tokens = ads::LicenceStore(licence_dir_).tokens();
  return ads::resolve_entitlement(manifest_.series.id, manifest_.season, tokens, trust_,
                                  ads::Clock::now(), verification_.key_id);
}

Result<const ads::Episode*> Season::episode(int number) const {
  if (number >= 0) {
    if (const ads::Episode* e = manifest_.find_episode(number)) return e;
    return make_error(Errc::not_found, "the bundle has no episode " + std::to_string(number));
  }
  const ads::Episode* first = nullptr;
  for (const auto& e : manifest_.episodes)
    if (!first || e.number < first->number) first = &e;
  if (!first) return make_error(Errc::not_found, "the bundle lists no episode");
  return first;
}

Result<lt::file_index_t> Season::file_index(const std::string& manifest_path) const {
  auto file = torrent_->select_file(manifest_path);
  if (!file) return make_error(Errc::no_such_file, "not in the torrent: " + manifest_path);
  return *file;
}

Result<std::unique_ptr<stream::TorrentByteSource>> Season::open_file(
    const std::string& manifest_path) const {
  auto file = file_index(manifest_path);
  if (!file) return file.error();
  return torrent_->open(*file);
}

Result<std::unique_ptr<ByteSource>> Season::open_bonus(std::size_t index,
                                                       std::stop_token stop) const {
  if (index >= manifest_.bonus.size())
    return make_error(Errc::not_found, "the bundle has no bonus file " + std::to_string(index));
  const ads::BonusFile& bonus = manifest_.bonus[index];
  // Locked: refused before the file is opened, so not a byte of it is downloaded.
  if (!entitlement_.bonus_unlocked())
    return make_error(Errc::refused, "'" + bonus.title + "' is locked: it needs a premium licence");
  auto encrypted = open_file(bonus.file);
  if (!encrypted)
    return encrypted.error().code == Errc::no_such_file
               ? make_error(Errc::no_such_file,
                            "the bonus file is not in the torrent: " + bonus.file)
               : encrypted.error();
  auto plain = ads::DecryptingByteSource::open(std::move(*encrypted), entitlement_.bonus_key,
                                               std::move(stop));
  if (!plain) return plain.error();
  return std::unique_ptr<ByteSource>(std::move(*plain));
}

}  // namespace swarmtv::season
