#include "swarmtv/stream/seeder.h"

#include <csignal>
#include <ctime>

#include <condition_variable>
#include <mutex>

#include "swarmtv/stream/torrent_creator.h"
#include "swarmtv/stream/torrent_input.h"

namespace swarmtv::stream {

namespace fs = std::filesystem;

Result<std::unique_ptr<Seeder>> Seeder::start(const SeedOptions& options) {
  auto seeder = std::make_unique<Seeder>(Key{});
  lt::add_torrent_params params;
  AddOptions add;
  add.seed = true;
  std::error_code ec;
  if (options.input.extension() == ".torrent") {
    auto parsed = parse_torrent_input(options.input.string());
    if (!parsed) return parsed.error();
    params = std::move(parsed).value();
    add.save_path =
        options.content_dir ? *options.content_dir : fs::absolute(options.input, ec).parent_path();
    seeder->torrent_file_ = options.input;
  } else {
    CreateOptions create;
    create.piece_size = options.piece_size;
    auto created = create_torrent(options.input, create);
    if (!created) return created.error();
    seeder->torrent_file_ = options.torrent_out
                                ? *options.torrent_out
                                : options.state_dir / (created->info->name() + ".torrent");
    fs::create_directories(seeder->torrent_file_.parent_path(), ec);
    if (auto w = write_torrent_file(seeder->torrent_file_, created->data); !w) return w.error();
    params.ti = created->info;
    // We just hashed every piece: skip the check (libtorrent still verifies each piece the first
    // time a peer asks for it).
    params.flags |= lt::torrent_flags::seed_mode;
    add.save_path = created->save_path;
  }

  SessionOptions session;
  session.download_dir = options.state_dir;
  session.loopback = options.loopback;
  session.loopback_address = options.loopback_address;
  session.listen_port = options.listen_port;
  session.upload_rate_limit = options.upload_limit;
  session.premiere = options.premiere;
  session.save_resume_data = false;  // a seeder's files are complete; nothing to resume
  seeder->session_ = std::make_unique<Session>(session);
  // A port asked for is that port or an error: peers and magnet links are told it.
  if (options.listen_port != 0 && seeder->session_->listen_port() != options.listen_port)
    return make_error(Errc::invalid_argument, "cannot listen on port " +
                                                  std::to_string(options.listen_port) +
                                                  " (in use?); choose another with --port");
  auto torrent = seeder->session_->add(std::move(params), add);
  if (!torrent) return torrent.error();
  seeder->torrent_ = std::move(torrent).value();
  seeder->magnet_ = seeder->torrent_->magnet_uri();
  if (options.loopback)
    seeder->magnet_ = magnet_with_peer(seeder->magnet_, options.loopback_address,
                                       seeder->session_->listen_port());
  return seeder;
}

int run_seed(const SeedOptions& options, std::ostream& out, std::ostream& err,
             std::stop_token stop) {
  // Block SIGINT/SIGTERM before libtorrent starts its threads (they inherit the mask), so the
  // signal is taken by sigtimedwait() below instead of killing the process mid-write.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  const bool use_signals = !stop.stop_possible();
  if (use_signals) pthread_sigmask(SIG_BLOCK, &signals, &previous);

  auto seeder = Seeder::start(options);
  if (!seeder) {
    err << "swarmtv seed: " << seeder.error().message << "\n";
    if (use_signals) pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    return 1;
  }
  Seeder& s = **seeder;
  out << "magnet: " << s.magnet_uri() << "\n"
      << "torrent: " << s.torrent_file().string() << "\n"
      << "seeding " << s.torrent()->name() << " on port " << s.session().listen_port()
      << (options.upload_limit > 0 ? ", upload limit " + format_rate(options.upload_limit) : "")
      << "; Ctrl+C stops\n"
      << std::flush;

  std::mutex m;
  std::condition_variable_any cv;
  for (;;) {
    if (use_signals) {
      timespec timeout{5, 0};
      if (sigtimedwait(&signals, nullptr, &timeout) > 0) break;
    } else {
      std::unique_lock lock(m);
      if (cv.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; }) ||
          stop.stop_requested())
        break;
    }
    out << format_status_line(s.torrent()->status()) << "\n" << std::flush;
    if (options.on_status) options.on_status(*s.torrent());
  }
  if (options.on_status) options.on_status(*s.torrent());
  const std::int64_t uploaded = s.torrent()->status().total_uploaded;
  const std::string copies = format_copies_histogram(s.torrent()->upload_counts());
  seeder = Error{Errc::cancelled, ""};  // shut the session down before restoring the mask
  if (use_signals) pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  out << "stopped seeding (uploaded " << uploaded << " bytes; " << copies << ")\n";
  return 0;
}

}  // namespace swarmtv::stream
