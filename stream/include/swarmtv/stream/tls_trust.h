// Where libtorrent's TLS context finds its trusted certificates.
#pragma once

#include <filesystem>

namespace swarmtv::stream {

// libtorrent builds a TLS context (for HTTPS trackers and web seeds) in the session's
// constructor, and OpenSSL then parses the whole CA bundle file (~140 certificates): about 35 ms,
// a tenth of a first frame on a fast swarm. OpenSSL's hashed certificate directory holds the
// same certificates and is read lazily, one certificate when a handshake needs it. When the
// bundle is the system's (SSL_CERT_FILE unset or naming it), the directory is the system's
// (SSL_CERT_DIR unset or naming it) and it is populated (Debian's update-ca-certificates keeps
// both), point SSL_CERT_FILE at /dev/null: verification still finds every CA through the
// directory, and start-up skips the parse. A bundle or directory of the user's own is kept.
//
// Changes the environment: call once at start-up, before any other thread runs.
// Returns true if it did.
bool prefer_lazy_ca_lookup();
// The same with the system's defaults given (OpenSSL's X509_get_default_cert_file/_dir).
bool prefer_lazy_ca_lookup(const std::filesystem::path& system_bundle,
                           const std::filesystem::path& system_dir);

}  // namespace swarmtv::stream
