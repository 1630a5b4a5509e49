#include "extract/decompress.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <vector>

#include "graph/error.hpp"

namespace newsgraph {
namespace {

constexpr std::size_t kChunk = 1 << 16;

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (lower(s[s.size() - suffix.size() + i]) != suffix[i]) return false;
  return true;
}

// Feeds compressed bytes: first the sniffed prefix, then the source, and counts
// them, so errors can name the offset in the compressed stream.
class Source {
 public:
  Source(std::istream& in, std::string name, std::string prefix)
      : in_(in), name_(std::move(name)), prefix_(std::move(prefix)), buf_(kChunk) {}

  // Reads the next chunk; returns its size, 0 only at the end of the input.
  std::size_t fill() {
    std::size_t n = 0;
    if (!prefix_.empty()) {
      n = std::min(prefix_.size(), buf_.size());
      prefix_.copy(buf_.data(), n);
      prefix_.erase(0, n);
    } else if (!eof_) {
      in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
      if (in_.bad()) throw Error(ErrorKind::Io, "read error", {name_, std::nullopt, total_});
      n = static_cast<std::size_t>(in_.gcount());
      if (n < buf_.size()) eof_ = true;
    }
    total_ += n;
    return n;
  }
  bool at_end() const { return eof_ && prefix_.empty(); }
  char* data() { return buf_.data(); }
  // Bytes read from the compressed input so far.
  std::uint64_t total() const { return total_; }
  const std::string& name() const { return name_; }

  [[noreturn]] void fail(const std::string& message, std::uint64_t offset) const {
    throw Error(ErrorKind::Input, message, {name_, std::nullopt, offset});
  }

 private:
  std::istream& in_;
  std::string name_;
  std::string prefix_;
  std::vector<char> buf_;
  std::uint64_t total_ = 0;
  bool eof_ = false;
};

class GzipBuf : public std::streambuf {
 public:
  GzipBuf(std::istream& in, std::string name, std::string prefix) : src_(in, std::move(name), std::move(prefix)),
                                                                    out_(kChunk) {
    // 15 + 16: a gzip wrapper (not raw deflate or zlib), the largest window.
    if (inflateInit2_(&zs_, 15 + 16, ZLIB_VERSION, static_cast<int>(sizeof(z_stream))) != Z_OK)
      throw Error(ErrorKind::Internal, "zlib could not be initialised", {src_.name()});
  }
  ~GzipBuf() override { inflateEnd(&zs_); }
  GzipBuf(const GzipBuf&) = delete;
  GzipBuf& operator=(const GzipBuf&) = delete;

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    while (!done_) {
      if (zs_.avail_in == 0) refill();
      if (between_members_) {
        if (!skip_to_next_member()) break;
        continue;
      }
      zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
      zs_.avail_out = static_cast<uInt>(out_.size());
      const int rc = inflate(&zs_, Z_NO_FLUSH);
      const std::size_t produced = out_.size() - zs_.avail_out;
      if (rc == Z_STREAM_END) {
        between_members_ = true;
      } else if (rc == Z_OK || rc == Z_BUF_ERROR) {
        // Z_BUF_ERROR: no progress was possible, so inflate needs more input.
        if (produced == 0 && zs_.avail_in == 0 && src_.at_end())
          src_.fail(src_.total() == 0 ? "empty file, not gzip data" : "truncated gzip data (unexpected end of file)",
                    offset());
        if (rc == Z_BUF_ERROR && zs_.avail_in > 0) src_.fail("corrupt gzip data: no progress", offset());
      } else if (rc == Z_DATA_ERROR && zs_.msg && std::string_view(zs_.msg) == "incorrect header check") {
        // zlib has read two bytes by then; the member starts before them.
        src_.fail("corrupt gzip data: not in gzip format", member_start_);
      } else {
        src_.fail(std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate error " + std::to_string(rc)),
                  offset());
      }
      if (produced > 0) {
        setg(out_.data(), out_.data(), out_.data() + produced);
        return traits_type::to_int_type(*gptr());
      }
    }
    return traits_type::eof();
  }

 private:
  void refill() {
    const std::size_t n = src_.fill();
    zs_.next_in = reinterpret_cast<Bytef*>(src_.data());
    zs_.avail_in = static_cast<uInt>(n);
  }
  // Offset in the compressed stream of the next byte inflate would read.
  std::uint64_t offset() const { return src_.total() - zs_.avail_in; }

  // After a member: zero padding to the end is tolerated, another member starts
  // with the gzip magic, anything else is garbage. Returns false at the end.
  bool skip_to_next_member() {
    while (zs_.avail_in > 0 && *zs_.next_in == 0) {
      ++zs_.next_in;
      --zs_.avail_in;
      saw_padding_ = true;
    }
    if (zs_.avail_in == 0) {
      if (src_.at_end()) {
        done_ = true;
        return false;
      }
      return true;  // refill and look again
    }
    if (saw_padding_ || *zs_.next_in != 0x1f) src_.fail("trailing garbage after gzip data", offset());
    member_start_ = offset();
    if (inflateReset(&zs_) != Z_OK) src_.fail("zlib could not restart", offset());
    between_members_ = false;
    return true;
  }

  Source src_;
  std::vector<char> out_;
  z_stream zs_{};
  std::uint64_t member_start_ = 0;
  bool between_members_ = false;
  bool saw_padding_ = false;
  bool done_ = false;
};

class ZstdBuf : public std::streambuf {
 public:
  ZstdBuf(std::istream& in, std::string name, std::string prefix)
      : src_(in, std::move(name), std::move(prefix)), out_(ZSTD_DStreamOutSize()), ds_(ZSTD_createDStream()) {
    if (!ds_ || ZSTD_isError(ZSTD_initDStream(ds_)))
      throw Error(ErrorKind::Internal, "zstd could not be initialised", {src_.name()});
  }
  ~ZstdBuf() override { ZSTD_freeDStream(ds_); }
  ZstdBuf(const ZstdBuf&) = delete;
  ZstdBuf& operator=(const ZstdBuf&) = delete;

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (done_) return traits_type::eof();
    for (;;) {
      if (in_.pos == in_.size && !src_.at_end()) {
        in_.src = src_.data();
        in_.size = src_.fill();
        in_.pos = 0;
      }
      // last_ == 0: the last frame is complete and flushed. (Calling again would
      // only ask for the header of a next frame.)
      if (in_.pos == in_.size && src_.at_end() && last_ == 0) {
        done_ = true;
        return traits_type::eof();
      }
      ZSTD_outBuffer out{out_.data(), out_.size(), 0};
      last_ = ZSTD_decompressStream(ds_, &out, &in_);
      if (ZSTD_isError(last_)) src_.fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(last_), offset());
      if (out.pos > 0) {
        setg(out_.data(), out_.data(), out_.data() + out.pos);
        return traits_type::to_int_type(*gptr());
      }
      if (in_.pos == in_.size && src_.at_end() && last_ != 0)
        src_.fail(src_.total() == 0 ? "empty file, not zstd data" : "truncated zstd data (unexpected end of file)",
                  offset());
    }
  }

 private:
  std::uint64_t offset() const { return src_.total() - (in_.size - in_.pos); }

  Source src_;
  std::vector<char> out_;
  ZSTD_DStream* ds_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  std::size_t last_ = 1;  // the last ZSTD_decompressStream result; nothing decoded yet
  bool done_ = false;
};

}  // namespace

Compression compression_from_name(std::string_view path) {
  if (ends_with_ci(path, ".gz")) return Compression::Gzip;
  if (ends_with_ci(path, ".zst")) return Compression::Zstd;
  return Compression::None;
}

Compression sniff_compression(std::string_view head) {
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') return Compression::Gzip;
  if (head.size() >= 4 && head.substr(0, 4) == std::string_view("\x28\xb5\x2f\xfd", 4)) return Compression::Zstd;
  return Compression::None;
}

DecompressingStream::DecompressingStream(std::istream& source, Compression c, std::string name, std::string prefix)
    : std::istream(nullptr) {
  if (c == Compression::Gzip)
    buf_ = std::make_unique<GzipBuf>(source, std::move(name), std::move(prefix));
  else if (c == Compression::Zstd)
    buf_ = std::make_unique<ZstdBuf>(source, std::move(name), std::move(prefix));
  else
    throw Error(ErrorKind::Internal, "DecompressingStream needs a compression method", {name});
  rdbuf(buf_.get());
  exceptions(std::ios::badbit);
}

DecompressingStream::~DecompressingStream() = default;

}  // namespace newsgraph
