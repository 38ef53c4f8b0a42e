// Where libtorrent's TLS context finds its trusted certificates.
#pragma once

namespace swarmtv::stream {

// libtorrent builds a TLS context (for HTTPS trackers and web seeds) in the session's
// constructor, and OpenSSL then parses the whole CA bundle file (~140 certificates): about 35 ms,
// a tenth of a first frame on a fast swarm. OpenSSL's hashed certificate directory holds the
// same certificates and is read lazily, one certificate when a handshake needs it. When that
// directory is populated (Debian's update-ca-certificates keeps both) and the user has not
// chosen a bundle (SSL_CERT_FILE), point SSL_CERT_FILE at /dev/null: verification still finds
// every CA through the directory, and start-up skips the parse.
//
// Changes the environment: call once at start-up, before any other thread runs.
// Returns true if it did.
bool prefer_lazy_ca_lookup();

}  // namespace swarmtv::stream
