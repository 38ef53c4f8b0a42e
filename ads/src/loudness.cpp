#include "swarmtv/ads/loudness.h"

#include <algorithm>
#include <cmath>

namespace swarmtv::ads {

double loudness_gain_db(std::optional<double> clip_lufs, std::optional<double> content_lufs,
                        double max_db) {
  if (!clip_lufs || !std::isfinite(*clip_lufs)) return 0.0;
  const double target =
      content_lufs && std::isfinite(*content_lufs) ? *content_lufs : kReferenceLufs;
  const double limit = std::abs(max_db);
  return std::clamp(target - *clip_lufs, -limit, limit);
}

double loudness_gain_linear(std::optional<double> clip_lufs, std::optional<double> content_lufs,
                            double max_db) {
  return db_to_linear(loudness_gain_db(clip_lufs, content_lufs, max_db));
}

double db_to_linear(double db) {
  return std::pow(10.0, db / 20.0);
}

}  // namespace swarmtv::ads
