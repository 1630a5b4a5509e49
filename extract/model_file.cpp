#include "extract/model_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

namespace newsgraph {
namespace {
constexpr char kMagic[8] = {'N', 'G', 'M', 'O', 'D', 'E', 'L', '\0'};

template <class T>
void append(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// One lane step: xor the word in, multiply by an odd constant, fold the high half
// down. Each part is a bijection of the state for a fixed word and of the word for a
// fixed state, so two inputs that differ in one word leave different states.
std::uint64_t lane_step(std::uint64_t h, std::uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 32);
}

std::uint64_t word_at(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
}  // namespace

std::uint64_t model_checksum(std::string_view bytes) {
  std::uint64_t lane[4] = {0x243F6A8885A308D3ull, 0x13198A2E03707344ull, 0xA4093822299F31D0ull,
                           0x082EFA98EC4E6C89ull};
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  // Four lanes keep four multiplications in flight; one lane would wait on each.
  for (; n >= 32; p += 32, n -= 32)
    for (int j = 0; j < 4; ++j) lane[j] = lane_step(lane[j], word_at(p + 8 * j));
  for (int j = 0; n >= 8; p += 8, n -= 8, ++j) lane[j] = lane_step(lane[j], word_at(p));
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  std::uint64_t h = lane_step(0x452821E638D01377ull ^ bytes.size(), tail);
  for (int j = 0; j < 4; ++j) h = lane_step(rotl(h, 23), lane[j]);
  return lane_step(h, h >> 29);
}

ModelWriter::ModelWriter(std::string kind, std::uint32_t payload_version, std::uint64_t fingerprint)
    : kind_(std::move(kind)), payload_version_(payload_version), fingerprint_(fingerprint) {}

void ModelWriter::put_string(std::string_view s) {
  put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
  payload_.append(s);
}

void ModelWriter::put_strings(const std::vector<std::string>& v) {
  put<std::uint64_t>(v.size());
  for (const auto& s : v) put_string(s);
}

void ModelWriter::save(const std::string& path) const {
  std::string file(kMagic, sizeof kMagic);
  append<std::uint32_t>(file, kModelFormatVersion);
  append<std::uint32_t>(file, static_cast<std::uint32_t>(kind_.size()));
  file += kind_;
  append<std::uint32_t>(file, payload_version_);
  append<std::uint64_t>(file, fingerprint_);
  append<std::uint64_t>(file, payload_.size());
  file += payload_;
  append<std::uint64_t>(file, model_checksum(file));

  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorKind::Io, "cannot create model file", {tmp});
    out.write(file.data(), static_cast<std::streamsize>(file.size()));
    out.flush();
    if (!out) {
      std::remove(tmp.c_str());
      throw Error(ErrorKind::Io, "cannot write model file", {tmp});
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(ErrorKind::Io, "cannot rename temporary model file into place", {path});
  }
}

ModelReader::ModelReader(const std::string& path, std::string_view expected_kind,
                         std::uint32_t expected_payload_version, std::uint64_t fingerprint)
    : path_(path) {
  // A regular file is mapped: reading it into a buffer first zeroed and then copied
  // tens of megabytes, a visible share of start-up. Anything else (a pipe, an empty
  // file) is read from the same descriptor: opening a pipe a second time would lose
  // what its writer sent to the first, and kill the writer with SIGPIPE.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorKind::Model, "cannot open model file", {path});
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) {
      map_.data = p;
      map_.size = static_cast<std::size_t>(st.st_size);
    }
  }
  if (map_.data == nullptr) {
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        ::close(fd);
        throw Error(ErrorKind::Model, "cannot read model file", {path});
      }
      file_.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  const std::string_view file =
      map_.data ? std::string_view(static_cast<const char*>(map_.data), map_.size) : std::string_view(file_);

  // Parse the header with bounds checks; a short file is "truncated", never UB.
  std::size_t p = 0;
  auto need = [&](std::size_t n) {
    if (file.size() - p < n) fail("model file is truncated (" + std::to_string(file.size()) + " bytes)");
  };
  auto read_u32 = [&] { need(4); std::uint32_t v; std::memcpy(&v, file.data() + p, 4); p += 4; return v; };
  auto read_u64 = [&] { need(8); std::uint64_t v; std::memcpy(&v, file.data() + p, 8); p += 8; return v; };

  need(sizeof kMagic);
  if (std::memcmp(file.data(), kMagic, sizeof kMagic) != 0) fail("not a newsgraph model file (bad magic number)");
  p = sizeof kMagic;
  const auto version = read_u32();
  if (version != kModelFormatVersion && version != 1)
    fail("model container version " + std::to_string(version) + " is not supported (this build reads versions 1 to " +
         std::to_string(kModelFormatVersion) + ")");
  const auto kind_len = read_u32();
  need(kind_len);
  const std::string kind(file.substr(p, kind_len));
  p += kind_len;
  if (kind != expected_kind)
    fail("model is of kind '" + kind + "', expected '" + std::string(expected_kind) + "'");
  const auto pv = read_u32();
  if (pv != expected_payload_version)
    fail("'" + kind + "' model version " + std::to_string(pv) + " is not supported (expected " +
         std::to_string(expected_payload_version) + "); retrain it with `newsgraph train`");
  fingerprint_ = read_u64();
  const auto size = read_u64();
  need(size);
  const std::size_t payload_at = p;
  p += size;
  const std::size_t checked = p;
  const auto checksum = read_u64();
  const std::string_view summed = file.substr(0, checked);
  if (checksum != (version == 1 ? fnv1a64(summed) : model_checksum(summed)))
    fail("model file is corrupt (checksum mismatch)");
  if (p != file.size()) fail("model file has trailing bytes");
  if (fingerprint != 0 && fingerprint_ != fingerprint)
    fail("model was trained with different features or lexicons (fingerprint mismatch); retrain it");
  payload_ = file.substr(payload_at, size);
}

ModelReader::Mapping::~Mapping() {
  if (data != nullptr) ::munmap(data, size);
}

const char* ModelReader::take(std::size_t n) {
  if (payload_.size() - pos_ < n) fail("model payload is truncated");
  const char* at = payload_.data() + pos_;
  pos_ += n;
  return at;
}

std::string ModelReader::get_string() {
  const auto n = get<std::uint32_t>();
  return std::string(take(n), n);
}

std::vector<std::string> ModelReader::get_strings() {
  const auto n = get<std::uint64_t>();
  if (n > payload_.size() - pos_) fail("string list length exceeds the payload");
  std::vector<std::string> v;
  v.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) v.push_back(get_string());
  return v;
}

void ModelReader::expect_end() const {
  if (pos_ != payload_.size()) fail("model payload has unread bytes");
}

void ModelReader::fail(const std::string& why) const { throw Error(ErrorKind::Model, why, {path_}); }

}  // namespace newsgraph
