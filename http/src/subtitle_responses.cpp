// Connection's subtitle routes: the files beside a video and the text tracks inside it, as
// WebVTT, and the list of both for the index page's script.
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include "connection.h"
#include "swarmtv/decoder/subtitle_file.h"
#include "swarmtv/decoder/webvtt_writer.h"
#include "swarmtv/stream/container_index.h"

namespace swarmtv::http {

namespace bhttp = boost::beast::http;
namespace net = boost::asio;

namespace {

std::string label_of(const decoder::SubtitleTrackInfo& info, std::size_t n) {
  if (!info.title.empty()) return info.title;
  if (!info.language.empty()) return info.language;
  return "Track " + std::to_string(n);
}

}  // namespace

bool Connection::serve_subtitles(const Request& request, const CatalogEntry& video, int n) {
  if (n >= 1 && std::size_t(n) > video.subtitles.size()) {
    auto tracks = embedded_tracks(video);
    if (!tracks) {
      if (tracks.error().code == Errc::cancelled) return false;
      return send_error(request, bhttp::status::service_unavailable, tracks.error().message, false);
    }
    const std::size_t k = std::size_t(n) - video.subtitles.size() - 1;
    if (k >= tracks->size())
      return send_error(request, bhttp::status::not_found, "no such subtitle track");
    return serve_embedded_subtitles(request, video, (*tracks)[k].stream_index);
  }
  if (n < 1) return send_error(request, bhttp::status::not_found, "no such subtitle track");
  const CatalogEntry* file = context_.catalog.find(int(video.subtitles[std::size_t(n) - 1]));
  if (!file) return send_error(request, bhttp::status::not_found, "no such subtitle track");
  if (!file->served()) return send_error(request, bhttp::status::forbidden, file->refusal);
  std::unique_ptr<ByteSource> reader;
  if (std::string error = open_reader(*file, reader); !error.empty()) {
    release_reader(reader);
    return send_error(request, bhttp::status::service_unavailable, error, false);
  }
  // Small files (capped by read_subtitle_file), converted whole: a browser's <track> wants the
  // complete document anyway.
  auto subtitles = decoder::read_subtitle_file(*reader, file->name, reads_.get_token());
  release_reader(reader);
  if (!subtitles) {
    if (subtitles.error().code == Errc::cancelled) return false;
    return send_error(request, bhttp::status::unprocessable_entity, subtitles.error().message);
  }
  return send_text(request, bhttp::status::ok, "text/vtt; charset=utf-8",
                   decoder::to_webvtt(subtitles->cues->all()));
}

Result<EmbeddedTrackCache::Tracks> Connection::embedded_tracks(const CatalogEntry& video) {
  if (video.content_type.rfind("video/", 0) != 0 ||
      stream::container_from_path(video.name) == stream::ContainerKind::other)
    return EmbeddedTrackCache::Tracks{};
  if (auto cached = context_.embedded_tracks->find(int(video.file))) return *cached;
  // A player reading the header: it gets the head's (and an MP4's moov's) deadlines, which a
  // browser about to play the video wants anyway.
  std::unique_ptr<ByteSource> reader;
  if (std::string error = open_reader(video, reader); !error.empty()) {
    release_reader(reader);
    return make_error(Errc::io_error, error);
  }
  auto tracks = decoder::list_embedded_subtitles(*reader, reads_.get_token());
  release_reader(reader);
  if (!tracks && tracks.error().code == Errc::cancelled) return tracks.error();
  // A file FFmpeg cannot open as MP4 or Matroska has no tracks to offer, and never will: its
  // bytes were verified.
  EmbeddedTrackCache::Tracks found = tracks ? std::move(*tracks) : EmbeddedTrackCache::Tracks{};
  context_.embedded_tracks->store(int(video.file), found);
  return found;
}

bool Connection::serve_subtitle_list(const Request& request, const CatalogEntry& video) {
  auto tracks = embedded_tracks(video);
  if (!tracks) {
    if (tracks.error().code == Errc::cancelled) return false;
    return send_error(request, bhttp::status::service_unavailable, tracks.error().message, false);
  }
  auto list = nlohmann::json::array();
  std::size_t n = 0;
  for (const lt::file_index_t index : video.subtitles) {
    ++n;
    const CatalogEntry* file = context_.catalog.find(int(index));
    if (!file || !file->served()) continue;
    const std::string language = subtitle_language(video.name, file->name).value_or("");
    list.push_back({{"url", video.subtitle_url(n)},
                    {"label", language.empty() ? file->name : language},
                    {"language", language},
                    {"embedded", false}});
  }
  for (const auto& track : *tracks) {
    ++n;
    list.push_back({{"url", video.subtitle_url(n)},
                    {"label", label_of(track.info, n)},
                    {"language", track.info.language},
                    {"codec", track.info.codec},
                    {"embedded", true}});
  }
  // Track titles come from the file: dump() replaces invalid UTF-8 rather than throwing.
  return send_text(request, bhttp::status::ok, "application/json",
                   list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

bool Connection::serve_embedded_subtitles(const Request& request, const CatalogEntry& video,
                                          int stream_index) {
  bhttp::response<bhttp::empty_body> res{bhttp::status::ok, request.version()};
  res.set(bhttp::field::server, kServerName);
  res.set(bhttp::field::content_type, "text/vtt; charset=utf-8");
  res.set(bhttp::field::cache_control, "no-store");
  res.set(bhttp::field::access_control_allow_origin, "*");
  res.keep_alive(request.keep_alive());
  // HTTP/1.1 gets the cues streamed: a browser's WebVTT parser adds each as it arrives.
  // HTTP/1.0 has no chunks: the whole document, once demuxed.
  const bool chunked = request.version() >= 11;
  res.chunked(chunked);
  bhttp::response_serializer<bhttp::empty_body> sr{res};
  if (request.method() == bhttp::verb::head)  // the headers alone: nothing is demuxed
    return !run_io([&](auto h) { bhttp::async_write_header(stream_, sr, h); }) && res.keep_alive();
  // A follower: the cues come as the download brings their bytes, without taking bandwidth
  // from the video being played.
  std::unique_ptr<ByteSource> reader;
  if (std::string error = open_reader(video, reader, stream::ReadRole::follower); !error.empty()) {
    release_reader(reader);
    return send_error(request, bhttp::status::service_unavailable, error, false);
  }
  std::string whole = decoder::webvtt_header();
  if (chunked &&
      (run_io([&](auto h) { bhttp::async_write_header(stream_, sr, h); }) || !send_chunk(whole))) {
    release_reader(reader);
    return false;
  }
  bool write_failed = false;
  const auto on_cue = [&](const decoder::SubtitleCue& cue) {
    const std::string block = decoder::webvtt_cue(cue);
    if (!chunked) {
      whole += block;
      return true;
    }
    write_failed = !block.empty() && !send_chunk(block);
    return !write_failed;
  };
  const Status read =
      decoder::read_embedded_subtitles(*reader, stream_index, on_cue, reads_.get_token());
  release_reader(reader);
  if (!chunked) {
    if (!read && read.error().code == Errc::cancelled) return false;
    return send_text(request, bhttp::status::ok, "text/vtt; charset=utf-8", std::move(whole));
  }
  // The headers are out: a failed read can only end the response early, and a cut chunked body
  // tells the client so.
  if (write_failed || !read) return false;
  return !run_io([&](auto h) { net::async_write(stream_, bhttp::make_chunk_last(), h); }) &&
         res.keep_alive();
}

bool Connection::send_chunk(std::string_view text) {
  return !run_io(
      [&](auto h) { net::async_write(stream_, bhttp::make_chunk(net::buffer(text)), h); });
}

}  // namespace swarmtv::http
