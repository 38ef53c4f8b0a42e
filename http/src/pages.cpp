#include "pages.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace swarmtv::http {

namespace {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// An M3U line must not break: titles lose their newlines.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

// The <track> elements of a video's subtitle files; the first is the default.
std::string track_elements(const Catalog& catalog, const CatalogEntry& video) {
  std::string h;
  bool first = true;
  for (std::size_t i = 0; i < video.subtitles.size(); ++i) {
    const CatalogEntry* file = catalog.find(int(video.subtitles[i]));
    if (!file || !file->served()) continue;
    const std::string language = subtitle_language(video.name, file->name).value_or("");
    h += "\n<track kind=\"subtitles\" src=\"" + video.subtitle_url(i + 1) + "\" label=\"" +
         html_escape(language.empty() ? file->name : language) + "\"";
    if (!language.empty()) h += " srclang=\"" + html_escape(language) + "\"";
    if (first) h += " default";
    first = false;
    h += ">";
  }
  return h;
}

}  // namespace

std::string index_html(const Catalog& catalog) {
  std::string h =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(catalog.title) +
      "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:auto}"
      "video{width:100%;max-width:40em;display:block}li{margin:1em 0}.refused{color:#888}"
      "</style></head>\n<body>\n<h1>" +
      html_escape(catalog.title) + "</h1>\n";
  if (!catalog.tier.empty())
    h += "<p id=\"tier\">Tier: " + html_escape(catalog.tier) + " — " +
         html_escape(catalog.tier_explanation) + "</p>\n";
  h += "<p><a href=\"/playlist.m3u\">playlist.m3u</a> · <a href=\"/status.json\">status.json</a>"
       "</p>\n<ol id=\"files\">\n";
  int n = 0;
  for (const auto& e : catalog.entries) {
    // Sponsor clips belong to the ad breaks of `swarmtv play`; they are no items to watch.
    if (e.kind == EntryKind::bundle_metadata || e.kind == EntryKind::sponsor_clip) continue;
    if (!e.served()) {
      h += "<li class=\"refused\">" + html_escape(e.title) + " — " + html_escape(e.refusal) +
           "</li>\n";
      continue;
    }
    h += "<li><a href=\"" + e.url_path() + "\">" + html_escape(e.title) + "</a>";
    if (e.playable)
      h += "\n<video id=\"video" + std::to_string(n++) + "\" controls preload=\"none\" src=\"" +
           e.url_path() + "\" type=\"" + html_escape(e.content_type) + "\" data-subtitles=\"" +
           e.subtitle_url_list() + "\">" + track_elements(catalog, e) + "</video>";
    h += "</li>\n";
  }
  // "/?autoplay=N" plays the N-th player (muted, as browsers allow without a click) and shows
  // its position and the subtitle cues loaded: handy on a TV, and how the browser test reads the
  // playback back.
  h += "</ol>\n<p id=\"playback\"></p>\n<script>\n"
       // The text tracks inside a file are known once its header is read, so they are asked
       // for when the video has loaded, and added as <track>s (shown if nothing else is).
       "for (const v of document.querySelectorAll('video[data-subtitles]')) {\n"
       "  v.addEventListener('loadedmetadata', () => {\n"
       "    fetch(v.dataset.subtitles).then(r => r.json()).then(list => {\n"
       "      for (const s of list.filter(s => s.embedded)) {\n"
       "        const t = document.createElement('track');\n"
       "        t.kind = 'subtitles'; t.src = s.url; t.label = s.label;\n"
       "        if (s.language) t.srclang = s.language;\n"
       "        v.appendChild(t);\n"
       "        if (![...v.textTracks].some(x => x.mode === 'showing')) t.track.mode = 'showing';\n"
       "      }\n"
       "    }).catch(e => {});\n"
       "  }, {once: true});\n"
       "}\n"
       "const n = new URLSearchParams(location.search).get('autoplay');\n"
       "const v = n === null ? null : document.getElementById('video' + n);\n"
       "if (v) {\n"
       "  v.muted = true; v.preload = 'auto'; v.play().catch(e => {});\n"
       "  setInterval(() => { document.getElementById('playback').textContent =\n"
       "    'currentTime=' + v.currentTime.toFixed(2) + ' cues=' +\n"
       "    [...v.textTracks].reduce((c, t) => c + (t.cues ? t.cues.length : 0), 0) +\n"
       "    (v.error ? ' error=' + v.error.code : '');"
       " }, 100);\n"
       "}\n</script>\n</body></html>\n";
  return h;
}

std::string playlist_m3u(const Catalog& catalog, const std::string& base_url) {
  std::string m = "#EXTM3U\n";
  for (const auto& e : catalog.entries) {
    // Only what a player can play: episodes in order, then other media; no refused files.
    if (!e.served() || e.kind == EntryKind::bundle_metadata || e.kind == EntryKind::sponsor_clip)
      continue;
    if (!e.playable && e.content_type.rfind("video/", 0) != 0) continue;
    m += "#EXTINF:-1," + one_line(e.title) + "\n" + base_url + e.url_path() + "\n";
  }
  return m;
}

std::vector<ByteRange> verified_ranges(const stream::Torrent& torrent, const CatalogEntry& entry) {
  std::vector<ByteRange> out;
  if (entry.size <= 0 || !torrent.has_metadata()) return out;
  const auto info = torrent.info();
  const std::int64_t piece = info->piece_length();
  const std::int64_t begin = info->files().file_offset(entry.file);
  const std::int64_t end = begin + entry.size;
  for (std::int64_t p = begin / piece; p * piece < end; ++p) {
    if (!torrent.have_piece(lt::piece_index_t(int(p)))) continue;
    const std::int64_t b = std::max(p * piece, begin) - begin;
    const std::int64_t e = std::min((p + 1) * piece, end) - begin;
    if (!out.empty() && out.back().end == b)
      out.back().end = e;
    else
      out.push_back({b, e});
  }
  return out;
}

std::string status_json(stream::Torrent& torrent, const Catalog& catalog,
                        const ReadersByFile& readers) {
  const stream::StreamStatus s = torrent.status();
  nlohmann::json j;
  j["name"] = catalog.title;
  j["info_hash"] = torrent.info_hash();
  if (!catalog.tier.empty()) j["tier"] = catalog.tier;
  j["peers"] = s.peers;
  j["seeds"] = s.seeds;
  j["download_rate"] = s.download_rate;
  j["upload_rate"] = s.upload_rate;
  j["total_downloaded"] = s.total_downloaded;
  j["total_uploaded"] = s.total_uploaded;
  j["progress"] = s.progress;
  j["hash_failures"] = s.hash_failures;
  if (!s.error.empty()) j["error"] = s.error;
  auto files = nlohmann::json::array();
  for (const auto& e : catalog.entries) {
    nlohmann::json f;
    f["index"] = int(e.file);
    f["path"] = e.path;
    f["title"] = e.title;
    f["size"] = e.size;
    f["content_type"] = e.content_type;
    f["served"] = e.served();
    if (!e.served()) f["refusal"] = e.refusal;
    if (e.served()) f["url"] = e.url_path();
    const auto ranges = verified_ranges(torrent, e);
    std::int64_t have = 0;
    auto r = nlohmann::json::array();
    for (const auto& range : ranges) {
      have += range.length();
      r.push_back({range.begin, range.end});
    }
    f["verified"] = std::move(r);
    f["progress"] = e.size > 0 ? double(have) / double(e.size) : 1.0;
    auto it = readers.find(int(e.file));
    f["readers"] = it == readers.end() ? nlohmann::json::array() : nlohmann::json(it->second);
    files.push_back(std::move(f));
  }
  j["files"] = std::move(files);
  return j.dump(2) + "\n";
}

}  // namespace swarmtv::http
