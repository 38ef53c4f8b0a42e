#include "swarmtv/stream/window_planner.h"

#include <algorithm>
#include <cmath>

namespace swarmtv::stream {

PieceSpan pieces_covering(const PieceLayout& layout, ByteRange range) {
  const std::int64_t begin = std::max<std::int64_t>(range.begin, 0);
  const std::int64_t end = std::min(range.end, layout.total_size);
  if (begin >= end || layout.piece_length <= 0) return {};
  return {layout.piece_at(begin), advance(layout.piece_at(end - 1), 1)};
}

std::int64_t window_bytes(std::int64_t bitrate, std::int64_t download_rate,
                          const WindowPolicy& policy) {
  const std::int64_t bits = bitrate > 0 ? bitrate : policy.fallback_bitrate;
  const auto media = static_cast<std::int64_t>(media_time_to_seconds(policy.media_ahead) *
                                               static_cast<double>(bits) / 8);
  const auto capacity =
      static_cast<std::int64_t>(policy.download_seconds * static_cast<double>(download_rate));
  return std::max(media, capacity);
}

int urgent_pieces(std::int64_t piece_length, std::int64_t download_rate,
                  const WindowPolicy& policy) {
  if (piece_length <= 0) return policy.min_urgent;
  const double bytes = policy.urgent_seconds * static_cast<double>(download_rate);
  const auto count = static_cast<int>(std::ceil(bytes / static_cast<double>(piece_length)));
  return std::clamp(count, policy.min_urgent, std::max(policy.min_urgent, policy.max_urgent));
}

std::vector<PieceDeadline> plan_window(const PieceLayout& layout, std::int64_t playhead,
                                       std::int64_t range_end, std::int64_t bitrate,
                                       std::int64_t download_rate, const WindowPolicy& policy,
                                       const std::function<bool(lt::piece_index_t)>& have) {
  std::vector<PieceDeadline> out;
  range_end = std::min(range_end, layout.total_size);
  if (playhead < 0 || playhead >= range_end || layout.piece_length <= 0) return out;

  const std::int64_t bytes = window_bytes(bitrate, download_rate, policy);
  const auto by_bytes =
      static_cast<int>((bytes + layout.piece_length - 1) / layout.piece_length) + 1;
  const int count = std::clamp(by_bytes, policy.min_pieces, policy.max_pieces);
  const PieceSpan span = pieces_covering(layout, {playhead, range_end});
  const lt::piece_index_t last = std::min(
      span.last, advance(span.first, count));  // span.first + count may pass the file's end

  const double bytes_per_ms =
      static_cast<double>(bitrate > 0 ? bitrate : policy.fallback_bitrate) / 8000.0;
  for (lt::piece_index_t p = span.first; p < last; ++p) {
    if (have(p)) continue;
    const std::int64_t ahead = std::max<std::int64_t>(layout.piece_begin(p) - playhead, 0);
    const double ms = static_cast<double>(ahead) / bytes_per_ms;
    out.push_back({p, static_cast<int>(std::min(ms, 3600.0 * 1000))});
  }
  return out;
}

std::vector<PieceDeadline> plan_range(const PieceLayout& layout, ByteRange range, int first_ms,
                                      int spacing_ms,
                                      const std::function<bool(lt::piece_index_t)>& have) {
  std::vector<PieceDeadline> out;
  const PieceSpan span = pieces_covering(layout, range);
  int ms = first_ms;
  for (lt::piece_index_t p = span.first; p < span.last; ++p) {
    if (have(p)) continue;
    out.push_back({p, ms});
    ms += spacing_ms;
  }
  return out;
}

std::vector<ByteRange> verified_ranges(const PieceLayout& layout, ByteRange file,
                                       const std::function<bool(lt::piece_index_t)>& have) {
  std::vector<ByteRange> out;
  const PieceSpan span = pieces_covering(layout, file);
  for (lt::piece_index_t p = span.first; p < span.last; ++p) {
    if (!have(p)) continue;
    const std::int64_t b = std::max(layout.piece_begin(p), file.begin) - file.begin;
    const std::int64_t e = std::min(layout.piece_end(p), file.end) - file.begin;
    if (!out.empty() && out.back().end == b)
      out.back().end = e;
    else
      out.push_back({b, e});
  }
  return out;
}

std::int64_t contiguous_available(const PieceLayout& layout, std::int64_t offset,
                                  std::int64_t limit,
                                  const std::function<bool(lt::piece_index_t)>& have) {
  limit = std::min(limit, layout.total_size);
  std::int64_t pos = offset;
  while (pos < limit) {
    const lt::piece_index_t p = layout.piece_at(pos);
    if (!have(p)) break;
    pos = layout.piece_end(p);
  }
  return std::min(pos, limit) - offset;
}

}  // namespace swarmtv::stream
