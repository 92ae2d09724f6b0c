/**
 * The {@code log_analyzer} tool: the log miner of {@code dev.oats.logs} on pod logs, files or text.
 */
package dev.oats.tools.logs;
