#include "export/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "graph/error.hpp"

namespace newsgraph {
namespace {
void sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}
}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    std::cout.flush();
    if (!std::cout) throw Error(ErrorKind::Io, "cannot write to stdout", {"<stdout>"});
    return;
  }
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw Error(ErrorKind::Io, "cannot create a temporary file beside the output", {path});
  // mkstemp creates the file 0600; an output is an ordinary shareable file.
  ::fchmod(fd, 0644);
  ::close(fd);
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw Error(ErrorKind::Io, "cannot open temporary output file", {tmp});
      write(out);
      out.flush();
      if (!out) throw Error(ErrorKind::Io, "cannot write output file (disk full?)", {path});
    }
    sync_path(tmp);
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw Error(ErrorKind::Io, "cannot move the finished output into place", {path});
    sync_path(directory_of(path));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

}  // namespace newsgraph
