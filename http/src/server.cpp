#include "swarmtv/http/server.h"

#include <condition_variable>
#include <list>
#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "connection.h"

namespace swarmtv::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  struct Running {
    std::shared_ptr<Connection> connection;
    std::thread thread;
  };

  ServerContext context;
  net::io_context accept_io;
  tcp::acceptor acceptor{accept_io};
  std::thread accept_thread;
  std::thread monitor_thread;
  std::atomic<bool> stopping{false};
  bool started = false;
  int port = 0;

  std::mutex mutex;
  std::condition_variable wake;
  std::list<Running> running;

  void accept_next() {
    auto io = std::make_unique<net::io_context>(1);
    net::io_context& io_ref = *io;
    acceptor.async_accept(io_ref, [this, io = std::move(io)](boost::system::error_code ec,
                                                             tcp::socket socket) mutable {
      if (ec) {
        if (ec == net::error::operation_aborted || stopping) return;
        accept_next();  // e.g. too many open files: keep going
        return;
      }
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      auto connection = std::make_shared<Connection>(context, std::move(io), std::move(socket));
      {
        std::lock_guard lock(mutex);
        if (stopping) return;
        if (int(running.size()) >= context.options.max_connections) {
          // Answer 503 from a short-lived thread so the accept loop never blocks on a client.
          running.push_back({connection, std::thread([connection] { connection->reject(); })});
        } else {
          running.push_back({connection, std::thread([connection] { connection->run(); })});
        }
      }
      accept_next();
    });
  }

  // Twice a second: notice vanished clients, and join the threads of finished connections.
  void monitor() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      wake.wait_for(lock, std::chrono::milliseconds(200));
      for (auto it = running.begin(); it != running.end();) {
        if (it->connection->finished()) {
          it->thread.join();
          it = running.erase(it);
        } else {
          it->connection->check_peer();
          ++it;
        }
      }
    }
  }

  ReadersByFile readers() {
    ReadersByFile out;
    std::lock_guard lock(mutex);
    for (const auto& r : running)
      if (auto reading = r.connection->reading()) out[reading->first].push_back(reading->second);
    return out;
  }
};

Server::Server(std::shared_ptr<stream::Torrent> torrent, Catalog catalog, ServerOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->context.torrent = std::move(torrent);
  impl_->context.catalog = std::move(catalog);
  impl_->context.options = std::move(options);
  Impl* impl = impl_.get();
  impl_->context.readers = [impl] { return impl->readers(); };
}

Server::~Server() {
  stop();
}

Status Server::start() {
  auto fail = [](const std::string& message) { return Error{Errc::io_error, message}; };
  if (impl_->started) return fail("the server is already running");
  boost::system::error_code ec;
  const auto address = net::ip::make_address(impl_->context.options.host, ec);
  if (ec) return fail("--host: '" + impl_->context.options.host + "' is not an IP address");
  const int port = impl_->context.options.port;
  if (port < 0 || port > 65535) return fail("--port: " + std::to_string(port) + " is not a port");
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    return fail("cannot listen on " + impl_->context.options.host + ":" + std::to_string(port) +
                ": " + ec.message());
  }
  impl_->port = acceptor.local_endpoint(ec).port();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  impl_->context.base_url = "http://" + host + ":" + std::to_string(impl_->port);
  impl_->started = true;
  impl_->accept_next();
  Impl* impl = impl_.get();
  impl_->accept_thread = std::thread([impl] { impl->accept_io.run(); });
  impl_->monitor_thread = std::thread([impl] { impl->monitor(); });
  return Status::success();
}

void Server::stop() {
  if (!impl_->started || impl_->stopping.exchange(true)) return;
  net::post(impl_->accept_io, [impl = impl_.get()] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->accept_thread.join();
  impl_->wake.notify_all();
  impl_->monitor_thread.join();
  std::list<Impl::Running> running;
  {
    std::lock_guard lock(impl_->mutex);
    running.swap(impl_->running);
  }
  for (auto& r : running) r.connection->abort();
  for (auto& r : running) r.thread.join();
}

int Server::port() const {
  return impl_->port;
}

std::string Server::url() const {
  return impl_->context.base_url + "/";
}

}  // namespace swarmtv::http
