// A small season folder for the publisher tests: a pilot, an episode with chapters, two sponsor
// clips of different loudness, one bonus video and season.json. The media are generated once by
// the ffmpeg CLI (shared by every test process) and copied into each test's own folder.
#pragma once

#include <filesystem>
#include <string>

#include "test_support.h"

namespace swarmtv::test {

// Copies the season into `dir` (created) and returns `dir`.
std::filesystem::path make_season(const std::filesystem::path& dir);

// The season.json written by make_season().
std::string season_json();

// `swarmtv` with $XDG_CONFIG_HOME and $XDG_DATA_HOME under `home`, so the trust store and
// the licence store of the test are its own.
std::string swarmtv_in(const std::filesystem::path& home);

std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

}  // namespace swarmtv::test
