/**
 * Log template mining and summaries: how a million log lines become the twenty facts a model needs.
 *
 * <p>The pipeline, one line at a time, in one pass and bounded memory:
 *
 * <ol>
 *   <li>{@link dev.oats.logs.HeaderDetector} splits a line into its header (timestamp, level,
 *       component) and its message, by general rules that read syslog, log4j and logback, Python,
 *       klog, nginx and Apache, JSON lines, logfmt and more, with no per-system configuration;
 *   <li>{@link dev.oats.logs.Masker} tokenises the message and replaces its variables (numbers,
 *       ids, addresses, paths, URLs, times, sizes ...) with {@code <*>};
 *   <li>{@link dev.oats.logs.TemplateMiner} assigns the masked tokens to a template with a stable
 *       id, in the manner of Drain, keeping at most a fixed number of templates.
 * </ol>
 *
 * <p>{@link dev.oats.logs.LogParser} runs the three steps; {@link dev.oats.logs.TemplateCsv} prints
 * each line's template as CSV ({@code oats logs templates}); {@link dev.oats.logs.LogAnalyzer} adds
 * stack-trace folding, time and level filters and per-template statistics, and produces a {@link
 * dev.oats.logs.LogSummary} that renders within a character budget ({@code oats logs analyze}, and
 * the {@code log_analyzer} tool). The package depends on the JDK only.
 */
package dev.oats.logs;
