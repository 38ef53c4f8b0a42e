// Builds an episode's AdSchedule from the manifest, the viewer's entitlement and the device's
// frequency caps.
//
// Break positions: a pre-roll at 0 and a post-roll at the end when the policy asks for them;
// mid-rolls at the episode's "ad_breaks" (seconds, "hh:mm:ss[.mmm]" or "n%" of the duration) or,
// when the manifest gives none, at the container's chapter starts. Positions at 0 or at/after
// the end are not mid-rolls and are dropped; duplicates are merged.
//
// Pods: clips are taken in manifest order, round-robin across the episode's breaks (so
// consecutive breaks show different clips), skipping a clip whose advertiser is already in the
// pod or whose frequency cap is reached (counting views planned earlier in the same episode).
// A break left with no clip is dropped.
#pragma once

#include <optional>
#include <vector>

#include "swarmtv/ads/ad_schedule.h"
#include "swarmtv/ads/bundle_manifest.h"
#include "swarmtv/ads/entitlement.h"
#include "swarmtv/ads/frequency_caps.h"

namespace swarmtv::ads {

struct ScheduleInputs {
  // Duration measured from the container; the manifest's duration wins when it has one.
  std::optional<MediaTime> duration;
  // Chapter start times from the container, used when the episode has no "ad_breaks".
  std::vector<MediaTime> chapter_starts;
  // Views so far; nullptr: no past views known (caps still bound the views this episode plans).
  const FrequencyCapStore* caps = nullptr;
  Clock::time_point now = Clock::now();
};

// An empty schedule for pilots and ad-free tiers. Fails only when a "n%" position needs a
// duration that neither the manifest nor `inputs` provides.
Result<AdSchedule> build_ad_schedule(const BundleManifest& manifest, const Episode& episode,
                                     const Entitlement& entitlement, const ScheduleInputs& inputs);

}  // namespace swarmtv::ads
