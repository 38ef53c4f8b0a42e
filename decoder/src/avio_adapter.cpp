#include "swarmtv/decoder/avio_adapter.h"

#include <stdexcept>

extern "C" {
#include <libavformat/avio.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

namespace swarmtv::decoder {

AvioAdapter::AvioAdapter(ByteSource& source, int buffer_size) : source_(source) {
  auto* buffer = static_cast<unsigned char*>(av_malloc(buffer_size));
  if (!buffer) throw std::bad_alloc();
  context_ = avio_alloc_context(buffer, buffer_size, /*write_flag=*/0, this, &read_callback,
                                nullptr, &seek_callback);
  if (!context_) {
    av_free(buffer);
    throw std::bad_alloc();
  }
  context_->seekable = AVIO_SEEKABLE_NORMAL;
}

AvioAdapter::~AvioAdapter() {
  // The buffer may have been reallocated by FFmpeg: free the one the context holds now.
  av_freep(&context_->buffer);
  avio_context_free(&context_);
}

void AvioAdapter::clear_cancellation() {
  cancelled_ = false;
  context_->error = 0;
  context_->eof_reached = 0;
}

int AvioAdapter::read_callback(void* opaque, std::uint8_t* buf, int size) {
  auto& self = *static_cast<AvioAdapter*>(opaque);
  if (size <= 0) return AVERROR(EINVAL);
  ReadResult r = self.source_.read_at(
      self.position_, std::span<std::byte>(reinterpret_cast<std::byte*>(buf), size), self.stop_);
  switch (r.status) {
    case ReadStatus::ok:
      self.reads_.add({self.position_, self.position_ + static_cast<std::int64_t>(r.bytes)});
      self.position_ += static_cast<std::int64_t>(r.bytes);
      self.bytes_read_ += static_cast<std::int64_t>(r.bytes);
      return static_cast<int>(r.bytes);
    case ReadStatus::end_of_file:
      return AVERROR_EOF;
    case ReadStatus::cancelled:
      self.cancelled_ = true;
      return AVERROR_EXIT;
    case ReadStatus::error:
      self.last_error_ = r.error;
      return AVERROR(EIO);
  }
  return AVERROR(EIO);
}

std::int64_t AvioAdapter::seek_callback(void* opaque, std::int64_t offset, int whence) {
  auto& self = *static_cast<AvioAdapter*>(opaque);
  const std::int64_t size = self.source_.size();
  std::int64_t target;
  switch (whence & ~AVSEEK_FORCE) {
    case AVSEEK_SIZE:
      return size;
    case SEEK_SET:
      target = offset;
      break;
    case SEEK_CUR:
      target = self.position_ + offset;
      break;
    case SEEK_END:
      target = size + offset;
      break;
    default:
      return AVERROR(EINVAL);
  }
  if (target < 0) return AVERROR(EINVAL);
  // A seek only records the position; the next read does the (possibly blocking) work.
  self.position_ = target;
  return target;
}

}  // namespace swarmtv::decoder
