#include "bundle_playback.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

#include "commands.h"
#include "swarmtv/ads/ad_session.h"
#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/frequency_caps.h"
#include "swarmtv/ads/licence_store.h"
#include "swarmtv/ads/loudness.h"
#include "swarmtv/ads/manifest_signature.h"
#include "swarmtv/ads/schedule_builder.h"
#include "swarmtv/ads/tracking_log.h"
#include "swarmtv/ads/trust_store.h"
#include "swarmtv/decoder/demuxer.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::app {

namespace {

using ads::Micros;
using Action = ads::PlayerAction;

Micros to_micros(double seconds) {
  return Micros(std::int64_t(seconds * 1e6));
}
double to_seconds(Micros m) {
  return double(m.count()) / 1e6;
}

// Reads a small file of the torrent completely (blocking until its pieces arrive).
std::optional<std::string> read_whole(stream::Torrent& torrent, lt::file_index_t file) {
  auto source = torrent.open(file);
  if (!source) return std::nullopt;
  std::string out(std::size_t((*source)->size()), '\0');
  std::int64_t done = 0;
  while (done < (*source)->size()) {
    auto r = (*source)->read_at(done, std::span(reinterpret_cast<std::byte*>(out.data()) + done,
                                                out.size() - std::size_t(done)));
    if (r.status != decoder::ReadStatus::ok) return std::nullopt;
    done += std::int64_t(r.bytes);
  }
  return out;
}

std::optional<lt::file_index_t> file_named(const stream::Torrent& torrent,
                                           const std::string& path) {
  auto r = torrent.select_file(path);
  if (!r) return std::nullopt;
  return *r;
}

std::filesystem::path ads_state_dir(const player::BundleArgs& args) {
  if (!args.ads_state_dir.empty()) return args.ads_state_dir;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "swarmtv";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".local/share/swarmtv";
  return "swarmtv-state";
}

// Content plays until the planner wants something else: a break is reached, or a seek needs the
// last break before its target first.
class ContentController final : public player::PlaybackController {
 public:
  explicit ContentController(ads::AdSession& session) : session_(session) {}
  bool on_progress(double position) override {
    Action a = session_.on_content_position(to_micros(position));
    if (a.kind == Action::Kind::none) return false;
    next = std::move(a);
    return true;
  }
  bool take_over_seek(double target) override {
    auto r = session_.on_seek(to_micros(target));
    if (!r) return false;
    // Content at the target with nothing before it: the player seeks on its own.
    if (r->kind == Action::Kind::play_content || r->kind == Action::Kind::none) return false;
    next = std::move(*r);
    return true;
  }
  std::optional<Action> next;

 private:
  ads::AdSession& session_;
};

// A sponsor clip: progress feeds the planner's tracking and stall timer; skip asks it. A
// licence added while the clip plays (`swarmtv licence add` in another terminal) ends the break.
class ClipController final : public player::PlaybackController {
 public:
  ClipController(ads::AdSession& session, std::function<bool()> ad_free_now)
      : session_(session), ad_free_now_(std::move(ad_free_now)) {}
  bool on_progress(double position) override {
    if (position > 0.0 || started) {
      started = true;
      session_.on_clip_progress(to_micros(position));
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_licence_check_ > std::chrono::seconds(1)) {
      last_licence_check_ = now;
      if (ad_free_now_ && ad_free_now_()) {
        next = session_.on_ad_free_licence();
        return true;
      }
    }
    Action a = session_.on_tick();
    if (a.kind == Action::Kind::none) return false;
    next = std::move(a);
    return true;
  }
  bool take_over_seek(double) override { return false; }
  std::string request_skip() override {
    auto r = session_.on_skip();
    if (!r) return r.error().message;
    next = std::move(*r);
    return {};
  }
  std::optional<Action> next;
  bool started = false;

 private:
  ads::AdSession& session_;
  std::function<bool()> ad_free_now_;
  std::chrono::steady_clock::time_point last_licence_check_ = std::chrono::steady_clock::now();
};

std::vector<player::OsdMarker> break_markers(const ads::AdSchedule& schedule, double duration) {
  std::vector<player::OsdMarker> out;
  if (!(duration > 0)) return out;
  for (const ads::AdBreak& b : schedule.breaks()) {
    if (b.is_pre_roll() || b.is_post_roll()) continue;
    out.push_back({to_seconds(b.position) / duration, b.finished()});
  }
  return out;
}

}  // namespace

std::optional<lt::file_index_t> find_manifest(const stream::Torrent& torrent) {
  for (const auto& f : torrent.files())
    if (std::filesystem::path(f.path).filename() == "swarmtv.bundle.json")
      return lt::file_index_t{int(f.index)};
  return std::nullopt;
}

int play_bundle_episode(player::Player& player, const std::shared_ptr<stream::Torrent>& torrent,
                        lt::file_index_t manifest_file, const player::BundleArgs& args,
                        const player::PlayItem& base_item) {
  // 1. The manifest, verified against keys the user trusts (never keys from the bundle).
  auto manifest_text = read_whole(*torrent, manifest_file);
  if (!manifest_text) return fail("cannot read the bundle manifest from the torrent");
  std::optional<std::string> signature_text;
  const std::string manifest_path = torrent->files()[std::size_t(int(manifest_file))].path;
  if (auto sig = file_named(*torrent, manifest_path + ".sig")) {
    // A signature that is there but cannot be read is a read failure, not an unsigned bundle.
    signature_text = read_whole(*torrent, *sig);
    if (!signature_text)
      return fail("cannot read the bundle manifest's signature from the torrent");
  }
  ads::TrustStore trust;
  {
    std::filesystem::path trust_path = args.trust_file;
    if (trust_path.empty())
      if (auto p = ads::TrustStore::default_path()) trust_path = *p;
    if (!trust_path.empty() && std::filesystem::exists(trust_path)) {
      auto loaded = ads::TrustStore::load(trust_path);
      if (!loaded) return fail(loaded.error().message);
      trust = std::move(*loaded);
    }
  }
  const auto verification = ads::verify_manifest(
      *manifest_text,
      signature_text ? std::optional<std::string_view>(*signature_text) : std::nullopt, trust);
  if (!verification.ok()) {
    if (!args.plain)
      return fail("bundle refused: " + verification.message +
                  " (trust the publisher with 'swarmtv trust add KEY', or --plain)");
    std::fprintf(stderr, "swarmtv: bundle refused (%s); playing the file without tiers\n",
                 verification.message.c_str());
  }
  auto manifest = ads::BundleManifest::parse(*manifest_text);
  if (!manifest) return fail("bundle manifest: " + manifest.error().message);

  // 2. The viewer's tier, from the licences; a bad licence never blocks free content.
  std::filesystem::path licence_dir = args.licence_dir;
  if (licence_dir.empty())
    if (auto d = ads::LicenceStore::default_directory()) licence_dir = *d;
  auto current_entitlement = [&] {
    std::vector<ads::LicenceToken> tokens;
    if (!licence_dir.empty()) tokens = ads::LicenceStore(licence_dir).tokens();
    return ads::resolve_entitlement(manifest->series.id, manifest->season, tokens, trust,
                                    ads::Clock::now());
  };
  const auto entitlement = current_entitlement();
  if (!entitlement.checks.empty() || entitlement.ad_free())
    std::fprintf(stderr, "swarmtv: %s\n", entitlement.explanation().c_str());

  if (args.list) {
    std::printf("%s, season %d\n", manifest->series.title.c_str(), manifest->season);
    for (const auto& e : manifest->episodes)
      std::printf("  episode %d  %s%s\n", e.number, e.title.c_str(), e.pilot ? "  (pilot)" : "");
    for (std::size_t i = 0; i < manifest->bonus.size(); ++i)
      std::printf("  bonus %zu    %s  [%s]\n", i, manifest->bonus[i].title.c_str(),
                  entitlement.bonus_unlocked() ? "unlocked" : "locked: premium licence needed");
    return 0;
  }
  if (args.bonus >= 0) {
    if (std::size_t(args.bonus) >= manifest->bonus.size())
      return fail("the bundle has no bonus file " + std::to_string(args.bonus));
    const ads::BonusFile& bonus = manifest->bonus[std::size_t(args.bonus)];
    // Locked: refused before the file is opened, so not a byte of it is downloaded.
    if (!entitlement.bonus_unlocked())
      return fail("'" + bonus.title + "' is locked: it needs a premium licence");
    auto file = file_named(*torrent, bonus.file);
    if (!file) return fail("the bonus file is not in the torrent: " + bonus.file);
    auto encrypted = torrent->open(*file);
    if (!encrypted) return fail(encrypted.error().message);
    auto plain = ads::DecryptingByteSource::open(std::move(*encrypted), entitlement.bonus_key);
    if (!plain) return fail(plain.error().message);
    player::PlayItem item = base_item;
    item.title = bonus.title;
    auto result = player.play(**plain, item);
    if (result.reason == player::EndReason::error) return fail(result.error);
    return 0;
  }

  // 3. The episode.
  const ads::Episode* episode = nullptr;
  if (args.episode >= 0) {
    episode = manifest->find_episode(args.episode);
    if (!episode) return fail("the bundle has no episode " + std::to_string(args.episode));
  } else {
    for (const auto& e : manifest->episodes)
      if (!episode || e.number < episode->number) episode = &e;
    if (!episode) return fail("the bundle lists no episode");
  }
  auto episode_file = file_named(*torrent, episode->file);
  if (!episode_file)
    return fail("the bundle's episode file is not in the torrent: " + episode->file);
  auto content = torrent->open(*episode_file);
  if (!content) return fail(content.error().message);
  stream::TorrentByteSource& content_source = **content;

  player::PlayItem content_item = base_item;
  content_item.title = episode->title.empty() ? episode->file : episode->title;
  stream::TorrentByteSource* status_source = &content_source;
  content_item.status_text = [status_source] {
    return stream::format_status_line(status_source->status());
  };
  if (!verification.ok())
    return player.play(content_source, content_item).reason == player::EndReason::error ? 1 : 0;

  // 4. The schedule: durations and chapters from the container's header.
  ads::ScheduleInputs inputs;
  {
    std::string error;
    auto probe = decoder::Demuxer::open(content_source, {}, error);
    if (!probe) return fail(error);
    if (probe->info().duration > 0) inputs.duration = to_micros(probe->info().duration);
    for (double c : probe->info().chapters) inputs.chapter_starts.push_back(to_micros(c));
    probe.reset();
    content_source.resume();  // closing the probe cancelled the source
  }
  const std::filesystem::path state = ads_state_dir(args);
  std::filesystem::create_directories(state);
  auto caps = ads::FrequencyCapStore::open(state / "frequency-caps.json");
  auto tracking = ads::TrackingLog::open(state / "tracking.jsonl");
  inputs.caps = caps ? &*caps : nullptr;
  auto schedule = ads::build_ad_schedule(*manifest, *episode, entitlement, inputs);
  if (!schedule) return fail(schedule.error().message);

  ads::AdSessionOptions session_options;
  // One viewing per episode and day: a restart the same day resumes it (no event fires twice);
  // watching again another day is a new viewing.
  const auto days =
      std::chrono::duration_cast<std::chrono::days>(ads::Clock::now().time_since_epoch()).count();
  session_options.view_id =
      torrent->info_hash() + "/" + std::to_string(episode->number) + "/day-" + std::to_string(days);
  session_options.series_id = manifest->series.id;
  session_options.tracking = tracking ? &*tracking : nullptr;
  session_options.caps = caps ? &*caps : nullptr;
  ads::AdSession session(*schedule, session_options);

  // Sponsor clips come from the same torrent; fetch them before their break.
  std::map<std::string, std::unique_ptr<stream::TorrentByteSource>> clip_sources;
  auto prefetch_breaks = [&] {
    for (const ads::AdBreak& b : session.planner().schedule().breaks()) {
      if (!b.has_unplayed()) continue;
      for (const auto& c : b.clips) {
        auto f = file_named(*torrent, c.clip.file);
        if (f && !clip_sources.count(c.clip.file))
          (void)torrent->prefetch(*f,
                                  {0, std::int64_t(torrent->files()[std::size_t(int(*f))].size)});
      }
    }
  };
  prefetch_breaks();

  const double duration = inputs.duration ? to_seconds(*inputs.duration) : NAN;
  const double start = std::isnan(base_item.start) ? 0.0 : base_item.start;
  Action action = session.start(to_micros(start));
  for (;;) {
    for (const auto& w : session.take_warnings())
      std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
    if (action.kind == Action::Kind::end_of_episode || action.kind == Action::Kind::none) break;
    if (action.kind == Action::Kind::play_content) {
      ContentController controller(session);
      player::PlayItem item = content_item;
      item.start = action.content_position.count() > 0 ? to_seconds(action.content_position) : NAN;
      item.controller = &controller;
      item.markers = break_markers(session.planner().schedule(), duration);
      content_source.resume();
      auto result = player.play(content_source, item);
      if (result.reason == player::EndReason::quit) return 0;
      if (result.reason == player::EndReason::error) return fail(result.error);
      if (controller.next)
        action = std::move(*controller.next);
      else if (result.reason == player::EndReason::end_of_file)
        action = session.on_content_ended();
      else
        break;  // --end or --frames
      continue;
    }
    // A sponsor clip.
    const ads::SponsorClip clip = *action.clip;
    auto f = file_named(*torrent, clip.file);
    if (!f) {
      action = session.on_clip_failed("the clip's file is not in the torrent");
      continue;
    }
    auto& source = clip_sources[clip.file];
    if (!source) {
      auto opened = torrent->open(*f);
      if (!opened) {
        action = session.on_clip_failed(opened.error().message);
        continue;
      }
      source = std::move(*opened);
    }
    ClipController controller(session, [&] { return current_entitlement().ad_free(); });
    player::PlayItem item;
    item.kind = "ad";
    item.title = clip.id;
    item.allow_seek = false;
    item.gain = ads::loudness_gain_linear(clip.loudness_lufs, std::nullopt);
    item.controller = &controller;
    const ads::AdPlanner* planner = &session.planner();
    item.corner_text = [planner] {
      auto c = planner->current_clip();
      if (!c) return std::string();
      std::string s = c->label();
      if (c->skippable)
        s += c->skip_available
                 ? " · Enter: skip"
                 : " · skip in " + std::to_string(int(to_seconds(c->skip_countdown)) + 1);
      return s;
    };
    // A clip whose data never comes must not hang the pod: give up after the planner's timeout.
    source->resume();
    stream::TorrentByteSource* clip_source = source.get();
    std::jthread watchdog([&, clip_source](std::stop_token stop) {
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!stop.stop_requested() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (!stop.stop_requested() && !controller.started) clip_source->cancel();
    });
    auto result = player.play(*source, item);
    watchdog.request_stop();
    watchdog.join();
    if (result.reason == player::EndReason::quit) return 0;
    if (controller.next)
      action = std::move(*controller.next);
    else if (result.reason == player::EndReason::end_of_file)
      action = session.on_clip_ended();
    else if (result.reason == player::EndReason::error)
      action = session.on_clip_failed(result.error);
    else
      break;
    prefetch_breaks();
  }
  for (const auto& w : session.take_warnings())
    std::fprintf(stderr, "swarmtv: warning: %s\n", w.c_str());
  return 0;
}

}  // namespace swarmtv::app
