// Writes the seeds that need the fuzz key (fuzz_support.h): a signed manifest and its .sig, and
// licences of each kind, into <dir>/<target>/. scripts/fuzz.sh runs it before fuzzing; the
// hand-written seeds are in tests/fuzz/corpus/.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "fuzz_keys.h"
#include "fuzz_support.h"
#include "swarmtv/ads/content_key_file.h"
#include "swarmtv/ads/licence.h"
#include "swarmtv/ads/manifest_signature.h"

using namespace swarmtv;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, std::string_view text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

constexpr std::string_view kManifest = R"({"format": 1,
 "series": {"id": "demo", "title": "Demo Series"}, "season": 1,
 "episodes": [
  {"file": "s01e00.mkv", "number": 0, "title": "Pilot", "pilot": true, "duration": 300},
  {"file": "s01e01.mkv", "number": 1, "title": "One", "duration": 600,
   "ad_breaks": [100, "00:03:20", "50%"], "loudness_lufs": -23}],
 "sponsor_clips": [
  {"id": "acme-1", "file": "ads/acme1.mkv", "advertiser": "Acme", "category": "tools",
   "duration": 15, "skip_offset": "00:00:05", "loudness_lufs": -17},
  {"id": "bolt-1", "file": "ads/bolt1.mkv", "advertiser": "Bolt", "category": "cars",
   "duration": 20, "skip_offset": "25%"}],
 "ad_policy": {"clips_per_break": 2, "pre_roll": true, "post_roll": false,
               "frequency_caps": {"acme-1": {"per_day": 3, "total": 20}}},
 "products": [{"id": "ad-free", "title": "No ads", "grants": ["ad-free"]},
              {"id": "premium", "title": "Premium", "grants": ["ad-free", "bonus"]}],
 "bonus": [{"file": "bonus/making-of.mkv.enc", "title": "Making of", "chunk_size": 65536}]}
)";

int licences(const fs::path& dir) {
  const auto& key = fuzz::fuzz_key();
  ads::Licence l;
  l.licence_id = "L-0001";
  l.series = "demo";
  l.seasons = {1};
  l.grants = {ads::Grant::ad_free};
  l.issued_at = 1767225600;
  auto plain = ads::LicenceToken::issue(l, key);
  l.licence_id = "L-0002";
  l.seasons = {1, 2};
  l.grants = {ads::Grant::ad_free, ads::Grant::bonus};
  l.not_before = 1767225600;
  l.expires_at = 1798761600;
  l.bonus_key = ads::ContentKey{};
  l.bonus_key->fill(7);
  auto premium = ads::LicenceToken::issue(l, key);
  if (!plain || !premium) return 1;
  write(dir / "licence_fuzz" / "ad-free.licence.json", plain->to_text());
  write(dir / "licence_fuzz" / "premium.licence.json", premium->to_text());
  write(dir / "key_files_fuzz" / "public", "\x01" + key.public_key().to_file_text());
  write(dir / "key_files_fuzz" / "trust",
        std::string(1, '\0') + "# trusted\n" + key.public_key().to_file_text() + "\n");
  write(dir / "key_files_fuzz" / "content", "\x03" + ads::content_key_to_file_text(*l.bonus_key));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_fuzz_seeds DIR\n";
    return 2;
  }
  const fs::path dir = argv[1];
  write(dir / "bundle_manifest_fuzz" / "sample.json", kManifest);
  const auto sig = ads::ManifestSignature::sign(kManifest, fuzz::fuzz_key());
  write(dir / "manifest_signature_fuzz" / "signed",
        sig.to_text() + std::string(1, '\0') + std::string(kManifest));
  if (licences(dir) != 0) {
    std::cerr << "make_fuzz_seeds: cannot issue the licences\n";
    return 1;
  }
  return 0;
}
