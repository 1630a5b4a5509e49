#pragma once
// The data model of newsgraph (see docs/model.md): documents, the annotation the
// extraction pipeline adds to them, and the facts it finds. These are plain values;
// every type here is safe to read from many threads and to copy or move freely.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph {

/// A half-open range [start, end) of UTF-8 byte offsets into Document::text.
struct Span {
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::uint32_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  bool contains(Span o) const { return start <= o.start && o.end <= end; }
  bool overlaps(Span o) const { return start < o.end && o.start < end; }
  friend bool operator==(Span, Span) = default;
  friend auto operator<=>(Span, Span) = default;
};

/// Optional descriptive fields of a document. Empty string means "unknown".
struct DocumentMeta {
  std::string title;
  std::string date;    ///< ISO 8601 (YYYY-MM-DD) when known
  std::string url;
  std::string source;  ///< where it was read from: file path, or path:line for JSONL
};

/// One input article. `text` is valid UTF-8 (the readers guarantee it).
struct Document {
  std::string id;
  std::string text;
  DocumentMeta meta;
};

/// Entity types. Names are the stable strings of to_string().
enum class EntityType : std::uint8_t { PERSON, ORG, GPE, LOC, NORP, EVENT, DATE, MISC };
inline constexpr int kEntityTypeCount = 8;
/// "PERSON", "ORG", ... Never fails.
std::string_view to_string(EntityType t);
/// Parses the strings of to_string(); std::nullopt for anything else.
std::optional<EntityType> parse_entity_type(std::string_view s);

/// A token of the text, in Universal Dependencies conventions.
/// `span` covers the token's bytes in Document::text; `form` equals that slice.
/// `head` is the 0-based index of the head *within the sentence*, -1 for the root,
/// or -2 when the sentence has not been parsed.
struct Token {
  Span span;
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  std::string deprel;
  std::string ner = "O";   ///< BIO tag, "B-PER", "I-ORG", "O"
  int head = -2;
  bool space_after = true;
};

/// A sentence: its byte span and its tokens [token_begin, token_end) in
/// AnnotatedDocument::tokens. `paragraph` is the 0-based paragraph (line block) number.
struct Sentence {
  Span span;
  std::uint32_t token_begin = 0;
  std::uint32_t token_end = 0;
  std::uint32_t paragraph = 0;
  std::uint32_t size() const { return token_end - token_begin; }
};

/// How a mention refers: by name, by pronoun, or by a description ("the Secretary General").
enum class MentionKind : std::uint8_t { Name, Pronoun, Nominal };
std::string_view to_string(MentionKind k);

/// A reference to an entity in the text. `entity` indexes AnnotatedDocument::entities,
/// or is -1 while unresolved.
struct Mention {
  Span span;
  std::string text;
  EntityType type = EntityType::MISC;
  MentionKind kind = MentionKind::Name;
  std::uint32_t sentence = 0;
  std::uint32_t token_begin = 0;  ///< document-level token index, inclusive
  std::uint32_t token_end = 0;    ///< exclusive
  int entity = -1;
};

/// A thing in the world, as found in one document (or merged over many by the graph).
/// `id` is a stable IRI-safe slug of type and canonical name (see make_entity_id());
/// a DATE with a `normalized` value takes its id from that value instead
/// ("date/2025-01-13"), so one day is one entity whatever it was called.
struct Entity {
  std::string id;
  EntityType type = EntityType::MISC;
  std::string name;                  ///< canonical name
  std::vector<std::string> aliases;  ///< other names, sorted, unique, excluding `name`
  std::vector<std::uint32_t> mentions;  ///< indexes into AnnotatedDocument::mentions, ascending
  std::string normalized;            ///< for DATE: ISO 8601 value when known
};

/// Direct ("..."), indirect (X said that ...), block (a paragraph after "he noted:"),
/// mixed (X said the deal was 'strong').
enum class QuoteKind : std::uint8_t { Direct, Indirect, Block, Mixed };
std::string_view to_string(QuoteKind k);
std::optional<QuoteKind> parse_quote_kind(std::string_view s);

/// Who said what. `span`/`text` is the quoted content (without the quote marks).
/// `speaker` and `addressee` index AnnotatedDocument::entities, or -1 when unknown:
/// an unknown speaker stays unknown rather than guessed.
struct Quotation {
  Span span;
  std::string text;
  int speaker = -1;
  int addressee = -1;
  std::string cue;        ///< the reporting verb as written: "said", "noted"
  std::string cue_lemma;  ///< "say", "note"
  Span cue_span;
  QuoteKind kind = QuoteKind::Direct;
  std::vector<int> about;  ///< entities mentioned in the content, ascending, unique
  std::uint32_t sentence = 0;  ///< sentence holding the start of the content
  bool unclosed = false;       ///< an opening mark with no closing one; span was bounded
};

/// A fact linking two entities. `predicate` comes from the vocabulary in
/// docs/relations.md. `evidence` is the sentence (or smaller span) that states it.
struct Relation {
  int subject = -1;
  std::string predicate;
  int object = -1;
  std::string role;    ///< for holdsPosition: "Secretary General"
  std::string lemma;   ///< for open relations (relatedTo): the verb lemma
  Span evidence;
  std::uint32_t sentence = 0;
  double confidence = 1.0;
};

/// A document together with everything the pipeline found in it. Each stage fills
/// its own fields (segment: tokens, sentences; tag; recognise: mentions; parse;
/// resolve: entities; quotations; relations) and only reads earlier ones.
struct AnnotatedDocument {
  Document doc;
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;
  std::vector<Mention> mentions;     ///< sorted by span
  std::vector<Entity> entities;      ///< sorted by id after resolution
  std::vector<Quotation> quotations; ///< sorted by span
  std::vector<Relation> relations;
};

/// The stable id of an entity: lowercase type, '/', and a slug of the name in which
/// letters and digits are kept (lower-cased) and every other run becomes '-'.
/// E.g. (PERSON, "Mark Rutte") -> "person/mark-rutte". Deterministic; thread-safe.
std::string make_entity_id(EntityType type, std::string_view name);

/// FNV-1a 64-bit hash: stable across platforms and runs, for checksums, fingerprints
/// and document text hashes. Pure.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 14695981039346656037ull);

}  // namespace newsgraph
