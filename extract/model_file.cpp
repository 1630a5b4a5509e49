#include "extract/model_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace newsgraph {
namespace {
constexpr char kMagic[8] = {'N', 'G', 'M', 'O', 'D', 'E', 'L', '\0'};

template <class T>
void append(std::string& out, T v) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out.append(b, sizeof(T));
}
}  // namespace

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
  append<std::uint64_t>(file, fnv1a64(file));

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
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw Error(ErrorKind::Model, "cannot open model file", {path});
  // One read into a buffer of the file's size: models are tens of megabytes, and the
  // stream-to-string route copied them three times (a visible share of start-up).
  if (const std::streamoff size = in.tellg(); size >= 0) {
    file_.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(file_.data(), size);
    if (in.gcount() != size) throw Error(ErrorKind::Model, "cannot read model file", {path});
  } else {
    in.clear();
    in.seekg(0);
    std::ostringstream ss;
    ss << in.rdbuf();
    file_ = std::move(ss).str();
  }
  const std::string& file = file_;

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
  if (version != kModelFormatVersion)
    fail("model container version " + std::to_string(version) + " is not supported (this build reads version " +
         std::to_string(kModelFormatVersion) + ")");
  const auto kind_len = read_u32();
  need(kind_len);
  const std::string kind = file.substr(p, kind_len);
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
  if (checksum != fnv1a64(std::string_view(file.data(), checked)))
    fail("model file is corrupt (checksum mismatch)");
  if (p != file.size()) fail("model file has trailing bytes");
  if (fingerprint != 0 && fingerprint_ != fingerprint)
    fail("model was trained with different features or lexicons (fingerprint mismatch); retrain it");
  payload_ = std::string_view(file_).substr(payload_at, size);
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
