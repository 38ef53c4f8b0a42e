// Loudness matching: sponsor clips are played at the content's loudness, using the integrated
// loudness (EBU R128, LUFS) the publisher measured for each. Users' top complaint about ads is
// that they are louder than the show; none of the big players normalise, we do.
#pragma once

#include <optional>

namespace swarmtv::ads {

// EBU R128's programme target, used when the content's loudness is unknown.
inline constexpr double kReferenceLufs = -23.0;
// Never boost or cut by more than this: a wrong measurement must not blast or mute a clip.
inline constexpr double kMaxGainDb = 12.0;

// Gain in dB that brings a clip measured at `clip_lufs` to `content_lufs`, clamped to
// +-`max_db`. 0 dB when the clip's loudness is unknown.
double loudness_gain_db(std::optional<double> clip_lufs, std::optional<double> content_lufs,
                        double max_db = kMaxGainDb);

// The same gain as a linear amplitude factor (multiply samples by it).
double loudness_gain_linear(std::optional<double> clip_lufs, std::optional<double> content_lufs,
                            double max_db = kMaxGainDb);

double db_to_linear(double db);

}  // namespace swarmtv::ads
