#include "connection.h"

#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "swarmtv/ads/decrypting_byte_source.h"
#include "swarmtv/http/byte_range_header.h"
#include "swarmtv/http/conditional_request.h"

namespace swarmtv::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// "/files/12/name.mkv" or "/files/12" -> 12. Anything else (including "..", extra segments or
// a non-number) is not a file URL.
std::optional<int> file_index_of(std::string_view path) {
  constexpr std::string_view kPrefix = "/files/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  const auto slash = path.find('/');
  const std::string_view number = path.substr(0, slash);
  if (slash != std::string_view::npos) {
    const std::string_view name = path.substr(slash + 1);
    if (name.find('/') != std::string_view::npos) return std::nullopt;
  }
  if (number.empty() || number.size() > 9) return std::nullopt;
  int value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc() || ptr != number.data() + number.size() || value < 0) return std::nullopt;
  return value;
}

constexpr std::string_view kSubtitleList = "/subtitles/tracks.json";

// "/files/12/subtitles/tracks.json" -> 12.
std::optional<int> subtitle_list_route_of(std::string_view path) {
  if (path.size() <= kSubtitleList.size() ||
      path.substr(path.size() - kSubtitleList.size()) != kSubtitleList)
    return std::nullopt;
  return file_index_of(path.substr(0, path.size() - kSubtitleList.size()));
}

// "/files/12/subtitles/2.vtt" -> {12, 2}.
std::optional<std::pair<int, int>> subtitle_route_of(std::string_view path) {
  constexpr std::string_view kMiddle = "/subtitles/";
  constexpr std::string_view kSuffix = ".vtt";
  const auto middle = path.find(kMiddle);
  if (middle == std::string_view::npos || path.size() < kSuffix.size() ||
      path.substr(path.size() - kSuffix.size()) != kSuffix)
    return std::nullopt;
  const auto file = file_index_of(path.substr(0, middle));
  const std::string_view number =
      path.substr(middle + kMiddle.size(), path.size() - kSuffix.size() - middle - kMiddle.size());
  int n = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
  if (!file || number.empty() || number.size() > 4 || ec != std::errc() ||
      ptr != number.data() + number.size() || n < 1)
    return std::nullopt;
  return std::pair{*file, n};
}

}  // namespace

Connection::Connection(const ServerContext& context, std::unique_ptr<net::io_context> io,
                       tcp::socket socket)
    : context_(context), io_(std::move(io)), stream_(std::move(socket)) {}

Connection::~Connection() {
  close_socket();
}

beast::error_code Connection::read_request(bhttp::request_parser<bhttp::empty_body>& parser,
                                           bool& timed_out) {
  beast::error_code result = net::error::would_block;
  timed_out = false;
  stream_.expires_never();
  net::steady_timer timer(*io_, context_.options.io_timeout);
  timer.async_wait([this, &timed_out](beast::error_code ec) {
    if (ec) return;  // cancelled: the request arrived
    timed_out = true;
    beast::error_code ignored;
    stream_.socket().cancel(ignored);
  });
  bhttp::async_read(stream_, buffer_, parser, [&](beast::error_code ec, std::size_t) {
    result = ec;
    timer.cancel();
  });
  io_->restart();
  io_->run();
  return result;
}

void Connection::run() {
  for (;;) {
    if (aborted_) break;
    bhttp::request_parser<bhttp::empty_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(0);
    bool timed_out = false;
    const auto ec = read_request(parser, timed_out);
    if (timed_out) {
      // Part of a request came, then nothing: 408 (RFC 9110 §15.5.9). An idle keep-alive
      // connection that sent nothing is simply closed, as nginx and Apache do.
      if (parser.got_some() || buffer_.size() > 0) {
        Request late;
        late.version(11);
        send_error(late, bhttp::status::request_timeout, "request timeout", false);
      }
      break;
    }
    if (ec) {
      // A request that cannot be parsed gets 400; a client that went quiet or away is closed.
      if (ec.category() == beast::error_code(bhttp::error::end_of_stream).category() &&
          ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
        Request bad;
        bad.version(11);
        send_error(bad, bhttp::status::bad_request, "malformed request", false);
      }
      break;
    }
    const Request& request = parser.get();
    if (!handle(request) || !request.keep_alive() || aborted_) break;
  }
  close_socket();
  finished_ = true;
}

void Connection::reject() {
  Request request;
  request.version(11);
  send_error(request, bhttp::status::service_unavailable, "too many connections", false);
  close_socket();
  finished_ = true;
}

bool Connection::handle(const Request& request) {
  if (request.method() != bhttp::verb::get && request.method() != bhttp::verb::head) {
    return send_error(request, bhttp::status::method_not_allowed, "only GET and HEAD");
  }
  std::string_view target(request.target().data(), request.target().size());
  // Only origin-form targets: "/path?query". Paths are matched against a fixed set of routes and
  // file indices, never mapped onto the file system, so "../" cannot reach anything.
  if (target.empty() || target.front() != '/')
    return send_error(request, bhttp::status::bad_request, "bad request target", false);
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/" || path == "/index.html")
    return send_text(request, bhttp::status::ok, "text/html; charset=utf-8",
                     index_html(context_.catalog));
  if (path == "/playlist.m3u") {
    // Links in the playlist use the host the client reached us by, so a TV gets a usable URL.
    std::string base = context_.base_url;
    const auto host = request[bhttp::field::host];
    if (!host.empty() && host.find_first_of("/\\ \r\n\"<>") == beast::string_view::npos)
      base = "http://" + std::string(host.data(), host.size());
    return send_text(request, bhttp::status::ok, "audio/x-mpegurl; charset=utf-8",
                     playlist_m3u(context_.catalog, base));
  }
  if (path == "/status.json")
    return send_text(request, bhttp::status::ok, "application/json",
                     status_json(*context_.torrent, context_.catalog,
                                 context_.readers ? context_.readers() : ReadersByFile{}));
  if (const auto index = subtitle_list_route_of(path)) {
    const CatalogEntry* video = context_.catalog.find(*index);
    if (!video) return send_error(request, bhttp::status::not_found, "no such file");
    if (!video->served()) return send_error(request, bhttp::status::forbidden, video->refusal);
    return serve_subtitle_list(request, *video);
  }
  if (const auto route = subtitle_route_of(path)) {
    const CatalogEntry* video = context_.catalog.find(route->first);
    if (!video) return send_error(request, bhttp::status::not_found, "no such file");
    if (!video->served()) return send_error(request, bhttp::status::forbidden, video->refusal);
    return serve_subtitles(request, *video, route->second);
  }
  if (const auto index = file_index_of(path)) {
    const CatalogEntry* entry = context_.catalog.find(*index);
    if (!entry) return send_error(request, bhttp::status::not_found, "no such file");
    if (!entry->served()) return send_error(request, bhttp::status::forbidden, entry->refusal);
    return serve_file(request, *entry);
  }
  return send_error(request, bhttp::status::not_found, "not found");
}

bool Connection::send_text(const Request& request, bhttp::status status,
                           const std::string& content_type, std::string body, bool keep_alive) {
  bhttp::response<bhttp::string_body> res{status, request.version()};
  res.set(bhttp::field::server, kServerName);
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::cache_control, "no-store");
  if (status == bhttp::status::method_not_allowed) res.set(bhttp::field::allow, "GET, HEAD");
  res.keep_alive(keep_alive && request.keep_alive());
  const std::size_t length = body.size();
  res.body() = std::move(body);
  res.prepare_payload();
  if (request.method() == bhttp::verb::head) {
    // HEAD: the same headers, no body.
    bhttp::response<bhttp::empty_body> head{status, request.version()};
    for (const auto& field : res.base()) head.set(field.name_string(), field.value());
    head.content_length(length);
    bhttp::response_serializer<bhttp::empty_body> sr{head};
    return !run_io([&](auto h) { bhttp::async_write_header(stream_, sr, h); }) && res.keep_alive();
  }
  return !run_io([&](auto h) { bhttp::async_write(stream_, res, h); }) && res.keep_alive();
}

bool Connection::send_error(const Request& request, bhttp::status status,
                            const std::string& message, bool keep_alive) {
  return send_text(request, status, "text/plain; charset=utf-8", message + "\n", keep_alive);
}

void Connection::set_reading(int file) {
  std::lock_guard lock(mutex_);
  file_ = file;
}

std::string Connection::open_reader(const CatalogEntry& entry, std::unique_ptr<ByteSource>& reader,
                                    stream::ReadRole role) {
  auto opened = context_.torrent->open(entry.file, role);
  if (!opened) return opened.error().message;
  set_reading(int(entry.file));
  if (!entry.decrypt) {
    reader = std::move(*opened);
    return {};
  }
  auto decrypted = ads::DecryptingByteSource::open(std::move(*opened), context_.catalog.bonus_key,
                                                   reads_.get_token());
  if (!decrypted) return decrypted.error().message;
  reader = std::move(*decrypted);
  return {};
}

void Connection::release_reader(std::unique_ptr<ByteSource>& reader) {
  set_reading(-1);
  reader.reset();
}

bool Connection::send_unsatisfiable(const Request& request, std::int64_t size,
                                    const std::string& etag) {
  bhttp::response<bhttp::string_body> r{bhttp::status::range_not_satisfiable, request.version()};
  r.set(bhttp::field::server, kServerName);
  r.set(bhttp::field::accept_ranges, "bytes");
  r.set(bhttp::field::content_range, "bytes */" + std::to_string(size));
  r.set(bhttp::field::etag, etag);
  r.set(bhttp::field::content_type, "text/plain; charset=utf-8");
  r.keep_alive(request.keep_alive());
  if (request.method() != bhttp::verb::head) r.body() = "range not satisfiable\n";
  r.prepare_payload();
  return !run_io([&](auto h) { bhttp::async_write(stream_, r, h); }) && r.keep_alive();
}

bool Connection::send_body(ByteSource& reader, std::int64_t begin, std::int64_t end) {
  // Stream in chunks: never more than chunk_size bytes of the file in memory.
  std::vector<std::byte> chunk(context_.options.chunk_size);
  std::int64_t offset = begin;
  while (offset < end) {
    const auto want = std::size_t(std::min<std::int64_t>(end - offset, std::int64_t(chunk.size())));
    const auto r = reader.read_at(offset, std::span(chunk.data(), want), reads_.get_token());
    // Cancelled (the client left, or the server stops) or the bytes cannot be had: the headers
    // are out, so the only honest answer is to close the connection.
    if (r.status != ReadStatus::ok) return false;
    if (run_io([&](auto h) { net::async_write(stream_, net::buffer(chunk.data(), r.bytes), h); }))
      return false;
    offset += std::int64_t(r.bytes);
    offset_ = offset;
  }
  return true;
}

bool Connection::serve_file(const Request& request, const CatalogEntry& entry) {
  const bool head = request.method() == bhttp::verb::head;
  std::unique_ptr<ByteSource> reader;
  std::int64_t size = entry.size;
  // A plain file's size is known from the metadata, so HEAD and 416 never touch the torrent.
  // A bonus file's plaintext size is in its encrypted header: open it first.
  if (entry.decrypt) {
    if (std::string error = open_reader(entry, reader); !error.empty()) {
      release_reader(reader);
      return send_error(request, bhttp::status::service_unavailable, error, false);
    }
    size = reader->size();
  }

  const std::string etag = file_etag(context_.torrent->info_hash(), int(entry.file));
  const auto field = [&request](bhttp::field f) {
    const auto v = request[f];
    return std::string_view(v.data(), v.size());
  };
  bhttp::response<bhttp::empty_body> res{bhttp::status::ok, request.version()};
  res.set(bhttp::field::server, kServerName);
  res.set(bhttp::field::accept_ranges, "bytes");
  res.set(bhttp::field::content_type, entry.content_type);
  res.set(bhttp::field::access_control_allow_origin, "*");
  res.set(bhttp::field::etag, etag);
  res.keep_alive(request.keep_alive());
  if (none_match_hits(field(bhttp::field::if_none_match), etag)) {
    // The client's cached copy is current (a torrent's file never changes).
    release_reader(reader);
    res.result(bhttp::status::not_modified);
    res.erase(bhttp::field::content_type);
    bhttp::response_serializer<bhttp::empty_body> sr{res};
    return !run_io([&](auto h) { bhttp::async_write_header(stream_, sr, h); }) && res.keep_alive();
  }
  // A Range under an If-Range that no longer matches gets the whole file (RFC 9110 §13.1.5).
  RangeRequest range = if_range_allows(field(bhttp::field::if_range), etag)
                           ? parse_range_header(field(bhttp::field::range), size)
                           : RangeRequest{};
  switch (range.kind) {
    case RangeRequest::Kind::malformed:
      release_reader(reader);
      return send_error(request, bhttp::status::bad_request, "malformed Range header");
    case RangeRequest::Kind::unsatisfiable:
      release_reader(reader);
      return send_unsatisfiable(request, size, etag);
    case RangeRequest::Kind::partial:
      res.result(bhttp::status::partial_content);
      res.set(bhttp::field::content_range, "bytes " + std::to_string(range.begin) + "-" +
                                               std::to_string(range.end - 1) + "/" +
                                               std::to_string(size));
      break;
    case RangeRequest::Kind::whole:
      range.begin = 0;
      range.end = size;
      break;
  }
  res.content_length(std::uint64_t(range.end - range.begin));

  if (!head && !reader && range.end > range.begin) {
    if (std::string error = open_reader(entry, reader); !error.empty()) {
      release_reader(reader);
      return send_error(request, bhttp::status::service_unavailable, error, false);
    }
  }
  // The requested range gets the deadline window at once, before the headers go out.
  if (StreamingSource* streaming = reader ? reader->streaming() : nullptr;
      range.begin > 0 && streaming)
    streaming->hint_upcoming_read(range.begin);
  offset_ = range.begin;

  bhttp::response_serializer<bhttp::empty_body> sr{res};
  const bool headers_sent = !run_io([&](auto h) { bhttp::async_write_header(stream_, sr, h); });
  const bool ok = headers_sent && (head || !reader || send_body(*reader, range.begin, range.end));
  release_reader(reader);
  return ok && res.keep_alive();
}

void Connection::check_peer() {
  std::lock_guard lock(mutex_);
  if (file_ < 0 || !socket_open_) return;
  char byte;
  const auto n = ::recv(stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // 0: the client closed its end. Data (a pipelined request) or EAGAIN: still there.
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
    reads_.request_stop();  // the connection ends: its reads never resume
}

void Connection::abort() {
  aborted_ = true;
  std::lock_guard lock(mutex_);
  reads_.request_stop();
  if (socket_open_) ::shutdown(stream_.socket().native_handle(), SHUT_RDWR);
}

std::optional<std::pair<int, std::int64_t>> Connection::reading() const {
  std::lock_guard lock(mutex_);
  if (file_ < 0) return std::nullopt;
  return std::pair(file_, offset_.load());
}

void Connection::close_socket() {
  std::lock_guard lock(mutex_);
  if (!socket_open_) return;
  socket_open_ = false;
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.socket().close(ec);
}

}  // namespace swarmtv::http
