/**
 * The team's runbooks (Markdown with front matter, from {@code OATS_RUNBOOKS_DIR}), the label
 * matchers that choose them, the goal an alert's investigation starts from, and the read-only
 * {@code runbooks} tool.
 */
package dev.oats.tools.runbooks;
