// `newsgraph train`, `newsgraph eval` and `newsgraph annotate`: the statistical models.

#include <CLI/CLI.hpp>

#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "export/atomic_file.hpp"
#include "extract/conllu.hpp"
#include "extract/input.hpp"
#include "extract/lexicon.hpp"
#include "extract/ner.hpp"
#include "extract/parser.hpp"
#include "extract/pipeline.hpp"
#include "extract/quotes.hpp"
#include "extract/tagger.hpp"
#include "extract/word_clusters.hpp"
#include "graph/error.hpp"

namespace newsgraph::cli {
namespace {

std::optional<Tagger> maybe_tagger(const std::string& path) {
  if (path.empty()) return std::nullopt;
  return Tagger::load(path);
}

void add_train(CLI::App* train, const std::string& kind, const std::string& what) {
  auto* sub = train->add_subcommand(kind, "Train the " + what);
  auto opts = std::make_shared<TrainOptions>();
  auto tagger = std::make_shared<std::string>();
  // A comma-separated list of corpora is allowed; each part must exist.
  sub->add_option("--train", opts->train_path, "Training corpus (CoNLL-U; IOB2 also accepted for ner); A,B for several")
      ->required()
      ->check([](const std::string& v) {
        std::string::size_type start = 0;
        for (;;) {
          const auto comma = v.find(',', start);
          const std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          if (const std::string err = CLI::ExistingFile(part); !err.empty()) return err;
          if (comma == std::string::npos) return std::string();
          start = comma + 1;
        }
      });
  sub->add_option("--dev", opts->dev_path, "Development corpus for progress reports")->check(CLI::ExistingFile);
  sub->add_option("-o,--output", opts->output_path, "Model file to write")->required();
  sub->add_option("--epochs", opts->epochs, "Training epochs (default: the model's own)");
  sub->add_option("--seed", opts->seed, "Shuffling seed (default 1)");
  if (kind != "pos")
    sub->add_option("--tagger", *tagger, "POS model whose predicted tags are used as features");
  add_command(sub, [kind, opts, tagger] {
    opts->log = &std::cerr;
    if (kind == "pos") {
      Tagger::train(*opts);
    } else if (kind == "ner") {
      const auto t = maybe_tagger(*tagger);
      Recogniser::train(*opts, t ? &*t : nullptr);
    } else {
      const auto t = maybe_tagger(*tagger);
      Parser::train(*opts, t ? &*t : nullptr);
    }
    std::cerr << "wrote " << opts->output_path << "\n";
  });
}

void add_eval(CLI::App* eval, const std::string& kind, const std::string& what) {
  auto* sub = eval->add_subcommand(kind, "Evaluate the " + what + " against a gold file");
  auto model = std::make_shared<std::string>();
  auto gold = std::make_shared<std::string>();
  auto tagger = std::make_shared<std::string>();
  sub->add_option("--model", *model, "Model file")->required();
  sub->add_option("--gold", *gold, "Gold corpus (CoNLL-U, or IOB2 for ner)")->required()->check(CLI::ExistingFile);
  if (kind != "pos")
    sub->add_option("--tagger", *tagger, "POS model for predicted tags (default: gold tags where present)");
  add_command(sub, [kind, model, gold, tagger] {
    const auto t = maybe_tagger(*tagger);
    const Tagger* tp = t ? &*t : nullptr;
    std::string report;
    if (kind == "pos")
      report = Tagger::load(*model).evaluate(*gold);
    else if (kind == "ner")
      report = Recogniser::load(*model).evaluate(*gold, tp);
    else
      report = Parser::load(*model).evaluate(*gold, tp);
    std::cout << report;
    if (!report.empty() && report.back() != '\n') std::cout << "\n";
  });
}

}  // namespace

void register_models(CLI::App& app) {
  auto* train = app.add_subcommand("train", "Train a statistical model from an annotated corpus");
  train->require_subcommand(1);
  add_train(train, "pos", "part-of-speech tagger and lemmatiser");
  add_train(train, "ner", "named-entity recogniser");
  add_train(train, "parse", "dependency parser");

  auto* eval = app.add_subcommand("eval", "Score a model on a gold corpus");
  eval->require_subcommand(1);
  add_eval(eval, "pos", "part-of-speech tagger");
  add_eval(eval, "ner", "named-entity recogniser");
  add_eval(eval, "parse", "dependency parser");
  {
    auto* sub = eval->add_subcommand("quotes", "Score quotation detection and speakers against GUM attribution relations");
    static std::string gold, genres = "news,interview", models;
    static bool gold_annotation = false;
    sub->add_option("--gold", gold, "GUM CoNLL-U with Discourse= and Entity= annotations")->required()->check(CLI::ExistingFile);
    sub->add_option("--genres", genres, "Comma-separated GUM genres (default news,interview)");
    sub->add_option("--models", models, "Model directory");
    sub->add_flag("--gold-annotation", gold_annotation, "Use the gold tokens, tags, parse and names instead of the models");
    add_command(sub, [] {
      if (gold_annotation) {
        std::cout << QuoteFinder::evaluate(gold, nullptr, genres);
        return;
      }
      PipelineOptions po;
      po.models_dir = models;
      const Pipeline pipeline(po);
      std::cout << QuoteFinder::evaluate(gold, &pipeline, genres);
    });
  }

  auto* lexicon = app.add_subcommand("lexicon", "Build the gazetteer model from its TSV source (scripts/build-lexicon.sh)");
  static std::string lexicon_source, lexicon_output;
  lexicon->add_option("--source", lexicon_source, "TSV: Class<TAB>key<TAB>value[<TAB>rank] per line")
      ->required()
      ->check(CLI::ExistingFile);
  lexicon->add_option("-o,--output", lexicon_output, "Model file to write")->required();
  add_command(lexicon, [] {
    const Lexicon lex = Lexicon::from_tsv(lexicon_source);
    lex.save(lexicon_output);
    std::cerr << "wrote " << lexicon_output << " (" << lex.size() << " keys)\n";
  });

  auto* clusters = app.add_subcommand(
      "clusters", "Build the word-cluster table from word vectors (scripts/clusters/build-clusters.sh)");
  static std::string vectors_path, clusters_output;
  static std::size_t clusters_top = ClusterOptions{}.max_words;
  clusters->add_option("--vectors", vectors_path, "Vectors: word<TAB>components per line, most frequent first")
      ->required()
      ->check(CLI::ExistingFile);
  clusters->add_option("--top", clusters_top, "Cluster only the first N words")->capture_default_str();
  clusters->add_option("-o,--output", clusters_output, "Model file to write")->required();
  add_command(clusters, [] {
    ClusterOptions o;
    o.max_words = clusters_top;
    o.log = &std::cerr;
    build_clusters(vectors_path, o).save(clusters_output);
    std::cerr << "wrote " << clusters_output << "\n";
  });

  auto* annotate = app.add_subcommand("annotate", "Write tokens, tags, entities and dependencies as CoNLL-U");
  static std::string input, models, output = "-", format = "conllu", input_format = "text";
  static bool skip_bad = false;
  annotate->add_option("INPUT", input, "Input: .txt, .jsonl, .conllu or - for stdin")->required();
  annotate->add_option("-f,--format", format, "Output format")->check(CLI::IsMember({"conllu"}));
  annotate->add_option("--input-format", input_format,
                       "text: segment the input; conllu: keep its tokens and sentences, replace the annotation")
      ->check(CLI::IsMember({"text", "conllu"}));
  annotate->add_option("-o,--output", output, "Output file (default: stdout)");
  annotate->add_option("--models", models, "Model directory");
  annotate->add_flag("--skip-bad", skip_bad, "Skip malformed documents with a warning");
  add_command(annotate, [] {
    PipelineOptions po;
    po.models_dir = models;
    const Pipeline pipeline(po);
    if (input_format == "conllu") {
      AnnotatedDocument doc = to_document(read_conllu(input), input);
      pipeline.annotate(doc, /*segment=*/false);
      write_file_atomically(output, [&](std::ostream& out) { write_conllu(out, doc); });
      return;
    }
    ReadOptions ro;
    ro.skip_bad = skip_bad;
    ro.warn = [](const std::string& m) { std::cerr << "newsgraph: warning: skipped " << m << "\n"; };
    write_file_atomically(output, [&](std::ostream& out) {
      read_documents(input, [&](Document&& d) {
        AnnotatedDocument a;
        a.doc = std::move(d);
        pipeline.annotate(a);
        out << "# newdoc id = " << a.doc.id << "\n";
        write_conllu(out, a);
      }, ro);
    });
  });
}

}  // namespace newsgraph::cli
