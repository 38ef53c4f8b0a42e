#include "swarmtv/ads/schedule_builder.h"

#include <algorithm>
#include <map>
#include <set>

namespace swarmtv::ads {

Result<AdSchedule> build_ad_schedule(const BundleManifest& manifest, const Episode& episode,
                                     const Entitlement& entitlement, const ScheduleInputs& inputs) {
  if (!episode_shows_ads(entitlement, episode) || manifest.sponsor_clips.empty()) {
    return AdSchedule();
  }
  const std::optional<MediaTime> duration = episode.duration ? episode.duration : inputs.duration;
  const std::string where = "episode " + std::to_string(episode.number);

  // Mid-roll positions.
  std::vector<MediaTime> mids;
  if (episode.ad_breaks) {
    for (const TimeOffset& t : *episode.ad_breaks) {
      auto at = t.resolve(duration);
      if (!at) {
        return make_error(Errc::invalid_argument,
                          where + ": a percentage ad break needs the episode's duration");
      }
      mids.push_back(*at);
    }
  } else {
    mids = inputs.chapter_starts;
  }
  std::erase_if(mids, [&](MediaTime t) { return t.count() <= 0 || (duration && t >= *duration); });
  std::sort(mids.begin(), mids.end());
  mids.erase(std::unique(mids.begin(), mids.end()), mids.end());

  std::vector<MediaTime> positions;
  if (manifest.ad_policy.pre_roll) positions.push_back(MediaTime(0));
  positions.insert(positions.end(), mids.begin(), mids.end());
  if (manifest.ad_policy.post_roll) positions.push_back(kEndOfContent);

  // Fill the pods round-robin.
  const auto& clips = manifest.sponsor_clips;
  std::map<std::string, int> planned;  // by clip id, this episode
  std::size_t cursor = 0;
  std::vector<AdBreak> breaks;
  for (MediaTime position : positions) {
    AdBreak b;
    b.position = position;
    std::set<std::string> advertisers;
    const std::size_t first = cursor;  // this pod scans from here; `cursor` moves on as it fills
    for (std::size_t k = 0;
         k < clips.size() && b.clips.size() < std::size_t(manifest.ad_policy.clips_per_break);
         ++k) {
      const std::size_t i = (first + k) % clips.size();
      const SponsorClip& c = clips[i];
      if (advertisers.count(c.advertiser)) continue;
      auto cap = manifest.ad_policy.frequency_caps.find(c.id);
      if (cap != manifest.ad_policy.frequency_caps.end()) {
        const FrequencyCapStore empty;
        const FrequencyCapStore& store = inputs.caps ? *inputs.caps : empty;
        if (!store.allows(FrequencyCapStore::key(manifest.series.id, c.id), cap->second, inputs.now,
                          planned[c.id])) {
          continue;
        }
      }
      advertisers.insert(c.advertiser);
      planned[c.id] += 1;
      b.clips.push_back(ScheduledClip{c, ClipState::available});
      cursor = (i + 1) % clips.size();
    }
    breaks.push_back(std::move(b));
  }
  return AdSchedule(std::move(breaks));
}

}  // namespace swarmtv::ads
