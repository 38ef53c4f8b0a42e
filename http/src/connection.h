// One client connection of the Server, served on its own thread: requests are read and answered
// one after another (keep-alive), each file response streaming from a fresh TorrentByteSource.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string_view>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server_context.h"
#include "swarmtv/stream/torrent_byte_source.h"

namespace swarmtv::http {

// The Server header of every response.
inline constexpr const char* kServerName = "swarmtv";

class Connection {
 public:
  using Request = boost::beast::http::request<boost::beast::http::empty_body>;

  // `socket` belongs to `io`, which only this connection runs (on its own thread), so blocking
  // the thread on a torrent read never delays another client.
  Connection(const ServerContext& context, std::unique_ptr<boost::asio::io_context> io,
             boost::asio::ip::tcp::socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Serves requests until the client closes, a timeout, an error or abort(). Then closes.
  void run();

  // Over the connection limit: answers 503 and closes.
  void reject();

  // From the monitor thread: if a response is waiting for pieces and the client has gone
  // (its end of the socket is closed), cancel the read so its deadline window is released.
  void check_peer();
  // From the server's stop(): cancel the response and shut the socket down, waking every wait.
  void abort();

  bool finished() const { return finished_; }
  // The file index and offset of the response being streamed, if any.
  std::optional<std::pair<int, std::int64_t>> reading() const;

 private:
  // Runs one asynchronous operation on our io_context to completion, with the I/O timeout.
  template <typename Start>
  boost::beast::error_code run_io(Start&& start);

  // Reads the next request's headers into `parser` within the I/O timeout. Unlike run_io, the
  // timeout cancels the read without closing the socket, so a 408 can still be sent.
  boost::beast::error_code read_request(
      boost::beast::http::request_parser<boost::beast::http::empty_body>& parser, bool& timed_out);
  // Returns whether the connection may serve another request.
  bool handle(const Request& request);
  bool serve_file(const Request& request, const CatalogEntry& entry);
  // The n-th subtitle track of `video` as WebVTT: first the files beside it
  // (CatalogEntry::subtitles), converted whole, then the text tracks inside it, streamed.
  bool serve_subtitles(const Request& request, const CatalogEntry& video, int n);
  // Those tracks as JSON (url, label, language, embedded), for the index page's script.
  bool serve_subtitle_list(const Request& request, const CatalogEntry& video);
  // The track `stream_index` inside `video`, cue by cue as its bytes arrive (chunked).
  bool serve_embedded_subtitles(const Request& request, const CatalogEntry& video,
                                int stream_index);
  // The text tracks inside `video`, read from its header once (EmbeddedTrackCache); none for a
  // file that is not MP4 or Matroska. An error when cancelled or the file cannot be opened.
  Result<EmbeddedTrackCache::Tracks> embedded_tracks(const CatalogEntry& video);
  bool send_chunk(std::string_view text);
  // Opens the entry's file for reading (decrypted for a bonus file) into `reader`; returns an
  // error message or "".
  std::string open_reader(const CatalogEntry& entry, std::unique_ptr<ByteSource>& reader,
                          stream::ReadRole role = stream::ReadRole::playback);
  // Drops the reader: it leaves the scheduler, so its window is released.
  void release_reader(std::unique_ptr<ByteSource>& reader);
  bool send_unsatisfiable(const Request& request, std::int64_t size, const std::string& etag);
  // Sends [begin, end) of `reader` in chunks; false when the read or the write failed.
  bool send_body(ByteSource& reader, std::int64_t begin, std::int64_t end);
  bool send_text(const Request& request, boost::beast::http::status status,
                 const std::string& content_type, std::string body, bool keep_alive = true);
  bool send_error(const Request& request, boost::beast::http::status status,
                  const std::string& message, bool keep_alive = true);
  void close_socket();
  // The file being streamed, or -1 (reading()).
  void set_reading(int file);

  const ServerContext& context_;
  std::unique_ptr<boost::asio::io_context> io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::atomic<bool> finished_{false};
  std::atomic<bool> aborted_{false};

  // Every read of every response carries this token. The monitor (the client left) and stop()
  // trigger it, once and for all: the connection then ends.
  std::stop_source reads_;
  // Guards the socket's descriptor against the monitor and stop() (they peek and shut it down)
  // and the file being read.
  mutable std::mutex mutex_;
  bool socket_open_ = true;
  int file_ = -1;
  std::atomic<std::int64_t> offset_{0};
};

// Defined here: the subtitle responses (subtitle_responses.cpp) use it too.
template <typename Start>
boost::beast::error_code Connection::run_io(Start&& start) {
  boost::beast::error_code result = boost::asio::error::would_block;
  stream_.expires_after(context_.options.io_timeout);
  start([&result](boost::beast::error_code ec, std::size_t) { result = ec; });
  io_->restart();
  io_->run();
  return result;
}

}  // namespace swarmtv::http
