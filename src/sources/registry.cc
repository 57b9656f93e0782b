// The format registry, source specs, and document enumeration (files, directories, archives,
// URLs).
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <filesystem>

#include "core/text.h"
#include "sources/fetch/http_get.h"
#include "sources/fetch/session.h"
#include "sources/formats.h"
#include "sources/source.h"

namespace skillpulse {

// The explicit list of formats, one line per format file.
void RegisterBuiltinSources(SourceRegistry& r) {
  RegisterHnSource(r);
  RegisterGreenhouseSource(r);
  RegisterLeverSource(r);
  RegisterAshbySource(r);
  RegisterRssSource(r);
  RegisterJsonLdSource(r);
  RegisterSimplifySource(r);
  RegisterJobSpySource(r);
  RegisterJsonlSource(r);
  RegisterJsonSource(r);
  RegisterCsvSource(r);
}

void SourceRegistry::Register(const SourceFormat& format) { formats_.push_back(format); }

const SourceFormat* SourceRegistry::Find(std::string_view type) const {
  for (const auto& f : formats_) {
    if (f.type == type) return &f;
  }
  return nullptr;
}

const SourceFormat* SourceRegistry::Sniff(std::string_view origin, std::string_view head, int min_score) const {
  const SourceFormat* best = nullptr;
  int best_score = min_score - 1;
  for (const auto& f : formats_) {
    if (f.sniff == nullptr) continue;
    int score = f.sniff(origin, head);
    if (score > best_score) {
      best_score = score;
      best = &f;
    }
  }
  return best;
}

const SourceFormat* SourceRegistry::ClaimUrl(std::string_view url) const {
  for (const auto& f : formats_) {
    if (f.claims_url != nullptr && f.claims_url(url)) return &f;
  }
  return nullptr;
}

const SourceRegistry& SourceRegistry::Builtin() {
  static const SourceRegistry* registry = [] {
    auto* r = new SourceRegistry();
    RegisterBuiltinSources(*r);
    return r;
  }();
  return *registry;
}

Result<SourceSpec> ParseSourceSpec(std::string_view arg, const SourceRegistry& registry) {
  SourceSpec spec;
  spec.raw = std::string(arg);
  if (arg.empty()) return InvalidArgument("empty source");
  size_t colon = arg.find(':');
  if (colon != std::string_view::npos && colon > 0 && !IsHttpUrl(arg)) {
    std::string_view type = arg.substr(0, colon);
    bool looks_like_type = std::all_of(type.begin(), type.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (looks_like_type) {
      if (registry.Find(type) == nullptr) {
        std::string known;
        for (const auto& f : registry.formats()) {
          if (!known.empty()) known += ", ";
          known += f.type;
        }
        return InvalidArgument("unknown source type '" + std::string(type) + "' in '" + spec.raw +
                               "' (known: " + known + ")");
      }
      spec.type = std::string(type);
      spec.location = std::string(arg.substr(colon + 1));
      if (spec.location.empty()) return InvalidArgument("source '" + spec.raw + "' has no location after ':'");
      return spec;
    }
  }
  spec.location = std::string(arg);
  // A URL whose path has an API's own shape (".../v1/boards/acme/jobs") is that API's, on any
  // host: mirrors, proxies and test servers are read as the real thing.
  if (IsHttpUrl(arg)) {
    if (const SourceFormat* f = registry.ClaimUrl(arg)) spec.type = std::string(f->type);
  }
  return spec;
}

namespace {

std::string StemOf(std::string_view path) {
  size_t slash = path.find_last_of("/!");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = name.find('.');
  if (dot != std::string_view::npos && dot > 0) name = name.substr(0, dot);
  return std::string(name);
}

bool IsArchiveName(std::string_view path) {
  for (std::string_view ext : {".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.zstd", ".tar.xz", ".tar.bz2"}) {
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  }
  return false;
}

Document FileDocument(const std::string& path) {
  Document d;
  d.origin = path;
  d.stem = StemOf(path);
  std::error_code ec;
  d.size_bytes = std::filesystem::file_size(path, ec);
  if (ec) d.size_bytes = 0;
  d.open = [path]() { return InputStream::Open(path); };
  return d;
}

Document MemoryDocument(std::string origin, std::string bytes) {
  Document d;
  d.stem = StemOf(origin);
  d.size_bytes = bytes.size();
  auto shared = std::make_shared<std::string>(std::move(bytes));
  d.origin = std::move(origin);
  std::string name = d.origin;
  d.open = [shared, name]() -> Result<std::unique_ptr<InputStream>> {
    return InputStream::FromMemory(name, *shared);
  };
  return d;
}

class ListReader : public DocumentReader {
 public:
  explicit ListReader(std::vector<Document> docs) : docs_(std::move(docs)) {}
  Result<bool> Next(Document& doc) override {
    if (pos_ >= docs_.size()) return false;
    doc = std::move(docs_[pos_++]);
    return true;
  }

 private:
  std::vector<Document> docs_;
  size_t pos_ = 0;
};

// Members of a tar archive (any compression libarchive reads), each read into memory.
class ArchiveReader : public DocumentReader {
 public:
  static constexpr size_t kMaxMemberBytes = size_t{1} << 30;

  explicit ArchiveReader(std::string path) : path_(std::move(path)) {}
  ~ArchiveReader() override {
    if (a_ != nullptr) archive_read_free(a_);
  }

  Status Open() {
    a_ = archive_read_new();
    archive_read_support_filter_all(a_);
    archive_read_support_format_tar(a_);
    archive_read_support_format_gnutar(a_);
    if (archive_read_open_filename(a_, path_.c_str(), 1 << 20) != ARCHIVE_OK) {
      return IoError(path_ + ": " + archive_error_string(a_));
    }
    return Status::Ok();
  }

  Result<bool> Next(Document& doc) override {
    for (;;) {
      archive_entry* entry = nullptr;
      int r = archive_read_next_header(a_, &entry);
      if (r == ARCHIVE_EOF) return false;
      if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return ParseError(path_ + ": " + archive_error_string(a_));
      if (archive_entry_filetype(entry) != AE_IFREG) continue;
      std::string name = archive_entry_pathname(entry);
      std::string base = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
      if (base.empty() || base[0] == '.') continue;
      int64_t size = archive_entry_size(entry);
      if (size < 0 || static_cast<uint64_t>(size) > kMaxMemberBytes) {
        return ResourceExhausted(path_ + "!" + name + ": member larger than 1 GiB");
      }
      std::string bytes(static_cast<size_t>(size), '\0');
      size_t got = 0;
      while (got < bytes.size()) {
        la_ssize_t n = archive_read_data(a_, bytes.data() + got, bytes.size() - got);
        if (n < 0) return ParseError(path_ + "!" + name + ": " + archive_error_string(a_));
        if (n == 0) break;
        got += static_cast<size_t>(n);
      }
      if (got != bytes.size()) return ParseError(path_ + "!" + name + ": truncated member");
      doc = MemoryDocument(path_ + "!" + name, std::move(bytes));
      doc.archive_stem = StemOf(path_);
      return true;
    }
  }

 private:
  std::string path_;
  archive* a_ = nullptr;
};

// Several readers in sequence (a directory holding archives).
class ChainReader : public DocumentReader {
 public:
  explicit ChainReader(std::vector<std::unique_ptr<DocumentReader>> parts) : parts_(std::move(parts)) {}
  Result<bool> Next(Document& doc) override {
    while (pos_ < parts_.size()) {
      SP_ASSIGN_OR_RETURN(bool more, parts_[pos_]->Next(doc));
      if (more) return true;
      ++pos_;
    }
    return false;
  }

 private:
  std::vector<std::unique_ptr<DocumentReader>> parts_;
  size_t pos_ = 0;
};

Result<std::unique_ptr<DocumentReader>> OpenPath(const std::string& path) {
  if (IsArchiveName(path)) {
    auto reader = std::make_unique<ArchiveReader>(path);
    SP_TRY(reader->Open());
    return std::unique_ptr<DocumentReader>(std::move(reader));
  }
  return std::unique_ptr<DocumentReader>(new ListReader({FileDocument(path)}));
}

}  // namespace

namespace {

// Keeps a private fetch session alive as long as the documents it produces.
class SessionReader : public DocumentReader {
 public:
  SessionReader(std::shared_ptr<FetchSession> session, std::unique_ptr<DocumentReader> reader)
      : session_(std::move(session)), reader_(std::move(reader)) {}
  Result<bool> Next(Document& doc) override { return reader_->Next(doc); }

 private:
  std::shared_ptr<FetchSession> session_;  // declared first: destroyed after the reader
  std::unique_ptr<DocumentReader> reader_;
};

}  // namespace

Result<std::unique_ptr<DocumentReader>> OpenDocuments(const SourceSpec& spec, const SourceRegistry& registry,
                                                      Diagnostics& diag, FetchSession* fetch) {
  std::shared_ptr<FetchSession> own;
  auto session = [&]() -> FetchSession& {
    if (fetch != nullptr) return *fetch;
    if (!own) own = std::make_shared<FetchSession>();
    return *own;
  };
  auto wrap = [&](std::unique_ptr<DocumentReader> r) -> std::unique_ptr<DocumentReader> {
    if (!own) return r;
    return std::make_unique<SessionReader>(own, std::move(r));
  };
  // A format may understand the location itself ("hn:latest").
  if (!spec.type.empty()) {
    const SourceFormat* f = registry.Find(spec.type);
    if (f != nullptr && f->expand != nullptr) {
      if (auto r = f->expand(spec, session(), diag)) return wrap(std::move(r));
    }
  } else {
    for (const auto& f : registry.formats()) {
      if (f.expand == nullptr) continue;
      if (auto r = f.expand(spec, session(), diag)) return wrap(std::move(r));
    }
  }
  // URLs: a URL, or the `urls` of a typed spec; fetched concurrently in the background.
  if (IsHttpUrl(spec.location) || (!spec.type.empty() && registry.Find(spec.type) != nullptr &&
                                    registry.Find(spec.type)->urls != nullptr)) {
    if (auto r = session().OpenUrls(spec, registry)) return wrap(std::move(r));
  }
  std::error_code ec;
  auto status = std::filesystem::status(spec.location, ec);
  if (ec || !std::filesystem::exists(status)) {
    return NotFound(spec.location + ": no such file, directory or URL");
  }
  if (!std::filesystem::is_directory(status)) return OpenPath(spec.location);
  std::vector<std::string> files;
  for (auto it = std::filesystem::recursive_directory_iterator(
           spec.location, std::filesystem::directory_options::skip_permission_denied, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  if (ec) return IoError(spec.location + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<std::unique_ptr<DocumentReader>> parts;
  for (const auto& f : files) {
    auto r = OpenPath(f);
    if (!r.ok()) {
      diag.Warn("skipped " + f + ": " + r.status().message());
      continue;
    }
    parts.push_back(std::move(r).value());
  }
  return std::unique_ptr<DocumentReader>(new ChainReader(std::move(parts)));
}

Result<std::unique_ptr<Source>> OpenDocument(const SourceSpec& spec, const Document& doc,
                                             const SourceRegistry& registry, Diagnostics& diag) {
  // Sniff on the first 64 KiB of decompressed bytes.
  SP_ASSIGN_OR_RETURN(auto in, doc.open());
  std::string head(64 << 10, '\0');
  size_t have = 0;
  while (have < head.size()) {
    auto got = in->Read(head.data() + have, head.size() - have);
    if (!got.ok()) {
      // A body that ends with an error (a fetched response cut off): sniff what arrived; the
      // format's reader meets the error again, keeps the records before it and reports it.
      if (have > 0) break;
      return got.status().WithContext(doc.origin);
    }
    if (*got == 0) break;
    have += *got;
  }
  head.resize(have);
  if (have == 0) {
    diag.Warn(doc.origin + ": empty input, nothing to read");
    diag.Count("documents.empty");
    return std::unique_ptr<Source>();
  }
  const SourceFormat* format = nullptr;
  if (!spec.type.empty()) {
    format = registry.Find(spec.type);
    if (format->sniff != nullptr && format->sniff(doc.origin, head) == 0) {
      diag.Warn("skipped " + doc.origin + ": not " + spec.type + " input");
      diag.Count("documents.skipped");
      return std::unique_ptr<Source>();
    }
  } else {
    // A document whose URL or path has an API's shape is that API's when its content agrees
    // (a mirrored ".../v1/boards/acme/jobs" file); else the best sniff.
    format = registry.ClaimUrl(doc.origin);
    if (format != nullptr && (format->sniff == nullptr || format->sniff(doc.origin, head) == 0)) format = nullptr;
    if (format == nullptr) format = registry.Sniff(doc.origin, head);
    if (format == nullptr) {
      // The hint names the format that would read it when typed (one scoring below
      // kMinDetectScore: a salary survey -> csv), else JSON Lines.
      const SourceFormat* typed = registry.Sniff(doc.origin, head, /*min_score=*/1);
      diag.Warn("skipped " + doc.origin + ": not a recognised posting format (give a type to read it anyway, e.g. " +
                std::string(typed != nullptr ? typed->type : std::string_view("jsonl")) + ":" + doc.origin + ")");
      diag.Count("documents.skipped");
      return std::unique_ptr<Source>();
    }
  }
  diag.Count(std::string("documents.") + std::string(format->type));
  SP_ASSIGN_OR_RETURN(std::unique_ptr<Source> source, format->open(spec, doc));
  if (source) source->set_finalize(format->finalize);
  return source;
}

}  // namespace skillpulse
