// `swarmtv serve`'s HTTP/1.1 server: GET and HEAD with byte ranges over the files of one torrent,
// for mpv, VLC, ffmpeg, browsers and TVs.
//
// One thread per connection: each response reads from its own TorrentByteSource, so a request
// drives the streaming scheduler exactly as the native player's reads do (the requested range
// gets the deadline window). A monitor thread notices clients that vanish while their response
// waits for pieces and cancels their source, so a stale request never keeps its window; a slow
// client is closed after `io_timeout` without progress.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "swarmtv/base/result.h"
#include "swarmtv/http/catalog.h"
#include "swarmtv/stream/torrent.h"

namespace swarmtv::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // the address to listen on
  int port = 0;                    // 0: a free port (see Server::port())
  // A request's headers must arrive (else 408 if part of them came, or the idle connection is
  // closed), and each write must make progress, within this time.
  std::chrono::milliseconds io_timeout = std::chrono::seconds(30);
  int max_connections = 64;             // more get 503 and are closed
  std::size_t chunk_size = 256 * 1024;  // bytes read from the torrent and written per step
};

class Server {
 public:
  // `torrent` must outlive the server (its Session too): stop the server first.
  Server(std::shared_ptr<stream::Torrent> torrent, Catalog catalog, ServerOptions options = {});
  // stop()s.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving. Errors: the address is not valid, or cannot be bound.
  Status start();
  // Closes the listening socket, cancels every response (waking blocked reads) and closes every
  // connection, then joins the threads. Idempotent.
  void stop();

  int port() const;
  // "http://127.0.0.1:8080/" (IPv6 hosts in brackets).
  std::string url() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace swarmtv::http
